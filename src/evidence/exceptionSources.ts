// Everything that changes a result without being a finding, as entries of the report's exceptions register:
// - settings (`.trailguard.yaml` or `trailguard.*`) that switch a rule off, lower its severity or lower the minimum
//   retention: they change verdicts for every resource, so an auditor must see them beside the ignores;
// - suppression comments in code (`# trailguard:ignore TG204 reason`, `checkov:skip=…`, `tfsec:ignore:…`,
//   `kics-scan ignore-line`) and CloudFormation `Metadata` ignores: each with where it is, what it covers and why.
import { catalogToSeverity } from '../core/evaluate';
import type { Finding } from '../core/model';
import { defaultRuleOptions } from '../core/rules/rule';
import { ruleById } from '../core/rules/index';
import type { SuppressionComment } from '../core/suppress';
import type { EvidenceSettings, ExceptionRule } from './types';

const RANK = { error: 0, warning: 1, info: 2 } as const;
/** Rules whose verdict depends on the minimum retention. */
const RETENTION_RULES = ['TG202', 'TG210'];

export function settingExceptions(settings: EvidenceSettings): ExceptionRule[] {
  const out: ExceptionRule[] = [];
  for (const off of settings.rulesOff) {
    out.push({ kind: 'setting', resource: '*', rules: [off.ruleId], reason: 'rule switched off: its checks are reported as OFF, not judged', source: off.setting });
  }
  for (const o of settings.severityOverrides) {
    const rule = ruleById(o.ruleId);
    const catalog = rule ? catalogToSeverity(rule.meta.severity) : undefined;
    if (!catalog || !(o.severity in RANK) || RANK[o.severity as keyof typeof RANK] <= RANK[catalog]) continue;
    out.push({ kind: 'setting', resource: '*', rules: [o.ruleId], reason: `severity lowered from ${catalog} to ${o.severity}`, source: o.setting ?? `rules.${o.ruleId}: ${o.severity}` });
  }
  if (settings.minRetentionDays < defaultRuleOptions.minRetentionDays) {
    out.push({
      kind: 'setting', resource: '*', rules: RETENTION_RULES,
      reason: `minimum retention lowered to ${settings.minRetentionDays} days (default ${defaultRuleOptions.minRetentionDays})`,
      source: settings.minRetentionSetting ?? 'minRetentionDays',
    });
  }
  return out;
}

/** `root`-relative `file:line` of a suppression. */
function where(file: string, line: number, root: string | undefined): string {
  const rel = root && file.startsWith(`${root.replace(/\/$/, '')}/`) ? file.slice(root.replace(/\/$/, '').length + 1) : file;
  return `${rel}:${line + 1}`;
}

/**
 * The suppressions a lint applied: each comment that silenced something (with the IaC findings it silenced) and
 * each CloudFormation Metadata ignore. `covers` ids are `iac:<file>:<line>:<rule>` (1-based line of the finding).
 */
export function suppressionExceptions(lint: { findings: Finding[]; suppressions: SuppressionComment[] }, root?: string): (ExceptionRule & { covers: string[] })[] {
  const out: (ExceptionRule & { covers: string[] })[] = [];
  const suppressed = lint.findings.filter((f) => f.suppressed);
  const id = (f: Finding) => `iac:${where(f.file ?? '', f.range?.start.line ?? 0, root).replace(/:\d+$/, '')}:${(f.range?.start.line ?? 0) + 1}:${f.ruleId}`;
  for (const c of lint.suppressions) {
    const covers = suppressed.filter((f) => f.file === c.file && f.suppressed!.by === c.by).map(id);
    out.push({ kind: 'suppression', path: where(c.file, c.line, root), rules: c.ruleIds, ...(c.reason ? { reason: c.reason } : {}), by: c.by, source: where(c.file, c.line, root), covers });
  }
  const metadata = new Map<string, Finding[]>();
  for (const f of suppressed) {
    if (!f.suppressed!.by.startsWith('Metadata ignore')) continue;
    const key = `${f.file}\n${f.suppressed!.by}\n${f.suppressed!.reason ?? ''}`;
    metadata.set(key, [...(metadata.get(key) ?? []), f]);
  }
  for (const fs of metadata.values()) {
    const f = fs[0]!;
    out.push({
      kind: 'suppression', path: where(f.file ?? '', f.range?.start.line ?? 0, root), rules: [...new Set(fs.map((x) => x.ruleId))],
      ...(f.suppressed!.reason ? { reason: f.suppressed!.reason } : {}), by: f.suppressed!.by, source: `${where(f.file ?? '', 0, root).replace(/:1$/, '')} (Metadata)`, covers: fs.map(id),
    });
  }
  return out.sort((a, b) => a.source.localeCompare(b.source, 'en', { numeric: true }));
}

/** Suppression comments declared in files (the editor, which does not lint here): where, what and why. */
export function declaredSuppressions(comments: SuppressionComment[], root?: string): ExceptionRule[] {
  return comments.map((c) => ({ kind: 'suppression' as const, path: where(c.file, c.line, root), rules: c.ruleIds, ...(c.reason ? { reason: c.reason } : {}), by: c.by, source: where(c.file, c.line, root) }));
}
