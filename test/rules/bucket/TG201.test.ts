import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnBucket, policyJson, tfModule } from './fixtures';

ruleTester('TG201', {
  valid: [
    { name: 'terraform v4: object_lock_enabled = true', files: tfModule(bucketTf('  object_lock_enabled = true\n')) },
    {
      name: 'terraform v3: inline object_lock_configuration',
      files: tfModule(bucketTf('  object_lock_configuration {\n    object_lock_enabled = "Enabled"\n  }\n')),
    },
    {
      name: 'terraform v4: aws_s3_bucket_object_lock_configuration resource',
      files: tfModule(
        bucketTf() +
          'resource "aws_s3_bucket_object_lock_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    default_retention {\n      mode = "COMPLIANCE"\n      days = 365\n    }\n  }\n}\n',
      ),
    },
    { name: 'terraform: a bucket no trail uses is out of scope by default', files: { 'main.tf': bucketTf() } },
    { name: 'cloudformation: ObjectLockEnabled true', files: { 'template.yaml': cfnBucket('      ObjectLockEnabled: true\n') } },
    {
      name: 'policy file: only the policy is known, so no verdict and no unknown',
      files: {
        'bucket-policy.json': policyJson({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/AWSLogs/111122223333/*' }),
      },
    },
  ],
  invalid: [
    {
      name: 'terraform: missing points at the bucket header',
      files: tfModule(bucketTf()),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 32, severity: 'error', message: /^Object Lock is not enabled on this trail log bucket/ }],
    },
    {
      name: 'terraform: false points at the attribute',
      files: tfModule(bucketTf('  object_lock_enabled = false\n')),
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 30, message: /disabled/ }],
    },
    {
      name: 'terraform: variable without default is unknown',
      files: tfModule(bucketTf('  object_lock_enabled = var.lock\n') + 'variable "lock" {}\n'),
      errors: [{ line: 3, column: 3, status: 'unknown', severity: 'info', message: /^TG201 could not be verified: .*var\.lock/ }],
    },
    {
      name: 'terraform: scope all applies to a bucket without trail',
      files: { 'main.tf': bucketTf() },
      config: { scope: 'all' },
      errors: [{ line: 1, column: 1 }],
    },
    {
      name: 'terraform: a bucket matching auditBucketPatterns is in scope',
      files: { 'main.tf': bucketTf() },
      config: { auditBucketPatterns: ['*-trail-logs'] },
      errors: [{ line: 1, column: 1 }],
    },
    {
      name: 'terraform: a bucket with the audit tag is in scope',
      files: { 'main.tf': bucketTf('  tags = {\n    "trailguard:audit" = "true"\n  }\n') },
      errors: [{ line: 1, column: 1 }],
    },
    {
      name: 'cloudformation: missing points at the logical id',
      files: { 'template.yaml': cfnBucket() },
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 12, severity: 'error' }],
    },
    {
      name: 'cloudformation: false points at the property',
      files: { 'template.yaml': cfnBucket('      ObjectLockEnabled: false\n') },
      errors: [{ line: 7, column: 7, endLine: 7, endColumn: 31 }],
    },
    {
      name: 'cloudformation: parameter without default is unknown',
      files: { 'template.yaml': cfnBucket('      ObjectLockEnabled: !Ref Lock\n') + 'Parameters:\n  Lock:\n    Type: String\n' },
      errors: [{ line: 7, column: 7, status: 'unknown', message: /Lock/ }],
    },
  ],
});
