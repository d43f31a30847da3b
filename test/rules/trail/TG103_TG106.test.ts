// TG103 (KMS key) and TG106 (CloudWatch Logs): presence checks with snippet fixes that carry placeholders.
import { ruleTester } from '../../support/ruleTester';

const tf = (body: string) => `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = "audit-logs"\n${body}}\n`;
const cfn = (props: string) =>
  `Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: audit-logs\n${props}`;
const key = 'resource "aws_kms_key" "trail" {\n  enable_key_rotation = true\n}\n';

ruleTester('TG103', {
  valid: [
    { name: 'terraform: reference to a key in the module', files: { 'main.tf': tf('  kms_key_id     = aws_kms_key.trail.arn\n') + key } },
    { name: 'terraform: literal ARN', files: { 'main.tf': tf('  kms_key_id     = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"\n') } },
    { name: 'cloudformation: alias', files: { 'template.yaml': cfn('      KMSKeyId: alias/CloudtrailKey\n') } },
  ],
  invalid: [
    { name: 'terraform: missing', files: { 'main.tf': tf('') }, errors: [{ line: 1, column: 1, severity: 'warning', message: /not encrypted with a KMS key: `kms_key_id` is not set/ }] },
    { name: 'terraform: empty string', files: { 'main.tf': tf('  kms_key_id     = ""\n') }, errors: [{ line: 4, column: 3, message: /is empty/ }] },
    { name: 'terraform: variable without default', files: { 'main.tf': tf('  kms_key_id     = var.key\n') + 'variable "key" {}\n' }, errors: [{ line: 4, column: 3, status: 'unknown' }] },
    { name: 'cloudformation: missing', files: { 'template.yaml': cfn('') }, errors: [{ line: 2, column: 3, message: /`KMSKeyId` is not set/ }] },
  ],
});

ruleTester('TG106', {
  valid: [
    { name: 'terraform: log group ARN set', files: { 'main.tf': tf('  cloud_watch_logs_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:trail:*"\n  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/trail-cwl"\n') } },
    { name: 'cloudformation: log group ARN set', files: { 'template.yaml': cfn('      CloudWatchLogsLogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/DefaultLogGroup:*\n') } },
  ],
  invalid: [
    { name: 'terraform: missing', files: { 'main.tf': tf('') }, errors: [{ line: 1, column: 1, severity: 'info', message: /CloudWatch Logs/ }] },
    { name: 'cloudformation: missing', files: { 'template.yaml': cfn('') }, errors: [{ line: 2, column: 3 }] },
    { name: 'cloudformation: empty', files: { 'template.yaml': cfn('      CloudWatchLogsLogGroupArn: ""\n') }, errors: [{ line: 7, column: 7, message: /is empty/ }] },
  ],
});

// Snippet fixes, exact text on every surface (issue 15). The key, log group and role must be chosen by the user,
// so placeholders remain, and the finding stays until they are replaced (issue 8).
const lines = (...ls: string[]) => ls.join('\n') + '\n';

ruleTester('TG103', {
  valid: [],
  invalid: [
    {
      name: 'terraform: inserts kms_key_id with a placeholder ARN; the finding then asks to replace it',
      files: {
        'main.tf': lines(
          'resource "aws_cloudtrail" "main" {',
          '  name           = "main"',
          '  s3_bucket_name = "audit-logs"',
          '}',
        ),
      },
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 33 }],
      output: {
        'main.tf': lines(
          'resource "aws_cloudtrail" "main" {',
          '  name           = "main"',
          '  s3_bucket_name = "audit-logs"',
          '  kms_key_id     = "arn:aws:kms:<REGION>:<ACCOUNT_ID>:key/<KEY_ID>"',
          '}',
        ),
      },
      fixKind: 'snippet',
      afterFix: [{ line: 4, column: 3, message: "`kms_key_id` still holds `<REGION>`, `<ACCOUNT_ID>` and `<KEY_ID>`: replace it with the ARN of the trail's KMS key" }],
    },
    {
      name: 'cloudformation YAML: inserts KMSKeyId with a placeholder ARN',
      files: {
        'template.yaml': lines(
          'Resources:',
          '  Trail:',
          '    Type: AWS::CloudTrail::Trail',
          '    Properties:',
          '      IsLogging: true',
          '      S3BucketName: audit-logs',
        ),
      },
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 8 }],
      output: {
        'template.yaml': lines(
          'Resources:',
          '  Trail:',
          '    Type: AWS::CloudTrail::Trail',
          '    Properties:',
          '      IsLogging: true',
          '      S3BucketName: audit-logs',
          '      KMSKeyId: arn:aws:kms:<REGION>:<ACCOUNT_ID>:key/<KEY_ID>',
        ),
      },
      fixKind: 'snippet',
      afterFix: [{ line: 7, column: 7, message: "`KMSKeyId` still holds `<REGION>`, `<ACCOUNT_ID>` and `<KEY_ID>`: replace it with the ARN of the trail's KMS key" }],
    },
    {
      name: 'cloudformation JSON: inserts "KMSKeyId" with a placeholder ARN',
      files: {
        'template.json': lines(
          '{',
          '  "Resources": {',
          '    "Trail": {',
          '      "Type": "AWS::CloudTrail::Trail",',
          '      "Properties": {',
          '        "IsLogging": true,',
          '        "S3BucketName": "audit-logs"',
          '      }',
          '    }',
          '  }',
          '}',
        ),
      },
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 12 }],
      output: {
        'template.json': lines(
          '{',
          '  "Resources": {',
          '    "Trail": {',
          '      "Type": "AWS::CloudTrail::Trail",',
          '      "Properties": {',
          '        "IsLogging": true,',
          '        "S3BucketName": "audit-logs",',
          '        "KMSKeyId": "arn:aws:kms:<REGION>:<ACCOUNT_ID>:key/<KEY_ID>"',
          '      }',
          '    }',
          '  }',
          '}',
        ),
      },
      fixKind: 'snippet',
      afterFix: [{ line: 8, column: 9, message: "`KMSKeyId` still holds `<REGION>`, `<ACCOUNT_ID>` and `<KEY_ID>`: replace it with the ARN of the trail's KMS key" }],
    },
  ],
});

