// TG209: S3 server access logging on the trail bucket, so reads and deletions of the log files are themselves
// recorded (CloudTrail management events do not capture object reads).
import type { Attr, Bucket, FileEdit, Fix, Scalar, Scene } from '../../model';
import { refText, type RefText } from '../../refText';
import { isCfn } from '../common';
import { attrPlaceholders, listPlaceholders } from '../placeholders';
import { at, type Rule } from '../rule';
import { trailBuckets } from '../scope';
import { bucketName, failWithRelations, isAccessLogBucket, onlyPolicyKnown } from './support';
import { ISO27001_A8_15, cis, pciDss, securityHub } from '../controls';
import { quote, s3api } from '../liveRemediation';

/**
 * The access-log bucket to log into: the one bucket of the module / template that receives access logs, by
 * reference; else a placeholder to choose one (the snippet then keeps the finding until it is replaced).
 */
function accessLogTarget(bucket: Bucket, scene: Scene): { tf: string; cfn: RefText | string } {
  const logs = accessLogBuckets(scene).get(bucket.format) ?? [];
  // The one access-log bucket other than this one, if there is exactly one.
  const one = logs.length === 1 ? (logs[0] !== bucket ? logs[0] : undefined)
    : logs.length === 2 ? (logs[0] === bucket ? logs[1] : logs[1] === bucket ? logs[0] : undefined)
    : undefined;
  if (one && /^aws_s3_bucket\.[A-Za-z_][A-Za-z0-9_-]*$/.test(one.id)) return { tf: `${one.id}.id`, cfn: PLACEHOLDER };
  if (one && isCfn(one.format)) return { tf: JSON.stringify(PLACEHOLDER), cfn: refText({ cfn: one.id, placeholder: PLACEHOLDER }) };
  return { tf: JSON.stringify(PLACEHOLDER), cfn: PLACEHOLDER };
}

const PLACEHOLDER = '<ACCESS_LOG_BUCKET>';

/** The scene's access-log buckets by format, found once per scene (not once per bucket the fix is made for). */
const accessLogMemo = new WeakMap<readonly Bucket[], { length: number; byFormat: Map<string, Bucket[]> }>();
function accessLogBuckets(scene: Scene): Map<string, Bucket[]> {
  const hit = accessLogMemo.get(scene.buckets);
  if (hit && hit.length === scene.buckets.length) return hit.byFormat;
  const byFormat = new Map<string, Bucket[]>();
  for (const b of scene.buckets) {
    if (!isAccessLogBucket(b, scene)) continue;
    const list = byFormat.get(b.format);
    if (list) list.push(b);
    else byFormat.set(b.format, [b]);
  }
  accessLogMemo.set(scene.buckets, { length: scene.buckets.length, byFormat });
  return byFormat;
}

/**
 * Terraform: an `aws_s3_bucket_logging` resource after the bucket (provider v4+ style); CloudFormation: the
 * bucket's `LoggingConfiguration`. The prefix keeps this bucket's logs apart in a shared access-log bucket.
 */
function enableLoggingFix(bucket: Bucket, scene: Scene): Fix[] {
  const target = accessLogTarget(bucket, scene);
  let edits: FileEdit[] | undefined;
  if (bucket.format === 'terraform' && /^aws_s3_bucket\.([A-Za-z_][A-Za-z0-9_-]*)$/.test(bucket.id) && bucket.extent) {
    const name = bucket.id.split('.')[1];
    const text =
      `\n\nresource "aws_s3_bucket_logging" "${name}" {\n  bucket        = ${bucket.id}.id\n  target_bucket = ${target.tf}\n` +
      `  target_prefix = "cloudtrail-bucket/"\n}`;
    edits = [{ file: bucket.extent.file, range: { start: bucket.extent.range.end, end: bucket.extent.range.end }, newText: text }];
  } else if (isCfn(bucket.format)) {
    const config = { DestinationBucketName: target.cfn, LogFilePrefix: 'cloudtrail-bucket/' };
    edits = bucket.target?.insert({ tf: 'logging', cfn: 'LoggingConfiguration' }, config as unknown as Scalar);
  }
  if (!edits?.length) return [];
  return [{ title: 'Enable server access logging into an access-log bucket', kind: 'snippet', edits }];
}

