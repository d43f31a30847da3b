import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnBucket, tfModule } from './fixtures';

const versioningTf = (conf: string) =>
  bucketTf() + `resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  versioning_configuration {\n    status = "Enabled"\n${conf}  }\n}\n`;
const lifecycleTf =
  'resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    id     = "archive"\n    status = "Enabled"\n    filter {}\n    expiration {\n      days = 400\n    }\n  }\n}\n';

ruleTester('TG204', {
  valid: [
    { name: 'terraform v4: mfa_delete Enabled', files: tfModule(versioningTf('    mfa_delete = "Enabled"\n')) },
    { name: 'terraform v3: mfa_delete = true', files: tfModule(bucketTf('  versioning {\n    enabled    = true\n    mfa_delete = true\n  }\n')) },
    { name: 'terraform: silent when the bucket has a lifecycle configuration (S3 refuses both)', files: tfModule(versioningTf('    mfa_delete = "Disabled"\n') + lifecycleTf) },
    { name: 'cloudformation: cannot be set, so skipped', files: { 'template.yaml': cfnBucket('      VersioningConfiguration:\n        Status: Enabled\n') } },
  ],
  invalid: [
    {
      name: 'terraform: explicitly Disabled is a warning on the attribute',
      files: tfModule(versioningTf('    mfa_delete = "Disabled"\n')),
      errors: [{ line: 8, column: 5, endLine: 8, endColumn: 28, severity: 'warning', message: /explicitly Disabled/ }],
    },
    {
      name: 'terraform v3: mfa_delete = false is a warning',
      files: tfModule(bucketTf('  versioning {\n    enabled    = true\n    mfa_delete = false\n  }\n')),
      errors: [{ line: 5, column: 5, severity: 'warning' }],
    },
    {
      name: 'terraform v4: MFA Delete Enabled while versioning is Disabled has no effect: pointed at the status',
      files: tfModule(versioningTf('    mfa_delete = "Enabled"\n').replace('status = "Enabled"', 'status = "Disabled"')),
      errors: [{ line: 7, column: 5, endLine: 7, endColumn: 24, severity: 'warning', message: /^Versioning is Disabled on this trail log bucket, so its MFA Delete setting has no effect/ }],
    },
    {
      name: 'terraform: Object Lock implies versioning, so an unmanaged MFA Delete is still reported',
      files: tfModule(bucketTf('  object_lock_enabled = true\n')),
      errors: [{ line: 1, column: 1, severity: 'info', message: /not managed/ }],
    },
    {
      name: 'terraform: no versioning configuration at all: MFA Delete absent is information (catalog: Info if absent)',
      files: tfModule(bucketTf()),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 32, severity: 'info', message: /^MFA Delete is not managed for this trail log bucket/ }],
    },
    {
      name: 'terraform: not managed is information on the bucket header',
      files: tfModule(versioningTf('')),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 32, severity: 'info', message: /not managed/ }],
    },
    {
      name: 'terraform: unknown when a lifecycle configuration may belong to this bucket',
      files: tfModule(versioningTf('') + lifecycleTf.replace('aws_s3_bucket.logs.id', 'var.bucket') + 'variable "bucket" {}\n'),
      errors: [{ line: 10, column: 1, status: 'unknown', message: /may configure this bucket/ }],
    },
    {
      name: 'terraform: from a variable without default is unknown',
      files: tfModule(versioningTf('    mfa_delete = var.mfa\n') + 'variable "mfa" {}\n'),
      errors: [{ line: 8, column: 5, status: 'unknown', message: /var\.mfa/ }],
    },
  ],
});
