// Issue 9, "Policy semantics": a bucket policy attached by a literal bucket name that matches several declared
// buckets, or none, is still evaluated as a policy (never silently dropped, never "no policy" on a bucket it names).
import { strict as assert } from 'assert';
import type { Finding } from '../../src/core/model';
import { lintFiles } from '../support/ruleTester';

const show = (f: Finding) => `${f.ruleId} ${f.status} ${f.file}:${f.range!.start.line + 1}:${f.range!.start.character + 1} ${f.resource}`;
const POLICY_RULES = ['TG206', 'TG207', 'TG208', 'TG212', 'TG213'];

const tfPolicy = (bucket: string) =>
  `resource "aws_s3_bucket_policy" "logs" {\n  bucket = ${bucket}\n  policy = jsonencode({\n    Statement = [\n      {\n        Effect    = "Allow"\n        Principal = "*"\n        Action    = "s3:GetObject"\n        Resource  = "arn:aws:s3:::org-trail-logs/*"\n      },\n    ]\n  })\n}\n`;
const tfBucket = (label: string, name: string) => `resource "aws_s3_bucket" "${label}" {\n  bucket = "${name}"\n}\n`;

describe('bucket policy attached by a literal bucket name', () => {
  it('terraform: a name no declared bucket has: the policy is still judged, on a bucket known by that name', async () => {
    const result = await lintFiles({ 'main.tf': tfPolicy('"org-trail-logs"') }, { scope: 'all' });
    assert.deepEqual(result.findings.filter((f) => POLICY_RULES.includes(f.ruleId)).map(show), [
      'TG212 unknown main.tf:1:1 org-trail-logs', // its ACL is not known here
      'TG206 fail main.tf:4:5 org-trail-logs',
      'TG212 fail main.tf:5:7 org-trail-logs',
    ]);
    const tg203 = result.findings.find((f) => f.ruleId === 'TG203');
    assert.equal(tg203?.status, 'unknown', 'what the policy does not say is unknown, not failed');
    assert.match(tg203!.message, /no bucket in this module is named `org-trail-logs`/);
  });

  it('terraform: a name no declared bucket has, with the CloudTrail grant: a trail bucket by its policy (default scope)', async () => {
    const text = tfPolicy('"org-trail-logs"').replace('Principal = "*"\n        Action    = "s3:GetObject"', 'Principal = { Service = "cloudtrail.amazonaws.com" }\n        Action    = "s3:PutObject"');
    const result = await lintFiles({ 'main.tf': text });
    assert.deepEqual(result.findings.filter((f) => ['TG207', 'TG208'].includes(f.ruleId)).map(show), [
      'TG207 fail main.tf:4:5 org-trail-logs',
      'TG208 fail main.tf:5:7 org-trail-logs',
    ]);
  });

  it('terraform: a name several declared buckets have: each of them has the policy', async () => {
    const files = { 'main.tf': tfBucket('a', 'org-trail-logs') + tfBucket('b', 'org-trail-logs') + tfPolicy('"org-trail-logs"') };
    const result = await lintFiles(files, { scope: 'all' });
    const tg206 = result.findings.filter((f) => f.ruleId === 'TG206').map(show);
    // Neither bucket is "without a policy": both have the one that names them (and it lacks the TLS deny); the
    // two findings at the same place are reported once.
    assert.deepEqual(tg206, ['TG206 fail main.tf:10:5 aws_s3_bucket.a']);
    assert.ok(result.findings.every((f) => !/no bucket policy/.test(f.message)), result.findings.map(show).join('\n'));
  });

  it('terraform: a name one declared bucket has still attaches to it only', async () => {
    const files = { 'main.tf': tfBucket('a', 'org-trail-logs') + tfBucket('b', 'other') + tfPolicy('"org-trail-logs"') };
    const result = await lintFiles(files, { scope: 'all' });
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'TG206').map(show), ['TG206 fail main.tf:4:1 aws_s3_bucket.b', 'TG206 fail main.tf:10:5 aws_s3_bucket.a']);
  });

  const cfn = (buckets: string, name: string) =>
    `Resources:\n${buckets}  Pol:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: ${name}\n      PolicyDocument:\n        Statement:\n` +
    '          - Effect: Allow\n            Principal: "*"\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::org-trail-logs/*\n';
  const cfnBucket = (id: string, name: string) => `  ${id}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: ${name}\n`;

  it('cloudformation: a name several declared buckets have: no bucket is said to have no policy', async () => {
    const result = await lintFiles({ 'template.yaml': cfn(cfnBucket('A', 'org-trail-logs') + cfnBucket('B', 'org-trail-logs'), 'org-trail-logs') }, { scope: 'all' });
    const tg206 = result.findings.filter((f) => f.ruleId === 'TG206');
    assert.deepEqual(tg206.map((f) => f.message), ['The bucket policy has no statement denying requests without TLS (Deny s3:* when aws:SecureTransport is false)'].concat(tg206.length === 2 ? [tg206[1].message] : []));
    assert.ok(tg206.every((f) => !/no bucket policy/.test(f.message)), tg206.map(show).join('\n'));
    assert.ok(result.findings.some((f) => f.ruleId === 'TG212' && f.status === 'fail'));
  });

  it('cloudformation: a name no declared bucket has: the policy is judged on its own', async () => {
    const result = await lintFiles({ 'template.yaml': cfn(cfnBucket('A', 'other'), 'org-trail-logs') }, { scope: 'all' });
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'TG212').map(show), ['TG212 fail template.yaml:12:13 Pol']);
  });

  // rules.md §2.2: a policy whose bucket cannot be resolved makes the policy of the buckets it may belong to unknown.
  const cfnUnnamed = (id: string) => `  ${id}:\n    Type: AWS::S3::Bucket\n`;

  it('cloudformation: a name no declared bucket has, beside a bucket whose name CloudFormation generates: that bucket\'s policy is unknown', async () => {
    const result = await lintFiles({ 'template.yaml': cfn(cfnUnnamed('Gen') + cfnBucket('A', 'other'), 'org-trail-logs') }, { scope: 'all' });
    const tg206 = result.findings.filter((f) => f.ruleId === 'TG206');
    assert.deepEqual(tg206.map((f) => `${show(f)} ${f.message}`), [
      'TG206 unknown template.yaml:2:3 Gen TG206 could not be verified: the bucket policy `Pol` (bucket `org-trail-logs`) may be the policy of this bucket, whose name CloudFormation generates',
      'TG206 fail template.yaml:4:3 A This bucket has no bucket policy, so nothing denies requests made without TLS',
      'TG206 fail template.yaml:13:9 Pol The bucket policy has no statement denying requests without TLS (Deny s3:* when aws:SecureTransport is false)',
    ]);
  });

  it('cloudformation: a generated-name bucket with a policy of its own (by !Ref) keeps it', async () => {
    const text = cfn(cfnUnnamed('Gen'), 'org-trail-logs') + cfn('', '!Ref Gen').replace('Resources:\n', '').replace('  Pol:', '  Pol2:');
    const result = await lintFiles({ 'template.yaml': text }, { scope: 'all' });
    const gen = result.findings.filter((f) => f.ruleId === 'TG206' && f.resource === 'Gen');
    assert.deepEqual(gen.map((f) => f.status), ['fail']);
    assert.match(gen[0].message, /no statement denying requests without TLS/);
  });

  it('terraform: a satellite of a bucket this module does not declare makes that aspect of the declared buckets unknown, and is still judged', async () => {
    const text = tfBucket('logs', 'example') + 'resource "aws_s3_bucket_public_access_block" "pab" {\n  bucket = aws_s3_bucket.example.id\n\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = false\n  restrict_public_buckets = true\n}\n';
    const result = await lintFiles({ 'main.tf': text }, { scope: 'all' });
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'TG205').map((f) => `${show(f)} ${f.message}`), [
      'TG205 unknown main.tf:1:1 aws_s3_bucket.logs TG205 could not be verified: `aws_s3_bucket_public_access_block.pab` may configure this bucket: its `bucket` refers to `aws_s3_bucket.example`, which is not declared in this module',
      'TG205 fail main.tf:9:3 aws_s3_bucket.example `ignore_public_acls` is false in the Public Access Block of this bucket',
    ]);
  });
});
