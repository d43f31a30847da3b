// Expression evaluation as the rules see it: values, their ranges, and the reason when a value is unknown.
import { strict as assert } from 'assert';
import { at, known, scene, textAt } from './helpers';

const trail = (body: string) => `resource "aws_cloudtrail" "t" {\n${body}\n}\n`;

describe('terraform evaluation', () => {
  it('reads literals with the attribute and value ranges', async () => {
    const files = { 'main.tf': trail('  name = "org"\n  enable_log_file_validation = true') };
    const t = (await scene(files)).trails[0];
    assert.equal(t.id, 'aws_cloudtrail.t');
    assert.equal(at(t.loc), 'main.tf:1:1-1:30');
    assert.equal(at(t.extent), 'main.tf:1:1-4:2');
    assert.equal(t.logFileValidation.state, 'known');
    if (t.logFileValidation.state !== 'known') return;
    assert.equal(t.logFileValidation.value, true);
    assert.equal(at(t.logFileValidation.loc), 'main.tf:3:3-3:36');
    assert.equal(textAt(files, t.logFileValidation.valueLoc), 'true');
    assert.equal(t.logFileValidation.format, 'terraform');
    assert.deepEqual(t.multiRegion, { state: 'absent' });
  });

  it('resolves variables: tfvars over auto.tfvars order over defaults', async () => {
    const files = {
      'main.tf': trail('  name = var.name\n  is_multi_region_trail = var.multi\n  enable_logging = var.logging'),
      'variables.tf': 'variable "name" { default = "from-default" }\nvariable "multi" { default = false }\nvariable "logging" { default = true }\n',
      'terraform.tfvars': 'name = "from-tfvars"\nmulti = false\n',
      'z.auto.tfvars': 'multi = true\n',
    };
    const t = (await scene(files)).trails[0];
    assert.equal(known(t.name), 'from-tfvars');
    assert.equal(known(t.multiRegion), true);
    assert.equal(known(t.logging), true);
  });

  it('reads JSON variable files in Terraform\'s order, their strings as plain values', async () => {
    const files = {
      'main.tf': trail('  name = var.name\n  is_multi_region_trail = var.multi\n  enable_logging = var.logging\n  s3_key_prefix = var.prefix'),
      'variables.tf': 'variable "name" { default = "d" }\nvariable "multi" { default = false }\nvariable "logging" { default = false }\nvariable "prefix" { default = "d" }\n',
      // terraform.tfvars, then terraform.tfvars.json, then the *.auto.tfvars(.json) by name: later wins.
      'terraform.tfvars': 'name = "hcl"\nmulti = false\nlogging = false\n',
      'terraform.tfvars.json': '{\n  "name": "json",\n  "multi": false,\n  "logging": true,\n  "prefix": "${var.name}"\n}\n',
      'a.auto.tfvars.json': '{ "multi": true }\n',
      'b.auto.tfvars': 'name = "auto"\n',
      // Not loaded by Terraform without -var-file.
      'prod.tfvars.json': '{ "logging": false, "name": "prod" }\n',
    };
    const t = (await scene(files)).trails[0];
    assert.equal(known(t.name), 'auto');
    assert.equal(known(t.multiRegion), true);
    assert.equal(known(t.logging), true);
    assert.equal(t.logging.state === 'known' && at(t.logging.loc), 'main.tf:4:3-4:31');
    assert.equal(known(t.s3KeyPrefix), '${var.name}');
  });

  it('explains why a value is unknown', async () => {
    const files = {
      'main.tf': [
        'variable "validate" { type = bool }',
        'module "logs" { source = "./logs" }',
        'data "aws_caller_identity" "me" {}',
        trail([
          '  enable_log_file_validation = var.validate',
          '  s3_bucket_name = module.logs.bucket',
          '  name = data.aws_caller_identity.me.account_id',
          '  kms_key_id = "${var.validate}-x"',
          '  sns_topic_name = upper(file("x"))',
        ].join('\n')),
      ].join('\n'),
    };
    const t = (await scene(files)).trails[0];
    assert.deepEqual(t.logFileValidation.state === 'unresolved' && t.logFileValidation.reason, '`var.validate` has no default');
    assert.equal(at(t.logFileValidation.state === 'unresolved' ? t.logFileValidation.loc : undefined), 'main.tf:5:3-5:44');
    assert.equal(t.s3BucketName.state === 'unresolved' && t.s3BucketName.reason, '`module.logs`: the folder `./logs` does not exist');
    assert.equal(t.name.state === 'unresolved' && t.name.reason, '`data.aws_caller_identity.me.account_id` is only known at apply');
    assert.equal(t.kmsKeyId.state === 'unresolved' && t.kmsKeyId.reason, '`var.validate` has no default');
    assert.equal(t.snsTopicName.state === 'unresolved' && t.snsTopicName.reason, '`file("x")`: the file `x` is not in the workspace');
    // The bucket the missing module would build: every check of it is unknown with this reason.
    assert.deepEqual(t.bucket.state === 'linked' && [t.bucket.entity.id, t.bucket.entity.inaccessible], ['module.logs', '`module.logs`: the folder `./logs` does not exist']);
  });

  it('evaluates locals, templates, escapes, conditionals and a few functions', async () => {
    const files = {
      'main.tf': [
        'locals {',
        '  env    = "prod"',
        '  prefix = "acme-${local.env}"',
        '  on     = local.env == "prod" ? true : false',
        '}',
        'variable "unknown" {}',
        trail([
          '  name = "${local.prefix}-trail"',
          '  s3_key_prefix = "a\\"b\\\\c$${literal}"',
          '  enable_log_file_validation = local.on',
          '  is_multi_region_trail = var.unknown ? true : false',
          '  sns_topic_name = format("%s-%d", upper(local.env), 7)',
          '  cloud_watch_logs_group_arn = lower(join(":", concat(["A"], ["B"])))',
          '  cloud_watch_logs_role_arn = merge({ a = "1" }, { a = "2" })["a"]',
        ].join('\n')),
      ].join('\n'),
    };
    const t = (await scene(files)).trails[0];
    assert.equal(known(t.name), 'acme-prod-trail');
    assert.equal(known(t.s3KeyPrefix), 'a"b\\c${literal}');
    assert.equal(known(t.logFileValidation), true);
    assert.equal(t.multiRegion.state === 'unresolved' && t.multiRegion.reason, '`var.unknown` has no default');
    assert.equal(known(t.snsTopicName), 'PROD-7');
    assert.equal(known(t.cloudWatchLogGroupArn), 'a:b');
    assert.equal(known(t.cloudWatchLogsRoleArn), '2');
  });

  it('follows references with [0], [count.index], splats and the S3 presets', async () => {
    const files = {
      'main.tf': [
        'resource "aws_s3_bucket" "b" {',
        '  count  = 1',
        '  bucket = "logs-${count.index}"',
        '}',
        trail([
          '  s3_bucket_name = aws_s3_bucket.b[0].id',
          '  name = one(aws_s3_bucket.b[*].bucket)',
          '  sns_topic_name = aws_s3_bucket.b[count.index].arn',
          '  count = 1',
        ].join('\n')),
      ].join('\n'),
    };
    const s = await scene(files);
    const t = s.trails[0];
    assert.equal(known(t.s3BucketName), 'logs-0');
    assert.equal(known(t.name), 'logs-0');
    assert.equal(known(t.snsTopicName), 'arn:aws:s3:::logs-0');
    assert.equal(t.bucket.state === 'linked' && t.bucket.via, 'reference');
  });

  it('gives computed attributes of declared resources a recognisable placeholder', async () => {
    const files = { 'main.tf': 'resource "aws_kms_key" "k" {}\n' + trail('  kms_key_id = aws_kms_key.k.arn') };
    const t = (await scene(files)).trails[0];
    assert.equal(known(t.kmsKeyId), '${aws_kms_key.k.arn}');
  });

  it('takes each.* from a literal for_each and leaves it unresolved otherwise', async () => {
    const files = {
      'main.tf': [
        'variable "names" {}',
        'resource "aws_cloudtrail" "a" {',
        '  for_each = { first = "one" }',
        '  name     = each.value',
        '}',
        'resource "aws_cloudtrail" "b" {',
        '  for_each = var.names',
        '  name     = each.key',
        '}',
      ].join('\n'),
    };
    const [a, b] = (await scene(files)).trails;
    assert.equal(known(a.name), 'one');
    assert.equal(b.name.state, 'unresolved');
  });

  it('evaluates for expressions over known collections', async () => {
    const files = {
      'main.tf': [
        'locals {',
        '  buckets = ["a", "b", ""]',
        '  arns    = [for i, b in local.buckets : "arn:aws:s3:::${b}/${i}" if b != ""]',
        '  by_name = { for b in local.buckets : b => upper(b)... if b != "" }',
        '}',
        'variable "names" {}',
        trail([
          '  name = join(",", local.arns)',
          '  s3_key_prefix = local.by_name["b"][0]',
          '  sns_topic_name = join(",", [for n in var.names : n])',
        ].join('\n')),
      ].join('\n'),
    };
    const t = (await scene(files)).trails[0];
    assert.equal(known(t.name), 'arn:aws:s3:::a/0,arn:aws:s3:::b/1');
    assert.equal(known(t.s3KeyPrefix), 'B');
    assert.equal(t.snsTopicName.state === 'unresolved' && t.snsTopicName.reason, '`var.names` has no default');
  });

  it('does not loop on self-referencing locals', async () => {
    const files = { 'main.tf': 'locals {\n  a = local.b\n  b = local.a\n}\n' + trail('  name = local.a') };
    const t = (await scene(files)).trails[0];
    assert.equal(t.name.state, 'unresolved');
  });
});
