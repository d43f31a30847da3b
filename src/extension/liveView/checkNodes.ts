// Check nodes: one per CheckResult, failing first, with the evidence (or the reason it is unknown) in the tooltip.
import type { CheckResult } from '../../live/types';
import { inlineCode, jsonBlock, messageMarkdown, escapeMarkdown } from './markdown';
import { plainText, type LiveNode, type NodeIcon } from './liveNode';
import { recordedSuffix, recordedTooltip } from './recordedData';
import { isNotEvaluated, STATUS_PHRASE, STATUS_RANK as statusRank, STATUS_WORD as statusWord } from '../../core/status';

const severityRank = { error: 0, warning: 1, info: 2 } as const;

/** Failing first (worst severity first), then unknown, passing, not applicable, off; by rule id within each group. */
export function sortChecks(checks: CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) =>
    statusRank[a.status] - statusRank[b.status] ||
    (a.status === 'fail' ? severityRank[a.severity] - severityRank[b.severity] : 0) ||
    a.ruleId.localeCompare(b.ruleId));
}

/**
 * Rules switched off or opt-in and not enabled are settings, not results about the resource: the tree leaves them
 * out (the evidence report lists them); a rule that does not apply is shown, with why.
 */
export function checkNodes(parentId: string, checks: CheckResult[]): LiveNode[] {
  const shown = checks.filter((c) => c.status !== 'off' && c.status !== 'optInNotEnabled');
  const perRule = new Map<string, number>();
  for (const c of shown) perRule.set(c.ruleId, (perRule.get(c.ruleId) ?? 0) + 1);
  const seen = new Map<string, number>();
  return sortChecks(shown).map((c) => {
    const n = (seen.get(c.ruleId) ?? 0) + 1;
    seen.set(c.ruleId, n);
    // A rule reported several times on one resource: each row says which statement (or which result) it is.
    const repeated = (perRule.get(c.ruleId) ?? 0) > 1 ? c.subject ?? `result ${n} of ${perRule.get(c.ruleId)}` : undefined;
    return checkNode(`${parentId}/check/${c.ruleId}${n > 1 ? `#${n}` : ''}`, c, repeated);
  });
}

export function checkIcon(check: CheckResult): NodeIcon {
  if (check.status === 'pass') return 'pass';
  if (check.status === 'unknown') return 'unknown';
  if (isNotEvaluated(check.status)) return 'info';
  return check.severity === 'error' ? 'fail-error' : check.severity === 'warning' ? 'fail-warning' : 'fail-info';
}

function checkNode(id: string, check: CheckResult, subject?: string): LiveNode {
  // Descriptions are plain text: the scanner's `code` marks would show as backticks.
  const description = plainText(check.status === 'pass'
    ? 'pass'
    : check.status === 'unknown' || isNotEvaluated(check.status)
      ? `${STATUS_PHRASE[check.status]}: ${check.reason ?? check.message}`
      : check.message) + recordedSuffix(check);
  const tokens = ['tgCheck', check.status === 'fail' ? 'tgFail' : check.status === 'unknown' ? 'tgUnknown' : check.status === 'pass' ? 'tgPass' : 'tgNotEvaluated'];
  if (check.remediation) tokens.push('tgRemediation');
  if (check.consoleUrl) tokens.push('tgConsole');
  if (check.docUrl) tokens.push('tgDoc');
  return {
    id,
    label: `${check.ruleId} ${check.title}${subject ? ` — ${subject}` : ''}`,
    description,
    tooltip: checkTooltip(check),
    icon: checkIcon(check),
    contextValue: tokens.join(' '),
    children: [],
    check,
    consoleUrl: check.consoleUrl,
  };
}

/** The evidence a user (or auditor) needs to trust the verdict: the API values, or why it could not be checked. */
export function checkTooltip(check: CheckResult): string {
  const lines: string[] = [];
  const sev = check.status === 'fail' ? ` (${check.severity})` : '';
  lines.push(`**${check.ruleId} ${escapeMarkdown(check.title)}**: ${statusWord[check.status]}${sev}`, '');
  lines.push(messageMarkdown(check.message), '');
  if (check.status === 'unknown') {
    lines.push(`**Unknown because:** ${messageMarkdown(check.reason ?? 'the scanner gave no reason')}`, '');
  } else if (isNotEvaluated(check.status)) {
    lines.push(`**Not checked:** ${messageMarkdown(check.reason ?? check.message)}`, '');
  }
  lines.push(`Resource: ${inlineCode(check.resource)}${check.subject ? ` · ${escapeMarkdown(check.subject)}` : ''}${check.region ? ` · Region: ${check.region}` : ''}${check.account ? ` · Account: ${check.account}` : ''}`, '');
  lines.push(...recordedTooltip(check));
  if (check.evidence && Object.keys(check.evidence).length) {
    lines.push('Evidence (API values seen):', '', jsonBlock(check.evidence), '');
  } else if (check.status !== 'unknown') {
    lines.push('No API evidence recorded for this check.', '');
  }
  if (check.status === 'fail' && check.remediation) {
    lines.push('Fix:', '', '```sh', check.remediation, '```', '');
  }
  const links = [`[${check.ruleId} documentation](${check.docUrl})`];
  if (check.consoleUrl) links.push(`[Open in AWS Console](${check.consoleUrl})`);
  lines.push(links.join(' · '));
  return lines.join('\n');
}
