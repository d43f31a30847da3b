// TG203: versioning is on for the trail bucket, so an overwritten or deleted log object keeps its old version.
import type { Bucket, Fix } from '../../model';
import { replaceValue } from '../../fix/edits';
import { tfResourceAfterBucket } from './addResource';
import { at, type Rule } from '../rule';
import { trailBuckets } from '../scope';
import { failWithRelations, onlyPolicyKnown, reportIfUnresolved } from './support';
import { ISO27001_A8_15, pciDss, securityHub } from '../controls';
import { quote, s3api } from '../liveRemediation';

const STATUS = { tf: 'status', cfn: 'Status' };

/**
 * Replaces a wrong status in place, or inserts `status = "Enabled"` into an existing versioning block. A v3
 * `versioning { enabled = false }` is a derived value without a value range: no blind replace there.
 */
function versioningFix(bucket: Bucket): Fix[] {
  const attr = bucket.versioning;
  let edits;
  if (attr.state === 'known') edits = replaceValue(attr, 'Enabled');
  else if (attr.state === 'absent') edits = bucket.versioningTarget?.insert(STATUS, 'Enabled');
  if (edits && edits.length) return [{ title: 'Enable versioning', kind: 'safe', edits }];
  // No versioning configuration to edit (Terraform): the catalog's snippet, a resource of its own to review.
  if (attr.state !== 'absent') return [];
  const added = tfResourceAfterBucket(bucket, 'aws_s3_bucket_versioning', '  versioning_configuration {\n    status = "Enabled"\n  }\n');
  return added.length ? [{ title: 'Add an aws_s3_bucket_versioning resource with versioning Enabled', kind: 'snippet', edits: added }] : [];
}

export const TG203: Rule<Bucket> = {
  meta: {
    id: 'TG203',
    title: 'Versioning enabled on trail bucket',
    severity: 'medium',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 's3',
      evidence: ['GetBucketVersioning', 'GetObjectLockConfiguration'],
      remediation: (b, ctx) => s3api(`put-bucket-versioning --bucket ${quote(b.id)} --versioning-configuration Status=Enabled`, ctx),
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_21' },
      { tool: 'trivy', id: 'AVD-AWS-0090' },
      { tool: 'kics', id: '568a4d22-3517-44a6-a7ad-6a7eed88722c' },
      { tool: 'kics', id: 'a227ec01-f97a-4084-91a4-47b350c1db54' },
      { tool: 'cfn-guard', id: 'S3_BUCKET_VERSIONING_ENABLED' },
      { tool: 'prowler', id: 's3_bucket_object_versioning' },
      { tool: 'securityhub', id: 'S3.14' },
    ],
    controls: [securityHub('S3.14'), ISO27001_A8_15, pciDss('10.3.2', 'part')],
    doc: {
      summary:
        'Checks that versioning is `Enabled` on the trail bucket: `aws_s3_bucket_versioning` with ' +
        '`versioning_configuration { status = "Enabled" }` (or v3 `versioning { enabled = true }`), ' +
        '`VersioningConfiguration: { Status: Enabled }` in CloudFormation, `GetBucketVersioning` live. A bucket with ' +
        'Object Lock and no versioning configuration passes, since Object Lock turns versioning on; an explicit ' +
        '`Suspended` still fails there (S3 refuses to suspend versioning on an Object Lock bucket, so the apply fails).',
      why:
        'With versioning, deleting or overwriting a log object only adds a delete marker or a new version: the ' +
        'original evidence stays recoverable. It is also the prerequisite for Object Lock and MFA Delete.',
      failing: {
        terraform:
          'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  versioning_configuration {\n    status = "Suspended"\n  }\n}',
        cloudformation:
          'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Suspended',
      },
      passing: {
        terraform:
          'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}',
        cloudformation: 'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Enabled',
      },
      fix:
        'Quick fix: set the status to `Enabled` (or `enabled = true` in a v3 block). When there is no versioning ' +
        'configuration at all, the safe fix inserts a `VersioningConfiguration` property in CloudFormation, and in ' +
        'Terraform a snippet adds an `aws_s3_bucket_versioning` resource after the bucket.',
      differences:
        'Like Trivy, a bucket with Object Lock counts as versioned. Peers check every bucket; we check trail buckets ' +
        'unless `scope: all`.',
      references: [
        { title: 'Amazon S3 User Guide: Using versioning in S3 buckets', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html' },
        { title: 'Security Hub S3.14: S3 buckets should have versioning enabled', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-14' },
      ],
    },
  },
  targets: (scene, options) => trailBuckets(scene, options).filter((b) => !onlyPolicyKnown(b)),
  check(bucket, ctx) {
    const locked = bucket.objectLockEnabled.state === 'known' && bucket.objectLockEnabled.value;
    const versioning = bucket.versioning;
    // Object Lock turns versioning on when nothing else configures it; an explicit other status still fails:
    // S3 refuses to suspend versioning on an Object Lock bucket, so that apply fails (rules.md TG203).
    if (locked && versioning.state !== 'known') return;
    if (reportIfUnresolved(versioning, bucket, ctx)) return;
    if (versioning.state === 'known' && versioning.value.toLowerCase() === 'enabled') return;
    const message =
      versioning.state !== 'known'
        ? 'versioning is not enabled on this trail log bucket: overwritten or deleted log files cannot be recovered'
        : locked
          ? `versioning is explicitly ${versioning.value} on this trail log bucket, which has Object Lock: S3 refuses to suspend versioning on an Object Lock bucket, so the deployment fails`
          : `versioning is ${versioning.value} on this trail log bucket: overwritten or deleted log files cannot be recovered`;
    failWithRelations(ctx, bucket, at(versioning, bucket), message, { fixes: versioningFix(bucket) });
  },
};
