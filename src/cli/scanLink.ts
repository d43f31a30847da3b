// `trailguard scan --iac DIR`: lints DIR with the same engine, links every live trail, bucket and key of the scan
// to its definition there (src/core/link) and says, per live result, where it is defined and whether it drifted.
import * as path from 'path';
import type { LintConfig } from '../core/config';
import type { ParseError } from '../core/model';
import { linkCodeToAccount, type LinkReport, type ResourceLink } from '../core/link/codeToAccount';
import { workspaceScenes } from '../core/link/workspaceScenes';
import type { AccountScan, CheckResult } from '../live/types';
import { liveLinkSides } from '../live/linkSides';
import { collectFiles } from './walk';
import type { SarifIac } from './format/scanSarif';
import { DEFAULT_MAX_FILE_SIZE, readSources } from './sources';

export interface ScanLink {
  root: string;
  report: LinkReport;
  /** Files of DIR that could not be read or parsed (a scan that could not check them never exits 0). */
  errors: ParseError[];
  byResource: Map<string, ResourceLink[]>;
}

/** Lints `dir` and links it to the scans; undefined when `dir` does not exist (a usage error). */
export async function linkScans(dir: string, scans: AccountScan[], config: Partial<LintConfig> | undefined): Promise<ScanLink | undefined> {
  let missing = false;
  const files = collectFiles([dir], () => { missing = true; });
  if (missing) return undefined;
  const errors: ParseError[] = [];
  const sources = readSources(files, DEFAULT_MAX_FILE_SIZE, errors);
  const { sides, errors: parseErrors } = await workspaceScenes(sources, config);
  errors.push(...parseErrors);
  const live = scans.flatMap(liveLinkSides);
  const report = linkCodeToAccount(sides, live);
  const byResource = new Map<string, ResourceLink[]>();
  for (const l of report.links) {
    const list = byResource.get(l.resource);
    if (list) list.push(l);
    else byResource.set(l.resource, [l]);
  }
  return { root: path.resolve(dir), report, errors, byResource };
}

function linkOf(link: ScanLink, f: CheckResult): ResourceLink | undefined {
  const list = link.byResource.get(f.resource);
  if (!list) return undefined;
  return list.find((l) => l.account === undefined || f.account === undefined || l.account === f.account) ?? list[0];
}

const relTo = (link: ScanLink, file: string) => path.relative(link.root, path.resolve(file)).split(path.sep).join('/');

/** `iac` and `drift` of one live result (JSON): null where the result is not about a trail, bucket or key. */
export function iacFields(link: ScanLink, f: CheckResult): { iac: { file: string | null; line: number | null; status: string } | null; drift: boolean } {
  const l = linkOf(link, f);
  if (!l) return { iac: null, drift: false };
  const def = l.definition;
  return {
    iac: { file: def ? relTo(link, def.file) : null, line: def?.line ?? null, status: l.status },
    drift: l.drifts.some((d) => d.kind === 'rule' && d.ruleId === f.ruleId),
  };
}

/** The whole link for JSON: every link with its drifts, what is not deployed, what cannot be linked. */
export function linkJson(link: ScanLink) {
  const where = (file: string, line: number) => ({ file: relTo(link, file), line });
  return {
    links: link.report.links.map((l) => ({
      kind: l.kind, resource: l.resource, account: l.account ?? null, owner: l.owner ?? null, status: l.status,
      matched: l.definition?.matched ?? null,
      ...(l.definition ? where(l.definition.file, l.definition.line) : { file: null, line: null }),
      candidates: l.candidates.map((c) => ({ ...where(c.file, c.line), matched: c.matched })),
      drifts: l.drifts.map((d) => ({
        kind: d.kind, severity: d.severity, ruleId: d.ruleId ?? null, attribute: d.attribute ?? null,
        ...where(d.file, d.line), code: d.code ?? null, live: d.live ?? null, message: relMessage(link, d.message),
      })),
    })),
    notDeployed: link.report.notDeployed.map((n) => ({ kind: n.kind, name: n.name, ...where(n.file, n.line) })),
    unlinkable: link.report.unlinkable.map((u) => ({ kind: u.kind, name: u.name, ...where(u.file, u.line), reason: u.reason })),
    errors: link.errors.map((e) => ({ file: relTo(link, e.file), line: e.range.start.line + 1, message: e.message })),
  };
}

