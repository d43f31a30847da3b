import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnBucket, tfModule } from './fixtures';

/** Lock resource starting on line 5 of main.tf (the bucket takes lines 1-4). */
const lockTf = (retention: string) =>
  bucketTf('  object_lock_enabled = true\n') +
  `resource "aws_s3_bucket_object_lock_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    default_retention {\n${retention}    }\n  }\n}\n`;

const lockCfn = (retention: string) =>
  cfnBucket(`      ObjectLockEnabled: true\n      ObjectLockConfiguration:\n        ObjectLockEnabled: Enabled\n        Rule:\n          DefaultRetention:\n${retention}`);

ruleTester('TG202', {
  valid: [
    { name: 'terraform: COMPLIANCE 365 days', files: tfModule(lockTf('      mode = "COMPLIANCE"\n      days = 365\n')) },
    { name: 'terraform: COMPLIANCE 1 year', files: tfModule(lockTf('      mode  = "COMPLIANCE"\n      years = 1\n')) },
    { name: 'terraform: no Object Lock at all is TG201, not TG202', files: tfModule(bucketTf()) },
    { name: 'terraform: minimum lowered in settings', files: tfModule(lockTf('      mode = "COMPLIANCE"\n      days = 90\n')), config: { minRetentionDays: 90 } },
    { name: 'cloudformation: COMPLIANCE 400 days', files: { 'template.yaml': lockCfn('            Mode: COMPLIANCE\n            Days: 400\n') } },
  ],
  invalid: [
    {
      name: 'terraform: GOVERNANCE is reported at low severity on the mode',
      files: tfModule(lockTf('      mode = "GOVERNANCE"\n      days = 365\n')),
      errors: [{ line: 9, column: 7, endLine: 9, endColumn: 26, severity: 'info', message: /GOVERNANCE/ }],
    },
    {
      name: 'terraform: too short points at days',
      files: tfModule(lockTf('      mode = "COMPLIANCE"\n      days = 30\n')),
      errors: [{ line: 10, column: 7, endLine: 10, endColumn: 16, severity: 'warning', message: /30 days, shorter than the required 365 days/ }],
    },
    {
      name: 'terraform: GOVERNANCE and too short are two findings',
      files: tfModule(lockTf('      mode = "GOVERNANCE"\n      days = 30\n')),
      errors: [{ line: 9, column: 7, severity: 'info' }, { line: 10, column: 7, severity: 'warning' }],
    },
    {
      name: 'terraform: lock enabled without a default retention rule points at the lock configuration',
      files: tfModule(bucketTf('  object_lock_enabled = true\n') + 'resource "aws_s3_bucket_object_lock_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n}\n'),
      errors: [{ line: 5, column: 1, message: /no default retention rule/ }],
    },
    {
      name: 'terraform: days from a variable without default is unknown',
      files: tfModule(lockTf('      mode = "COMPLIANCE"\n      days = var.days\n') + 'variable "days" {}\n'),
      errors: [{ line: 10, column: 7, status: 'unknown', message: /var\.days/ }],
    },
    {
      name: 'cloudformation: GOVERNANCE and 30 days',
      files: { 'template.yaml': lockCfn('            Mode: GOVERNANCE\n            Days: 30\n') },
      errors: [{ line: 12, column: 13, endLine: 12, endColumn: 29, severity: 'info' }, { line: 13, column: 13, endLine: 13, endColumn: 21, severity: 'warning' }],
    },
  ],
});
