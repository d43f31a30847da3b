// AccountScan fixtures for the live view: one builder per scenario of issue 4 (compliant, failing, AccessDenied
// unknowns, no trails, expired credentials, organization trail from a member account, cross-account bucket).
import type { AccountScan, CheckResult, RegionScan, ScannedBucket, ScannedKey, ScannedTrail } from '../../src/live/types';
import { ruleById } from '../../src/core/rules';

export const ACCOUNT = '111122223333';
export const MGMT_ACCOUNT = '999988887777';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const titles: Record<string, string> = {
  TG101: 'Log file validation enabled',
  TG102: 'Multi-region trail',
  TG104: 'Trail is logging',
  TG120: 'Account has a logging multi-region trail',
  TG121: 'Trail is actually delivering',
  TG201: 'Object Lock enabled on trail bucket',
  TG202: 'Object Lock default retention',
  TG206: 'Bucket policy denies non-TLS',
  TG207: 'Bucket policy lets CloudTrail deliver',
  TG301: 'Key policy lets CloudTrail encrypt',
  TG303: 'Key rotation enabled',
  TG402: 'Config records global resource types',
  TG403: 'Config recorder is on',
};

export function check(ruleId: string, status: CheckResult['status'], over: Partial<CheckResult> = {}): CheckResult {
  return {
    ruleId,
    title: titles[ruleId] ?? ruleId,
    status,
    severity: 'error',
    resource: 'main',
    region: 'us-east-1',
    message: status === 'pass' ? `${titles[ruleId]}` : status === 'fail' ? `${titles[ruleId]}: not satisfied` : `${ruleId} could not be verified`,
    docUrl: `https://trailguard.example/rules/${ruleId}`,
    // As the scanner fills it: from the rule's live metadata.
    ...(ruleById(ruleId)?.meta.live ? { service: ruleById(ruleId)!.meta.live!.service } : {}),
    ...over,
  };
}

function trailChecks(status: (id: string) => CheckResult['status']): CheckResult[] {
  return [
    check('TG101', status('TG101'), {
      evidence: { DescribeTrails: { LogFileValidationEnabled: status('TG101') === 'pass' } },
      remediation: status('TG101') === 'fail' ? 'aws cloudtrail update-trail --name main --enable-log-file-validation --region us-east-1' : undefined,
      consoleUrl: 'https://console.aws.amazon.com/cloudtrail/home?region=us-east-1#/trails/main',
    }),
    check('TG104', 'pass', { evidence: { GetTrailStatus: { IsLogging: true } } }),
  ];
}

function bucket(name: string, status: (id: string) => CheckResult['status'], over: Partial<ScannedBucket> = {}): ScannedBucket {
  return {
    name,
    why: 'log bucket of trail main',
    checks: [
      check('TG201', status('TG201'), {
        resource: name,
        evidence: status('TG201') === 'pass'
          ? { GetObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } } }
          : { GetObjectLockConfiguration: { error: 'ObjectLockConfigurationNotFoundError' } },
      }),
      check('TG206', status('TG206'), {
        resource: name,
        severity: 'warning',
        evidence: { GetBucketPolicy: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } },
        remediation: status('TG206') === 'fail' ? `aws s3api put-bucket-policy --bucket ${name} --policy file://policy.json` : undefined,
      }),
    ],
    consoleUrl: `https://s3.console.aws.amazon.com/s3/buckets/${name}`,
    ...over,
  };
}

function key(status: (id: string) => CheckResult['status']): ScannedKey {
  return {
    arn: KEY_ARN,
    checks: [
      check('TG301', status('TG301'), { resource: KEY_ARN, evidence: { GetKeyPolicy: { Statement: [{ Sid: 'AllowCloudTrailEncrypt' }] } } }),
      check('TG303', status('TG303'), { resource: KEY_ARN, severity: 'warning', evidence: { GetKeyRotationStatus: { KeyRotationEnabled: status('TG303') === 'pass' } } }),
    ],
  };
}

