// The result of "Validate Log Files" on a trail as tree nodes, added under the trail it was run on: one node with
// the verdict over the period, the hours that are not valid, and every log file the digests list with its status.
// No `vscode` import (unit-tested); logValidation.ts runs the validation and keeps the state per trail node.
import type { LogFilesValidation } from '../../live/validateLogFiles';
import { messageNode, plural, type LiveNode, type NodeIcon, type NodeTone } from './liveNode';
import { escapeMarkdown, formatScanTime, inlineCode, messageMarkdown } from './markdown';

export const VALIDATE_LOGS_COMMAND = 'trailguard.live.validateLogs';

export type LogValidationState =
  | { kind: 'running'; from: string; to: string; progress?: string }
  | { kind: 'failed'; from: string; to: string; error: string; at: string }
  | { kind: 'done'; result: LogFilesValidation; at: string };

/** Log files listed one by one up to this many; the rest are counted (all of them are in the output channel). */
export const MAX_FILE_NODES = 200;

/** The trail ARN a trail node stands for (`…/trail/<arn>`). */
export function trailArnOfNode(id: string): string | undefined {
  const i = id.lastIndexOf('/trail/arn:');
  return i >= 0 ? id.slice(i + '/trail/'.length) : undefined;
}

/** `2026-12-05 02:00 → 2026-12-06 02:00 UTC` */
export function periodLabel(from: string, to: string): string {
  const short = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return `${short(from)} → ${short(to)} UTC`;
}

const FILE_ICON: Record<string, NodeIcon> = { valid: 'pass', modified: 'fail-error', missing: 'fail-error', unknown: 'unknown' };
const HOUR_ICON: Record<string, NodeIcon> = { valid: 'pass', modified: 'fail-error', missing: 'fail-error', gap: 'fail-error', unknown: 'unknown' };