ruleTester('TG106', {
  valid: [],
  invalid: [
    {
      name: 'terraform: inserts the log group and role ARNs together, aligned as terraform fmt would',
      files: {
        'main.tf': lines(
          'resource "aws_cloudtrail" "main" {',
          '  name           = "main"',
          '  s3_bucket_name = "audit-logs"',
          '}',
        ),
      },
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 33 }],
      output: {
        'main.tf': lines(
          'resource "aws_cloudtrail" "main" {',
          '  name                       = "main"',
          '  s3_bucket_name             = "audit-logs"',
          '  cloud_watch_logs_group_arn = "arn:aws:logs:<REGION>:<ACCOUNT_ID>:log-group:<LOG_GROUP>:*"',
          '  cloud_watch_logs_role_arn  = "arn:aws:iam::<ACCOUNT_ID>:role/<CLOUDTRAIL_TO_CLOUDWATCH_ROLE>"',
          '}',
        ),
      },
      fixKind: 'snippet',
      afterFix: [{ line: 4, column: 3, message: 'The CloudWatch Logs settings of this trail still hold `<REGION>`, `<ACCOUNT_ID>`, `<LOG_GROUP>` and `<CLOUDTRAIL_TO_CLOUDWATCH_ROLE>`: replace them with the log group and role ARNs' }],
    },
    {
      name: 'cloudformation YAML: inserts both properties',
      files: {
        'template.yaml': lines(
          'Resources:',
          '  Trail:',
          '    Type: AWS::CloudTrail::Trail',
          '    Properties:',
          '      IsLogging: true',
          '      S3BucketName: audit-logs',
        ),
      },
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 8 }],
      output: {
        'template.yaml': lines(
          'Resources:',
          '  Trail:',
          '    Type: AWS::CloudTrail::Trail',
          '    Properties:',
          '      IsLogging: true',
          '      S3BucketName: audit-logs',
          '      CloudWatchLogsLogGroupArn: arn:aws:logs:<REGION>:<ACCOUNT_ID>:log-group:<LOG_GROUP>:*',
          '      CloudWatchLogsRoleArn: arn:aws:iam::<ACCOUNT_ID>:role/<CLOUDTRAIL_TO_CLOUDWATCH_ROLE>',
        ),
      },
      fixKind: 'snippet',
      afterFix: [{ line: 7, column: 7, message: 'The CloudWatch Logs settings of this trail still hold `<REGION>`, `<ACCOUNT_ID>`, `<LOG_GROUP>` and `<CLOUDTRAIL_TO_CLOUDWATCH_ROLE>`: replace them with the log group and role ARNs' }],
    },
    {
      name: 'cloudformation JSON: inserts both properties',
      files: {
        'template.json': lines(
          '{',
          '  "Resources": {',
          '    "Trail": {',
          '      "Type": "AWS::CloudTrail::Trail",',
          '      "Properties": {',
          '        "IsLogging": true,',
          '        "S3BucketName": "audit-logs"',
          '      }',
          '    }',
          '  }',
          '}',
        ),
      },
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 12 }],
      output: {
        'template.json': lines(
          '{',
          '  "Resources": {',
          '    "Trail": {',
          '      "Type": "AWS::CloudTrail::Trail",',
          '      "Properties": {',
          '        "IsLogging": true,',
          '        "S3BucketName": "audit-logs",',
          '        "CloudWatchLogsLogGroupArn": "arn:aws:logs:<REGION>:<ACCOUNT_ID>:log-group:<LOG_GROUP>:*",',
          '        "CloudWatchLogsRoleArn": "arn:aws:iam::<ACCOUNT_ID>:role/<CLOUDTRAIL_TO_CLOUDWATCH_ROLE>"',
          '      }',
          '    }',
          '  }',
          '}',
        ),
      },
      fixKind: 'snippet',
      afterFix: [{ line: 8, column: 9, message: 'The CloudWatch Logs settings of this trail still hold `<REGION>`, `<ACCOUNT_ID>`, `<LOG_GROUP>` and `<CLOUDTRAIL_TO_CLOUDWATCH_ROLE>`: replace them with the log group and role ARNs' }],
    },
  ],
});
