import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnBucket, tfModule } from './fixtures';

const versioningTf = (conf: string) =>
  bucketTf() + `resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  versioning_configuration {\n${conf}  }\n}\n`;

ruleTester('TG203', {
  valid: [
    { name: 'terraform v4: status Enabled', files: tfModule(versioningTf('    status = "Enabled"\n')) },
    { name: 'terraform v3: versioning { enabled = true }', files: tfModule(bucketTf('  versioning {\n    enabled = true\n  }\n')) },
    { name: 'terraform: Object Lock implies versioning', files: tfModule(bucketTf('  object_lock_enabled = true\n')) },
    { name: 'cloudformation: Object Lock without a versioning configuration implies versioning', files: { 'template.yaml': cfnBucket('      ObjectLockEnabled: true\n') } },
    { name: 'cloudformation: Status Enabled', files: { 'template.yaml': cfnBucket('      VersioningConfiguration:\n        Status: Enabled\n') } },
  ],
  invalid: [
    {
      name: 'terraform v4: Suspended is replaced by Enabled',
      files: tfModule(versioningTf('    status = "Suspended"\n')),
      errors: [{ line: 7, column: 5, endLine: 7, endColumn: 25, severity: 'warning', message: /^Versioning is Suspended/ }],
      output: { 'main.tf': versioningTf('    status = "Enabled"\n') },
    },
    {
      name: 'terraform v4: a versioning_configuration without status gets one',
      files: tfModule(versioningTf('    mfa_delete = "Disabled"\n')),
      errors: [{ line: 1, column: 1, message: /not enabled/ }],
      output: { 'main.tf': versioningTf('    mfa_delete = "Disabled"\n    status     = "Enabled"\n') },
    },
    {
      // Catalog: "snippet: add an `aws_s3_bucket_versioning` resource".
      name: 'terraform: no versioning at all points at the bucket header; the snippet adds an aws_s3_bucket_versioning resource',
      files: tfModule(bucketTf()),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 32 }],
      fixKind: 'snippet',
      output: {
        'main.tf':
          'resource "aws_s3_bucket" "logs" {\n  bucket = "org-trail-logs"\n}\n\n' +
          'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n',
      },
    },
    {
      name: 'terraform v3: enabled = false points at the attribute',
      files: tfModule(bucketTf('  versioning {\n    enabled = false\n  }\n')),
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 20 }],
    },
    {
      name: 'terraform: status from a variable without default is unknown',
      files: tfModule(versioningTf('    status = var.status\n') + 'variable "status" {}\n'),
      errors: [{ line: 7, column: 5, status: 'unknown', message: /var\.status/ }],
    },
    {
      name: 'cloudformation: Suspended is replaced',
      files: { 'template.yaml': cfnBucket('      VersioningConfiguration:\n        Status: Suspended\n') },
      errors: [{ line: 8, column: 9, endLine: 8, endColumn: 26 }],
      output: { 'template.yaml': cfnBucket('      VersioningConfiguration:\n        Status: Enabled\n') },
    },
    {
      name: 'terraform: explicit Suspended fails even with Object Lock (S3 refuses it, the apply fails)',
      files: tfModule(bucketTf('  object_lock_enabled = true\n') + 'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  versioning_configuration {\n    status = "Suspended"\n  }\n}\n'),
      errors: [{ line: 8, column: 5, endLine: 8, endColumn: 25, severity: 'warning', message: /^Versioning is explicitly Suspended on this trail log bucket, which has Object Lock: S3 refuses/ }],
      output: { 'main.tf': bucketTf('  object_lock_enabled = true\n') + 'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n' },
    },
    {
      name: 'cloudformation: explicit Status Suspended fails even with ObjectLockEnabled',
      files: { 'template.yaml': cfnBucket('      ObjectLockEnabled: true\n      VersioningConfiguration:\n        Status: Suspended\n') },
      errors: [{ line: 9, column: 9, endLine: 9, endColumn: 26, message: /^Versioning is explicitly Suspended .* Object Lock/ }],
      output: { 'template.yaml': cfnBucket('      ObjectLockEnabled: true\n      VersioningConfiguration:\n        Status: Enabled\n') },
    },
    {
      name: 'cloudformation: missing points at the logical id',
      files: { 'template.yaml': cfnBucket() },
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 12 }],
    },
  ],
});
