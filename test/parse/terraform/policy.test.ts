// Policies embedded in Terraform: every spelling becomes the same statements, with ranges inside the embedded text.
import { strict as assert } from 'assert';
import { at, scene, textAt } from './helpers';
import { nullProto } from '../../support/nullProto';

const bucketPolicy = (policy: string, extra = '') =>
  `resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n\nresource "aws_s3_bucket_policy" "p" {\n  bucket = aws_s3_bucket.b.id\n  policy = ${policy}\n}\n${extra}`;

describe('terraform policies', () => {
  it('maps heredoc JSON ranges back into the heredoc (<<- with indentation)', async () => {
    const files = {
      'main.tf': bucketPolicy(`<<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "DenyHttp",
          "Effect": "Deny",
          "Principal": "*",
          "Action": "s3:*",
          "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
          "Condition": { "Bool": { "aws:SecureTransport": "false" } }
        }
      ]
    }
  EOT`),
    };
    const policy = (await scene(files)).buckets[0].policy;
    assert.equal(policy.state, 'known');
    assert.equal(at(policy.loc), 'main.tf:7:3-21:6');
    const [s] = policy.statements;
    assert.equal(s.sid, 'DenyHttp');
    assert.equal(s.effect, 'Deny');
    assert.ok(s.principal?.any);
    assert.deepEqual(s.conditions, nullProto({ Bool: { 'aws:SecureTransport': ['false'] } }));
    assert.equal(at(s.loc), 'main.tf:11:9-18:10');
    assert.ok(textAt(files, s.loc).startsWith('{\n          "Sid": "DenyHttp"'));
  });

  it('keeps unknown interpolations in policies as `${...}` text and maps ranges through escapes', async () => {
    const files = {
      'main.tf': bucketPolicy(
        '"{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:PutObject\\",\\"Resource\\":\\"arn:aws:s3:::logs/AWSLogs/${data.aws_caller_identity.me.account_id}/*\\"}]}"',
        'data "aws_caller_identity" "me" {}\n',
      ),
    };
    const [s] = (await scene(files)).buckets[0].policy.statements;
    assert.deepEqual(s.resources, ['arn:aws:s3:::logs/AWSLogs/${data.aws_caller_identity.me.account_id}/*']);
    assert.equal(s.unresolved, undefined);
    assert.ok(textAt(files, s.loc).startsWith('{\\"Effect\\":\\"Allow\\"'));
    assert.ok(textAt(files, s.loc).endsWith('/*\\"}'));
  });

  it('reads jsonencode objects with statement ranges on the HCL object', async () => {
    const files = {
      'main.tf': bucketPolicy(`jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AWSCloudTrailAclCheck"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:GetBucketAcl"
      Resource  = aws_s3_bucket.b.arn
    }]
  })`),
    };
    const [s] = (await scene(files)).buckets[0].policy.statements;
    assert.deepEqual([s.sid, s.effect, s.actions, s.resources, s.principal?.service], ['AWSCloudTrailAclCheck', 'Allow', ['s3:GetBucketAcl'], ['arn:aws:s3:::logs'], ['cloudtrail.amazonaws.com']]);
    assert.equal(at(s.loc), 'main.tf:9:18-15:6');
  });

  it('renders aws_iam_policy_document statements, principals and conditions as IAM JSON', async () => {
    const files = {
      'main.tf': bucketPolicy('data.aws_iam_policy_document.p.json', `
data "aws_iam_policy_document" "p" {
  statement {
    sid         = "Write"
    not_actions = ["s3:DeleteObject"]
    resources   = ["\${aws_s3_bucket.b.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }

  statement {
    effect        = "Deny"
    actions       = ["*"]
    not_resources = ["x"]
    not_principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
`),
    };
    const [a, b] = (await scene(files)).buckets[0].policy.statements;
    assert.equal(a.effect, 'Allow');
    assert.deepEqual(a.notActions, ['s3:DeleteObject']);
    assert.deepEqual(a.resources, ['arn:aws:s3:::logs/*']);
    assert.deepEqual(a.principal?.service, ['cloudtrail.amazonaws.com']);
    assert.deepEqual(a.conditions, nullProto({ StringEquals: { 'aws:SourceAccount': ['111122223333'], 's3:x-amz-acl': ['bucket-owner-full-control'] } }));
    assert.equal(at(a.loc), 'main.tf:11:3-31:4');
    assert.equal(b.effect, 'Deny');
    assert.deepEqual(b.notResources, ['x']);
    assert.ok(b.notPrincipal?.any);
  });

  it('reads v3 inline bucket policies and key policies; absent policies are absent', async () => {
    const s = await scene({
      'main.tf': [
        'resource "aws_s3_bucket" "b" {',
        '  bucket = "logs"',
        '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetBucketAcl", Resource = "*" }] })',
        '}',
        'resource "aws_kms_key" "k" {}',
      ].join('\n'),
    });
    assert.deepEqual(s.buckets[0].policy.statements.map((x) => x.actions), [['s3:GetBucketAcl']]);
    assert.equal(s.keys[0].policy.state, 'absent');
  });

  it('reports a policy it cannot evaluate as unresolved with the reason', async () => {
    const s = await scene({ 'main.tf': bucketPolicy('templatefile("p.json", {})') });
    assert.equal(s.buckets[0].policy.state, 'unresolved');
    assert.equal(s.buckets[0].policy.reason, '`templatefile("p.json", {})`: the file `p.json` is not in the workspace');
  });
});
