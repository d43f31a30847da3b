import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnBucket, tfModule } from './fixtures';

/** Lifecycle resource on lines 4..; one rule whose body lines follow `status` (line 8). */
const lifecycleTf = (rule: string, status = 'Enabled') =>
  bucketTf() +
  `resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    id     = "expire"\n    status = "${status}"\n${rule}  }\n}\n`;

ruleTester('TG210', {
  valid: [
    { name: 'terraform: expiration after the minimum', files: tfModule(lifecycleTf('    filter {}\n    expiration {\n      days = 400\n    }\n')) },
    { name: 'terraform: a disabled rule', files: tfModule(lifecycleTf('    filter {}\n    expiration {\n      days = 30\n    }\n', 'Disabled')) },
    { name: 'terraform: a rule on another prefix', files: tfModule(lifecycleTf('    filter {\n      prefix = "tmp/"\n    }\n    expiration {\n      days = 30\n    }\n')) },
    {
      name: 'terraform: a rule under another prefix than the trail key prefix',
      files: tfModule(lifecycleTf('    filter {\n      prefix = "AWSLogs/"\n    }\n    expiration {\n      days = 30\n    }\n'), '  s3_key_prefix  = "trail"\n'),
    },
    { name: 'terraform: minimum lowered in settings', files: tfModule(lifecycleTf('    filter {}\n    expiration {\n      days = 90\n    }\n')), config: { minRetentionDays: 90 } },
    { name: 'cloudformation: 400 days', files: { 'template.yaml': cfnBucket('      LifecycleConfiguration:\n        Rules:\n          - Id: expire\n            Status: Enabled\n            ExpirationInDays: 400\n') } },
  ],
  invalid: [
    {
      name: 'terraform: expires the whole bucket after 90 days',
      files: tfModule(lifecycleTf('    filter {}\n    expiration {\n      days = 90\n    }\n')),
      errors: [{ line: 11, column: 7, endLine: 11, endColumn: 16, severity: 'warning', message: /"expire" expires log files after 90 days, before the required 365 days/ }],
    },
    {
      name: 'terraform: noncurrent versions under the AWSLogs/ prefix',
      files: tfModule(lifecycleTf('    filter {\n      prefix = "AWSLogs/"\n    }\n    noncurrent_version_expiration {\n      noncurrent_days = 30\n    }\n')),
      errors: [{ line: 13, column: 7, message: /noncurrent log versions after 30 days/ }],
    },
    {
      name: 'terraform: the Object Lock retention raises the bar',
      files: tfModule(
        lifecycleTf('    filter {}\n    expiration {\n      days = 400\n    }\n') +
          'resource "aws_s3_bucket_object_lock_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    default_retention {\n      mode  = "COMPLIANCE"\n      years = 2\n    }\n  }\n}\n',
      ),
      errors: [{ line: 11, column: 7, message: /before the Object Lock retention of 730 days/ }],
    },
    {
      name: 'terraform: days from a variable without default is unknown',
      files: tfModule(lifecycleTf('    filter {}\n    expiration {\n      days = var.days\n    }\n') + 'variable "days" {}\n'),
      errors: [{ line: 11, column: 7, status: 'unknown', message: /var\.days/ }],
    },
    {
      name: 'cloudformation: 30 days',
      files: { 'template.yaml': cfnBucket('      LifecycleConfiguration:\n        Rules:\n          - Id: expire\n            Status: Enabled\n            ExpirationInDays: 30\n') },
      errors: [{ line: 11, column: 13, endLine: 11, endColumn: 33 }],
    },
  ],
});
