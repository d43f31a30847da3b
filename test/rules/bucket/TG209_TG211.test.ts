import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnBucket, tfModule } from './fixtures';

const loggingTf = (target: string) =>
  bucketTf() + `resource "aws_s3_bucket_logging" "logs" {\n  bucket        = aws_s3_bucket.logs.id\n  target_bucket = ${target}\n  target_prefix = "trail-bucket/"\n}\n`;
const sseTf = (algorithm: string) =>
  bucketTf() +
  `resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = ${algorithm}\n    }\n  }\n}\n`;

/** An access-log bucket set up the way AWS recommends: a bucket policy for the logging service, no ACL. */
const accessLogPolicyTf =
  'resource "aws_s3_bucket" "access" {\n  bucket = "access-logs"\n}\n' +
  'resource "aws_s3_bucket_policy" "access" {\n  bucket = aws_s3_bucket.access.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n' +
  '    Statement = [{\n      Effect    = "Allow"\n      Principal = { Service = "logging.s3.amazonaws.com" }\n      Action    = "s3:PutObject"\n' +
  '      Resource  = "arn:aws:s3:::access-logs/logs/*"\n    }]\n  })\n}\n' +
  'resource "aws_s3_bucket_server_side_encryption_configuration" "access" {\n  bucket = aws_s3_bucket.access.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "AES256"\n    }\n  }\n}\n';

ruleTester('TG209', {
  valid: [
    { name: 'terraform v4: aws_s3_bucket_logging to another bucket', files: tfModule(loggingTf('"access-logs"')) },
    { name: 'terraform v3: inline logging block', files: tfModule(bucketTf('  logging {\n    target_bucket = "access-logs"\n  }\n')) },
    { name: 'cloudformation: LoggingConfiguration', files: { 'template.yaml': cfnBucket('      LoggingConfiguration:\n        DestinationBucketName: access-logs\n') } },
    {
      name: 'scope all: the access-log target bucket itself is exempt',
      files: { 'main.tf': loggingTf('aws_s3_bucket.access.id') + 'resource "aws_s3_bucket" "access" {\n  bucket = "access-logs"\n}\n' },
      config: { scope: 'all' },
    },
    { name: 'scope all: a bucket receiving access logs through its bucket policy is exempt', files: { 'main.tf': accessLogPolicyTf }, config: { scope: 'all' } },
  ],
  invalid: [
    {
      name: 'scope all: a bucket that only receives logs is exempt, the one sending them is not',
      files: { 'main.tf': bucketTf('  logging {\n    target_bucket = "access-logs"\n  }\n') + 'resource "aws_s3_bucket" "access" {\n  bucket = "access-logs"\n}\nresource "aws_s3_bucket" "other" {\n  bucket = "other"\n}\n' },
      config: { scope: 'all' },
      errors: [{ line: 10, column: 1, message: /^Server access logging is not enabled on this bucket:/ }],
    },
    { name: 'terraform: no logging points at the bucket header', files: tfModule(bucketTf()), errors: [{ line: 1, column: 1, endLine: 1, endColumn: 32, severity: 'warning', message: /^Server access logging is not enabled/ }] },
    { name: 'terraform: logging into itself', files: tfModule(loggingTf('aws_s3_bucket.logs.id')), errors: [{ line: 6, column: 3, endLine: 6, endColumn: 40, message: /into itself/ }] },
    { name: 'terraform: target from a variable without default is unknown', files: tfModule(loggingTf('var.target') + 'variable "target" {}\n'), errors: [{ line: 6, column: 3, status: 'unknown', message: /var\.target/ }] },
    { name: 'cloudformation: no LoggingConfiguration', files: { 'template.yaml': cfnBucket() }, errors: [{ line: 3, column: 3, endLine: 3, endColumn: 12 }] },
    {
      name: 'cloudformation: logging into itself through !Ref',
      files: { 'template.yaml': cfnBucket('      LoggingConfiguration:\n        DestinationBucketName: !Ref LogBucket\n') },
      errors: [{ line: 8, column: 9, message: /into itself/ }],
    },
  ],
});

ruleTester('TG211', {
  valid: [
    { name: 'terraform: aws:kms', files: tfModule(sseTf('"aws:kms"')) },
    { name: 'terraform: aws:kms:dsse', files: tfModule(sseTf('"aws:kms:dsse"')) },
    {
      name: 'scope all: a log-delivery-write bucket cannot use SSE-KMS and is exempt',
      files: { 'main.tf': 'resource "aws_s3_bucket" "access" {\n  bucket = "access-logs"\n  acl    = "log-delivery-write"\n}\n' },
      config: { scope: 'all' },
    },
    {
      name: 'scope all: a bucket whose policy lets logging.s3.amazonaws.com put objects receives access logs and is exempt',
      files: { 'main.tf': accessLogPolicyTf },
      config: { scope: 'all' },
    },
    {
      name: 'cloudformation: aws:kms',
      files: { 'template.yaml': cfnBucket('      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n') },
    },
  ],
  invalid: [
    { name: 'terraform: no default encryption is information on the header', files: tfModule(bucketTf()), errors: [{ line: 1, column: 1, severity: 'info', message: /no SSE-KMS default encryption/ }] },
    { name: 'terraform: AES256 points at the algorithm', files: tfModule(sseTf('"AES256"')), errors: [{ line: 8, column: 7, endLine: 8, endColumn: 31, severity: 'info', message: /AES256, not SSE-KMS/ }] },
    {
      name: 'cloudformation: AES256',
      files: { 'template.yaml': cfnBucket('      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n') },
      errors: [{ line: 10, column: 15, endLine: 10, endColumn: 35 }],
    },
  ],
});
