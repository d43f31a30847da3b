// The evidence report an auditor receives from "TrailGuard: Export Evidence Report": every check of one scan with
// the API values it was based on, or why it could not be verified. Pure (no vscode, no clock): the caller passes
// the generation time, so the same scan always gives the same bytes.
import type { AccountScan, CheckResult } from '../../live/types';
import { countChecks, summarizeTrailBuckets } from './scanSummary';
import { escapeMarkdown, formatScanTime, inlineCode, jsonBlock, messageMarkdown } from './markdown';
import { isNotEvaluated, STATUS_WORD as statusWord } from '../../core/status';

/** Same `findings` shape as `trailguard scan --format json`, plus what an auditor needs to follow up. */
export interface EvidenceReportJson {
  version: 1;
  tool: 'TrailGuard';
  generatedAt: string;
  profile: string;
  account: string | null;
  scanStartedAt: string;
  scanFinishedAt: string;
  /** Why the account could not be scanned (nothing was verified). */
  error: string | null;
  regions: { region: string; error: string | null; trails: string[] }[];
  summary: {
    trailBuckets: { total: number; compliant: number; failing: number; unknown: number; percent: number };
    checks: { pass: number; fail: number; unknown: number; notApplicable: number; off: number; optInNotEnabled: number };
  };
  findings: {
    ruleId: string;
    title: string;
    status: CheckResult['status'];
    severity: CheckResult['severity'];
    resource: string;
    region: string | null;
    message: string;
    reason: string | null;
    evidence: Record<string, unknown> | null;
    remediation: string | null;
    docUrl: string;
    consoleUrl: string | null;
  }[];
}

/** Findings in report order: by region (account-wide first), resource, rule id. */
export function reportOrder(findings: readonly CheckResult[]): CheckResult[] {
  return [...findings].sort((a, b) =>
    (a.region ?? '').localeCompare(b.region ?? '') ||
    a.resource.localeCompare(b.resource) ||
    a.ruleId.localeCompare(b.ruleId));
}

export function buildEvidenceJson(scan: AccountScan, generatedAt: Date): EvidenceReportJson {
  const kpi = summarizeTrailBuckets(scan);
  const counts = countChecks(scan.findings);
  return {
    version: 1,
    tool: 'TrailGuard',
    generatedAt: generatedAt.toISOString(),
    profile: scan.profile,
    account: scan.account ?? null,
    scanStartedAt: scan.startedAt,
    scanFinishedAt: scan.finishedAt,
    error: scan.error ?? null,
    regions: scan.regions.map((r) => ({ region: r.region, error: r.error ?? null, trails: r.trails.map((t) => t.name) })),
    summary: {
      trailBuckets: { total: kpi.total, compliant: kpi.compliant, failing: kpi.failing, unknown: kpi.unknown, percent: kpi.percent },
      checks: { pass: counts.pass, fail: counts.fail, unknown: counts.unknown, notApplicable: counts.notApplicable, off: counts.off, optInNotEnabled: counts.optInNotEnabled },
    },
    findings: reportOrder(scan.findings).map((f) => ({
      ruleId: f.ruleId,
      title: f.title,
      status: f.status,
      severity: f.severity,
      resource: f.resource,
      region: f.region ?? null,
      message: f.message,
      reason: f.reason ?? null,
      evidence: f.evidence ?? null,
      remediation: f.remediation ?? null,
      docUrl: f.docUrl,
      consoleUrl: f.consoleUrl ?? null,
    })),
  };
}

export function renderEvidenceJson(scan: AccountScan, generatedAt: Date): string {
  return `${JSON.stringify(buildEvidenceJson(scan, generatedAt), null, 2)}\n`;
}


