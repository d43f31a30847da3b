// TG2xx / TG3xx on the live surface, on hand-built Scenes as the live scanner builds them: no `loc`, `format:
// 'live'`, the account id known, unknowns carrying the AWS error. Also the scope rules (rules.md "How to read").
import * as assert from 'assert';
import { evaluateScene } from '../../../src/core/evaluate';
import type { Attr, Bucket, Finding, Key, PublicAccessBlock, Scene } from '../../../src/core/model';
import { emptyScene } from '../../../src/core/model';
import { jsonToLValue, normalizePolicy } from '../../../src/core/policy/normalize';
import { defaultRuleOptions, type RuleOptions } from '../../../src/core/rules/rule';
import { trailBuckets, trailKeys } from '../../../src/core/rules/scope';

const known = <T>(value: T): Attr<T> => ({ state: 'known', value, format: 'live' });
const absent = <T>(): Attr<T> => ({ state: 'absent' });
const unresolved = <T>(reason: string): Attr<T> => ({ state: 'unresolved', reason });
const TRAIL = { kind: 'trail' as const, id: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org' };
const policy = (...statements: object[]) => normalizePolicy(jsonToLValue({ Version: '2012-10-17', Statement: statements }));
const pab = (on: boolean): PublicAccessBlock => ({ blockPublicAcls: known(on), blockPublicPolicy: known(on), ignorePublicAcls: known(on), restrictPublicBuckets: known(on) });

function liveBucket(over: Partial<Bucket> = {}): Bucket {
  return {
    kind: 'bucket', id: 'org-trail-logs', format: 'live', region: 'eu-west-1', name: known('org-trail-logs'),
    objectLockEnabled: known(true), objectLockMode: known('COMPLIANCE'), objectLockDays: known(400), objectLockYears: absent(),
    versioning: known('Enabled'), mfaDelete: known('Enabled'), publicAccessBlock: pab(true), acl: absent(), aclGrantees: known([]),
    loggingTargetBucket: known('access-logs'), lifecycleRules: [], hasLifecycle: known(false), sseAlgorithm: known('aws:kms'),
    sseKmsKeyId: known('k'), tags: known({}), trails: [TRAIL],
    policy: policy(
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::org-trail-logs', Condition: { StringEquals: { 'aws:SourceArn': TRAIL.id } } },
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::org-trail-logs/AWSLogs/111122223333/*', Condition: { StringEquals: { 'aws:SourceArn': TRAIL.id, 's3:x-amz-acl': 'bucket-owner-full-control' } } },
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::org-trail-logs', 'arn:aws:s3:::org-trail-logs/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ),
    ...over,
  };
}

function liveKey(over: Partial<Key> = {}): Key {
  return {
    kind: 'key', id: 'arn:aws:kms:eu-west-1:111122223333:key/k', format: 'live', region: 'eu-west-1', enabled: known(true), keyState: known('Enabled'),
    keySpec: known('SYMMETRIC_DEFAULT'), keyManager: known('CUSTOMER'), rotation: known(true), trails: [TRAIL], aliases: [],
    policy: policy(
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' },
    ),
    ...over,
  };
}

const scene = (buckets: Bucket[], keys: Key[] = []): Scene => ({ ...emptyScene(), account: { id: '111122223333', region: 'eu-west-1' }, buckets, keys });
const run = (s: Scene, options: Partial<RuleOptions> = {}): Finding[] =>
  evaluateScene(s, { ...defaultRuleOptions, ...options }, { surface: 'live', includePasses: true }).filter((f) => /^TG[23]/.test(f.ruleId));
const statusOf = (found: Finding[], id: string) => found.filter((f) => f.ruleId === id).map((f) => `${f.status}/${f.severity}`);

describe('bucket and key rules on the live surface', () => {
  it('a compliant trail bucket and key pass every TG2xx / TG3xx rule', () => {
    const found = run(scene([liveBucket()], [liveKey()]));
    assert.deepStrictEqual(found.filter((f) => f.status !== 'pass').map((f) => `${f.ruleId} ${f.message}`), []);
    const ids = new Set(found.map((f) => f.ruleId));
    for (const id of ['TG201', 'TG202', 'TG203', 'TG204', 'TG205', 'TG206', 'TG207', 'TG208', 'TG209', 'TG210', 'TG211', 'TG212', 'TG213', 'TG301', 'TG302', 'TG303', 'TG304', 'TG305', 'TG306']) {
      assert.ok(ids.has(id), `${id} reports a pass`);
    }
  });

  it('TG204 live: MFA Delete disabled is a warning even with a lifecycle', () => {
    const found = run(scene([liveBucket({ mfaDelete: known('Disabled'), hasLifecycle: known(true) })]));
    assert.deepStrictEqual(statusOf(found, 'TG204'), ['fail/warning']);
  });

  it('TG205 live: the account-level block with all four flags satisfies it', () => {
    assert.deepStrictEqual(statusOf(run(scene([liveBucket({ publicAccessBlock: { state: 'absent' }, accountPublicAccessBlock: pab(true) })])), 'TG205'), ['pass/error']);
    assert.deepStrictEqual(statusOf(run(scene([liveBucket({ publicAccessBlock: { state: 'absent' }, accountPublicAccessBlock: pab(false) })])), 'TG205'), ['fail/error']);
  });

  it('TG205 live: no bucket-level block and an unreadable account-level block is unknown with the reason, not a failure', () => {
    const denied = 'missing IAM permission s3:GetAccountPublicAccessBlock';
    const found = run(scene([liveBucket({ publicAccessBlock: { state: 'absent' }, accountPublicAccessBlock: { state: 'unresolved', reason: denied } })])).filter((f) => f.ruleId === 'TG205');
    assert.deepStrictEqual(found.map((f) => [f.status, f.severity, f.message]), [[
      'unknown', 'info',
      `TG205 could not be verified: the bucket has no Public Access Block of its own and the account-level Public Access Block (which may block public access for every bucket) could not be read: ${denied}`,
    ]]);
    // A bucket flag left off is unknown too while the account level is unread.
    const partial = { ...pab(true), restrictPublicBuckets: known(false) };
    const flagged = run(scene([liveBucket({ publicAccessBlock: partial, accountPublicAccessBlock: { state: 'unresolved', reason: denied } })])).filter((f) => f.ruleId === 'TG205');
    assert.deepStrictEqual(flagged.map((f) => f.status), ['unknown']);
    assert.match(flagged[0]!.message, /`PublicAccessBlockConfiguration.RestrictPublicBuckets` is false on the bucket/);
  });

  it('TG205 live: fails only when both levels are known not to block; a flag set at either level counts', () => {
    const noAccountBlock = { state: 'absent' as const };
    assert.deepStrictEqual(statusOf(run(scene([liveBucket({ publicAccessBlock: { state: 'absent' }, accountPublicAccessBlock: noAccountBlock })])), 'TG205'), ['fail/error']);
    const bucketHalf = { ...pab(true), ignorePublicAcls: known(false), restrictPublicBuckets: known(false) };
    const accountOtherHalf = { ...pab(false), ignorePublicAcls: known(true), restrictPublicBuckets: known(true) };
    assert.deepStrictEqual(statusOf(run(scene([liveBucket({ publicAccessBlock: bucketHalf, accountPublicAccessBlock: accountOtherHalf })])), 'TG205'), ['pass/error']);
    const found = run(scene([liveBucket({ publicAccessBlock: bucketHalf, accountPublicAccessBlock: noAccountBlock })])).filter((f) => f.ruleId === 'TG205');
    assert.deepStrictEqual(found.map((f) => f.message), [
      '`PublicAccessBlockConfiguration.IgnorePublicAcls` is false in the Public Access Block of this trail log bucket and not set at account level',
      '`PublicAccessBlockConfiguration.RestrictPublicBuckets` is false in the Public Access Block of this trail log bucket and not set at account level',
    ]);
  });

  it('an AccessDenied attribute is unknown with the AWS error, never a failure', () => {
    const found = run(scene([liveBucket({ objectLockEnabled: unresolved('AccessDenied: s3:GetObjectLockConfiguration') })]));
    const [f] = found.filter((x) => x.ruleId === 'TG201');
    assert.strictEqual(f.status, 'unknown');
    assert.strictEqual(f.severity, 'info');
    assert.strictEqual(f.message, 'TG201 could not be verified: AccessDenied: s3:GetObjectLockConfiguration');
  });

  it('an inaccessible bucket is unknown for every bucket rule', () => {
    const found = run(scene([liveBucket({ inaccessible: 'the bucket belongs to another account (403 on HeadBucket)' })]));
    const bucketFindings = found.filter((f) => f.ruleId.startsWith('TG2'));
    assert.ok(bucketFindings.length >= 13);
    assert.ok(bucketFindings.every((f) => f.status === 'unknown' && /another account/.test(f.message)));
  });

  it('TG207 live: the write grant must name this account', () => {
    const wrongAccount = liveBucket();
    wrongAccount.policy = policy(
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::org-trail-logs' },
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::org-trail-logs/AWSLogs/999999999999/*' },
    );
    const [f] = run(scene([wrongAccount])).filter((x) => x.ruleId === 'TG207');
    assert.strictEqual(f.status, 'fail');
    assert.match(f.message, /AWSLogs\/111122223333\/\*/);
  });

  it('TG207 / TG208 / TG213 live: not on a bucket marked audit by pattern or tag; TG206 still applies', () => {
    const marked = liveBucket({ id: 'archive', name: known('archive'), trails: [], markedAudit: 'name matches auditBucketPatterns', policy: normalizePolicy(undefined) });
    const found = run(scene([marked]));
    assert.deepStrictEqual(found.filter((f) => ['TG207', 'TG208', 'TG213'].includes(f.ruleId)), []);
    assert.deepStrictEqual(statusOf(found, 'TG206'), ['fail/warning']);
    // Unreadable policy: still no delivery check, TG206 unknown.
    const unreadable = run(scene([{ ...marked, policy: { state: 'unresolved', reason: 'AccessDenied: s3:GetBucketPolicy', statements: [] } }]));
    assert.deepStrictEqual(unreadable.filter((f) => ['TG207', 'TG208', 'TG213'].includes(f.ruleId)), []);
    assert.deepStrictEqual(statusOf(unreadable, 'TG206'), ['unknown/info']);
  });

  it('TG207 live: a marked bucket whose policy grants CloudTrail is a delivery bucket', () => {
    const granted = liveBucket({
      id: 'archive', name: known('archive'), trails: [], markedAudit: 'tagged trailguard:audit',
      policy: policy({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::archive' }),
    });
    const found = run(scene([granted])).filter((f) => f.ruleId === 'TG207');
    assert.deepStrictEqual(found.map((f) => f.status), ['fail']);
    assert.match(found[0]!.message, /s3:PutObject on arn:aws:s3:::archive\/AWSLogs\/111122223333\/\*/);
  });

  it('live messages name the API response fields, never a CloudFormation property', () => {
    const messages = (found: Finding[], id: string) => found.filter((f) => f.ruleId === id && f.status === 'fail').map((f) => f.message);
    assert.deepStrictEqual(messages(run(scene([], [liveKey({ rotation: known(false) })])), 'TG303'), ['`GetKeyRotationStatus.KeyRotationEnabled` is false on this key']);
    assert.deepStrictEqual(messages(run(scene([], [liveKey({ rotation: absent() })])), 'TG303'),
      ['Automatic key rotation is not enabled on this key (`GetKeyRotationStatus.KeyRotationEnabled` is not set)']);
    assert.deepStrictEqual(messages(run(scene([], [liveKey({ enabled: known(false) })])), 'TG305'),
      ['`DescribeKey.KeyMetadata.Enabled` is false: CloudTrail cannot encrypt log files with a disabled key']);
    assert.deepStrictEqual(messages(run(scene([liveBucket({ objectLockDays: absent(), objectLockYears: absent(), objectLockMode: known('COMPLIANCE') })])), 'TG202'),
      ['The Object Lock default retention sets no period (Rule.DefaultRetention.Days or Rule.DefaultRetention.Years)']);
    const publicAcl = liveBucket({ acl: known('public-read'), publicAccessBlock: { state: 'absent' }, accountPublicAccessBlock: { state: 'absent' } });
    assert.deepStrictEqual(messages(run(scene([publicAcl])), 'TG212'),
      ['`GetBucketAcl.Grants` amount to the canned ACL public-read: the trail logs are readable outside the account']);
  });

  // rules.md TG302: FAIL unless an Allow gives cloudtrail.amazonaws.com kms:DescribeKey (or kms:* / *), not
  // cancelled by a Deny; the live key policy (GetKeyPolicy) decides as the IaC one does.
  it('TG302 live: DescribeKey missing or denied fails; kms:* to the service passes', () => {
    const root = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
    const encrypt = { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*' };
    const tg302 = (...statements: object[]) => run(scene([], [liveKey({ policy: policy(...statements) })])).filter((f) => f.ruleId === 'TG302');
    const missing = tg302(root, encrypt);
    assert.deepStrictEqual(missing.map((f) => [f.status, f.severity]), [['fail', 'warning']]);
    assert.match(missing[0]!.message, /kms:DescribeKey/);
    const denied = tg302(root, { ...encrypt, Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'] }, { Effect: 'Deny', Principal: '*', Action: 'kms:DescribeKey', Resource: '*' });
    assert.deepStrictEqual(denied.map((f) => f.status), ['fail']);
    assert.deepStrictEqual(tg302(root, { ...encrypt, Action: 'kms:*' }).map((f) => f.status), ['pass']);
    const unread = run(scene([], [liveKey({ policy: { state: 'unresolved', reason: 'missing IAM permission kms:GetKeyPolicy', statements: [] } })])).filter((f) => f.ruleId === 'TG302');
    assert.deepStrictEqual(unread.map((f) => [f.status, f.message]), [['unknown', 'TG302 could not be verified: missing IAM permission kms:GetKeyPolicy']]);
  });

  it('TG305 live: a key pending deletion fails; TG303 does not apply to AWS managed keys', () => {
    const found = run(scene([], [liveKey({ keyState: known('PendingDeletion') })]));
    assert.deepStrictEqual(statusOf(found, 'TG305'), ['fail/error']);
    assert.deepStrictEqual(statusOf(run(scene([], [liveKey({ keyManager: known('AWS'), rotation: known(false) })])), 'TG303'), ['notApplicable/warning']);
  });

  it('TG304 live: a decrypt grant to the root of another account warns, even when that account also administers the key', () => {
    const key = liveKey();
    key.policy = policy(
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' },
    );
    const found = run(scene([], [key])).filter((f) => f.ruleId === 'TG304');
    assert.deepStrictEqual(found.map((f) => `${f.status}/${f.severity}`), ['fail/warning']);
    assert.match(found[0].message, /account 444455556666/);
  });

  // Catalog clauses on the live surface (GetBucketPolicy / GetKeyPolicy text goes through the same normaliser).
  const decrypt = (condition?: object) => ({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', ...(condition ? { Condition: condition } : {}) });
  const CONTEXT = { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' };
  const keyWith = (stmt: object, over: Partial<Key> = {}) => {
    const key = liveKey(over);
    key.policy = policy(
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' },
      stmt,
    );
    return key;
  };
  const liveRows: [string, () => Finding[], string, string[]][] = [
    ['TG304: account and context conditions with concrete values pass', () => run(scene([], [keyWith(decrypt({ StringEquals: { 'kms:CallerAccount': '111122223333' }, StringLike: CONTEXT }))])), 'TG304', ['pass/error']],
    ['TG304: a wildcard kms:CallerAccount does not narrow', () => run(scene([], [keyWith(decrypt({ StringLike: { 'kms:CallerAccount': '*', ...CONTEXT } }))])), 'TG304', ['fail/error']],
    ['TG304: a negated account condition does not narrow', () => run(scene([], [keyWith(decrypt({ StringNotEquals: { 'kms:CallerAccount': '444455556666' }, StringLike: CONTEXT }))])), 'TG304', ['fail/error']],
    ['TG304: no condition at all is critical', () => run(scene([], [keyWith(decrypt())])), 'TG304', ['fail/error']],
    ['TG303: a disabled key is not applicable', () => run(scene([], [liveKey({ keyState: known('Disabled'), rotation: known(false) })])), 'TG303', ['notApplicable/warning']],
    ['TG203: explicit Suspended fails even with Object Lock', () => run(scene([liveBucket({ versioning: known('Suspended') })])), 'TG203', ['fail/warning']],
    ['TG212: ArnEquals aws:PrincipalArn "arn:aws:iam::*" does not narrow Principal "*"', () => {
      const b = liveBucket();
      b.policy = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::org-trail-logs/*', Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*' } } });
      return run(scene([b]));
    }, 'TG212', ['fail/error']],
    ['TG212: aws:PrincipalOrgID with a concrete value narrows', () => {
      const b = liveBucket();
      b.policy = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::org-trail-logs/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } });
      return run(scene([b]));
    }, 'TG212', ['pass/error']],
  ];
  for (const [name, found, id, expected] of liveRows) {
    it(`live: ${name}`, () => assert.deepStrictEqual(statusOf(found(), id), expected));
  }

  it('relationship info names the trail on every finding', () => {
    const [f] = run(scene([liveBucket({ versioning: known('Suspended'), objectLockEnabled: known(false) })])).filter((x) => x.ruleId === 'TG203');
    assert.deepStrictEqual(f.related.map((r) => r.message), [`log bucket of ${TRAIL.id}`]);
  });
});

describe('rules/scope', () => {
  const plain = liveBucket({ id: 'data', name: known('data-bucket'), trails: [], policy: normalizePolicy(undefined) });
  const opts = { ...defaultRuleOptions };
  it('buckets: trails, CloudTrail grants, name patterns, tags and live marking', () => {
    assert.deepStrictEqual(trailBuckets(scene([plain]), opts), []);
    assert.strictEqual(trailBuckets(scene([plain]), { ...opts, scope: 'all' }).length, 1);
    assert.strictEqual(trailBuckets(scene([plain]), { ...opts, auditBucketPatterns: ['data-*'] }).length, 1);
    assert.strictEqual(trailBuckets(scene([{ ...plain, tags: known({ 'trailguard:audit': 'yes' }) }]), opts).length, 1);
    assert.strictEqual(trailBuckets(scene([{ ...plain, tags: known({ 'trailguard:audit': 'yes' }) }]), { ...opts, auditBucketTag: 'trailguard:audit=true' }).length, 0);
    assert.strictEqual(trailBuckets(scene([{ ...plain, markedAudit: 'matched an audit pattern in settings' }]), opts).length, 1);
    const granted = { ...plain, policy: policy({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:Put*', Resource: '*' }) };
    assert.strictEqual(trailBuckets(scene([granted]), opts).length, 1);
  });
  it('keys: trails, a policy naming CloudTrail or its encryption context', () => {
    const bare = liveKey({ trails: [], policy: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }) });
    assert.deepStrictEqual(trailKeys(scene([], [bare]), opts), []);
    assert.strictEqual(trailKeys(scene([], [bare]), { scope: 'all' }).length, 1);
    assert.strictEqual(trailKeys(scene([], [liveKey({ trails: [] })]), opts).length, 1);
    const ctxOnly = liveKey({ trails: [], policy: policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'x' } } }) });
    assert.strictEqual(trailKeys(scene([], [ctxOnly]), opts).length, 1);
  });

  it('target lists are not kept from one evaluation to the next: the same scene, relinked, is judged anew', () => {
    // Rules share each evaluation's target lists (rules/scope.ts duringEvaluation); a list kept beyond it would
    // judge a bucket linked since then as a non-audit bucket, or the other way round.
    const bucket = liveBucket({ trails: [], policy: { state: 'absent', statements: [] } });
    const s = scene([bucket]);
    const options = { ...defaultRuleOptions };
    const run = (sc: Scene) => evaluateScene(sc, options, { surface: 'live', includePasses: true }).filter((f) => /^TG[23]/.test(f.ruleId));
    const before = run(s);
    assert.deepStrictEqual(statusOf(before, 'TG201'), [], 'not an audit bucket: no trail, no CloudTrail grant');
    bucket.trails = [TRAIL];
    const after = run(s);
    assert.deepStrictEqual(statusOf(after, 'TG201'), ['pass/error']);
    assert.deepStrictEqual(statusOf(after, 'TG207'), ['fail/error'], 'a trail bucket without a policy: CloudTrail cannot deliver');
    assert.deepStrictEqual(trailBuckets(s, options), [bucket], 'outside an evaluation the list is computed afresh');
    bucket.trails = [];
    assert.deepStrictEqual(trailBuckets(s, options), []);
  });
});
