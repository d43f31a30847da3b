// What the editor shows of a code ↔ account link (src/core/link), as plain data: per live resource where it is
// defined, its CodeLens title and hover, its drifts as diagnostics; what is not deployed. No `vscode` import:
// decided here and unit-tested; index.ts maps it to CodeLenses, hovers, diagnostics and tree items.
import * as path from 'path';
import type { Bucket, Range } from '../../core/model';
import type { LinkReport, LinkedEntity, ResourceLink } from '../../core/link/codeToAccount';
import type { AccountScan, CheckResult } from '../../live/types';
import type { DriftSection } from '../../evidence/types';
import { escapeMarkdown, formatScanTime, inlineCode, jsonBlock, messageMarkdown } from '../liveView/markdown';

export interface Place { file: string; rel: string; line: number }

export interface DriftView {
  severity: 'warning' | 'info';
  ruleId?: string;
  /** Relative paths (`Drift: s3.tf:17 sets …`). */
  message: string;
  file: string;
  /** 0-based range in `file` (the attribute, or the block header's line). */
  range: Range;
}

export interface ResourceView {
  /** `bucket\0acme-audit-logs`: what tree nodes are matched on. */
  key: string;
  kind: ResourceLink['kind'];
  resource: string;
  /** The scanned account (its root in the tree). */
  account?: string;
  /** The account that owns the resource, when it is another one. */
  owner?: string;
  status: ResourceLink['status'];
  definition?: Place & { matched: string };
  candidates: (Place & { matched: string })[];
  drifts: DriftView[];
  /** `defined in s3.tf:4` / `ambiguous: 2 definitions` / `not in this workspace`. */
  treeLabel: string;
  /** Markdown for the tree tooltip. */
  treeTooltip: string;
  /** Linked only: `Live (prod-audit, 111122223333): 2 failing · Object Lock off`, and the hover (Markdown). */
  lens?: { title: string; hover: string; checks: number };
}

export interface LinkView {
  resources: ResourceView[];
  notDeployed: (Place & { kind: string; name: string })[];
  unlinkable: (Place & { kind: string; name: string; reason: string })[];
  /** The workspace defines at least one trail, bucket or key (else nothing is marked "not in this workspace"). */
  hasDefinitions: boolean;
}

export const resourceKey = (kind: string, resource: string) => `${kind}\0${resource}`;

