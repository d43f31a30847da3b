// SARIF 2.1.0 for `trailguard scan`: every check of every account as a result — failures `fail`, unknowns
// `review`, passes `pass`, rules that do not apply `notApplicable` (rules switched off or not opted in did not
// run: the run record's settings list them) — with account and region in the result's properties, a stable
// partialFingerprint, and the run record (identity, endpoint, regions, settings) in the run and its invocation.
import type * as Sarif from 'sarif';
import { checkFingerprint } from '../../evidence/report';
import type { RunRecord } from '../../evidence/types';
import type { AccountScan, CheckResult } from '../../live/types';
import { artifactLocation, buildSarif } from './sarif';

const levels: Record<string, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };
const kinds: Partial<Record<string, Sarif.Result.kind>> = { fail: 'fail', unknown: 'review', pass: 'pass', notApplicable: 'notApplicable' };

/**
 * `scan --iac DIR`: per live result its definition and whether it drifted, each drift as a result at the code's
 * line, and the whole link in the run's properties (scanLink.ts supplies it; the format does not know about linking).
 */
export interface SarifIac {
  result(c: CheckResult): { properties: Record<string, unknown>; definition?: { file: string; line: number } };
  drifts: { ruleId?: string; severity: 'warning' | 'info'; message: string; file: string; line: number; properties: Record<string, unknown> }[];
  run: unknown;
}

/** `file` absolute: relative to %SRCROOT% (the working directory) when under it, as `lint` writes it. */
const location = (file: string, line: number): Sarif.Location => ({ physicalLocation: { artifactLocation: artifactLocation(file), region: { startLine: line } } });

export function buildScanSarif(scans: AccountScan[], run: RunRecord, iac?: SarifIac): Sarif.Log {
  const log = buildSarif([], []);
  const sarifRun = log.runs[0]!;
  const index = new Map((sarifRun.tool.driver.rules ?? []).map((r, i) => [r.id, i]));
  const results: Sarif.Result[] = [];
  for (const scan of scans) {
    for (const c of scan.findings) {
      const kind = kinds[c.status];
      if (!kind) continue;
      const remediation = c.status === 'fail' && c.remediation ? ` Fix: ${c.remediation}` : '';
      const reason = c.status !== 'fail' && c.status !== 'pass' && c.reason ? ` (${c.reason})` : '';
      const account = c.account ?? scan.account;
      const linked = iac?.result(c);
      results.push({
        ruleId: c.ruleId,
        ruleIndex: index.get(c.ruleId),
        kind,
        level: kind === 'fail' ? levels[c.severity] : 'none',
        message: { text: `${c.status === 'pass' ? c.title : c.message}${reason}${remediation}` },
        locations: [{ logicalLocations: [{ fullyQualifiedName: [account ?? 'unknown-account', c.region ?? 'global', c.resource].join('/'), name: c.resource, kind: 'resource' }] }],
        ...(linked?.definition ? { relatedLocations: [{ id: 0, ...location(linked.definition.file, linked.definition.line), message: { text: 'definition in the code' } }] } : {}),
        partialFingerprints: { 'trailguard/check/v1': checkFingerprint(scan.account, c) },
        properties: {
          account: account ?? null,
          region: c.region ?? null,
          resource: c.resource,
          status: c.status,
          ...(c.subject ? { subject: c.subject } : {}),
          ...(c.reason ? { reason: c.reason } : {}),
          ...linked?.properties,
        },
      });
    }
  }
  // A drift is about the code: a result at the line that differs from the account.
  for (const d of iac?.drifts ?? []) {
    results.push({
      ...(d.ruleId ? { ruleId: d.ruleId, ruleIndex: index.get(d.ruleId) } : { ruleId: 'drift' }),
      kind: d.severity === 'warning' ? 'fail' : 'informational',
      level: d.severity === 'warning' ? 'warning' : 'note',
      message: { text: d.message },
      locations: [location(d.file, d.line)],
      properties: d.properties,
    });
  }
  sarifRun.results = results;
  sarifRun.invocations = [{
    executionSuccessful: scans.every((s) => !s.error),
    startTimeUtc: run.startedAt,
    endTimeUtc: run.finishedAt,
    toolExecutionNotifications: scans.filter((s) => s.error).map((s) => ({ level: 'error', message: { text: `account ${s.account ?? `of profile ${s.profile}`} could not be scanned: ${s.error}` } })),
    ...(run.identities[0]?.callerArn ? { account: run.identities[0].callerArn } : {}),
    properties: { run },
  }];
  // Results point into the code only with --iac.
  if (!iac) delete sarifRun.originalUriBaseIds;
  sarifRun.properties = { run, ...(iac ? { iac: iac.run } : {}) };
  return log;
}

export function formatScanSarif(scans: AccountScan[], run: RunRecord, iac?: SarifIac): string {
  return `${JSON.stringify(buildScanSarif(scans, run, iac), null, 2)}\n`;
}
