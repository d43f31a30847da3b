// `trailguard scan [--profile P ...] [--assume-role NAME] [--organization] [--region R ...] [--format text|json|sarif]
// [--config FILE] [--only failures] [--iac DIR]`: checks the live account(s) with the same rules as `lint`. Exit 0 = no
// error-severity failure, 1 = at least one, 2 = usage error or an account could not be read at all (credentials,
// STS, a role that cannot be assumed, an organization that cannot be listed).
import type { LintConfig } from '../core/config';
import { scanAccount } from '../live/scanAccount';
import { scanAccounts } from '../live/scanAccounts';
import { ageText } from '../live/aggregator/recordedAge';
import type { AccountScan, CheckResult, MultiAccountScan, ResourceOwnerLabel, ScannedBucket, ScannedKey } from '../live/types';
import { formatScanSarif } from './format/scanSarif';
import { runRecord } from '../evidence/report';
import { evidenceSettings } from '../evidence/settings';
import type { RunRecord } from '../evidence/types';
import { toolCommit } from './evidence';
import { version } from './version';
import type { Io } from './io';
import { helpText, parseCommand, type CommandSpec } from './command';
import { readConfig } from './configFile';
import { isNotEvaluated } from '../core/status';
import { iacFields, linkJson, linkSarif, linkScans, linkText, type ScanLink } from './scanLink';
import { retentionText, scanRetention } from './scanRetention';
import type { RetentionEntry } from '../evidence/retentionInPractice';

export const scanCommand: CommandSpec = {
  name: 'scan',
  summary: 'Check the live AWS account(s) of one or more profiles with read-only calls: every trail, its log bucket and its\n' +
    'KMS key, and the AWS Config recorders, each guardrail pass / fail / unknown (with the reason) / not applicable.',
  options: {
    profile: { type: 'string', short: 'p', multiple: true, arg: 'NAME', description: 'AWS profile to scan (default: AWS_PROFILE, else default); one account root each' },
    region: { type: 'string', short: 'r', multiple: true, arg: 'REGION', description: "region to scan (default: the profile's region)" },
    'assume-role': { type: 'string', arg: 'NAME', description: "role assumed in other accounts to read a trail's bucket or key there (and with --organization)" },
    'external-id': { type: 'string', arg: 'ID', description: 'external id for --assume-role' },
    'role-session-name': { type: 'string', arg: 'NAME', description: 'session name for --assume-role (default: trailguard)' },
    'role-duration': { type: 'string', arg: 'SECONDS', description: 'session duration for --assume-role' },
    organization: { type: 'boolean', description: 'scan every account of the organization through --assume-role (from the management account)' },
    'account-concurrency': { type: 'string', arg: 'N', description: 'accounts scanned at once with --organization (default: 32)' },
    aggregator: { type: 'string', arg: 'NAME', description: 'read every account from this AWS Config configuration aggregator (organization scale) instead of calling each' },
    'aggregator-region': { type: 'string', arg: 'REGION', description: "the aggregator's region (default: the profile's region)" },
    'max-age': { type: 'string', arg: 'HOURS', description: 'with --aggregator: recorded data older than this is unknown, not a verdict (default: 24)' },
    format: { type: 'string', short: 'f', default: 'text', arg: 'FORMAT', description: 'output: text, json or sarif' },
    only: { type: 'string', arg: 'failures', description: 'text output: only the failing checks' },
    config: { type: 'string', short: 'c', arg: 'FILE', description: 'settings file (default: .trailguard.yaml in the current folder, if any)' },
    'audit-bucket': { type: 'string', multiple: true, arg: 'GLOB', description: 'also check buckets whose name matches (audit-log buckets not linked to a trail)' },
    iac: { type: 'string', arg: 'DIR', description: 'link each live trail, bucket and key to its definition in DIR (Terraform, CloudFormation) and report drift' },
    'retention-in-practice': { type: 'boolean', description: "also read each trail's log bucket: oldest log object, retain-until of a sample, delivery gaps (24 h)" },
    help: { type: 'boolean', short: 'h', description: 'print this help' },
  },
  examples: [
    'trailguard scan --profile prod-audit --region us-east-1 --region eu-west-1',
    'trailguard scan -p management -p log-archive -p security --format json > scan.json',
    'trailguard scan -p management --organization --assume-role TrailGuardAudit --only failures',
    'trailguard scan -p management --aggregator org-aggregator --assume-role TrailGuardAudit',
    'trailguard scan -p prod-audit --iac infra/ --format json   # where each resource is defined, and drift',
  ],
  notes: [
    'exit codes: 0 no error-severity failure; 1 an error-severity failure; 2 usage error, or an account or region\n' +
    'could not be read at all (credentials, AccessDenied on DescribeTrails): never green when unknown.',
  ],
};