/** Messages name files as the linker saw them (absolute): shown relative to DIR. */
function relMessage(link: ScanLink, message: string): string {
  // The linker names files as the walk found them: absolute, or relative to the working directory.
  const relRoot = path.relative(process.cwd(), link.root);
  const out = message.split(link.root + path.sep).join('');
  return relRoot && !path.isAbsolute(relRoot) ? out.split(relRoot + path.sep).join('') : out;
}

/** The text summary: each link, its drifts, then what is not deployed or cannot be linked. */
export function linkText(link: ScanLink): string {
  const lines = ['', `code ↔ account (${link.root})`];
  for (const l of link.report.links) {
    const label = l.definition ? `defined in ${relTo(link, l.definition.file)}:${l.definition.line} (${l.definition.matched})` : l.status === 'ambiguous'
      ? `ambiguous: ${l.candidates.map((c) => `${relTo(link, c.file)}:${c.line}`).join(', ')} (not used for drift)`
      : 'not in this workspace';
    lines.push(`  ${l.kind} ${l.resource}${l.account ? ` [account ${l.account}${l.owner ? `, owned by ${l.owner}` : ''}]` : ''}: ${label}`);
    for (const d of l.drifts) lines.push(`    ${d.severity === 'warning' ? 'DRIFT  ' : 'drift  '} ${d.ruleId ? `${d.ruleId} ` : ''}${relMessage(link, d.message)}`);
  }
  for (const n of link.report.notDeployed) lines.push(`  ${n.kind} ${n.name}: not deployed (in this scan), ${relTo(link, n.file)}:${n.line}`);
  for (const u of link.report.unlinkable) lines.push(`  ${u.kind} ${u.name}: cannot be linked, ${relTo(link, u.file)}:${u.line}: ${u.reason}`);
  for (const e of link.errors) lines.push(`  not checked: ${relTo(link, e.file)}:${e.range.start.line + 1}: ${e.message}`);
  const drifts = link.report.links.flatMap((l) => l.drifts);
  const rule = drifts.filter((d) => d.kind === 'rule').length;
  lines.push(`${link.report.links.filter((l) => l.status === 'linked').length} linked, ${link.report.links.filter((l) => l.status === 'ambiguous').length} ambiguous, ` +
    `${link.report.links.filter((l) => l.status === 'notInWorkspace').length} not in this workspace, ${link.report.notDeployed.length} not deployed; ` +
    `${rule} rule drift${rule === 1 ? '' : 's'}, ${drifts.length - rule} attribute drift${drifts.length - rule === 1 ? '' : 's'} (information)`);
  return lines.join('\n') + '\n';
}

/** SARIF: `iac` and `drift` per live result with the definition as a related location, each drift a result. */
export function linkSarif(link: ScanLink): SarifIac {
  return {
    result: (f) => {
      const fields = iacFields(link, f);
      const def = linkOf(link, f)?.definition;
      return { properties: fields, ...(def ? { definition: { file: path.resolve(def.file), line: def.line } } : {}) };
    },
    drifts: link.report.links.flatMap((l) => l.drifts.map((d) => ({
      ...(d.ruleId ?? d.rules?.[0] ? { ruleId: d.ruleId ?? d.rules?.[0] } : {}), severity: d.severity, message: relMessage(link, d.message), file: path.resolve(d.file), line: d.line,
      properties: { driftKind: d.kind, resource: l.resource, account: l.account ?? null, ...(d.attribute ? { attribute: d.attribute, code: d.code, live: d.live } : {}) },
    }))),
    run: linkJson(link),
  };
}