/** `infra/s3.tf` for a file under a workspace folder, the absolute path otherwise. */
export function relativeTo(roots: readonly string[], file: string): string {
  for (const root of roots) {
    const rel = path.relative(root, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return file;
}

function relMessage(roots: readonly string[], message: string): string {
  let out = message;
  for (const root of [...roots].sort((a, b) => b.length - a.length)) out = out.split(root + path.sep).join('');
  return out.split(path.sep).join('/');
}

const place = (roots: readonly string[], file: string, line: number): Place => ({ file, rel: relativeTo(roots, file), line });

/** The scan a live result belongs to: its account's (a multi-account scan has one per account). */
function scanOf(scans: readonly AccountScan[], link: ResourceLink): AccountScan | undefined {
  return scans.find((s) => s.account !== undefined && s.account === link.account) ?? scans[0];
}

/** The resource's checks in the scan (trail name, bucket name or key ARN), without those that did not run. */
function checksOf(scan: AccountScan | undefined, link: ResourceLink): CheckResult[] {
  return (scan?.findings ?? []).filter((c) => c.resource === link.resource && c.status !== 'off' && c.status !== 'optInNotEnabled');
}

/** The one value an engineer looks for first on each kind of resource. */
export function headline(entity: LinkedEntity): string | undefined {
  const known = <T>(a: { state: string; value?: T }): T | undefined => (a.state === 'known' ? a.value : undefined);
  if (entity.kind === 'bucket') {
    const b = entity as Bucket;
    if (b.objectLockEnabled.state === 'unresolved') return 'Object Lock unknown';
    if (!known(b.objectLockEnabled)) return 'Object Lock off';
    const mode = known(b.objectLockMode);
    const days = known(b.objectLockDays);
    const years = known(b.objectLockYears);
    return ['Object Lock', mode, days !== undefined ? `${days} days` : years !== undefined ? `${years} years` : undefined].filter(Boolean).join(' ');
  }
  if (entity.kind === 'trail') {
    if (entity.logging.state === 'known' && entity.logging.value === false) return 'not logging';
    if (entity.logFileValidation.state !== 'known') return undefined;
    return `log file validation ${entity.logFileValidation.value ? 'on' : 'off'}`;
  }
  if (entity.rotation.state !== 'known') return undefined;
  return `rotation ${entity.rotation.value ? 'on' : 'off'}`;
}

function tally(checks: CheckResult[]): string {
  const fail = checks.filter((c) => c.status === 'fail').length;
  const unknown = checks.filter((c) => c.status === 'unknown').length;
  const pass = checks.filter((c) => c.status === 'pass').length;
  const parts: string[] = [];
  if (fail) parts.push(`${fail} failing`);
  if (unknown) parts.push(`${unknown} unknown`);
  if (!fail && !unknown) parts.push(pass ? `all ${pass} pass` : 'no checks');
  return parts.join(' · ');
}

const statusMark: Record<string, string> = { fail: '✗', unknown: '?', pass: '✓', notApplicable: '–' };

function hoverOf(link: ResourceLink, scan: AccountScan | undefined, checks: CheckResult[], drifts: DriftView[]): string {
  const owner = checks.find((c) => c.account)?.account ?? link.account;
  const lines = [
    `**Live ${link.kind} ${escapeMarkdown(link.resource)}**` +
      ` — ${[scan ? `profile ${inlineCode(scan.profile)}` : undefined, owner ? `account ${inlineCode(owner)}` : undefined].filter(Boolean).join(', ')}` +
      (scan ? `, scanned ${formatScanTime(scan.finishedAt)}` : ''),
    '',
  ];
  const order = ['fail', 'unknown', 'pass', 'notApplicable'];
  for (const c of [...checks].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.ruleId.localeCompare(b.ruleId))) {
    const text = c.status === 'pass' ? c.title : c.status === 'fail' ? c.message : c.reason ?? c.message;
    lines.push(`- ${statusMark[c.status] ?? ''} ${c.ruleId} ${messageMarkdown(text)}`);
  }
  if (drifts.length) {
    lines.push('', '**Drift from this code**', '');
    for (const d of drifts) lines.push(`- ${d.severity === 'warning' ? '⚠' : 'ℹ'} ${escapeMarkdown(d.message)}`);
  }
  // The API answers the failing verdicts rest on: the evidence an auditor would ask for.
  const evidence: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const c of checks) if (c.status === 'fail' && c.evidence) Object.assign(evidence, c.evidence);
  if (Object.keys(evidence).length) lines.push('', '**Live evidence (failing checks)**', '', jsonBlock(evidence));
  return lines.join('\n');
}