export const TG209: Rule<Bucket> = {
  meta: {
    id: 'TG209',
    title: 'Server access logging on trail bucket',
    severity: 'medium',
    fix: 'snippet',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 's3',
      evidence: ['GetBucketLogging'],
      remediation: (b, ctx) => s3api(`put-bucket-logging --bucket ${quote(b.id)} --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<ACCESS_LOG_BUCKET>","TargetPrefix":"${b.id}/"}}'`, ctx),
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_18' },
      { tool: 'trivy', id: 'AVD-AWS-0163' },
      { tool: 'trivy', id: 'AVD-AWS-0089' },
      { tool: 'kics', id: 'ee9e50e8-b2ed-4176-ad42-8fc0cf7593f4' },
      { tool: 'kics', id: 'f861041c-8c9f-4156-acfc-5e6e524f5884' },
      { tool: 'kics', id: '4552b71f-0a2a-4bc4-92dd-ed7ec1b4674c' },
      { tool: 'kics', id: 'c3ce69fd-e3df-49c6-be78-1db3f802261c' },
      { tool: 'cfn-guard', id: 'S3_BUCKET_LOGGING_ENABLED' },
      { tool: 'prowler', id: 'cloudtrail_logs_s3_bucket_access_logging_enabled' },
      { tool: 'securityhub', id: 'CloudTrail.7' },
      { tool: 'securityhub', id: 'S3.9' },
      { tool: 'cis', id: '3.4' },
    ],
    controls: [cis('3.4'), securityHub('CloudTrail.7'), securityHub('S3.9'), ISO27001_A8_15, pciDss('10.3.4', 'part')],
    doc: {
      summary:
        'Checks that the trail bucket has server access logging (`aws_s3_bucket_logging` or v3 `logging { ' +
        'target_bucket }`, CloudFormation `LoggingConfiguration.DestinationBucketName`, `GetBucketLogging` live), and ' +
        'that it does not log into itself.',
      why:
        'CloudTrail records who changed the bucket, but not who read or deleted log objects unless S3 data events are ' +
        'on. Access logs show every request against the evidence. Logging a bucket into itself creates an endless ' +
        'loop of log objects and mixes access logs with the audit trail.',
      failing: {
        terraform: 'resource "aws_s3_bucket" "logs" {\n  bucket = "org-cloudtrail-logs"\n}',
        cloudformation: 'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketName: org-cloudtrail-logs',
      },
      passing: {
        terraform:
          'resource "aws_s3_bucket_logging" "logs" {\n  bucket        = aws_s3_bucket.logs.id\n  target_bucket = aws_s3_bucket.access_logs.id\n  target_prefix = "cloudtrail-bucket/"\n}',
        cloudformation:
          'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    LoggingConfiguration:\n      DestinationBucketName: !Ref AccessLogBucket\n      LogFilePrefix: cloudtrail-bucket/',
      },
      fix:
        'Snippet: adds an `aws_s3_bucket_logging` resource / the bucket\'s `LoggingConfiguration`, logging into the ' +
        'access-log bucket of the module or template by reference (`aws_s3_bucket.access_logs.id`, `!Ref AccessLogs`) ' +
        'when there is exactly one, else into an `<ACCESS_LOG_BUCKET>` placeholder; the finding stays until it is ' +
        'replaced. Never applied automatically: the target must be a separate bucket that accepts access logs.',
      differences:
        'Like Trivy AVD-AWS-0163 and KICS, applied to the trail bucket; Checkov and cfn-guard check every bucket (use ' +
        '`scope: all`). We also flag a bucket that logs into itself. Like Trivy AVD-AWS-0089, a bucket that only receives ' +
        'access logs (ACL `log-delivery-write`, a bucket policy granting `logging.s3.amazonaws.com` `s3:PutObject`, or another ' +
        'bucket\'s logging target) is exempt. KICS c3ce69fd ' +
        '(CloudFormation "S3 Bucket CloudTrail Logging Disabled") counts a bucket as a CloudTrail bucket when its policy ' +
        'names `cloudtrail.amazonaws.com` for any action; TrailGuard needs a trail delivering there or a ' +
        '`cloudtrail.amazonaws.com` `s3:PutObject` grant (or `scope: all`).',
      references: [
        { title: 'Amazon S3 User Guide: Logging requests with server access logging', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html' },
        { title: 'Security Hub CloudTrail.7: Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-7' },
      ],
    },
  },
  targets: (scene, options) => trailBuckets(scene, options).filter((b) => !onlyPolicyKnown(b) && !isAccessLogBucket(b, scene)),
  check(bucket, ctx) {
    const target = bucket.loggingTargetBucket;
    const v = verdictOf(target, bucket);
    if (v.kind === 'pass') return;
    if (v.kind === 'unknown') {
      ctx.unknown(at(target, bucket), v.reason);
      return;
    }
    const where = at(target, bucket);
    if (v.why === 'off') {
      failWithRelations(ctx, bucket, where, v.message, { fixes: target.state === 'absent' ? enableLoggingFix(bucket, ctx.scene) : [] });
    } else failWithRelations(ctx, bucket, where, v.message);
  },
};

