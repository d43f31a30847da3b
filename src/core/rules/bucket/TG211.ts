// TG211 (generic, Information): default encryption of the trail bucket is SSE-KMS. CloudTrail objects are
// already SSE-KMS when the trail has a key (TG103); this covers everything else written to the bucket.
import type { Bucket } from '../../model';
import { at, type Rule } from '../rule';
import { trailBuckets } from '../scope';
import { failWithRelations, isAccessLogBucket, onlyPolicyKnown, partialPeer, reportIfUnresolved } from './support';
import { ISO27001_A8_15, securityHub } from '../controls';
import { quote, s3api } from '../liveRemediation';

export const TG211: Rule<Bucket> = {
  meta: {
    id: 'TG211',
    title: 'Bucket default encryption SSE-KMS',
    severity: 'info',
    fix: 'no',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 's3',
      evidence: ['GetBucketEncryption'],
      remediation: (b, ctx) => s3api(`put-bucket-encryption --bucket ${quote(b.id)} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<KMS_KEY_ARN>"},"BucketKeyEnabled":true}]}'`, ctx),
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_145' },
      partialPeer('checkov', 'CKV_AWS_19', ['no-default-encryption']),
      partialPeer('trivy', 'AVD-AWS-0088', ['no-default-encryption']),
      { tool: 'trivy', id: 'AVD-AWS-0132' },
      partialPeer('prowler', 's3_bucket_default_encryption', ['no-default-encryption']),
      { tool: 'prowler', id: 's3_bucket_kms_encryption' },
      { tool: 'securityhub', id: 'S3.17' },
    ],
    controls: [securityHub('S3.17'), ISO27001_A8_15],
    doc: {
      summary:
        'Reports (Information) a trail bucket whose default encryption is not SSE-KMS (`aws:kms` or `aws:kms:dsse`): ' +
        'no `server_side_encryption_configuration` / `BucketEncryption`, or `AES256`.',
      why:
        'Since January 2023 every new object is encrypted with SSE-S3 at least, so this is about control, not about ' +
        'plain text: with SSE-KMS, reading the logs also needs `kms:Decrypt` on a key whose policy you audit, and ' +
        'every decryption is itself logged. CloudTrail log files follow the trail\'s `kms_key_id` (TG103) anyway.',
      failing: {
        terraform: 'resource "aws_s3_bucket" "logs" {\n  bucket = "org-cloudtrail-logs"\n}',
        cloudformation: 'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketName: org-cloudtrail-logs',
      },
      passing: {
        terraform:
          'resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.trail.arn\n    }\n  }\n}',
        cloudformation:
          'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketEncryption:\n      ServerSideEncryptionConfiguration:\n        - ServerSideEncryptionByDefault:\n            SSEAlgorithm: aws:kms\n            KMSMasterKeyID: !GetAtt TrailKey.Arn',
      },
      fix: 'Configure default encryption with `aws:kms` and a customer managed key. No automatic fix: a key must be chosen, and its policy must let the readers decrypt.',
      differences:
        'Peers check every bucket at higher severity; on a trail bucket this is informational because the trail key already ' +
        'encrypts the log files. Like Trivy, buckets that receive S3 server access logs are exempt (S3 cannot deliver access ' +
        'logs to an SSE-KMS bucket): ACL `log-delivery-write`, a bucket policy granting `logging.s3.amazonaws.com` ' +
        '`s3:PutObject`, or another bucket\'s logging target.',
      references: [
        { title: 'Amazon S3 User Guide: Setting default server-side encryption behavior', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html' },
        { title: 'AWS CloudTrail User Guide: Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html' },
      ],
    },
  },
  targets: (scene, options) => trailBuckets(scene, options).filter((b) => !onlyPolicyKnown(b) && !isAccessLogBucket(b, scene)),
  check(bucket, ctx) {
    const sse = bucket.sseAlgorithm;
    if (reportIfUnresolved(sse, bucket, ctx)) return;
    if (sse.state === 'known' && sse.value.toLowerCase().startsWith('aws:kms')) return;
    const message =
      sse.state === 'known'
        ? `default encryption of this trail log bucket is ${sse.value}, not SSE-KMS`
        : 'this trail log bucket has no SSE-KMS default encryption (S3 applies SSE-S3)';
    // Aspects: no default encryption configured, or one that is not SSE-KMS (the any-encryption peers accept it).
    failWithRelations(ctx, bucket, at(sse, bucket), message, { aspect: sse.state === 'known' ? 'not-sse-kms' : 'no-default-encryption' });
  },
};
