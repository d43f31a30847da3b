// Fixes change a value where it comes from (issue 8): a variable default, a tfvars entry, a local or a CloudFormation
// parameter default, keeping the reference (`var.x`, `!Ref Param`) at the attribute. A computed value gets no fix,
// and the finding says where the value comes from.
import * as assert from 'assert';
import { lintFiles, ruleTester } from '../../support/ruleTester';

const lines = (...ls: string[]) => ls.join('\n') + '\n';

ruleTester('TG101', {
  valid: [],
  invalid: [
    {
      name: 'terraform: false from a variable default; the fix sets the default and var.log_file_validation stays',
      files: {
        'main.tf': lines(
          'resource "aws_cloudtrail" "org" {',
          '  name                       = "org"',
          '  s3_bucket_name             = "org-trail-logs"',
          '  is_multi_region_trail      = true',
          '  enable_log_file_validation = var.log_file_validation',
          '}',
        ),
        'variables.tf': lines(
          'variable "log_file_validation" {',
          '  type    = bool',
          '  default = false',
          '}',
        ),
      },
      errors: [{ line: 5, column: 3, endLine: 5, endColumn: 55 }],
      output: {
        'variables.tf': lines(
          'variable "log_file_validation" {',
          '  type    = bool',
          '  default = true',
          '}',
        ),
      },
    },
    {
      name: 'terraform: a tfvars entry wins over the default, so the fix changes the tfvars entry',
      files: {
        'main.tf': lines(
          'resource "aws_cloudtrail" "org" {',
          '  name                       = "org"',
          '  s3_bucket_name             = "org-trail-logs"',
          '  is_multi_region_trail      = true',
          '  enable_log_file_validation = var.log_file_validation',
          '}',
        ),
        'terraform.tfvars': lines(
          'log_file_validation = false',
        ),
        'variables.tf': lines(
          'variable "log_file_validation" {',
          '  type    = bool',
          '  default = false',
          '}',
        ),
      },
      errors: [{ line: 5, column: 3, endLine: 5, endColumn: 55 }],
      output: {
        'terraform.tfvars': lines(
          'log_file_validation = true',
        ),
      },
    },
    {
      name: 'cloudformation YAML: false from a parameter Default; the fix sets the Default and !Ref stays',
      files: {
        'template.yaml': lines(
          'AWSTemplateFormatVersion: "2010-09-09"',
          'Parameters:',
          '  EnableValidation:',
          '    Type: String',
          '    AllowedValues: [true, false]',
          '    Default: false',
          'Resources:',
          '  Trail:',
          '    Type: AWS::CloudTrail::Trail',
          '    Properties:',
          '      S3BucketName: org-trail-logs',
          '      IsLogging: true',
          '      IsMultiRegionTrail: true',
          '      EnableLogFileValidation: !Ref EnableValidation',
        ),
      },
      errors: [{ line: 14, column: 7, endLine: 14, endColumn: 53 }],
      output: {
        'template.yaml': lines(
          'AWSTemplateFormatVersion: "2010-09-09"',
          'Parameters:',
          '  EnableValidation:',
          '    Type: String',
          '    AllowedValues: [true, false]',
          '    Default: true',
          'Resources:',
          '  Trail:',
          '    Type: AWS::CloudTrail::Trail',
          '    Properties:',
          '      S3BucketName: org-trail-logs',
          '      IsLogging: true',
          '      IsMultiRegionTrail: true',
          '      EnableLogFileValidation: !Ref EnableValidation',
        ),
      },
    },
    {
      name: 'cloudformation JSON: a quoted Default stays quoted',
      files: {
        'template.json': lines(
          '{',
          '  "Parameters": {',
          '    "EnableValidation": { "Type": "String", "Default": "false" }',
          '  },',
          '  "Resources": {',
          '    "Trail": {',
          '      "Type": "AWS::CloudTrail::Trail",',
          '      "Properties": {',
          '        "S3BucketName": "org-trail-logs",',
          '        "IsLogging": true,',
          '        "IsMultiRegionTrail": true,',
          '        "EnableLogFileValidation": { "Ref": "EnableValidation" }',
          '      }',
          '    }',
          '  }',
          '}',
        ),
      },
      errors: [{ line: 12, column: 9, endLine: 12, endColumn: 65 }],
      output: {
        'template.json': lines(
          '{',
          '  "Parameters": {',
          '    "EnableValidation": { "Type": "String", "Default": "true" }',
          '  },',
          '  "Resources": {',
          '    "Trail": {',
          '      "Type": "AWS::CloudTrail::Trail",',
          '      "Properties": {',
          '        "S3BucketName": "org-trail-logs",',
          '        "IsLogging": true,',
          '        "IsMultiRegionTrail": true,',
          '        "EnableLogFileValidation": { "Ref": "EnableValidation" }',
          '      }',
          '    }',
          '  }',
          '}',
        ),
      },
    },
  ],
});