export function renderEvidenceMarkdown(scan: AccountScan, generatedAt: Date): string {
  const kpi = summarizeTrailBuckets(scan);
  const counts = countChecks(scan.findings);
  const out: string[] = [];
  out.push('# TrailGuard evidence report', '');
  out.push('| | |', '|---|---|');
  out.push(`| Generated | ${formatScanTime(generatedAt.toISOString())} |`);
  out.push(`| Profile | ${inlineCode(scan.profile)} |`);
  out.push(`| Account | ${scan.account ? inlineCode(scan.account) : 'unknown'} |`);
  out.push(`| Regions | ${scan.regions.map((r) => r.region).join(', ') || 'none'} |`);
  out.push(`| Scan started | ${formatScanTime(scan.startedAt)} |`);
  out.push(`| Scan finished | ${formatScanTime(scan.finishedAt)} |`);
  out.push('');

  out.push('## Summary', '');
  if (scan.error) {
    out.push(`**The account could not be scanned:** ${messageMarkdown(scan.error)}. No check ran; nothing in this report is a pass.`, '');
  }
  out.push(kpi.total
    ? `- Trail buckets compliant (every check passes): **${kpi.compliant} of ${kpi.total} (${kpi.percent}%)**; ${kpi.failing} failing, ${kpi.unknown} not fully verified`
    : '- Trail buckets compliant: **none found** (no trail delivers to a bucket this scan could see)');
  out.push(`- Checks: ${counts.fail} failing, ${counts.unknown} unknown, ${counts.pass} passing; not checked: ${counts.notApplicable} not applicable, ${counts.off} off, ${counts.optInNotEnabled} opt-in not enabled`);
  const regionErrors = scan.regions.filter((r) => r.error);
  out.push(regionErrors.length
    ? `- Regions that could not be scanned: ${regionErrors.map((r) => `${r.region} (${escapeMarkdown(r.error ?? '')})`).join(', ')}`
    : '- Regions that could not be scanned: none');
  out.push('', 'UNKNOWN means the check could not be verified (the reason is given); it is not a pass. NOT APPLICABLE, OFF and OPT-IN, NOT ENABLED mean the rule did not judge the resource (the reason or setting is given); they are not passes either.', '');

  const attention = reportOrder(scan.findings).filter((f) => f.status === 'fail' || f.status === 'unknown');
  if (attention.length) {
    out.push('## Needs attention', '', '| Status | Rule | Resource | Region | Detail |', '|---|---|---|---|---|');
    for (const f of attention) {
      const detail = f.status === 'unknown' ? f.reason ?? f.message : f.message;
      out.push(`| ${statusWord[f.status]}${f.status === 'fail' ? ` (${f.severity})` : ''} | ${f.ruleId} | ${inlineCode(f.resource)} | ${f.region ?? ''} | ${messageMarkdown(detail).replace(/\|/g, '\\|')} |`);
    }
    out.push('');
  }

  if (kpi.total) {
    out.push('## Trail buckets', '', '| Bucket | Verdict |', '|---|---|');
    for (const b of kpi.buckets) out.push(`| ${inlineCode(b.name)} | ${b.verdict} |`);
    out.push('');
  }

  out.push('## Checks', '');
  if (scan.findings.length === 0) out.push('No check ran.', '');
  let group = '';
  for (const f of reportOrder(scan.findings)) {
    const key = `${f.region ?? ''}\u0000${f.resource}`;
    if (key !== group) {
      group = key;
      out.push(`### ${inlineCode(f.resource)}${f.region ? ` (${f.region})` : ''}`, '');
    }
    out.push(`#### ${f.ruleId} ${escapeMarkdown(f.title)}: ${statusWord[f.status]}${f.status === 'fail' ? ` (${f.severity})` : ''}`, '');
    out.push(messageMarkdown(f.message), '');
    if (f.status === 'unknown') out.push(`Unknown because: ${messageMarkdown(f.reason ?? 'no reason given by the scanner')}`, '');
    if (isNotEvaluated(f.status)) out.push(`Not checked because: ${messageMarkdown(f.reason ?? f.message)}`, '');
    if (f.evidence && Object.keys(f.evidence).length) out.push('Evidence:', '', jsonBlock(f.evidence), '');
    else out.push('Evidence: none recorded', '');
    if (f.status === 'fail' && f.remediation) out.push('Remediation:', '', '```sh', f.remediation, '```', '');
    out.push(`Rule documentation: ${f.docUrl}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** `trailguard-evidence-111122223333-20261121T235007Z.md` (profile name when the account is unknown). */
export function evidenceReportFileName(scan: AccountScan, generatedAt: Date, ext: 'md' | 'json'): string {
  const who = (scan.account ?? scan.profile).replace(/[^A-Za-z0-9._-]+/g, '_');
  const stamp = generatedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `trailguard-evidence-${who}-${stamp}.${ext}`;
}
