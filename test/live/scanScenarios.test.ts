// The live scanner end to end against the local AWS endpoint: real SDK clients, a profile with endpoint_url,
// and the same rules as the IaC lint.
import * as assert from 'assert';
import { allRules } from '../../src/core/rules';
import { findingsOf, runScenario, scenario, statusesOf, unknownReasons } from './harness';

const TRAIL = 'org-audit';
const BUCKET = 'acme-audit-logs-111122223333';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const REGION_ANCHOR = '111122223333 (us-east-1)';

/** Default-on live rules of a family (TG1xx, TG2xx...), from the registry: what a compliant account must pass. */
function liveRules(prefix: string, except: string[] = []): string[] {
  return allRules
    .filter((r) => r.meta.surfaces.includes('live') && !r.meta.optIn && r.meta.id.startsWith(prefix) && !except.includes(r.meta.id))
    .map((r) => r.meta.id);
}

function allPass(ids: string[]): Record<string, 'pass'> {
  return Object.fromEntries(ids.map((id) => [id, 'pass' as const]));
}

/** A trail's statuses on an account without opt-ins: every default rule passes, TG112 (opt-in) says so, never pass. */
const TRAIL_PASSES = { ...allPass(liveRules('TG1', ['TG110', 'TG120'])), TG112: 'optInNotEnabled' };
/** The region-level checks besides TG120 without opt-ins: TG111 (opt-in, not enabled). */
const REGION_OPT_INS = { TG111: 'optInNotEnabled' };

describe('live scan: fully compliant account', function () {
  it('passes every default live check on the trail, its bucket, its key and the recorder', async () => {
    const { scan } = await runScenario(scenario('compliant'), { regions: ['us-east-1'] });
    assert.strictEqual(scan.error, undefined);
    assert.strictEqual(scan.account, '111122223333');
    assert.strictEqual(scan.profile, 'test');
    // TG110 (event data stores) and TG120 (account level) are not trail checks.
    assert.deepStrictEqual(statusesOf(scan, TRAIL), TRAIL_PASSES);
    assert.deepStrictEqual(statusesOf(scan, BUCKET), allPass(liveRules('TG2')));
    assert.deepStrictEqual(statusesOf(scan, KEY), allPass(liveRules('TG3')));
    assert.deepStrictEqual(statusesOf(scan, 'default'), { ...allPass(liveRules('TG4')), TG404: 'optInNotEnabled' });
    assert.deepStrictEqual(statusesOf(scan, REGION_ANCHOR), { TG120: 'pass', ...REGION_OPT_INS });
    assert.deepStrictEqual(scan.findings.filter((f) => f.status === 'fail' || f.status === 'unknown'), []);
    // Opt-in rules nobody enabled say so, with how to enable them; they are never counted as passes.
    assert.deepStrictEqual(findingsOf(scan, TRAIL, 'TG112').map((f) => [f.status, f.reason]), [['optInNotEnabled', 'opt-in rule, not enabled (add TG112 to optIn)']]);
  });

  it('builds the tree region → trail → bucket → key with doc links, and no console links for a non-AWS endpoint', async () => {
    const { scan } = await runScenario(scenario('compliant'), { regions: ['us-east-1'] });
    const [region] = scan.regions;
    assert.strictEqual(region?.region, 'us-east-1');
    const trail = region.trails[0]!;
    assert.strictEqual(trail.name, TRAIL);
    assert.strictEqual(trail.shadow, false);
    assert.strictEqual(trail.bucket?.name, BUCKET);
    assert.strictEqual(trail.bucket?.why, 'log bucket of arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit');
    assert.strictEqual(trail.key?.arn, KEY);
    // The test endpoint is not AWS: no "Open in AWS Console" link would lead anywhere real.
    assert.strictEqual(trail.consoleUrl, undefined);
    assert.deepStrictEqual(scan.findings.filter((f) => f.consoleUrl !== undefined), []);
    const tg201 = findingsOf(scan, BUCKET, 'TG201')[0]!;
    assert.strictEqual(tg201.docUrl, 'https://github.com/trailguard/trailguard/blob/main/docs/rules/TG201.md');
    assert.deepStrictEqual(tg201.evidence, {
      GetObjectLockConfiguration: { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } } },
    });
    assert.deepStrictEqual(region.recorders.map((r) => r.name), ['default']);
    assert.deepStrictEqual(scan.otherBuckets, []);
  });

  it('sends every call, signed, to the configured endpoint and only the read-only calls of the issue', async () => {
    const { calls, endpointUrl } = await runScenario(scenario('compliant'), { regions: ['us-east-1'] });
    const host = endpointUrl.replace('http://', '');
    assert.ok(calls.length > 0);
    assert.deepStrictEqual(calls.filter((c) => c.host !== host || !c.signed), []);
    assert.deepStrictEqual([...new Set(calls.map((c) => `${c.service}:${c.operation}`))].sort(), [
      'cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus', 'cloudtrail:ListEventDataStores',
      'config:DescribeConfigurationRecorderStatus', 'config:DescribeConfigurationRecorders', 'ec2:DescribeRegions',
      'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListAliases',
      's3:GetBucketAcl', 's3:GetBucketEncryption', 's3:GetBucketLifecycleConfiguration', 's3:GetBucketLogging',
      's3:GetBucketPolicy', 's3:GetBucketPolicyStatus', 's3:GetBucketTagging', 's3:GetBucketVersioning',
      's3:GetObjectLockConfiguration', 's3:GetPublicAccessBlock', 's3:ListBuckets', 's3control:GetPublicAccessBlock', 'sts:GetCallerIdentity',
    ].sort());
    // Lifecycle is "not configured" on a compliant bucket (MFA Delete and lifecycle exclude each other).
    assert.deepStrictEqual(calls.filter((c) => c.status >= 400).map((c) => `${c.operation} ${c.errorCode}`).sort(), [
      'GetBucketLifecycleConfiguration NoSuchLifecycleConfiguration',
      'GetBucketTagging NoSuchTagSet',
      // The compliant account has no account-level block: its bucket has its own.
      'GetPublicAccessBlock NoSuchPublicAccessBlockConfiguration',
    ]);
  });
});