interface ScanValues {
  profile?: string[]; region?: string[]; 'assume-role'?: string; 'external-id'?: string; 'role-session-name'?: string;
  'role-duration'?: string; organization?: boolean; 'account-concurrency'?: string; format?: string; only?: string;
  aggregator?: string; 'aggregator-region'?: string; 'max-age'?: string;
  config?: string; 'audit-bucket'?: string[]; iac?: string; 'retention-in-practice'?: boolean; help?: boolean;
}

export async function runScan(argv: string[], io: Io): Promise<number> {
  let values: ScanValues;
  try {
    values = parseCommand(scanCommand, argv).values as ScanValues;
  } catch (err) {
    io.stderr(`trailguard scan: ${(err as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(helpText(scanCommand));
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
  if (values.only !== undefined && values.only !== 'failures') {
    io.stderr(`trailguard scan: unknown --only ${values.only} (failures)\n`);
    return 2;
  }
  const duration = values['role-duration'] !== undefined ? Number(values['role-duration']) : undefined;
  const concurrency = values['account-concurrency'] !== undefined ? Number(values['account-concurrency']) : undefined;
  if ((duration !== undefined && !(Number.isInteger(duration) && duration >= 900 && duration <= 43_200)) ||
      (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1))) {
    io.stderr('trailguard scan: --role-duration takes 900–43200 seconds, --account-concurrency a positive integer\n');
    return 2;
  }
  const maxAge = values['max-age'] !== undefined ? Number(values['max-age']) : undefined;
  if (maxAge !== undefined && !(Number.isFinite(maxAge) && maxAge > 0)) {
    io.stderr('trailguard scan: --max-age takes a positive number of hours\n');
    return 2;
  }
  if (values.organization && !values['assume-role']) {
    io.stderr('trailguard scan: --organization needs --assume-role NAME (the role each member account is read through)\n');
    return 2;
  }
  const regions = (values.region ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  const profiles = values.profile ?? [];
  const common = {
    regions,
    auditBucketPatterns: values['audit-bucket'],
    ruleOptions: config,
    ruleSettings: config?.rules,
    // --iac: the scenes stay on the scan so that live entities can be compared with their definitions.
    ...(values.iac !== undefined ? { keepScenes: true } : {}),
    ...(values['assume-role'] ? {
      assumeRole: {
        roleName: values['assume-role'],
        ...(values['external-id'] ? { externalId: values['external-id'] } : {}),
        ...(values['role-session-name'] ? { sessionName: values['role-session-name'] } : {}),
        ...(duration ? { durationSeconds: duration } : {}),
      },
    } : {}),
  };
  const onlyFailures = values.only === 'failures';
  const aggregator = values.aggregator ? {
    name: values.aggregator,
    ...(values['aggregator-region'] ? { region: values['aggregator-region'] } : {}),
    ...(maxAge !== undefined ? { maxAgeHours: maxAge } : {}),
  } : undefined;
  if (profiles.length <= 1 && !values.organization && !aggregator) {
    const scan = await scanAccount({ profile: profiles[0], ...common });
    const run = scanRunRecord([scan], config, values.config, values['audit-bucket']);
    const link = values.iac !== undefined ? await linkScans(values.iac, [scan], config) : undefined;
    if (values.iac !== undefined && !link) return missingIac(values.iac, io);
    const retention = values['retention-in-practice'] ? await scanRetention([scan], profiles, common.assumeRole, config) : undefined;
    if (format === 'json') io.stdout(formatScanJson(scan, run, link, retention));
    else if (format === 'sarif') io.stdout(formatScanSarif([scan], run, link ? linkSarif(link) : undefined));
    else io.stdout(formatScanText(scan, { onlyFailures }) + (link ? linkText(link) : '') + retentionText(retention));
    if (scan.error) {
      io.stderr(`trailguard scan: could not read account of profile ${scan.profile}: ${scan.error}\n`);
      return 2;
    }
    if (scan.findings.some((f) => f.status === 'fail' && f.severity === 'error')) return 1;
    return unreadRegions([scan], io) || unreadIac(link, io) ? 2 : 0;
  }
  const multi = await scanAccounts({ profiles, organization: values.organization, ...(concurrency ? { accountConcurrency: concurrency } : {}), ...(aggregator ? { aggregator } : {}), ...common });
  const run = scanRunRecord(multi.accounts, config, values.config, values['audit-bucket']);
  const link = values.iac !== undefined ? await linkScans(values.iac, multi.accounts, config) : undefined;
  if (values.iac !== undefined && !link) return missingIac(values.iac, io);
  const retention = values['retention-in-practice'] ? await scanRetention(multi.accounts, profiles, common.assumeRole, config) : undefined;
  if (format === 'json') io.stdout(formatMultiScanJson(multi, run, link, retention));
  else if (format === 'sarif') io.stdout(formatScanSarif(multi.accounts, run, link ? linkSarif(link) : undefined));
  else io.stdout(multi.accounts.map((a) => formatScanText(a, { onlyFailures, summary: false })).join('\n') + '\n' + summaryLine(multi.findings) + '\n' + (link ? linkText(link) : '') + retentionText(retention));
  let unreadable = false;
  // The accounts were scanned directly instead: complete, but not what was asked for.
  if (multi.aggregatorError) io.stderr(`trailguard scan: ${multi.aggregatorError}\n`);
  if (multi.organizationError) {
    io.stderr(`trailguard scan: ${multi.organizationError}\n`);
    unreadable = true;
  }
  for (const a of multi.accounts.filter((a) => a.error)) {
    io.stderr(`trailguard scan: could not read account ${a.account ?? `of profile ${a.profile}`}${a.via ? ` (${a.via})` : ''}: ${a.error}\n`);
    unreadable = true;
  }
  if (unreadable) return 2;
  if (multi.findings.some((f) => f.status === 'fail' && f.severity === 'error')) return 1;
  return unreadRegions(multi.accounts, io) || unreadIac(link, io) ? 2 : 0;
}

function missingIac(dir: string, io: Io): number {
  io.stderr(`trailguard scan: --iac ${dir}: no such file or directory\n`);
  return 2;
}

/** Drift never changes the exit code; a file of --iac DIR that could not be read or parsed does (never silent). */
function unreadIac(link: ScanLink | undefined, io: Io): boolean {
  if (!link?.errors.length) return false;
  io.stderr(`trailguard scan: --iac: ${link.errors.length} problem${link.errors.length === 1 ? '' : 's'} reading or parsing the code: links and drift may be incomplete\n`);
  return true;
}

/**
 * A region that could not be read at all (DescribeTrails failed) is unknown at that level: said on stderr, and the
 * scan exits 2 unless an error-severity failure already makes it 1 (never 0: part of the account was not checked).
 */
function unreadRegions(accounts: AccountScan[], io: Io): boolean {
  let any = false;
  for (const a of accounts) {
    for (const r of a.regions.filter((r) => r.error)) {
      const where = accounts.length > 1 ? ` of account ${a.account ?? a.profile}` : '';
      io.stderr(`trailguard scan: region ${r.region}${where} could not be read: ${r.error}\n`);
      any = true;
    }
  }
  return any;
}

/** The evidence report's run record: who scanned, with which version, settings, endpoint and regions. */
function scanRunRecord(scans: AccountScan[], config: Partial<LintConfig> | undefined, configFile: string | undefined, auditBuckets: string[] | undefined): RunRecord {
  const settings = evidenceSettings({ ...config, auditBucketPatterns: [...(config?.auditBucketPatterns ?? []), ...(auditBuckets ?? [])] }, configFile ?? '.trailguard.yaml');
  return runRecord(scans, { tool: { version, commit: toolCommit() }, settings }, new Date().toISOString());
}

/** Several accounts: each with how it was reached; every finding names its account. */
export function formatMultiScanJson(scan: MultiAccountScan, run?: RunRecord, link?: ScanLink, retention?: RetentionEntry[]): string {
  return JSON.stringify({
    version: 1,
    ...(run ? { run } : {}),
    accounts: scan.accounts.map((a) => ({
      account: a.account ?? null,
      name: a.accountName ?? null,
      profile: a.profile,
      via: a.via ?? null,
      callerArn: a.callerArn ?? null,
      ...(a.source ? { source: a.source } : {}),
      ...(a.error ? { error: a.error } : {}),
    })),
    ...(scan.organizationError ? { organizationError: scan.organizationError } : {}),
    ...(scan.aggregator ? { aggregator: scan.aggregator } : {}),
    ...(scan.aggregatorError ? { aggregatorError: scan.aggregatorError } : {}),
    findings: scan.findings.map((f) => ({ account: f.account ?? null, ...findingJson(f), ...(link ? iacFields(link, f) : {}) })),
    ...(link ? { iac: linkJson(link) } : {}),
    ...(retention ? { retentionInPractice: retention } : {}),
  }, null, 2) + '\n';
}

/** The stable machine format (version 1), one entry per check. */
export function formatScanJson(scan: AccountScan, run?: RunRecord, link?: ScanLink, retention?: RetentionEntry[]): string {
  return JSON.stringify({
    version: 1,
    ...(run ? { run } : {}),
    account: scan.account ?? null,
    profile: scan.profile,
    ...(scan.error ? { error: scan.error } : {}),
    findings: scan.findings.map((f) => ({ ...findingJson(f), ...(link ? iacFields(link, f) : {}) })),
    ...(link ? { iac: linkJson(link) } : {}),
    ...(retention ? { retentionInPractice: retention } : {}),
  }, null, 2) + '\n';
}

/** A severity belongs to a failure (and an unknown, always `info`): a pass or a rule that did not run has none. */
function findingJson(f: CheckResult) {
  return {
    ruleId: f.ruleId,
    status: f.status,
    ...(f.status === 'fail' || f.status === 'unknown' ? { severity: f.severity } : {}),
    resource: f.resource,
    ...(f.subject ? { subject: f.subject } : {}),
    region: f.region ?? null,
    message: f.message,
    reason: f.reason ?? null,
    evidence: f.evidence ?? {},
    ...(f.recorded ? { recorded: f.recorded } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Text: the tree the editor shows, indented.

const mark: Record<CheckResult['status'], string> = { pass: 'pass   ', fail: 'FAIL   ', unknown: 'unknown', notApplicable: 'n/a    ', off: 'off    ', optInNotEnabled: 'opt-in ' };

interface TextOptions {
  /** `--only failures`: failing checks only, under the resources that hold them. */
  onlyFailures?: boolean;
  /** The closing count line (off for each account of a multi-account scan, which ends with one total). */
  summary?: boolean;
}

let textOptions: TextOptions = {};

function shown(checks: CheckResult[]): CheckResult[] {
  return textOptions.onlyFailures ? checks.filter((c) => c.status === 'fail') : checks;
}

function ownerText(owner: ResourceOwnerLabel | undefined): string {
  if (!owner) return '';
  return ` [account ${owner.account}${owner.name ? ` ${owner.name}` : ''}${owner.via ? `, via ${owner.via}` : ', not reachable'}]`;
}

function checkLines(checks: CheckResult[], indent: string): string[] {
  return shown(checks).flatMap((c) => {
    const lines = [`${indent}${mark[c.status]} ${c.ruleId}${c.subject ? ` (${c.subject})` : ''} ${c.status === 'fail' ? `${c.severity}: ${c.message}` : c.status === 'unknown' || isNotEvaluated(c.status) ? `${c.title}: ${c.reason ?? c.message}` : c.title}${recordedText(c)}`];
    if (c.status === 'fail' && c.remediation) lines.push(`${indent}          fix: ${c.remediation}`);
    return lines;
  });
}

/** A verdict on AWS Config's recorded data says how old that data is (a stale one already says so in its reason). */
function recordedText(c: CheckResult): string {
  if (!c.recorded || c.status === 'unknown') return '';
  const t = Date.parse(c.recorded.capturedAt);
  return Number.isNaN(t) ? ' [AWS Config]' : ` [AWS Config, recorded ${ageText(Date.now() - t)} ago]`;
}

function bucketLines(b: ScannedBucket, indent: string): string[] {
  const checks = checkLines(b.checks, `${indent}  `);
  if (textOptions.onlyFailures && checks.length === 0) return [];
  return [`${indent}bucket ${b.name}${ownerText(b.owner)} (${b.why})${b.inaccessible ? ` — ${b.inaccessible}` : ''}`, ...checks];
}

function keyLines(k: ScannedKey, indent: string): string[] {
  const checks = checkLines(k.checks, `${indent}  `);
  if (textOptions.onlyFailures && checks.length === 0) return [];
  return [`${indent}key ${k.arn}${ownerText(k.owner)}${k.inaccessible ? ` — ${k.inaccessible}` : ''}`, ...checks];
}

function accountHeading(scan: AccountScan): string {
  const via = scan.via && scan.via !== `profile ${scan.profile}` ? ` via ${scan.via}` : '';
  const account = scan.account ? `, account ${scan.account}${scan.accountName ? ` (${scan.accountName})` : ''}` : '';
  return `TrailGuard scan of profile ${scan.profile}${account}${via}`;
}

function summaryLine(findings: CheckResult[]): string {
  const count = (pred: (c: CheckResult) => boolean) => findings.filter(pred).length;
  return `${count((c) => c.status === 'pass')} passed, ${count((c) => c.status === 'fail')} failed (${count((c) => c.status === 'fail' && c.severity === 'error')} errors), ${count((c) => c.status === 'unknown')} unknown, ${count((c) => isNotEvaluated(c.status))} not checked (not applicable, off or opt-in)`;
}

export function formatScanText(scan: AccountScan, options: TextOptions = {}): string {
  textOptions = options;
  try {
    return scanText(scan, options.summary !== false);
  } finally {
    textOptions = {};
  }
}

function scanText(scan: AccountScan, summary: boolean): string {
  const lines: string[] = [accountHeading(scan)];
  if (scan.error) {
    lines.push(`  unknown: the account could not be read: ${scan.error}`, '');
    return lines.join('\n') + '\n';
  }
  for (const r of scan.regions) {
    lines.push('', r.region);
    if (r.error) lines.push(`  unknown: ${r.error}`);
    if (!r.error && r.trails.length === 0) lines.push('  no trails in this region');
    lines.push(...checkLines(r.checks, '  '));
    /** A resource heading with what is under it; with --only failures, nothing when nothing under it failed. */
    const block = (heading: string, under: string[]) => {
      if (!textOptions.onlyFailures || under.length) lines.push(heading, ...under);
    };
    for (const t of r.trails) {
      const tags = [t.isOrganizationTrail ? 'organization trail' : '', t.shadow ? `shadow of ${t.homeRegion}` : `home ${t.homeRegion}`].filter(Boolean).join(', ');
      block(`  trail ${t.name} (${tags})`, [
        ...checkLines(t.checks, '    '),
        ...(t.bucket ? bucketLines(t.bucket, '    ') : []),
        ...(t.key ? keyLines(t.key, '    ') : []),
      ]);
    }
    for (const rec of r.recorders) block(`  config recorder ${rec.name}`, checkLines(rec.checks, '    '));
    for (const store of r.eventDataStores ?? []) {
      block(`  event data store ${store.name}${store.arn && store.arn !== store.name ? ` (${store.arn})` : ''}`, checkLines(store.checks, '    '));
    }
  }
  if (scan.otherBuckets.length) {
    lines.push('', 'other audit-log buckets');
    for (const b of scan.otherBuckets) lines.push(...bucketLines(b, '  '));
  }
  if (summary) lines.push('', summaryLine(scan.findings));
  return lines.join('\n') + '\n';
}