export function logValidationNode(trailId: string, state: LogValidationState): LiveNode {
  const id = `${trailId}/log-validation`;
  const rerun = { command: VALIDATE_LOGS_COMMAND, title: 'Validate the log files again', arguments: [{ id: trailId }] };
  if (state.kind === 'running') {
    return messageNode(id, 'Log file integrity: validating…', 'loading', {
      description: [periodLabel(state.from, state.to), state.progress].filter(Boolean).join(' · '),
      tooltip: 'Reading the digest files, checking their signatures and chain, and hashing every log file they list.',
      contextValue: 'tgLogValidation',
    });
  }
  if (state.kind === 'failed') {
    return messageNode(id, `Log file integrity: could not validate: ${state.error}`, 'error', {
      description: `${periodLabel(state.from, state.to)} · click to retry`,
      tooltip: `**Unknown: the log files could not be validated.**\n\n${messageMarkdown(state.error)}\n\nThis is not a pass.`,
      command: rerun, contextValue: 'tgLogValidation tgError',
    });
  }
  const r = state.result;
  const tally = new Map<string, number>();
  for (const h of r.hours) tally.set(h.status, (tally.get(h.status) ?? 0) + 1);
  const valid = tally.get('valid') ?? 0;
  const bad = (tally.get('modified') ?? 0) + (tally.get('missing') ?? 0) + (tally.get('gap') ?? 0);
  const tone: NodeTone = bad ? 'fail-error' : (tally.get('unknown') ?? 0) || r.truncated ? 'unknown' : 'pass';
  const parts = (['modified', 'missing', 'gap', 'unknown'] as const).flatMap((s) => (tally.get(s) ? [`${tally.get(s)} ${s}`] : []));
  const children: LiveNode[] = [];
  if (r.truncated) {
    children.push(messageNode(`${id}/truncated`, `Incomplete: ${r.truncated}`, 'unknown', {
      tooltip: 'The object budget ran out before every digest and log file was read; what was not read is unknown.',
    }));
  }
  const regions = r.regions ?? [];
  const several = regions.length > 1;
  for (const h of r.hours.filter((x) => x.status !== 'valid')) {
    const when = `${several && h.region ? `${h.region} ` : ''}${h.hour.replace('T', ' ').replace('Z', ' UTC')}`;
    children.push(messageNode(`${id}/hour/${h.region ?? ''}/${h.hour}`, `${when}: ${h.status}`, HOUR_ICON[h.status] ?? 'unknown', {
      description: h.detail.join('; '),
      tooltip: `**${when}: ${h.status}**\n\n${h.detail.map((d) => `- ${escapeMarkdown(d)}`).join('\n')}`,
    }));
  }
  // Files that are not valid first: the list is what an auditor asks for.
  const order: Record<string, number> = { modified: 0, missing: 1, unknown: 2, valid: 3 };
  const files = [...r.files].sort((a, b) => (order[a.status] ?? 4) - (order[b.status] ?? 4));
  const fileNodes = files.slice(0, MAX_FILE_NODES).map((f) => messageNode(`${id}/file/${f.key}`, f.key.slice(f.key.lastIndexOf('/') + 1), FILE_ICON[f.status] ?? 'unknown', {
    description: f.detail ? `${f.status} · ${f.detail}` : f.status,
    tooltip: `**${f.status}**: ${inlineCode(f.key)}\n\nListed in digest ${inlineCode(f.digest)}${f.detail ? `\n\n${escapeMarkdown(f.detail)}` : ''}`,
  }));
  if (r.files.length > MAX_FILE_NODES) {
    fileNodes.push(messageNode(`${id}/file/more`, `… ${r.files.length - MAX_FILE_NODES} more`, 'info', { description: 'every file is listed in the output (TrailGuard: Show Output)' }));
  }
  const fileTally = (['valid', 'modified', 'missing', 'unknown'] as const).flatMap((s) => {
    const n = r.files.filter((f) => f.status === s).length;
    return n ? [`${n} ${s}`] : [];
  });
  children.push({
    id: `${id}/files`, label: `Log files: ${plural(r.files.length, 'file')}`, description: fileTally.join(' · ') || 'none listed',
    tooltip: `Every log file the digests of the period list, with the result of its SHA-256 check.`,
    icon: 'folder', tone: r.files.some((f) => f.status === 'modified' || f.status === 'missing') ? 'fail-error' : r.files.some((f) => f.status === 'unknown') ? 'unknown' : 'pass',
    contextValue: 'tgLogFiles', children: fileNodes,
  });
  const digestsValid = r.digests.filter((d) => d.status === 'valid').length;
  return {
    id,
    label: `Log file integrity: ${valid}/${r.hours.length} hours valid${several ? ` in ${regions.length} regions` : ''}`,
    description: [parts.length ? parts.join(' · ') : 'nothing modified or missing', periodLabel(r.from, r.to), `checked ${formatScanTime(state.at, 'time')}`].join(' · '),
    tooltip: [
      `**Log file integrity validation** of ${inlineCode(r.trailArn)}`,
      '',
      `Period: ${periodLabel(r.from, r.to)}  `,
      `${several ? 'Regions' : 'Region'} ${regions.join(', ') || 'none'} (each its own digest chain), account ${r.account}${r.organizationId ? ` (organization ${r.organizationId})` : ''}  `,
      `Digests: ${inlineCode(`s3://${r.bucket}/${r.digestPrefix}`)}, read through ${escapeMarkdown(r.bucketVia)}  `,
      `${digestsValid}/${r.digests.length} digest files with a valid signature; ${plural(r.logFiles.valid, 'log file')} valid, ` +
        `${r.logFiles.modified.length} modified, ${r.logFiles.missing.length} missing, ${r.logFiles.unknown.length} unknown.`,
      '',
      'The checks of `aws cloudtrail validate-logs`: each digest\'s RSA signature (cloudtrail:ListPublicKeys), the chain of ' +
        'previous-digest hashes, and the SHA-256 of every log file the digests list. Same result from the CLI: `trailguard verify-logs`.',
    ].join('\n'),
    icon: HOUR_ICON[bad ? 'modified' : tone === 'unknown' ? 'unknown' : 'valid']!,
    tone,
    contextValue: 'tgLogValidation',
    command: undefined,
    expanded: bad > 0,
    children,
  };
}

/** The tree with each validated trail's result node appended to the trail (matched by node id). */
export function withLogValidation(roots: LiveNode[], states: ReadonlyMap<string, LogValidationState>): LiveNode[] {
  if (states.size === 0) return roots;
  const visit = (node: LiveNode): LiveNode => {
    const state = states.get(node.id);
    const children = node.children.map(visit);
    if (state) children.push(logValidationNode(node.id, state));
    return state || children.some((c, i) => c !== node.children[i]) ? { ...node, children } : node;
  };
  return roots.map(visit);
}