function trail(over: Partial<ScannedTrail> = {}, status: (id: string) => CheckResult['status'] = () => 'pass'): ScannedTrail {
  return {
    name: 'main',
    arn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`,
    homeRegion: 'us-east-1',
    shadow: false,
    isOrganizationTrail: false,
    checks: trailChecks(status),
    bucket: bucket('acme-cloudtrail-logs', status),
    key: key(status),
    consoleUrl: 'https://console.aws.amazon.com/cloudtrail/home?region=us-east-1#/trails/main',
    ...over,
  };
}

function region(name: string, trails: ScannedTrail[], over: Partial<RegionScan> = {}): RegionScan {
  return {
    region: name,
    trails,
    checks: [
      check('TG120', trails.length ? 'pass' : 'fail', { resource: ACCOUNT, region: name, evidence: { DescribeTrails: { trailList: trails.map((t) => t.name) } } }),
      check('TG403', 'pass', { resource: ACCOUNT, region: name, evidence: { DescribeConfigurationRecorderStatus: [{ name: 'default', recording: true }] } }),
    ],
    recorders: [{ name: 'default', checks: [check('TG402', 'pass', { resource: 'default', region: name, severity: 'info' })] }],
    ...over,
  };
}

/** Collects every check of the tree, as the scanner's flat `findings`. */
function withFindings(scan: Omit<AccountScan, 'findings'>): AccountScan {
  const findings: CheckResult[] = [];
  for (const r of scan.regions) {
    findings.push(...r.checks, ...r.recorders.flatMap((x) => x.checks));
    for (const t of r.trails) findings.push(...t.checks, ...(t.bucket?.checks ?? []), ...(t.key?.checks ?? []));
  }
  for (const b of scan.otherBuckets) findings.push(...b.checks);
  return { ...scan, findings };
}

const times = { startedAt: '2026-11-21T23:50:00.000Z', finishedAt: '2026-11-21T23:50:07.000Z' };

export function compliantScan(): AccountScan {
  return withFindings({ profile: 'prod', account: ACCOUNT, regions: [region('us-east-1', [trail()])], otherBuckets: [], ...times });
}

/** TG101 (error) and TG206 (warning) fail; the rest pass. */
export function failingScan(): AccountScan {
  const failing = new Set(['TG101', 'TG206']);
  const status = (id: string) => (failing.has(id) ? 'fail' : 'pass') as CheckResult['status'];
  return withFindings({ profile: 'prod', account: ACCOUNT, regions: [region('us-east-1', [trail({}, status)])], otherBuckets: [], ...times });
}

/** The scanning role lacks s3:GetBucketPolicy and kms:GetKeyPolicy: those checks are unknown, nothing fails. */
export function accessDeniedScan(): AccountScan {
  const t = trail();
  t.bucket!.checks[1] = check('TG206', 'unknown', {
    resource: 'acme-cloudtrail-logs', severity: 'info',
    reason: 'AccessDenied: the scanning role lacks s3:GetBucketPolicy on acme-cloudtrail-logs',
  });
  t.key!.checks[0] = check('TG301', 'unknown', { resource: KEY_ARN, severity: 'info', reason: 'AccessDenied: missing kms:GetKeyPolicy' });
  return withFindings({ profile: 'auditor', account: ACCOUNT, regions: [region('us-east-1', [t])], otherBuckets: [], ...times });
}

/** eu-west-1 has no trail at all (TG120 fails there); us-east-1 has a single-region trail. */
export function noTrailsScan(): AccountScan {
  return withFindings({
    profile: 'dev', account: ACCOUNT,
    regions: [region('us-east-1', [trail()]), region('eu-west-1', [])],
    otherBuckets: [], ...times,
  });
}

export function expiredCredentialsScan(): AccountScan {
  return withFindings({
    profile: 'sso-dev',
    error: 'credentials expired — run `aws sso login --profile sso-dev`',
    regions: [], otherBuckets: [], ...times,
  });
}

/**
 * A member account sees the organization trail of the management account as a shadow trail; the log bucket lives
 * in the management account, so its checks are unknown.
 */
export function orgTrailScan(): AccountScan {
  const name = 'org-trail';
  const arn = `arn:aws:cloudtrail:us-east-1:${MGMT_ACCOUNT}:trail/${name}`;
  const orgTrail: ScannedTrail = {
    name, arn, homeRegion: 'us-east-1', shadow: true, isOrganizationTrail: true,
    checks: [check('TG101', 'pass', { resource: name, evidence: { DescribeTrails: { LogFileValidationEnabled: true, IsOrganizationTrail: true } } })],
    bucket: {
      name: 'org-audit-logs',
      why: `log bucket of trail ${name}`,
      inaccessible: `bucket belongs to another account (${MGMT_ACCOUNT})`,
      checks: [check('TG201', 'unknown', { resource: 'org-audit-logs', severity: 'info', reason: `bucket belongs to another account (${MGMT_ACCOUNT})` })],
    },
  };
  const shadowCopy: ScannedTrail = { name, arn, homeRegion: 'us-east-1', shadow: true, isOrganizationTrail: true, checks: [] };
  return withFindings({
    profile: 'member', account: ACCOUNT,
    regions: [region('us-east-1', [orgTrail]), region('eu-west-1', [shadowCopy])],
    otherBuckets: [], ...times,
  });
}

/** Our own trail delivers to a bucket in a central logging account we cannot read. */
export function crossAccountBucketScan(): AccountScan {
  const t = trail();
  t.bucket = {
    name: 'central-logs-444455556666',
    why: 'log bucket of trail main',
    inaccessible: 'bucket belongs to another account',
    checks: [],
  };
  return withFindings({ profile: 'prod', account: ACCOUNT, regions: [region('us-east-1', [t])], otherBuckets: [], ...times });
}

/** A region errored (opt-in region disabled) and one other audit bucket matched the patterns. */
export function regionErrorScan(): AccountScan {
  return withFindings({
    profile: 'prod', account: ACCOUNT,
    regions: [
      region('us-east-1', [trail()]),
      {
        region: 'ap-east-1', trails: [], recorders: [],
        error: 'UnrecognizedClientException: the region is not enabled for this account',
        // What the scanner could still evaluate: the coverage check is unknown, the missing recorder a fail.
        checks: [
          check('TG120', 'unknown', { resource: ACCOUNT, region: 'ap-east-1', severity: 'info', reason: 'trails could not be listed' }),
          check('TG403', 'fail', { resource: ACCOUNT, region: 'ap-east-1', message: 'No AWS Config recorder in this region' }),
        ],
      },
    ],
    otherBuckets: [bucket('acme-archive-logs', () => 'pass', { why: 'matches auditBucketPatterns acme-*-logs' })],
    ...times,
  });
}
