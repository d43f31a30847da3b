// Shared text builders for the TG2xx / TG3xx tests. The trail lives in its own file (`trail.tf`) or at the end of
// the template, so that the resource under test starts on line 1 of `main.tf` / line 3 of `template.yaml` and
// the expected positions are easy to read off.

/** A trail delivering to `aws_s3_bucket.logs` and encrypting with `aws_kms_key.trail`. */
export const trailTf = (extra = '') =>
  `resource "aws_cloudtrail" "org" {\n  name           = "org"\n  s3_bucket_name = aws_s3_bucket.logs.id\n  kms_key_id     = aws_kms_key.trail.arn\n${extra}}\n`;

/** `resource "aws_s3_bucket" "logs"` with the given body lines (each indented by two spaces by the caller). */
export const bucketTf = (body = '') => `resource "aws_s3_bucket" "logs" {\n  bucket = "org-trail-logs"\n${body}}\n`;

/** `resource "aws_kms_key" "trail"` with the given body. */
export const keyTf = (body = '') => `resource "aws_kms_key" "trail" {\n  description = "trail"\n${body}}\n`;

/** Terraform module: `main.tf` holds what is under test, `trail.tf` the trail that makes it an audit resource. */
export const tfModule = (main: string, trailExtra = '') => ({ 'main.tf': main, 'trail.tf': trailTf(trailExtra) });

const CFN_HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';
const CFN_TRAIL =
  '  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: !Ref LogBucket\n      KMSKeyId: !GetAtt TrailKey.Arn\n';

/**
 * A template whose first resource (line 3) is `LogBucket` with `props` (lines indented by six spaces), followed by
 * `more` resources and the trail.
 */
export const cfnBucket = (props = '', more = '') =>
  `${CFN_HEAD}  LogBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: org-trail-logs\n${props}${more}${CFN_TRAIL}`;

/** A template whose first resource (line 3) is `TrailKey` with `props`, then `LogBucket` and the trail. */
export const cfnKey = (props = '') =>
  `${CFN_HEAD}  TrailKey:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: trail\n${props}  LogBucket:\n    Type: AWS::S3::Bucket\n${CFN_TRAIL}`;

/** JSON text of a policy document with the given statements. */
export const policyJson = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) + '\n';
