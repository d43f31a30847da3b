// What the user sees when the scanner could not look: every check it could not verify is unknown with a reason
// they can act on (the IAM action to grant, "throttled", "credentials expired"), never a silent pass or a
// false fail. Faults are injected by the local endpoint in the real error shapes of each protocol.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scanAccount } from '../../src/live/scanAccount';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { runScenario, scenario, statusesOf, unknownReasons, withAwsEnv } from './harness';

const TRAIL = 'org-audit';
const BUCKET = 'acme-audit-logs-111122223333';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const REGION_ANCHOR = '111122223333 (us-east-1)';

/** Non-passing checks of a scan as `resource ruleId → reason`. */
function unknowns(scan: Awaited<ReturnType<typeof runScenario>>['scan']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of scan.findings) {
    assert.notStrictEqual(f.status, 'fail', `${f.ruleId} on ${f.resource} failed: ${f.message}`);
    if (f.status === 'unknown') out[`${f.resource} ${f.ruleId}`] = f.reason ?? '';
  }
  return out;
}

describe('live scan: AccessDenied on each call', function () {
  const perm = (action: string) => `missing IAM permission ${action}`;
  // Each denied call, and exactly the checks that depend on it, with the IAM action to grant. Checks with
  // another source for their verdict stay green (Object Lock implies versioning for TG203, the Public Access
  // Block neutralises ACLs for TG212).
  const table: { operation: string; expect: Record<string, string> }[] = [
    { operation: 'DescribeTrails', expect: { [`${REGION_ANCHOR} TG120`]: perm('cloudtrail:DescribeTrails') } },
    {
      operation: 'GetTrailStatus',
      expect: {
        [`${TRAIL} TG104`]: `\`IsLogging\`: ${perm('cloudtrail:GetTrailStatus')}`,
        [`${TRAIL} TG106`]: perm('cloudtrail:GetTrailStatus'),
        [`${TRAIL} TG121`]: perm('cloudtrail:GetTrailStatus'),
        [`${REGION_ANCHOR} TG120`]: perm('cloudtrail:GetTrailStatus'),
      },
    },
    {
      operation: 'GetEventSelectors',
      expect: {
        [`${TRAIL} TG108`]: perm('cloudtrail:GetEventSelectors'),
        [`${TRAIL} TG109`]: perm('cloudtrail:GetEventSelectors'),
        [`${REGION_ANCHOR} TG120`]: perm('cloudtrail:GetEventSelectors'),
      },
    },
    { operation: 'ListBuckets', expect: {} },
    { operation: 'GetBucketVersioning', expect: { [`${BUCKET} TG204`]: perm('s3:GetBucketVersioning') } },
    {
      operation: 'GetObjectLockConfiguration',
      expect: { [`${BUCKET} TG201`]: perm('s3:GetBucketObjectLockConfiguration'), [`${BUCKET} TG202`]: perm('s3:GetBucketObjectLockConfiguration') },
    },
    {
      operation: 'GetBucketPolicy',
      expect: Object.fromEntries(['TG206', 'TG207', 'TG208', 'TG212', 'TG213'].map((id) => [`${BUCKET} ${id}`, perm('s3:GetBucketPolicy')])),
    },
    // The operation name is the same for S3 (bucket) and S3 Control (account): both levels are denied.
    {
      operation: 'GetPublicAccessBlock',
      expect: { [`${BUCKET} TG205`]: `${perm('s3:GetBucketPublicAccessBlock')}; the account-level block could not be read either (${perm('s3:GetAccountPublicAccessBlock')})` },
    },
    { operation: 'GetBucketLogging', expect: { [`${BUCKET} TG209`]: perm('s3:GetBucketLogging') } },
    { operation: 'GetBucketLifecycleConfiguration', expect: { [`${BUCKET} TG210`]: perm('s3:GetLifecycleConfiguration') } },
    { operation: 'GetBucketEncryption', expect: { [`${BUCKET} TG211`]: perm('s3:GetEncryptionConfiguration') } },
    { operation: 'GetBucketAcl', expect: {} },
    { operation: 'GetBucketPolicyStatus', expect: {} },
    { operation: 'GetBucketTagging', expect: {} },
    { operation: 'DescribeKey', expect: { [`${KEY} TG305`]: perm('kms:DescribeKey') } },
    { operation: 'GetKeyPolicy', expect: Object.fromEntries(['TG301', 'TG302', 'TG304', 'TG306'].map((id) => [`${KEY} ${id}`, perm('kms:GetKeyPolicy')])) },
    { operation: 'GetKeyRotationStatus', expect: { [`${KEY} TG303`]: perm('kms:GetKeyRotationStatus') } },
    {
      operation: 'DescribeConfigurationRecorders',
      expect: {
        'configuration recorder TG401': `\`recordingGroup.recordingStrategy.useOnly\`: ${perm('config:DescribeConfigurationRecorders')}`,
        'configuration recorder TG402': `\`recordingGroup.includeGlobalResourceTypes\`: ${perm('config:DescribeConfigurationRecorders')}`,
        'configuration recorder TG403': `\`recording\`: ${perm('config:DescribeConfigurationRecorders')}`,
      },
    },
    { operation: 'DescribeConfigurationRecorderStatus', expect: { 'default TG403': `\`recording\`: ${perm('config:DescribeConfigurationRecorderStatus')}` } },
  ];
  for (const { operation, expect } of table) {
    it(`${operation} denied → ${Object.keys(expect).length ? Object.keys(expect).map((k) => k.split(' ').pop()).join(', ') + ' unknown' : 'no check depends on it alone'}`, async () => {
      const { scan, calls } = await runScenario(scenario('compliant', [{ operation, error: 'AccessDenied' }]), { regions: ['us-east-1'] });
      assert.ok(calls.some((c) => c.operation === operation && c.status >= 400), `${operation} was called and denied`);
      assert.deepStrictEqual(unknowns(scan), expect);
    });
  }

  it('GetCallerIdentity denied → the whole account is unknown, with the reason', async () => {
    const { scan } = await runScenario(scenario('compliant', [{ operation: 'GetCallerIdentity', error: 'AccessDenied' }]), { regions: ['us-east-1'] });
    assert.strictEqual(scan.error, 'missing IAM permission sts:GetCallerIdentity');
    assert.deepStrictEqual(scan.findings, []);
  });

  it('DescribeTrails denied → the region says why it has no trails', async () => {
    const { scan } = await runScenario(scenario('compliant', [{ operation: 'DescribeTrails', error: 'AccessDenied' }]), { regions: ['us-east-1'] });
    assert.strictEqual(scan.regions[0]!.error, 'trails could not be listed: missing IAM permission cloudtrail:DescribeTrails');
  });
});