describe('live scan: every rule failing', function () {
  it('fails each trail rule on the stopped single-region trail', async () => {
    const { scan } = await runScenario(scenario('failing'), { regions: ['us-east-1'] });
    assert.deepStrictEqual(statusesOf(scan, 'legacy'), {
      TG101: 'fail', TG102: 'fail', TG103: 'fail', TG104: 'fail', TG105: 'fail', TG106: 'fail', TG108: 'fail', TG109: 'fail', TG112: 'optInNotEnabled', TG121: 'fail',
    });
    assert.deepStrictEqual(statusesOf(scan, 'unrotated'), statusesOf(scan, 'encrypted'));
    assert.deepStrictEqual(statusesOf(scan, 'encrypted'), {
      TG101: 'pass', TG102: 'pass', TG103: 'pass', TG104: 'fail', TG105: 'pass', TG106: 'pass', TG108: 'pass', TG109: 'pass', TG112: 'optInNotEnabled', TG121: 'pass',
    });
    assert.deepStrictEqual(statusesOf(scan, REGION_ANCHOR), { TG120: 'fail', ...REGION_OPT_INS });
    assert.match(findingsOf(scan, 'legacy', 'TG121')[0]!.message, /S3 delivery error: AccessDenied/);
    assert.strictEqual(findingsOf(scan, 'legacy', 'TG104')[0]!.remediation,
      'aws cloudtrail start-logging --name arn:aws:cloudtrail:us-east-1:111122223333:trail/legacy --region us-east-1 --profile test');
  });

  it('fails each bucket rule on the public, unlocked bucket and the retention rule on the GOVERNANCE one', async () => {
    const { scan } = await runScenario(scenario('failing'), { regions: ['us-east-1'] });
    assert.deepStrictEqual(statusesOf(scan, 'legacy-trail-logs'), {
      TG201: 'fail', TG202: 'notApplicable', TG203: 'fail', TG204: 'fail', TG205: 'fail', TG206: 'fail', TG207: 'fail', TG208: 'fail',
      TG209: 'fail', TG210: 'fail', TG211: 'fail', TG212: 'fail', TG213: 'fail',
    });
    // Catalog: TG202 is not applicable (never a pass) without Object Lock, and says why.
    assert.deepStrictEqual(findingsOf(scan, 'legacy-trail-logs', 'TG202').map((f) => [f.status, f.reason]), [['notApplicable', 'no Object Lock, see TG201']]);
    const locked = statusesOf(scan, 'encrypted-trail-logs');
    assert.strictEqual(locked.TG202, 'fail');
    assert.deepStrictEqual(Object.entries(locked).filter(([id, s]) => id !== 'TG202' && s !== 'pass'), []);
    const mfa = findingsOf(scan, 'legacy-trail-logs', 'TG204')[0]!;
    assert.strictEqual(mfa.severity, 'warning');
    assert.match(mfa.remediation ?? '', /^aws s3api put-bucket-versioning --bucket legacy-trail-logs --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa 'arn:aws:iam::111122223333:mfa\/root-account-mfa-device <MFA_CODE>' --profile test {2}# only the root account's credentials/);
    assert.deepStrictEqual(findingsOf(scan, 'legacy-trail-logs', 'TG203')[0]!.evidence, {
      GetBucketVersioning: { Status: 'Suspended', MFADelete: 'Disabled' },
      GetObjectLockConfiguration: { error: 'ObjectLockConfigurationNotFoundError', meaning: 'not configured' },
    });
  });

  it('fails each key rule on the key pending deletion or never rotated, and each recorder rule', async () => {
    const { scan } = await runScenario(scenario('failing'), { regions: ['us-east-1'] });
    const pending = 'arn:aws:kms:us-east-1:111122223333:key/0000dead-0000-4000-8000-00000000dead';
    // Rotation is not demanded of a key that cannot be used at all (TG305 covers it): not applicable, not a pass.
    assert.deepStrictEqual(findingsOf(scan, pending, 'TG303').map((f) => f.reason), ['the key is PendingDeletion, and only enabled keys rotate (see TG305)']);
    assert.deepStrictEqual(statusesOf(scan, pending), { TG301: 'fail', TG302: 'fail', TG303: 'notApplicable', TG304: 'fail', TG305: 'fail', TG306: 'pass' });
    assert.deepStrictEqual(statusesOf(scan, 'arn:aws:kms:us-east-1:111122223333:key/0000beef-0000-4000-8000-00000000beef'), {
      TG301: 'pass', TG302: 'pass', TG303: 'fail', TG304: 'pass', TG305: 'pass', TG306: 'pass',
    });
    assert.deepStrictEqual(statusesOf(scan, 'default'), { TG401: 'fail', TG402: 'fail', TG403: 'fail', TG404: 'optInNotEnabled' });
    assert.strictEqual(findingsOf(scan, pending, 'TG305')[0]!.remediation,
      `aws kms cancel-key-deletion --key-id ${pending} --region us-east-1 --profile test && aws kms enable-key --key-id ${pending} --region us-east-1 --profile test`);
    assert.strictEqual(findingsOf(scan, 'arn:aws:kms:us-east-1:111122223333:key/0000beef-0000-4000-8000-00000000beef', 'TG303')[0]!.remediation,
      'aws kms enable-key-rotation --key-id arn:aws:kms:us-east-1:111122223333:key/0000beef-0000-4000-8000-00000000beef --region us-east-1 --profile test');
  });

  it('lists a bucket shared by two trails once in the flat findings', async () => {
    const { scan } = await runScenario(scenario('failing'), { regions: ['us-east-1'] });
    assert.strictEqual(findingsOf(scan, 'encrypted-trail-logs', 'TG201').length, 1);
    const trails = scan.regions[0]!.trails.filter((t) => t.bucket?.name === 'encrypted-trail-logs').map((t) => t.name);
    assert.deepStrictEqual(trails, ['encrypted', 'unrotated']);
  });
});

describe('live scan: no trails', function () {
  it('fails TG120 explicitly for the region instead of showing an empty, green tree', async () => {
    const { scan } = await runScenario(scenario('no-trails'), { regions: ['us-east-1'] });
    assert.deepStrictEqual(scan.regions[0]!.trails, []);
    assert.deepStrictEqual(scan.regions[0]!.checks.map((c) => [c.ruleId, c.status, c.severity]), [
      ['TG111', 'optInNotEnabled', 'info'], ['TG120', 'fail', 'error'], ['TG107', 'optInNotEnabled', 'info'],
    ]);
    assert.match(scan.regions[0]!.checks[1]!.message, /No trail in this account and region/);
  });

  it('still checks a bucket carrying the audit tag', async () => {
    const { scan } = await runScenario(scenario('no-trails'), { regions: ['us-east-1'] });
    assert.deepStrictEqual(scan.otherBuckets.map((b) => [b.name, b.why]), [['acme-audit-archive', 'tagged trailguard:audit']]);
    const statuses = statusesOf(scan, 'acme-audit-archive');
    assert.strictEqual(statuses.TG201, 'fail');
    assert.strictEqual(statuses.TG206, 'fail');
    // No trail delivers there and its policy grants CloudTrail nothing: the delivery checks do not apply.
    assert.deepStrictEqual(['TG207', 'TG208', 'TG213'].filter((id) => id in statuses), []);
  });

  // No rule reads tags: the tag search asks each candidate bucket once, the tagged one is not asked again, and
  // its answer is the evidence of why the bucket is checked.
  it('asks GetBucketTagging once per candidate bucket, and never for a bucket already in scope', async () => {
    const { scan, calls } = await runScenario(scenario('demo'), { regions: ['us-east-1'], auditBucketPatterns: ['demo-access-*'] });
    const tagCalls = calls.filter((c) => c.operation === 'GetBucketTagging').map((c) => c.resource).sort();
    // Not the trail bucket (demo-audit-logs-…) nor the pattern one; the legacy trail's bucket is a candidate here
    // because its trail is in eu-west-1, which this scan leaves out.
    assert.deepStrictEqual(tagCalls, ['demo-archive-logs', 'demo-legacy-trail-logs']);
    assert.deepStrictEqual(scan.otherBuckets.map((b) => [b.name, b.why]).sort(), [
      ['demo-access-logs-123456789012', 'name matches the audit bucket pattern demo-access-*'],
      ['demo-archive-logs', 'tagged trailguard:audit'],
    ]);
    const archive = scan.findings.find((f) => f.resource === 'demo-archive-logs' && f.ruleId === 'TG201');
    assert.ok(archive, 'the tagged bucket is checked');
    const trailBucketCalls = calls.filter((c) => c.resource === 'demo-audit-logs-123456789012' && c.service === 's3').map((c) => c.operation);
    assert.strictEqual(new Set(trailBucketCalls).size, 9, `a trail bucket gets the nine reads the rules need: ${[...new Set(trailBucketCalls)].join(', ')}`);
  });

  it('checks a bucket matching auditBucketPatterns', async () => {
    const { scan } = await runScenario(scenario('no-trails'), { regions: ['us-east-1'], auditBucketPatterns: ['acme-audit-*'], ruleOptions: { auditBucketTag: '' } });
    assert.deepStrictEqual(scan.otherBuckets.map((b) => [b.name, b.why]), [['acme-audit-archive', 'name matches the audit bucket pattern acme-audit-*']]);
  });
});

describe('live scan: organization trail seen from a member account', function () {
  it('counts the shadow organization trail for TG120 in every region and explains the other account', async () => {
    const { scan } = await runScenario(scenario('org-member'), { regions: ['us-east-1', 'eu-west-1'] });
    assert.strictEqual(scan.account, '444455556666');
    assert.deepStrictEqual(statusesOf(scan, '444455556666 (us-east-1)'), { TG120: 'pass', ...REGION_OPT_INS });
    assert.deepStrictEqual(statusesOf(scan, '444455556666 (eu-west-1)'), { TG120: 'pass', TG111: 'optInNotEnabled', TG403: 'fail' });
    for (const region of scan.regions) {
      assert.deepStrictEqual(region.trails.map((t) => [t.name, t.shadow, t.isOrganizationTrail, t.homeRegion]), [['org-trail', true, true, 'us-east-1']]);
    }
    // Per-trail checks belong to the management account.
    assert.deepStrictEqual(statusesOf(scan, 'org-trail'), {});
    const bucket = scan.regions[0]!.trails[0]!.bucket!;
    assert.strictEqual(bucket.inaccessible, 'bucket belongs to another account (org-central-audit-logs is not among the buckets of 444455556666); scan it with a profile of its owner account');
    assert.deepStrictEqual(new Set(Object.values(unknownReasons(scan, 'org-central-audit-logs'))), new Set([bucket.inaccessible]));
    assert.deepStrictEqual(Object.keys(unknownReasons(scan, 'org-central-audit-logs')), liveRules('TG2'));
    const key = scan.regions[0]!.trails[0]!.key!;
    assert.strictEqual(key.inaccessible, 'key belongs to another account (111122223333); its key policy does not let 444455556666 read it');
    assert.deepStrictEqual(Object.keys(unknownReasons(scan, key.arn)), liveRules('TG3'));
  });
});

describe('live scan: cross-account log bucket', function () {
  it('reports the bucket checks unknown because the bucket belongs to another account, not as failures', async () => {
    const s = scenario('compliant');
    s.buckets[BUCKET]!.owner = '999988887777';
    const { scan } = await runScenario(s, { regions: ['us-east-1'] });
    const reason = `bucket belongs to another account (${BUCKET} is not among the buckets of 111122223333); scan it with a profile of its owner account`;
    assert.deepStrictEqual(unknownReasons(scan, BUCKET), Object.fromEntries(liveRules('TG2').map((id) => [id, reason])));
    assert.strictEqual(scan.regions[0]!.trails[0]!.bucket?.inaccessible, reason);
    // The trail itself is unaffected.
    assert.deepStrictEqual(statusesOf(scan, TRAIL), TRAIL_PASSES);
  });

  it('reads another account\'s bucket when its policy lets the caller in', async () => {
    const s = scenario('compliant');
    s.buckets[BUCKET]!.owner = '999988887777';
    s.buckets[BUCKET]!.readableByCaller = true;
    const { scan } = await runScenario(s, { regions: ['us-east-1'] });
    assert.deepStrictEqual(statusesOf(scan, BUCKET), allPass(liveRules('TG2')));
  });
});

describe('live scan: CloudTrail Insights (TG112, opt-in)', function () {
  const withInsights = (insights?: { InsightType: string }[]) => {
    const s = scenario('compliant');
    const t = s.regions['us-east-1']!.trails![0]!;
    t.trail.HasInsightSelectors = true;
    if (insights) t.insights = insights;
    return s;
  };

  it('reads GetInsightSelectors for a trail with HasInsightSelectors, so Insights count as known', async () => {
    const { scan, calls } = await runScenario(withInsights([{ InsightType: 'ApiCallRateInsight' }]), { regions: ['us-east-1'], ruleOptions: { optIn: ['TG112'] } });
    assert.deepStrictEqual(calls.filter((c) => c.operation === 'GetInsightSelectors').map((c) => [c.resource, c.status]), [['arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit', 200]]);
    const [tg112] = findingsOf(scan, TRAIL, 'TG112');
    assert.strictEqual(tg112!.status, 'pass');
    assert.deepStrictEqual(tg112!.evidence?.GetInsightSelectors, {
      TrailARN: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit', InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }],
    });
  });

  it('Insights switched off since DescribeTrails (InsightNotEnabledException) is known: none', async () => {
    const { scan } = await runScenario(withInsights(), { regions: ['us-east-1'], ruleOptions: { optIn: ['TG112'] } });
    assert.deepStrictEqual(findingsOf(scan, TRAIL, 'TG112').map((f) => f.status), ['fail']);
  });

  it('a denied GetInsightSelectors is unknown, naming the permission', async () => {
    const s = withInsights([{ InsightType: 'ApiCallRateInsight' }]);
    s.faults = [{ operation: 'GetInsightSelectors', error: 'AccessDenied' }];
    const { scan } = await runScenario(s, { regions: ['us-east-1'], ruleOptions: { optIn: ['TG112'] } });
    assert.deepStrictEqual(unknownReasons(scan, TRAIL), { TG112: 'missing IAM permission cloudtrail:GetInsightSelectors' });
  });

  it('is not called for a trail without insight selectors', async () => {
    const { calls } = await runScenario(scenario('compliant'), { regions: ['us-east-1'], ruleOptions: { optIn: ['TG112'] } });
    assert.deepStrictEqual(calls.filter((c) => c.operation === 'GetInsightSelectors'), []);
  });
});

describe('live scan: key usage', function () {
  it('TG303 is not applicable to a SIGN_VERIFY key (DescribeKey KeyMetadata.KeyUsage): signing keys cannot rotate', async () => {
    const s = scenario('compliant');
    s.keys[KEY]!.rotation = false;
    s.keys[KEY]!.metadata.KeyUsage = 'SIGN_VERIFY';
    const { scan } = await runScenario(s, { regions: ['us-east-1'] });
    assert.deepStrictEqual(findingsOf(scan, KEY, 'TG303').map((f) => [f.status, f.reason]), [['notApplicable', 'SIGN_VERIFY key: KMS rotates only encryption keys automatically']]);
  });

  it('still fails TG303 on an unrotated ENCRYPT_DECRYPT key', async () => {
    const s = scenario('compliant');
    s.keys[KEY]!.rotation = false;
    const { scan } = await runScenario(s, { regions: ['us-east-1'] });
    assert.deepStrictEqual(findingsOf(scan, KEY, 'TG303').map((f) => [f.status, f.message]), [
      ['fail', '`GetKeyRotationStatus.KeyRotationEnabled` is false on this key'],
    ]);
  });
});

describe('live scan: account-level Public Access Block (S3 Control)', function () {
  const allOn = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

  it('lets an account-level block with all four flags satisfy TG205 for a bucket without its own', async () => {
    const s = scenario('compliant');
    s.buckets[BUCKET]!.publicAccessBlock = null;
    s.accountPublicAccessBlock = allOn;
    const { scan, calls } = await runScenario(s, { regions: ['us-east-1'] });
    assert.deepStrictEqual(calls.filter((c) => c.service === 's3control').map((c) => [c.operation, c.resource, c.status, c.signed]), [['GetPublicAccessBlock', '111122223333', 200, true]]);
    const tg205 = findingsOf(scan, BUCKET, 'TG205')[0]!;
    assert.strictEqual(tg205.status, 'pass');
    assert.deepStrictEqual(tg205.evidence, {
      GetPublicAccessBlock: { error: 'NoSuchPublicAccessBlockConfiguration', meaning: 'not configured' },
      'GetPublicAccessBlock (account)': { PublicAccessBlockConfiguration: allOn },
    });
  });

  it('does not count an account-level block with a flag off', async () => {
    const s = scenario('compliant');
    s.buckets[BUCKET]!.publicAccessBlock = null;
    s.accountPublicAccessBlock = { ...allOn, IgnorePublicAcls: false };
    const { scan } = await runScenario(s, { regions: ['us-east-1'] });
    assert.strictEqual(statusesOf(scan, BUCKET).TG205, 'fail');
  });

  it('is unknown, not failed, when the bucket has no block and the account-level block cannot be read', async () => {
    const s = scenario('compliant', [{ operation: 'GetPublicAccessBlock', resource: '111122223333', error: 'AccessDenied' }]);
    s.buckets[BUCKET]!.publicAccessBlock = null;
    const { scan } = await runScenario(s, { regions: ['us-east-1'] });
    assert.deepStrictEqual(unknownReasons(scan, BUCKET), {
      TG205: 'the bucket has no Public Access Block of its own and the account-level Public Access Block (which may block public access for every bucket) could not be read: missing IAM permission s3:GetAccountPublicAccessBlock',
    });
  });

  it('needs no account-level read when the bucket blocks public access itself', async () => {
    const s = scenario('compliant', [{ operation: 'GetPublicAccessBlock', resource: '111122223333', error: 'AccessDenied' }]);
    const { scan } = await runScenario(s, { regions: ['us-east-1'] });
    assert.strictEqual(statusesOf(scan, BUCKET).TG205, 'pass');
    assert.deepStrictEqual(findingsOf(scan, BUCKET, 'TG205')[0]!.evidence?.['GetPublicAccessBlock (account)'],
      { error: 'AccessDenied', reason: 'missing IAM permission s3:GetAccountPublicAccessBlock' });
  });
});