type Verdict = { kind: 'pass' } | { kind: 'unknown'; reason: string } | { kind: 'fail'; why: 'placeholder' | 'off' | 'self'; message: string };

/**
 * The verdict on one access-log target. A CloudFormation `Fn::If` whose condition cannot be decided is judged on
 * both branches: the same verdict in both is the verdict; otherwise it is unknown, with the condition's reason.
 */
function verdictOf(target: Attr<string>, bucket: Bucket): Verdict {
  if (target.state === 'unresolved') {
    const branches = (target.branches ?? []) as Attr<string>[];
    if (!branches.length) return { kind: 'unknown', reason: target.reason };
    const each = branches.map((b) => verdictOf(b, bucket));
    if (each.every((x) => x.kind === 'pass')) return { kind: 'pass' };
    const fails = each.filter((x): x is Extract<Verdict, { kind: 'fail' }> => x.kind === 'fail');
    if (fails.length === each.length) {
      const same = fails.every((f) => f.message === fails[0].message);
      return { kind: 'fail', why: 'self', message: same ? `${fails[0].message} (whichever branch of the \`Fn::If\` applies)` : `neither branch of the \`Fn::If\` logs this trail log bucket correctly: ${fails.map((f) => f.message).join('; ')}` };
    }
    const unknown = each.find((x): x is Extract<Verdict, { kind: 'unknown' }> => x.kind === 'unknown');
    return { kind: 'unknown', reason: unknown ? unknown.reason : `${target.reason}, and one branch logs this bucket while the other does not` };
  }
  const placeholders = attrPlaceholders(target);
  if (placeholders.length) {
    return { kind: 'fail', why: 'placeholder', message: `the access-log target of this trail log bucket still holds ${listPlaceholders(placeholders)}: replace it with the access-log bucket` };
  }
  if (target.state === 'absent' || target.value === '') {
    return { kind: 'fail', why: 'off', message: 'server access logging is not enabled on this trail log bucket: reads and deletions of log files leave no record' };
  }
  const own = bucketName(bucket);
  if ((own !== undefined && target.value === own) || target.value === bucket.id) {
    return { kind: 'fail', why: 'self', message: 'this trail log bucket writes its access logs into itself: use a separate access-log bucket' };
  }
  return { kind: 'pass' };
}
