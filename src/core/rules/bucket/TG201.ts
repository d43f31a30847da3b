// TG201: the trail bucket has S3 Object Lock, so delivered log files cannot be deleted or overwritten.
import type { Bucket } from '../../model';
import { at, type Rule } from '../rule';
import { trailBuckets } from '../scope';
import { failWithRelations, onlyPolicyKnown, reportIfUnresolved } from './support';
import { ISO27001_A8_15, pciDss, securityHub } from '../controls';
import { objectLockCommand } from '../liveRemediation';

export const TG201: Rule<Bucket> = {
  meta: {
    id: 'TG201',
    title: 'Object Lock enabled on trail bucket',
    severity: 'high',
    fix: 'no',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 's3',
      evidence: ['GetObjectLockConfiguration'],
      remediation: (b, ctx) => `${objectLockCommand(b as Bucket, ctx)}  # irreversible: objects cannot be deleted before the retention ends; versioning must be on`,
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_143' },
      { tool: 'cfn-guard', id: 'S3_BUCKET_DEFAULT_LOCK_ENABLED' },
      { tool: 'prowler', id: 's3_bucket_object_lock' },
      { tool: 'securityhub', id: 'S3.15' },
    ],
    controls: [securityHub('S3.15'), ISO27001_A8_15, pciDss('10.3.2', 'part'), pciDss('10.3.3', 'part')],
    doc: {
      summary:
        'Checks that the S3 bucket a CloudTrail trail delivers to has Object Lock enabled: `object_lock_enabled = true` ' +
        '(or the v3 inline `object_lock_configuration` block, or an `aws_s3_bucket_object_lock_configuration` resource) ' +
        'in Terraform, `ObjectLockEnabled: true` in CloudFormation, and an `Enabled` Object Lock configuration live.',
      why:
        'Log file validation proves that a log file was changed, but not what it said before. Object Lock (WORM) keeps ' +
        'every delivered log object version from being deleted or overwritten, even by an administrator whose ' +
        'credentials were stolen, so the audit trail survives the incident it is meant to explain.',
      failing: {
        terraform: 'resource "aws_s3_bucket" "logs" {\n  bucket = "org-cloudtrail-logs"\n}',
        cloudformation: 'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketName: org-cloudtrail-logs',
      },
      passing: {
        terraform: 'resource "aws_s3_bucket" "logs" {\n  bucket              = "org-cloudtrail-logs"\n  object_lock_enabled = true\n}',
        cloudformation: 'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketName: org-cloudtrail-logs\n    ObjectLockEnabled: true',
      },
      fix:
        'Enable Object Lock when the bucket is created (`object_lock_enabled = true` / `ObjectLockEnabled: true`) and ' +
        'set a default retention (TG202). There is no automatic fix: in Terraform the attribute forces a new bucket, ' +
        'and Object Lock cannot be turned off once enabled, so this needs a migration plan (new bucket, trail switched ' +
        'over, old logs copied).',
      differences:
        'Checkov CKV_AWS_143 only reads the v3 inline block and reports nothing for v4-style buckets; we merge the ' +
        'v3 block, `object_lock_enabled` and the v4 resource. Prowler passes any bucket that returns a configuration; ' +
        'we also require it to be `Enabled`. cfn-guard and Security Hub S3.15 check every bucket; we check trail ' +
        'buckets unless `scope: all`.',
      references: [
        { title: 'Amazon S3 User Guide: Locking objects with Object Lock', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html' },
        { title: 'Security Hub S3.15: S3 buckets should have Object Lock enabled', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-15' },
      ],
    },
  },
  targets: (scene, options) => trailBuckets(scene, options).filter((b) => !onlyPolicyKnown(b)),
  check(bucket, ctx) {
    const lock = bucket.objectLockEnabled;
    if (reportIfUnresolved(lock, bucket, ctx)) return;
    if (lock.state === 'known' && lock.value) return;
    failWithRelations(
      ctx,
      bucket,
      at(lock, bucket),
      lock.state === 'known'
        ? 'Object Lock is disabled on this trail log bucket: delivered log files can be deleted or overwritten'
        : 'Object Lock is not enabled on this trail log bucket: delivered log files can be deleted or overwritten',
    );
  },
};
