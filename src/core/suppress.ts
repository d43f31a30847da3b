// Suppression comments (ours and the peers' ones that map to our rules through the catalog's Peers column),
// CloudFormation `Metadata` ignores, and path ignores from settings. A suppressed finding is kept, marked, and
// counted; a suppression without a reason is reported so it can be given one.
import type { EntityBase, Finding, Loc } from './model';
import type { PathIgnore } from './config';
import { globMatch } from './glob';

export interface SuppressionComment {
  file: string;
  /** 0-based line of the comment. */
  line: number;
  /** TrailGuard rule ids this comment suppresses; `*` = every rule (kics-scan ignore-line). */
  ruleIds: string[];
  reason?: string;
  /** The comment as written, e.g. `checkov:skip=CKV_AWS_36`. */
  by: string;
  /** kics-scan ignore-line applies to the next line only, not to the enclosing block. */
  nextLineOnly?: boolean;
}

const ours = /(?:#|\/\/)\s*trailguard:ignore[=: ]\s*((?:TG\d{3}\s*,?\s*)+)(.*)$/i;
const checkov = /#\s*checkov:skip=([A-Z0-9_]+)(?::(.*))?$/i;
const trivy = /(?:#|\/\/)\s*(trivy|tfsec):ignore:([A-Za-z0-9_-]+)(.*)$/i;
const kicsLine = /#\s*kics-scan\s+ignore-line/i;

/** Finds every suppression comment in a file's text (one pass over its lines). */
export function scanSuppressionComments(file: string, text: string, peers: Map<string, string[]>): SuppressionComment[] {
  const out: SuppressionComment[] = [];
  if (!/trailguard:ignore|checkov:skip|trivy:ignore|tfsec:ignore|kics-scan/i.test(text)) return out;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, line) => {
    let m = ours.exec(raw);
    if (m) {
      const ruleIds = m[1].split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase());
      out.push({ file, line, ruleIds, reason: m[2].trim() || undefined, by: `trailguard:ignore ${ruleIds.join(',')}` });
      return;
    }
    if ((m = checkov.exec(raw))) {
      out.push({ file, line, ruleIds: peers.get(m[1].toUpperCase()) ?? [], reason: m[2]?.trim() || undefined, by: `checkov:skip=${m[1]}` });
      return;
    }
    if ((m = trivy.exec(raw))) {
      const reason = m[3].replace(/^[\s:-]+/, '').trim() || undefined;
      out.push({ file, line, ruleIds: peers.get(m[2].toUpperCase()) ?? [], reason, by: `${m[1].toLowerCase()}:ignore:${m[2]}` });
      return;
    }
    if (kicsLine.test(raw)) out.push({ file, line, ruleIds: ['*'], by: 'kics-scan ignore-line', nextLineOnly: true });
  });
  return out;
}

function covers(comment: SuppressionComment, finding: Finding, extent: Loc | undefined): boolean {
  if (!comment.ruleIds.includes('*') && !comment.ruleIds.includes(finding.ruleId)) return false;
  const line = finding.range?.start.line;
  if (line === undefined || comment.file !== finding.file) return false;
  if (comment.line === line - 1 || comment.line === line) return true;
  if (comment.nextLineOnly || !extent || extent.file !== comment.file) return false;
  // On the line above the resource, or anywhere inside its block.
  return comment.line >= extent.range.start.line - 1 && comment.line <= extent.range.end.line;
}

export function applySuppressions(
  findings: { finding: Finding; entity: EntityBase }[],
  comments: SuppressionComment[],
  peers: Map<string, string[]>,
  pathIgnores: PathIgnore[],
  used: Set<SuppressionComment>,
): void {
  // Indexed: called once per unit with every finding, mostly before V8 optimises it (see lintSources).
  for (let i = 0; i < findings.length; i++) {
    const { finding, entity } = findings[i];
    if (finding.status === 'pass') continue;
    const metadata = entity.ignored?.find((ig) => ig.ruleId.toUpperCase() === finding.ruleId || peers.get(ig.ruleId.toUpperCase())?.includes(finding.ruleId));
    if (metadata) {
      finding.suppressed = { by: `Metadata ignore ${metadata.ruleId}`, reason: metadata.reason };
      continue;
    }
    // Most lints have no suppression comment and no path ignore: no closure per finding then.
    const comment = comments.length ? comments.find((c) => covers(c, finding, entity.extent ?? entity.loc)) : undefined;
    if (comment) {
      used.add(comment);
      finding.suppressed = { by: comment.by, reason: comment.reason };
      continue;
    }
    const byPath = finding.file && pathIgnores.length ? pathIgnores.find((p) => (!p.rules || p.rules.includes(finding.ruleId)) && globMatch(p.path, finding.file!)) : undefined;
    if (byPath) finding.suppressed = { by: `ignore ${byPath.path}`, reason: byPath.reason };
  }
}
