// Issue 9, "CloudFormation": a parameter without Default never breaks linking; `!Sub` / `!Join` with an unknown
// part still link trail → bucket → key; a condition key present with an unknown value still counts as present; a
// self-referencing Default or Mapping is an error on that value while the rest is linted; TG207's key-prefix check
// works as in Terraform. Each case is a realistic template whose parameters have no Default.
import { strict as assert } from 'assert';
import type { Finding } from '../../../src/core/model';
import { lintFiles } from '../../support/ruleTester';

/** `RULE status line:col` (1-based) of the findings of `rules`, in report order. */
async function findings(text: string, rules: string[]): Promise<string[]> {
  const result = await lintFiles({ 'template.yaml': text });
  const at = (f: Finding) => `${f.range!.start.line + 1}:${f.range!.start.character + 1}`;
  return result.findings.filter((f) => rules.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.status} ${at(f)}`);
}

const PARAMS = 'Parameters:\n  pAccountId:\n    Type: String\n  pTrailName:\n    Type: String\n';
// Line 6 onwards.
const BUCKET = 'Resources:\n  LogBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      ObjectLockEnabled: true\n';
/** The bucket policy (from line 11): ACL check and write grant whose resource and conditions use pAccountId. */
const policy = (writeResource: string, writeCondition = '                s3:x-amz-acl: bucket-owner-full-control\n                aws:SourceAccount: !Ref pAccountId\n') =>
  '  LogBucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref LogBucket\n      PolicyDocument:\n        Statement:\n' +
  '          - Effect: Allow\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: s3:GetBucketAcl\n            Resource: !GetAtt LogBucket.Arn\n' +
  '            Condition: { StringEquals: { "aws:SourceArn": !Sub "arn:aws:cloudtrail:${AWS::Region}:${pAccountId}:trail/${pTrailName}" } }\n' +
  `          - Effect: Allow\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: s3:PutObject\n            Resource: ${writeResource}\n` +
  `            Condition:\n              StringEquals:\n${writeCondition}`;
const KEY =
  '  TrailKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n      KeyPolicy:\n        Statement:\n' +
  '          - Effect: Allow\n            Principal: { AWS: !Sub "arn:aws:iam::${pAccountId}:root" }\n            Action: kms:*\n            Resource: "*"\n' +
  '          - Effect: Allow\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: [kms:GenerateDataKey*, kms:DescribeKey]\n            Resource: "*"\n' +
  '            Condition:\n              StringEquals:\n                aws:SourceArn: !Sub "arn:aws:cloudtrail:${AWS::Region}:${pAccountId}:trail/${pTrailName}"\n';
const trail = (extra = '') =>
  '  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      TrailName: !Ref pTrailName\n      IsLogging: true\n' +
  `      S3BucketName: !Ref LogBucket\n      KMSKeyId: !GetAtt TrailKey.Arn\n${extra}`;

const SUB_WRITE = '!Sub "${LogBucket.Arn}/AWSLogs/${pAccountId}/*"';
const JOIN_WRITE = '!Join ["", [!GetAtt LogBucket.Arn, "/AWSLogs/", !Ref pAccountId, "/*"]]';
const DELIVERY = ['TG207', 'TG208', 'TG213', 'TG301', 'TG302'];

describe('CloudFormation: parameters without Default', () => {
  it('a write grant reading ${Bucket.Arn}/AWSLogs/${pAccountId}/* makes a trail bucket on its own, with every trail-bucket check', async () => {
    const text = PARAMS + BUCKET + policy(SUB_WRITE);
    const result = await lintFiles({ 'template.yaml': text });
    const bucketRules = [...new Set(result.findings.filter((f) => f.resource === 'LogBucket').map((f) => f.ruleId))].sort();
    // Without a trail the bucket is an audit bucket by its CloudTrail grant: TG202 (no retention), TG205, TG206,
    // TG209, TG211 judge it; the grants themselves are complete.
    assert.deepEqual(bucketRules, ['TG202', 'TG205', 'TG206', 'TG209', 'TG211']);
  });

  for (const [name, write] of [['!Sub', SUB_WRITE], ['!Join', JOIN_WRITE]]) {
    it(`${name}: trail → bucket → key still link; grants, conditions and key policy pass`, async () => {
      const text = PARAMS + BUCKET + policy(write) + KEY + trail();
      assert.deepEqual(await findings(text, DELIVERY), []);
      const result = await lintFiles({ 'template.yaml': text });
      assert.deepEqual(result.errors, []);
      // The trail found its bucket and key: no "could not locate" unknowns on the trail.
      assert.deepEqual(result.findings.filter((f) => f.status === 'unknown').map((f) => `${f.ruleId} ${f.message}`), []);
    });
  }

  it('TG207: S3KeyPrefix against the write grant resource, as in Terraform', async () => {
    const missing = PARAMS + BUCKET + policy(SUB_WRITE) + KEY + trail('      S3KeyPrefix: audit\n');
    assert.deepEqual(await findings(missing, ['TG207']), ['TG207 fail 16:9']);
    const result = await lintFiles({ 'template.yaml': missing });
    assert.match(result.findings.find((f) => f.ruleId === 'TG207')!.message, /s3:PutObject on arn:aws:s3:::<BUCKET_NAME>\/audit\/AWSLogs\/<ACCOUNT_ID>\/\*/);
    const matching = PARAMS + BUCKET + policy('!Sub "${LogBucket.Arn}/audit/AWSLogs/${pAccountId}/*"') + KEY + trail('      S3KeyPrefix: audit\n');
    assert.deepEqual(await findings(matching, ['TG207']), []);
  });

  it('TG208 / TG213: a condition key whose value is a parameter without Default counts as present', async () => {
    const text = PARAMS + BUCKET + policy(SUB_WRITE, '                s3:x-amz-acl: !Ref pAcl\n                aws:SourceAccount: !Ref pAccountId\n')
      .replace('Parameters:\n', 'Parameters:\n  pAcl:\n    Type: String\n') + KEY + trail();
    assert.deepEqual(await findings(text, ['TG208', 'TG213']), []);
  });

  it('TG208: a grant with no source condition still fails next to the unknown parameters', async () => {
    const text = PARAMS + BUCKET + policy(SUB_WRITE, '                s3:x-amz-acl: bucket-owner-full-control\n') + KEY + trail();
    assert.deepEqual(await findings(text, ['TG208']), ['TG208 fail 22:13']);
  });

  it('TG301: an Allow with the right principal and action whose condition value is a parameter still grants', async () => {
    const key = KEY.replace('aws:SourceArn: !Sub "arn:aws:cloudtrail:${AWS::Region}:${pAccountId}:trail/${pTrailName}"', 'aws:SourceArn: !Ref pTrailArn');
    const text = PARAMS.replace('Parameters:\n', 'Parameters:\n  pTrailArn:\n    Type: String\n') + BUCKET + policy(SUB_WRITE) + key + trail();
    assert.deepEqual(await findings(text, ['TG301', 'TG302']), []);
  });

  it('a !Join / !Sub part that refers to something the template does not define keeps the string unresolved (a template error, not a deploy-time value)', async () => {
    const text = PARAMS + BUCKET + policy('!Join ["", ["arn:aws:s3:::", !Ref Missing, "/AWSLogs/", !Ref pAccountId, "/*"]]') + KEY + trail();
    const result = await lintFiles({ 'template.yaml': text });
    const tg207 = result.findings.filter((f) => f.ruleId === 'TG207').map((f) => `${f.status} ${f.message}`);
    assert.deepEqual(tg207, ['unknown TG207 could not be verified: Ref to Missing, which is not defined in this template']);
  });

  it('a value that is only a parameter without Default stays unknown with the reason', async () => {
    const text = PARAMS.replace('Parameters:\n', 'Parameters:\n  pValidate:\n    Type: String\n') + BUCKET + policy(SUB_WRITE) + KEY + trail('      EnableLogFileValidation: !Ref pValidate\n');
    const result = await lintFiles({ 'template.yaml': text });
    const tg101 = result.findings.filter((f) => f.ruleId === 'TG101');
    assert.deepEqual(tg101.map((f) => [f.status, f.range!.start.line + 1, f.message]), [['unknown', 56, 'TG101 could not be verified: `EnableLogFileValidation`: parameter pValidate has no Default']]);
  });
});

describe('CloudFormation: a self-referencing Default or Mapping', () => {
  const template =
    'Parameters:\n  pBucket:\n    Type: String\n    Default: !Ref pBucket\n' +
    'Mappings:\n  Keys:\n    Prod:\n      Arn: !FindInMap [Keys, Prod, Arn]\n' +
    'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      IsMultiRegionTrail: true\n' +
    '      S3BucketName: !Ref pBucket\n      KMSKeyId: !FindInMap [Keys, Prod, Arn]\n';

  it('is an error on that value, and the rest of the template is still linted', async () => {
    const result = await lintFiles({ 'template.yaml': template });
    const errors = result.errors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1}-${e.range.end.line + 1}:${e.range.end.character + 1} ${e.message}`).sort();
    assert.deepEqual(errors, [
      '4:14-4:26 the Default of parameter pBucket refers to itself (pBucket → pBucket)',
      '8:12-8:40 Mappings entry Keys.Prod.Arn refers to itself (Keys.Prod.Arn → Keys.Prod.Arn)',
    ]);
    const ids = result.findings.map((f) => `${f.ruleId} ${f.status}`);
    assert.ok(ids.includes('TG101 fail'), `the trail is still linted: ${ids.join(', ')}`);
    const tg103 = result.findings.find((f) => f.ruleId === 'TG103');
    assert.equal(tg103?.status, 'unknown');
    assert.match(tg103!.message, /Mappings entry Keys\.Prod\.Arn refers to itself/);
  });

  it('a Default that refers to another parameter whose Default refers back is one error per value in the cycle', async () => {
    const text = 'Parameters:\n  pA:\n    Type: String\n    Default: !Ref pB\n  pB:\n    Type: String\n    Default: !Ref pA\n' +
      'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      EnableLogFileValidation: !Ref pA\n';
    const result = await lintFiles({ 'template.yaml': text });
    assert.deepEqual(result.errors.map((e) => `${e.range.start.line + 1} ${e.message}`), ['4 the Default of parameter pA refers to itself (pA → pB → pA)']);
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'TG101').map((f) => f.status), ['unknown']);
  });
});