ruleTester('TG102', {
  valid: [],
  invalid: [
    {
      name: 'terraform: false from a local; the fix changes the local',
      files: {
        'main.tf': lines(
          'locals {',
          '  multi_region = false',
          '}',
          '',
          'resource "aws_kms_key" "trail" {',
          '  description         = "trail"',
          '  enable_key_rotation = local.rotate',
          '}',
          '',
          'locals {',
          '  rotate = false',
          '}',
          '',
          'resource "aws_cloudtrail" "org" {',
          '  name                       = "org"',
          '  s3_bucket_name             = "org-trail-logs"',
          '  kms_key_id                 = aws_kms_key.trail.arn',
          '  is_multi_region_trail      = local.multi_region',
          '  enable_log_file_validation = true',
          '}',
        ),
      },
      errors: [{ line: 18, column: 3, endLine: 18, endColumn: 50 }],
      output: {
        'main.tf': lines(
          'locals {',
          '  multi_region = true',
          '}',
          '',
          'resource "aws_kms_key" "trail" {',
          '  description         = "trail"',
          '  enable_key_rotation = local.rotate',
          '}',
          '',
          'locals {',
          '  rotate = false',
          '}',
          '',
          'resource "aws_cloudtrail" "org" {',
          '  name                       = "org"',
          '  s3_bucket_name             = "org-trail-logs"',
          '  kms_key_id                 = aws_kms_key.trail.arn',
          '  is_multi_region_trail      = local.multi_region',
          '  enable_log_file_validation = true',
          '}',
        ),
      },
    },
  ],
});

ruleTester('TG303', {
  valid: [],
  invalid: [
    {
      name: 'terraform: rotation from a local; the fix changes the local, not enable_key_rotation = local.rotate',
      files: {
        'main.tf': lines(
          'locals {',
          '  multi_region = false',
          '}',
          '',
          'resource "aws_kms_key" "trail" {',
          '  description         = "trail"',
          '  enable_key_rotation = local.rotate',
          '}',
          '',
          'locals {',
          '  rotate = false',
          '}',
          '',
          'resource "aws_cloudtrail" "org" {',
          '  name                       = "org"',
          '  s3_bucket_name             = "org-trail-logs"',
          '  kms_key_id                 = aws_kms_key.trail.arn',
          '  is_multi_region_trail      = local.multi_region',
          '  enable_log_file_validation = true',
          '}',
        ),
      },
      errors: [{ line: 7, column: 3, endLine: 7, endColumn: 37 }],
      output: {
        'main.tf': lines(
          'locals {',
          '  multi_region = false',
          '}',
          '',
          'resource "aws_kms_key" "trail" {',
          '  description         = "trail"',
          '  enable_key_rotation = local.rotate',
          '}',
          '',
          'locals {',
          '  rotate = true',
          '}',
          '',
          'resource "aws_cloudtrail" "org" {',
          '  name                       = "org"',
          '  s3_bucket_name             = "org-trail-logs"',
          '  kms_key_id                 = aws_kms_key.trail.arn',
          '  is_multi_region_trail      = local.multi_region',
          '  enable_log_file_validation = true',
          '}',
        ),
      },
    },
  ],
});

describe('fixes at the value source: no fix overwrites a computed value', () => {
  it('terraform: `!var.skip_validation` is computed, so TG101 has no fix and says why', async () => {
    const files = {
      'main.tf': lines(
        'resource "aws_cloudtrail" "org" {',
        '  name                       = "org"',
        '  s3_bucket_name             = "org-trail-logs"',
        '  is_multi_region_trail      = true',
        '  enable_log_file_validation = !var.skip_validation',
        '}',
        '',
        'variable "skip_validation" {',
        '  default = true',
        '}',
      ),
    };
    const [f] = (await lintFiles(files)).findings.filter((x) => x.ruleId === 'TG101');
    assert.strictEqual(f.status, 'fail');
    assert.deepStrictEqual(f.fixes, []);
    assert.deepStrictEqual(f.related.map((r) => r.message), ['the value is computed by `!var.skip_validation`: no automatic fix replaces the expression']);
  });

  it('terraform: a fix at a variable default names it in its title and points the finding at it', async () => {
    const files = {
      'main.tf': 'resource "aws_cloudtrail" "org" {\n  name                       = "org"\n  s3_bucket_name             = "b"\n  is_multi_region_trail      = true\n  enable_log_file_validation = var.v\n}\n',
      'variables.tf': 'variable "v" {\n  default = false\n}\n',
    };
    const [f] = (await lintFiles(files)).findings.filter((x) => x.ruleId === 'TG101');
    assert.strictEqual(f.fixes[0].title, 'Set the default of `var.v` (variables.tf:2) to true');
    assert.deepStrictEqual(f.related.map((r) => [r.message, r.loc?.file, r.loc?.range.start.line]), [['the value comes from the default of `var.v` (variables.tf:2)', 'variables.tf', 1]]);
  });

  it('cloudformation: a value chosen by !If has no fix (the branch literal is not rewritten blindly)', async () => {
    const files = {
      'template.yaml': lines(
        'Conditions:',
        '  Never: !Equals [a, b]',
        'Resources:',
        '  Trail:',
        '    Type: AWS::CloudTrail::Trail',
        '    Properties:',
        '      S3BucketName: org-trail-logs',
        '      IsLogging: true',
        '      IsMultiRegionTrail: true',
        '      EnableLogFileValidation: !If [Never, true, false]',
      ),
    };
    const [f] = (await lintFiles(files)).findings.filter((x) => x.ruleId === 'TG101');
    assert.strictEqual(f.status, 'fail');
    assert.deepStrictEqual(f.fixes, []);
    assert.deepStrictEqual(f.related.map((r) => r.message), ['the value is computed by `!If [Never, true, false]`, Never is false: no automatic fix replaces the expression']);
  });
});