export function buildLinkView(report: LinkReport, scans: readonly AccountScan[], roots: readonly string[]): LinkView {
  const resources: ResourceView[] = [];
  for (const link of report.links) {
    const scan = scanOf(scans, link);
    const checks = checksOf(scan, link);
    const def = link.definition ? { ...place(roots, link.definition.file, link.definition.line), matched: link.definition.matched } : undefined;
    const candidates = link.candidates.map((c) => ({ ...place(roots, c.file, c.line), matched: c.matched }));
    const drifts: DriftView[] = link.drifts.map((d) => ({
      severity: d.severity,
      ...(d.ruleId ? { ruleId: d.ruleId } : {}),
      message: relMessage(roots, d.message),
      file: d.file,
      range: d.loc?.range ?? { start: { line: d.line - 1, character: 0 }, end: { line: d.line - 1, character: 0 } },
    }));
    let treeLabel: string;
    let treeTooltip: string;
    if (link.status === 'linked' && def) {
      treeLabel = `defined in ${def.rel}:${def.line}`;
      treeTooltip = `**Defined in** ${inlineCode(`${def.rel}:${def.line}`)} (${escapeMarkdown(def.matched)})` +
        (drifts.length ? `\n\n${drifts.length} drift${drifts.length === 1 ? '' : 's'} from the code (below).` : '\n\nNo drift from the code.');
    } else if (link.status === 'ambiguous') {
      treeLabel = `ambiguous: ${candidates.length} definitions`;
      treeTooltip = `**Ambiguous:** ${candidates.length} definitions match, so none is used for drift:\n\n` +
        candidates.map((c) => `- ${inlineCode(`${c.rel}:${c.line}`)} (${escapeMarkdown(c.matched)})`).join('\n');
    } else {
      treeLabel = 'not in this workspace';
      treeTooltip = '**Not in this workspace:** no Terraform or CloudFormation definition here has this name.';
    }
    const entry = link.live;
    const owner = checks.find((c) => c.account)?.account ?? link.account;
    const lens = link.status === 'linked' && scan
      ? {
        title: [`Live (${scan.profile}${owner ? `, ${owner}` : ''}): ${tally(checks)}`, headline(entry), drifts.length ? `${drifts.length} drift${drifts.length === 1 ? '' : 's'}` : undefined]
          .filter(Boolean).join(' · '),
        hover: hoverOf(link, scan, checks, drifts),
        checks: checks.length,
      }
      : undefined;
    resources.push({
      key: resourceKey(link.kind, link.resource), kind: link.kind, resource: link.resource, ...(link.account ? { account: link.account } : {}), ...(link.owner ? { owner: link.owner } : {}),
      status: link.status, ...(def ? { definition: def } : {}), candidates, drifts, treeLabel, treeTooltip, ...(lens ? { lens } : {}),
    });
  }
  return {
    resources,
    notDeployed: report.notDeployed.map((n) => ({ ...place(roots, n.file, n.line), kind: n.kind, name: n.name })),
    unlinkable: report.unlinkable.map((u) => ({ ...place(roots, u.file, u.line), kind: u.kind, name: u.name, reason: u.reason })),
    hasDefinitions: report.links.some((l) => l.candidates.length > 0) || report.notDeployed.length > 0 || report.unlinkable.length > 0,
  };
}

/** The evidence report's "Drift" section: each drift once, where it is defined, with the link counts. */
export function driftSection(view: LinkView, roots: readonly string[]): DriftSection {
  const count = (status: ResourceView['status']) => new Set(view.resources.filter((r) => r.status === status).map((r) => r.key)).size;
  const seen = new Set<string>();
  const drifts: DriftSection['drifts'] = [];
  for (const r of view.resources) {
    for (const d of r.drifts) {
      if (seen.has(d.message)) continue;
      seen.add(d.message);
      drifts.push({
        kind: r.kind, resource: r.resource, account: r.owner ?? r.account ?? null, definition: r.definition ? `${r.definition.rel}:${r.definition.line}` : '',
        severity: d.severity, ruleId: d.ruleId ?? null, message: d.message,
      });
    }
  }
  return {
    workspace: [...roots],
    counts: { linked: count('linked'), ambiguous: count('ambiguous'), notInWorkspace: count('notInWorkspace'), notDeployed: view.notDeployed.length },
    drifts,
  };
}

/** One CodeLens per definition line and resource: a resource seen from several accounts' scans keeps the one with most checks. */
export function lensesByFile(view: LinkView): Map<string, { line: number; title: string; hover: string; key: string; account?: string }[]> {
  const out = new Map<string, { line: number; title: string; hover: string; key: string; account?: string }[]>();
  const seen = new Set<string>();
  const byChecks = [...view.resources].sort((a, b) => (b.lens?.checks ?? 0) - (a.lens?.checks ?? 0));
  for (const r of byChecks) {
    if (!r.definition || !r.lens) continue;
    const id = `${r.definition.file}\0${r.definition.line}\0${r.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const list = out.get(r.definition.file) ?? [];
    list.push({ line: r.definition.line - 1, title: r.lens.title, hover: r.lens.hover, key: r.key, ...(r.account ? { account: r.account } : {}) });
    out.set(r.definition.file, list);
  }
  return out;
}

/** Drift diagnostics per file, each drift once (a resource seen from two accounts' scans drifts the same way). */
export function driftsByFile(view: LinkView): Map<string, DriftView[]> {
  const out = new Map<string, DriftView[]>();
  const seen = new Set<string>();
  for (const r of view.resources) {
    for (const d of r.drifts) {
      const id = `${d.file}\0${d.range.start.line}\0${d.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const list = out.get(d.file) ?? [];
      list.push(d);
      out.set(d.file, list);
    }
  }
  return out;
}
