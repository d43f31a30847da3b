// TG210: no enabled lifecycle rule that covers the CloudTrail prefix expires log objects before the required
// retention (the larger of `minRetentionDays` and the Object Lock default retention).
import type { Bucket, LifecycleRule, Scene } from '../../model';
import { at, type CheckContext, type Rule } from '../rule';
import { trailBuckets } from '../scope';
import { failWithRelations, onlyPolicyKnown, reportIfUnresolved, retentionDays, spelled, trailsOf, type PropSpelling } from './support';
import { ISO27001_A8_15, pciDss } from '../controls';

const KEY_PREFIX: PropSpelling = { tf: 's3_key_prefix', cfn: 'S3KeyPrefix', live: 'DescribeTrails.S3KeyPrefix' };

/** Object key prefixes CloudTrail writes under in this bucket: `[<s3_key_prefix>/]AWSLogs/`. */
function logPrefixes(bucket: Bucket, scene: Scene): (string | undefined)[] {
  const trails = trailsOf(bucket, scene);
  if (trails.length === 0) return ['AWSLogs/'];
  return trails.map((t) => {
    const p = t.s3KeyPrefix;
    if (p.state === 'unresolved') return undefined;
    return p.state === 'known' && p.value ? `${p.value.replace(/\/+$/, '')}/AWSLogs/` : 'AWSLogs/';
  });
}

/** A rule prefix applies to some log objects when one is a prefix of the other. */
function coversLogs(rulePrefix: string, logs: (string | undefined)[]): boolean | undefined {
  if (rulePrefix === '') return true;
  let unknown = false;
  for (const log of logs) {
    if (log === undefined) unknown = true;
    else if (log.startsWith(rulePrefix) || rulePrefix.startsWith(log)) return true;
  }
  return unknown ? undefined : false;
}

export const TG210: Rule<Bucket> = {
  meta: {
    id: 'TG210',
    title: 'Lifecycle expiration no shorter than the retention',
    severity: 'medium',
    fix: 'no',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 's3',
      evidence: ['GetBucketLifecycleConfiguration', 'GetObjectLockConfiguration'],
      remediation: { none: 'lengthen or remove the expiring lifecycle rule (put-bucket-lifecycle-configuration with the other rules kept): see the rule doc' },
    },
    peers: [],
    controls: [ISO27001_A8_15, pciDss('10.5.1', 'part')],
    doc: {
      summary:
        'Checks the lifecycle rules of the trail bucket: an enabled rule whose filter / prefix covers the CloudTrail ' +
        'objects (`[<s3_key_prefix>/]AWSLogs/`) must not expire current versions (`expiration.days`, ' +
        '`ExpirationInDays`) or noncurrent versions (`noncurrent_days`, `NoncurrentDays`) before the required ' +
        'retention: the larger of `minRetentionDays` (default 365) and the Object Lock default retention.',
      why:
        'A lifecycle rule deletes log files silently and on schedule. If it runs before your evidence retention, the ' +
        'logs an investigation or audit needs are gone, and no alarm fires.',
      failing: {
        terraform:
          'resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    id     = "expire"\n    status = "Enabled"\n    filter {}\n    expiration {\n      days = 90\n    }\n  }\n}',
        cloudformation:
          'LifecycleConfiguration:\n  Rules:\n    - Id: expire\n      Status: Enabled\n      ExpirationInDays: 90',
      },
      passing: {
        terraform:
          'rule {\n  id     = "archive"\n  status = "Enabled"\n  filter {}\n  transition {\n    days          = 90\n    storage_class = "GLACIER"\n  }\n  expiration {\n    days = 400\n  }\n}',
        cloudformation:
          'LifecycleConfiguration:\n  Rules:\n    - Id: archive\n      Status: Enabled\n      Transitions:\n        - StorageClass: GLACIER\n          TransitionInDays: 90\n      ExpirationInDays: 400',
      },
      fix:
        'Raise the expiration to at least the required retention, or transition to a colder storage class instead of ' +
        'expiring. No automatic fix: the retention period is a compliance decision.',
      differences: 'No peer compares lifecycle expiration with retention; CKV2_AWS_61, Prowler and Security Hub S3.13 only require that a lifecycle exists.',
      references: [
        { title: 'Amazon S3 User Guide: Managing your storage lifecycle', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html' },
        { title: 'AWS CloudTrail User Guide: Finding your CloudTrail log files', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html' },
      ],
    },
  },
  targets: (scene, options) => trailBuckets(scene, options).filter((b) => !onlyPolicyKnown(b)),
  check(bucket, ctx) {
    const rules = bucket.lifecycleRules;
    if (!Array.isArray(rules)) return ctx.unknown(bucket, rules.unresolved);
    const lock = retentionDays(bucket);
    const required = Math.max(ctx.options.minRetentionDays, lock ?? 0);
    const why = lock !== undefined && lock > ctx.options.minRetentionDays ? `the Object Lock retention of ${lock} days` : `the required ${required} days`;
    const logs = logPrefixes(bucket, ctx.scene);
    for (const rule of rules) checkRule(bucket, rule, required, why, logs, ctx);
  },
};

function checkRule(bucket: Bucket, rule: LifecycleRule, required: number, why: string, logs: (string | undefined)[], ctx: CheckContext): void {
  const where = rule.loc ? { loc: rule.loc } : bucket;
  if (reportIfUnresolved(rule.enabled, where, ctx)) return;
  if (rule.enabled.state === 'known' && !rule.enabled.value) return;
  if (reportIfUnresolved(rule.prefix, where, ctx)) return;
  const covers = coversLogs(rule.prefix.state === 'known' ? rule.prefix.value : '', logs);
  if (covers === false) return;
  const label = rule.id ? `lifecycle rule "${rule.id}"` : 'a lifecycle rule';
  const checks = [
    { attr: rule.expirationDays, what: 'expires log files' },
    { attr: rule.noncurrentExpirationDays, what: 'expires noncurrent log versions' },
  ];
  for (const { attr, what } of checks) {
    if (attr.state === 'absent') continue;
    if (covers === undefined || attr.state === 'unresolved') {
      ctx.unknown(at(attr, where), attr.state === 'unresolved' ? attr.reason : `the trail's ${spelled(bucket, KEY_PREFIX)} is not known, so it is unclear whether this rule covers the log files`);
      continue;
    }
    if (attr.value < required) {
      failWithRelations(ctx, bucket, at(attr, where), `${label} ${what} after ${attr.value} days, before ${why}`);
    }
  }
}
