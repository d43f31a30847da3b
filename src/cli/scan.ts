// `trailguard scan [--profile P] [--region R ...] [--format text|json|sarif] [--config FILE]`: checks the live
// account with the same rules as `lint`. Exit 0 = no error-severity failure, 1 = at least one, 2 = usage error
// or the account could not be read at all (credentials, STS).
import { parseArgs } from 'util';
import type { LintConfig } from '../core/config';
import type { Finding } from '../core/model';
import { scanAccount } from '../live/scanAccount';
import type { AccountScan, CheckResult, ScannedBucket, ScannedKey } from '../live/types';
import { formatSarif } from './format/sarif';
import type { Io } from './io';
import { readConfig } from './configFile';
import { isNotEvaluated } from '../core/status';

const usage = 'usage: trailguard scan [--profile P] [--region R ...] [--format text|json|sarif] [--config FILE] [--audit-bucket GLOB ...]\n';

export async function runScan(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        profile: { type: 'string', short: 'p' },
        region: { type: 'string', short: 'r', multiple: true },
        format: { type: 'string', short: 'f', default: 'text' },
        config: { type: 'string', short: 'c' },
        'audit-bucket': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.stderr(`trailguard scan: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) {
    io.stderr(`trailguard scan: unknown --format ${format} (text, json or sarif)\n`);
    return 2;
  }
  let config: Partial<LintConfig> | undefined;
  try {
    config = readConfig(values.config, io);
  } catch (err) {
    io.stderr(`trailguard scan: ${(err as Error).message}\n`);
    return 2;
  }
  const regions = (values.region ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  const scan = await scanAccount({
    profile: values.profile,
    regions,
    auditBucketPatterns: values['audit-bucket'],
    ruleOptions: config,
    ruleSettings: config?.rules,
  });
  if (format === 'json') io.stdout(formatScanJson(scan));
  else if (format === 'sarif') io.stdout(formatSarif(scan.findings.map(checkToFinding), []));
  else io.stdout(formatScanText(scan));
  if (scan.error) {
    io.stderr(`trailguard scan: could not read account of profile ${scan.profile}: ${scan.error}\n`);
    return 2;
  }
  return scan.findings.some((f) => f.status === 'fail' && f.severity === 'error') ? 1 : 0;
}

/** The stable machine format (version 1), one entry per check. */
export function formatScanJson(scan: AccountScan): string {
  return JSON.stringify({
    version: 1,
    account: scan.account ?? null,
    profile: scan.profile,
    ...(scan.error ? { error: scan.error } : {}),
    findings: scan.findings.map((f) => ({
      ruleId: f.ruleId,
      status: f.status,
      severity: f.severity,
      resource: f.resource,
      region: f.region ?? null,
      message: f.message,
      reason: f.reason ?? null,
      evidence: f.evidence ?? {},
    })),
  }, null, 2) + '\n';
}

/** SARIF has no live-resource location: the resource becomes the logical location. */
function checkToFinding(c: CheckResult): Finding {
  const remediation = c.remediation ? ` Fix: ${c.remediation}` : '';
  return { ruleId: c.ruleId, status: c.status, severity: c.severity, message: `${c.message}${remediation}`, resource: c.resource, region: c.region, evidence: c.evidence, fixes: [], related: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Text: the tree the editor shows, indented.

const mark: Record<CheckResult['status'], string> = { pass: 'pass   ', fail: 'FAIL   ', unknown: 'unknown', notApplicable: 'n/a    ', off: 'off    ', optInNotEnabled: 'opt-in ' };

function checkLines(checks: CheckResult[], indent: string): string[] {
  return checks.flatMap((c) => {
    const lines = [`${indent}${mark[c.status]} ${c.ruleId} ${c.status === 'fail' ? `${c.severity}: ${c.message}` : c.status === 'unknown' || isNotEvaluated(c.status) ? `${c.title}: ${c.reason ?? c.message}` : c.title}`];
    if (c.status === 'fail' && c.remediation) lines.push(`${indent}          fix: ${c.remediation}`);
    return lines;
  });
}

function bucketLines(b: ScannedBucket, indent: string): string[] {
  return [`${indent}bucket ${b.name} (${b.why})${b.inaccessible ? ` — ${b.inaccessible}` : ''}`, ...checkLines(b.checks, `${indent}  `)];
}

function keyLines(k: ScannedKey, indent: string): string[] {
  return [`${indent}key ${k.arn}${k.inaccessible ? ` — ${k.inaccessible}` : ''}`, ...checkLines(k.checks, `${indent}  `)];
}

export function formatScanText(scan: AccountScan): string {
  const lines: string[] = [`TrailGuard scan of profile ${scan.profile}${scan.account ? `, account ${scan.account}` : ''}`];
  if (scan.error) {
    lines.push(`  unknown: the account could not be read: ${scan.error}`, '');
    return lines.join('\n') + '\n';
  }
  for (const r of scan.regions) {
    lines.push('', r.region);
    if (r.error) lines.push(`  unknown: ${r.error}`);
    if (!r.error && r.trails.length === 0) lines.push('  no trails in this region');
    lines.push(...checkLines(r.checks, '  '));
    for (const t of r.trails) {
      const tags = [t.isOrganizationTrail ? 'organization trail' : '', t.shadow ? `shadow of ${t.homeRegion}` : `home ${t.homeRegion}`].filter(Boolean).join(', ');
      lines.push(`  trail ${t.name} (${tags})`, ...checkLines(t.checks, '    '));
      if (t.bucket) lines.push(...bucketLines(t.bucket, '    '));
      if (t.key) lines.push(...keyLines(t.key, '    '));
    }
    for (const rec of r.recorders) lines.push(`  config recorder ${rec.name}`, ...checkLines(rec.checks, '    '));
    for (const store of r.eventDataStores ?? []) {
      lines.push(`  event data store ${store.name}${store.arn && store.arn !== store.name ? ` (${store.arn})` : ''}`, ...checkLines(store.checks, '    '));
    }
  }
  if (scan.otherBuckets.length) {
    lines.push('', 'other audit-log buckets');
    for (const b of scan.otherBuckets) lines.push(...bucketLines(b, '  '));
  }
  const count = (pred: (c: CheckResult) => boolean) => scan.findings.filter(pred).length;
  lines.push('', `${count((c) => c.status === 'pass')} passed, ${count((c) => c.status === 'fail')} failed (${count((c) => c.status === 'fail' && c.severity === 'error')} errors), ${count((c) => c.status === 'unknown')} unknown, ${count((c) => isNotEvaluated(c.status))} not checked (not applicable, off or opt-in)`);
  return lines.join('\n') + '\n';
}