describe('live scan: throttling', function () {
  this.timeout(60_000);

  it('recovers when S3 stops answering SlowDown within the retry budget', async () => {
    const { scan, calls } = await runScenario(scenario('compliant', [{ operation: 'GetBucketLogging', error: 'Throttling', times: 2 }]), { regions: ['us-east-1'] });
    assert.deepStrictEqual(calls.filter((c) => c.operation === 'GetBucketLogging').map((c) => `${c.status} ${c.errorCode ?? ''}`.trim()), ['503 SlowDown', '503 SlowDown', '200']);
    assert.strictEqual(statusesOf(scan, BUCKET).TG209, 'pass');
    assert.deepStrictEqual(unknowns(scan), {});
  });

  it('recovers when CloudTrail stops answering ThrottlingException', async () => {
    const { scan, calls } = await runScenario(scenario('compliant', [{ operation: 'DescribeTrails', error: 'Throttling', times: 1 }]), { regions: ['us-east-1'] });
    assert.deepStrictEqual(calls.filter((c) => c.operation === 'DescribeTrails').map((c) => `${c.status} ${c.errorCode ?? ''}`.trim()), ['400 ThrottlingException', '200']);
    assert.deepStrictEqual(unknowns(scan), {});
  });

  it('gives up after the retry budget and says so on the dependent checks', async () => {
    const { scan, calls } = await runScenario(scenario('compliant', [{ operation: 'GetKeyRotationStatus', error: 'Throttling' }]), { regions: ['us-east-1'], maxAttempts: 3 });
    assert.strictEqual(calls.filter((c) => c.operation === 'GetKeyRotationStatus').length, 3);
    assert.deepStrictEqual(unknowns(scan), { [`${KEY} TG303`]: 'kms:GetKeyRotationStatus throttled after 2 retries' });
  });
});

