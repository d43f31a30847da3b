// TG202: Object Lock's default retention is COMPLIANCE mode and at least the configured minimum, so log files
// are protected from the moment they land, without relying on every writer to set a retention itself.
import type { Bucket } from '../../model';
import { at, type Rule } from '../rule';
import { trailBuckets } from '../scope';
import { failWithRelations, onlyPolicyKnown, reportIfUnresolved, spelled } from './support';
import { ISO27001_A8_15, pciDss, securityHub } from '../controls';
import { objectLockCommand } from '../liveRemediation';

export const TG202: Rule<Bucket> = {
  meta: {
    id: 'TG202',
    title: 'Object Lock default retention: COMPLIANCE mode and at least the minimum retention',
    severity: 'medium',
    fix: 'no',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 's3',
      evidence: ['GetObjectLockConfiguration'],
      remediation: (b, ctx) => `${objectLockCommand(b as Bucket, ctx)}  # COMPLIANCE mode cannot be shortened or removed, even by root`,
    },
    peers: [{ tool: 'securityhub', id: 'S3.15' }],
    controls: [securityHub('S3.15', 'part'), ISO27001_A8_15, pciDss('10.3.2', 'part'), pciDss('10.5.1', 'part')],
    doc: {
      summary:
        'On a trail bucket with Object Lock enabled, checks the default retention rule: it must exist, use ' +
        '`COMPLIANCE` mode (`GOVERNANCE` is reported at Low), and last at least `minRetentionDays` (default 365; ' +
        '`years` count as 365 days).',
      why:
        'Without a default retention, Object Lock protects nothing: CloudTrail does not set a retention on the objects ' +
        'it writes. GOVERNANCE mode can be bypassed by anyone with `s3:BypassGovernanceRetention`, which is exactly the ' +
        'kind of privileged principal an audit trail must be safe from. A retention shorter than your evidence ' +
        'requirement lets logs be deleted before an auditor asks for them.',
      failing: {
        terraform:
          'resource "aws_s3_bucket_object_lock_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    default_retention {\n      mode = "GOVERNANCE"\n      days = 30\n    }\n  }\n}',
        cloudformation:
          'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    ObjectLockEnabled: true\n    ObjectLockConfiguration:\n      ObjectLockEnabled: Enabled\n      Rule:\n        DefaultRetention:\n          Mode: GOVERNANCE\n          Days: 30',
      },
      passing: {
        terraform:
          'resource "aws_s3_bucket_object_lock_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    default_retention {\n      mode  = "COMPLIANCE"\n      years = 1\n    }\n  }\n}',
        cloudformation:
          'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    ObjectLockEnabled: true\n    ObjectLockConfiguration:\n      ObjectLockEnabled: Enabled\n      Rule:\n        DefaultRetention:\n          Mode: COMPLIANCE\n          Days: 365',
      },
      fix:
        'Set `default_retention { mode = "COMPLIANCE", days = N }` (`DefaultRetention: { Mode: COMPLIANCE, Days: N }`). ' +
        'No automatic fix: objects written under COMPLIANCE mode cannot be deleted by anyone, including the root user, ' +
        'until their retention ends, so the mode and the period must be chosen deliberately.',
      differences:
        'No IaC peer checks the retention. Security Hub S3.15 can check the mode through its optional `mode` ' +
        'parameter, not the period.',
      references: [
        { title: 'Amazon S3 User Guide: Object Lock retention modes', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-retention-modes' },
        { title: 'Amazon S3 User Guide: Configuring Object Lock default retention', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html' },
      ],
    },
  },
  targets: (scene, options) => trailBuckets(scene, options).filter((b) => !onlyPolicyKnown(b)),
  // Without Object Lock there is no retention to judge: TG201 reports the missing lock (catalog: never a pass).
  notApplicable: (bucket) => (bucket.objectLockEnabled.state === 'absent' || (bucket.objectLockEnabled.state === 'known' && !bucket.objectLockEnabled.value)
    ? 'no Object Lock, see TG201'
    : undefined),
  check(bucket, ctx) {
    const lock = bucket.objectLockEnabled;
    if (reportIfUnresolved(lock, bucket, ctx)) return;
    if (lock.state !== 'known' || !lock.value) return; // not applicable (above)
    const { objectLockMode: mode, objectLockDays: days, objectLockYears: years } = bucket;
    const lockPosition = bucket.objectLockLoc ? { loc: bucket.objectLockLoc } : at(lock, bucket);
    if (mode.state === 'absent' && days.state === 'absent' && years.state === 'absent') {
      failWithRelations(ctx, bucket, lockPosition, 'Object Lock has no default retention rule: CloudTrail log files are written without any lock');
      return;
    }
    if (!reportIfUnresolved(mode, bucket, ctx)) {
      if (mode.state === 'absent') {
        failWithRelations(ctx, bucket, lockPosition, 'the Object Lock default retention has no mode: set COMPLIANCE');
      } else if (mode.value.toUpperCase() === 'GOVERNANCE') {
        failWithRelations(
          ctx,
          bucket,
          at(mode, bucket),
          'Object Lock default retention uses GOVERNANCE mode, which anyone with s3:BypassGovernanceRetention can override; use COMPLIANCE',
          { severity: 'low' },
        );
      }
    }
    if (reportIfUnresolved(days, bucket, ctx) || reportIfUnresolved(years, bucket, ctx)) return;
    const minimum = ctx.options.minRetentionDays;
    if (days.state === 'known') {
      if (days.value < minimum) {
        failWithRelations(ctx, bucket, at(days, bucket), `Object Lock default retention is ${days.value} days, shorter than the required ${minimum} days`);
      }
    } else if (years.state === 'known') {
      if (years.value * 365 < minimum) {
        failWithRelations(ctx, bucket, at(years, bucket), `Object Lock default retention is ${years.value} year(s) (${years.value * 365} days), shorter than the required ${minimum} days`);
      }
    } else {
      failWithRelations(ctx, bucket, lockPosition, `the Object Lock default retention sets no period (${spelled(bucket, { tf: 'days', cfn: 'Days', live: 'Rule.DefaultRetention.Days' })} or ${spelled(bucket, { tf: 'years', cfn: 'Years', live: 'Rule.DefaultRetention.Years' })})`);
    }
  },
};
