// Insertions as `terraform fmt` would leave them, and policy statements appended in each policy spelling.
import { strict as assert } from 'assert';
import { apply, parse, scene } from './helpers';
import { nullProto } from '../../support/nullProto';

const name = (tf: string) => ({ tf, cfn: tf });

describe('terraform edits', () => {
  it('inserts after the last attribute, aligned with its run, before nested blocks', async () => {
    const files = {
      'main.tf': [
        'resource "aws_cloudtrail" "t" {',
        '  name           = "t"',
        '  s3_bucket_name = "logs"',
        '',
        '  event_selector {',
        '    read_write_type = "All"',
        '  }',
        '}',
        '',
      ].join('\n'),
    };
    const t = (await scene(files)).trails[0];
    const out = apply(files, t.target?.insert(name('kms_key_id'), 'k'));
    assert.equal(out['main.tf'], [
      'resource "aws_cloudtrail" "t" {',
      '  name           = "t"',
      '  s3_bucket_name = "logs"',
      '  kms_key_id     = "k"',
      '',
      '  event_selector {',
      '    read_write_type = "All"',
      '  }',
      '}',
      '',
    ].join('\n'));
    // The result parses and has the value.
    assert.equal((await scene(out)).trails[0].kmsKeyId.state, 'known');
  });

  it('re-aligns the run when the new key is the longest', async () => {
    const files = { 'main.tf': 'resource "aws_cloudtrail" "t" {\n  # comment\n  name = "t"\n  s3_bucket_name = "logs" # trailing\n}\n' };
    const t = (await scene(files)).trails[0];
    const out = apply(files, t.target?.insert(name('enable_log_file_validation'), true));
    assert.equal(out['main.tf'], [
      'resource "aws_cloudtrail" "t" {',
      '  # comment',
      '  name                       = "t"',
      '  s3_bucket_name             = "logs" # trailing',
      '  enable_log_file_validation = true',
      '}',
      '',
    ].join('\n'));
  });

  it('starts a new run after a multi-line attribute or a blank line', async () => {
    const files = {
      'main.tf': 'resource "aws_kms_key" "k" {\n  description = "x"\n\n  policy = jsonencode({\n    Statement = []\n  })\n}\n',
    };
    const k = (await scene(files)).keys[0];
    const out = apply(files, k.target?.insert(name('enable_key_rotation'), true));
    assert.equal(out['main.tf'], 'resource "aws_kms_key" "k" {\n  description = "x"\n\n  policy = jsonencode({\n    Statement = []\n  })\n  enable_key_rotation = true\n}\n');
  });

  it('opens an empty one-line body and fills an empty multi-line body', async () => {
    const one = { 'main.tf': 'resource "aws_cloudtrail" "t" {}\n' };
    const out1 = apply(one, (await scene(one)).trails[0].target?.insert(name('is_multi_region_trail'), true));
    assert.equal(out1['main.tf'], 'resource "aws_cloudtrail" "t" {\n  is_multi_region_trail = true\n}\n');

    const nested = { 'main.tf': 'module "x" {\n  source = "y"\n}\n\nresource "aws_config_configuration_recorder" "r" {\n  recording_group {\n  }\n}\n' };
    const r = (await scene(nested)).recorders[0];
    const out2 = apply(nested, r.recordingGroupTarget?.insert(name('include_global_resource_types'), true));
    assert.equal(out2['main.tf'], 'module "x" {\n  source = "y"\n}\n\nresource "aws_config_configuration_recorder" "r" {\n  recording_group {\n    include_global_resource_types = true\n  }\n}\n');
    // A block with only nested blocks gets the attribute as its first line.
    const out3 = apply(nested, r.target?.insert(name('name'), 'default'));
    assert.match(out3['main.tf'], /resource "aws_config_configuration_recorder" "r" \{\n {2}name = "default"\n {2}recording_group \{/);
  });

  it('inserts several attributes in one edit, aligned together (insertAll)', async () => {
    const files = { 'main.tf': 'resource "aws_cloudtrail" "t" {\n  name = "t"\n}\n' };
    const target = (await scene(files)).trails[0].target as unknown as { insertAll(p: { name: { tf: string; cfn: string }; value: string }[]): never };
    const out = apply(files, target.insertAll([
      { name: name('cloud_watch_logs_group_arn'), value: 'g' },
      { name: name('cloud_watch_logs_role_arn'), value: 'r' },
    ]));
    assert.equal(out['main.tf'], 'resource "aws_cloudtrail" "t" {\n  name                       = "t"\n  cloud_watch_logs_group_arn = "g"\n  cloud_watch_logs_role_arn  = "r"\n}\n');
  });

  it('expands a one-line block', async () => {
    const files = { 'main.tf': 'resource "aws_cloudtrail" "t" { s3_bucket_name = "logs" }\n' };
    const out = apply(files, (await scene(files)).trails[0].target?.insert(name('is_multi_region_trail'), true));
    assert.equal(out['main.tf'], 'resource "aws_cloudtrail" "t" {\n  s3_bucket_name        = "logs"\n  is_multi_region_trail = true\n}\n');
  });

  it('inserts into the public access block resource', async () => {
    const files = {
      'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n\nresource "aws_s3_bucket_public_access_block" "b" {\n  bucket            = aws_s3_bucket.b.id\n  block_public_acls = true\n}\n',
    };
    const b = (await scene(files)).buckets[0];
    const pab = 'state' in b.publicAccessBlock ? undefined : b.publicAccessBlock;
    const out = apply(files, pab?.target?.insert(name('restrict_public_buckets'), true));
    assert.equal(out['main.tf'].split('\n').slice(4).join('\n'), [
      'resource "aws_s3_bucket_public_access_block" "b" {',
      '  bucket                  = aws_s3_bucket.b.id',
      '  block_public_acls       = true',
      '  restrict_public_buckets = true',
      '}',
      '',
    ].join('\n'));
  });
});

const DENY_HTTP = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

const withPolicy = (policy: string, extra = '') =>
  `resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n\nresource "aws_s3_bucket_policy" "p" {\n  bucket = aws_s3_bucket.b.id\n  policy = ${policy}\n}\n${extra}`;

describe('terraform policy edits', () => {
  it('appends an HCL object to a jsonencode Statement list', async () => {
    const files = { 'main.tf': withPolicy('jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      {\n        Effect = "Allow"\n        Action = "s3:GetBucketAcl"\n      },\n    ]\n  })') };
    const doc = (await scene(files)).buckets[0].policy;
    const out = apply(files, doc.appendStatement?.(DENY_HTTP));
    assert.equal(out['main.tf'], withPolicy([
      'jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [',
      '      {',
      '        Effect = "Allow"',
      '        Action = "s3:GetBucketAcl"',
      '      },',
      '      {',
      '        Sid       = "DenyInsecureTransport"',
      '        Effect    = "Deny"',
      '        Principal = "*"',
      '        Action    = "s3:*"',
      '        Resource  = ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]',
      '        Condition = {',
      '          Bool = {',
      '            "aws:SecureTransport" = "false"',
      '          }',
      '        }',
      '      },',
      '    ]',
      '  })',
    ].join('\n')));
    const after = (await scene(out)).buckets[0].policy;
    assert.deepEqual(after.statements.map((s) => s.sid), [undefined, 'DenyInsecureTransport']);
  });

  it('appends JSON inside a heredoc, keeping its indentation', async () => {
    const heredoc = (stmts: string) => `<<-EOT\n    {\n      "Statement": [\n${stmts}\n      ]\n    }\n  EOT`;
    const files = { 'main.tf': withPolicy(heredoc('        {\n          "Effect": "Allow",\n          "Action": "s3:GetBucketAcl"\n        }')) };
    const doc = (await scene(files)).buckets[0].policy;
    const out = apply(files, doc.appendStatement?.({ Effect: 'Deny', Action: 's3:*' }));
    assert.equal(out['main.tf'], withPolicy(heredoc([
      '        {',
      '          "Effect": "Allow",',
      '          "Action": "s3:GetBucketAcl"',
      '        },',
      '        {',
      '          "Effect": "Deny",',
      '          "Action": "s3:*"',
      '        }',
    ].join('\n'))));
    assert.deepEqual((await scene(out)).buckets[0].policy.statements.map((s) => s.effect), ['Allow', 'Deny']);
  });

  it('appends to a one-line JSON string literal with escaping', async () => {
    const files = { 'main.tf': withPolicy('"{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"s3:GetBucketAcl\\"}]}"') };
    const doc = (await scene(files)).buckets[0].policy;
    const out = apply(files, doc.appendStatement?.({ Effect: 'Deny', Action: 's3:*' }));
    assert.equal(out['main.tf'], withPolicy('"{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"s3:GetBucketAcl\\"},{\\"Effect\\":\\"Deny\\",\\"Action\\":\\"s3:*\\"}]}"'));
    assert.deepEqual((await scene(out)).buckets[0].policy.statements.map((s) => s.effect), ['Allow', 'Deny']);
  });

  it('adds a statement block to an aws_iam_policy_document', async () => {
    const doc = 'data "aws_iam_policy_document" "p" {\n  statement {\n    actions   = ["s3:GetBucketAcl"]\n    resources = ["*"]\n  }\n}\n';
    const files = { 'main.tf': withPolicy('data.aws_iam_policy_document.p.json', doc) };
    const policy = (await scene(files)).buckets[0].policy;
    const out = apply(files, policy.appendStatement?.({ ...DENY_HTTP, Principal: { Service: 'cloudtrail.amazonaws.com' } }));
    assert.equal(out['main.tf'], withPolicy('data.aws_iam_policy_document.p.json', [
      'data "aws_iam_policy_document" "p" {',
      '  statement {',
      '    actions   = ["s3:GetBucketAcl"]',
      '    resources = ["*"]',
      '  }',
      '  statement {',
      '    sid       = "DenyInsecureTransport"',
      '    effect    = "Deny"',
      '    actions   = ["s3:*"]',
      '    resources = ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]',
      '    principals {',
      '      type        = "Service"',
      '      identifiers = ["cloudtrail.amazonaws.com"]',
      '    }',
      '    condition {',
      '      test     = "Bool"',
      '      variable = "aws:SecureTransport"',
      '      values   = ["false"]',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n')));
    const after = await parse(out);
    assert.deepEqual(after.errors, []);
    assert.deepEqual(after.scene.buckets[0].policy.statements[1].conditions, nullProto({ Bool: { 'aws:SecureTransport': ['false'] } }));
  });

  it('adds a condition to an existing statement in each spelling', async () => {
    const cases = [
      withPolicy('jsonencode({\n    Statement = [{\n      Effect = "Allow"\n      Action = "s3:PutObject"\n    }]\n  })'),
      withPolicy('jsonencode({\n    Statement = [{\n      Effect = "Allow"\n      Condition = {\n        StringEquals = { "aws:SourceAccount" = "1" }\n      }\n    }]\n  })'),
      withPolicy('<<EOT\n{\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:PutObject"\n    }\n  ]\n}\nEOT'),
      withPolicy('data.aws_iam_policy_document.p.json', 'data "aws_iam_policy_document" "p" {\n  statement {\n    actions = ["s3:PutObject"]\n  }\n}\n'),
    ];
    for (const text of cases) {
      const files = { 'main.tf': text };
      const [s] = (await scene(files)).buckets[0].policy.statements;
      const out = apply(files, s.addCondition?.('StringEquals', 's3:x-amz-acl', ['bucket-owner-full-control']));
      const after = await parse(out);
      assert.deepEqual(after.errors, [], out['main.tf']);
      assert.deepEqual(after.scene.buckets[0].policy.statements[0].conditions.StringEquals['s3:x-amz-acl'], ['bucket-owner-full-control'], out['main.tf']);
      if (process.env.SHOW) console.log(out['main.tf']);
    }
  });
});

describe('terraform edits in CRLF files', () => {
  it('keeps CRLF line endings when inserting and appending', async () => {
    const lf = 'resource "aws_cloudtrail" "t" {\n  name = "t"\n}\n\ndata "aws_iam_policy_document" "p" {\n  statement {\n    actions = ["s3:GetBucketAcl"]\n  }\n}\n\nresource "aws_s3_bucket" "b" {\n  bucket = "logs"\n  policy = data.aws_iam_policy_document.p.json\n}\n';
    const files = { 'main.tf': lf.replace(/\n/g, '\r\n') };
    const s = await scene(files);
    const out = apply(files, s.trails[0].target?.insert(name('is_multi_region_trail'), true));
    assert.equal(out['main.tf'], files['main.tf'].replace('  name = "t"\r\n', '  name                  = "t"\r\n  is_multi_region_trail = true\r\n'));
    const out2 = apply(files, s.buckets[0].policy.appendStatement?.({ Effect: 'Deny', Action: 's3:*' }));
    assert.ok(!/[^\r]\n/.test(out2['main.tf']), JSON.stringify(out2['main.tf']));
    assert.deepEqual((await scene(out2)).buckets[0].policy.statements.map((x) => x.effect), ['Allow', 'Deny']);
  });
});