describe('live scan: expired credentials', function () {
  it('makes the whole account unknown with the SSO login command when STS rejects the token of an SSO profile', async () => {
    const { scan, calls } = await runScenario(scenario('compliant', [{ operation: '*', error: 'ExpiredToken' }]), { regions: ['us-east-1'], ssoProfile: true });
    assert.strictEqual(scan.error, 'credentials expired — run `aws sso login --profile test`');
    assert.deepStrictEqual(scan.regions, []);
    // Nothing else is attempted with a dead token.
    assert.deepStrictEqual(calls.map((c) => `${c.operation} ${c.errorCode}`), ['GetCallerIdentity ExpiredToken']);
  });

  it('asks to refresh the session credentials of a profile that is not SSO', async () => {
    const { scan } = await runScenario(scenario('compliant', [{ operation: '*', error: 'ExpiredToken' }]), { regions: ['us-east-1'] });
    assert.strictEqual(scan.error, 'credentials expired — refresh the session credentials of profile test (for an SSO profile: `aws sso login --profile test`)');
  });

  it('marks the checks of calls made after the token expired unknown', async () => {
    const { scan } = await runScenario(scenario('compliant', [{ operation: 'GetBucketVersioning', error: 'ExpiredToken' }]), { regions: ['us-east-1'], ssoProfile: true });
    assert.deepStrictEqual(unknownReasons(scan, BUCKET), { TG204: 'credentials expired — run `aws sso login --profile test`' });
  });

  it('recognises the SDK\'s own "SSO session expired" error before any request is sent', async () => {
    const endpoint = await startAwsEndpoint({ scenario: scenario('compliant') });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-sso-'));
    const configFile = path.join(dir, 'config');
    fs.writeFileSync(configFile, [
      '[profile sso-user]', 'sso_session = corp', 'sso_account_id = 111122223333', 'sso_role_name = Audit', 'region = us-east-1', `endpoint_url = ${endpoint.url}`, '',
      '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1', '',
    ].join('\n'));
    try {
      // HOME points at an empty folder: there is no cached SSO token, as after it expired and was cleared.
      const scan = await withAwsEnv({ AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none') }, () =>
        withHome(dir, () => scanAccount({ profile: 'sso-user', maxAttempts: 1 })));
      assert.strictEqual(scan.error, 'credentials expired — run `aws sso login --profile sso-user`');
      assert.deepStrictEqual(endpoint.calls, []);
    } finally {
      await endpoint.close();
    }
  });
});

async function withHome<T>(home: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.HOME;
  process.env.HOME = home;
  try {
    return await fn();
  } finally {
    process.env.HOME = saved;
  }
}

describe('live scan: cancellation and timeouts', function () {
  it('stops when the signal is aborted and reports the scan as cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { scan, calls } = await runScenario(scenario('compliant'), { regions: ['us-east-1'], signal: controller.signal });
    assert.strictEqual(scan.error, 'scan cancelled');
    assert.deepStrictEqual(calls, []);
  });

  it('aborts calls in flight', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { scan } = await runScenario(scenario('compliant'), { regions: ['us-east-1'], signal: controller.signal, latencyMs: 60 });
    assert.ok(scan.error === 'scan cancelled' || scan.findings.some((f) => f.reason === 'scan cancelled'), JSON.stringify(scan.findings.map((f) => f.reason)));
  });

  it('times a slow call out instead of hanging', async () => {
    const { scan } = await runScenario(scenario('compliant'), { regions: ['us-east-1'], latencyMs: 400, callTimeoutMs: 100, maxAttempts: 1 });
    assert.strictEqual(scan.error, 'sts:GetCallerIdentity timed out after 0.1 s');
  });
});
