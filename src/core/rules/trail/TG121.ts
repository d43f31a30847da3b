// TG121 (live only): the trail is actually delivering. A trail can be configured perfectly and logging, yet
// deliver nothing because the bucket policy or key policy rejects CloudTrail: the bucket simply stays empty.
import type { RelatedInfo, Trail } from '../../model';
import type { Rule } from '../rule';
import { hoursSince, ownTrails, trailLogging } from '../common';
import { ISO27001_A8_15, SOC2_CC7_2, pciDss } from '../controls';

const MAX_SILENCE_HOURS = 24;

export const TG121: Rule<Trail> = {
  meta: {
    id: 'TG121',
    title: 'Trail is actually delivering',
    severity: 'high',
    fix: 'no',
    surfaces: ['live'],
    live: {
      service: 'cloudtrail',
      evidence: ['GetTrailStatus'],
      remediation: { none: 'the delivery error names the cause (bucket policy, key policy, missing bucket): fix that resource as its rule says' },
    },
    peers: [{ tool: 'prowler', id: 'cloudtrail_cloudwatch_logging_enabled' }],
    controls: [SOC2_CC7_2, ISO27001_A8_15, pciDss('10.2.1', 'part')],
    doc: {
      summary:
        'Live only. Reads `GetTrailStatus` and fails when `LatestDeliveryError`, `LatestDigestDeliveryError` or ' +
        '`LatestCloudWatchLogsDeliveryError` is set (the error is shown verbatim), or when a logging trail has not ' +
        `delivered a log file to S3 for more than ${MAX_SILENCE_HOURS} hours.`,
      why:
        'Configuration checks prove intent; only delivery proves evidence exists. `AccessDenied` from S3 or KMS is ' +
        'the classic "trail exists but the bucket is empty" failure: the key policy lost the CloudTrail statement ' +
        '(TG301) or the bucket policy no longer lets CloudTrail write (TG207). Digest delivery errors break log ' +
        'file validation (TG101) without any other visible sign.',
      // Live-only: the examples are GetTrailStatus responses (rendered as JSON blocks in the rule doc).
      failing: { policy: `{\n  "IsLogging": true,\n  "LatestDeliveryError": "AccessDenied",\n  "LatestDeliveryTime": "2026-01-01T09:00:00Z",\n  "LatestDigestDeliveryError": "AccessDenied"\n}` },
      passing: { policy: `{\n  "IsLogging": true,\n  "LatestDeliveryTime": "2026-01-02T08:55:00Z",\n  "LatestDigestDeliveryTime": "2026-01-02T08:30:00Z"\n}` },
      fix:
        'No automatic fix. Read the error: S3 `AccessDenied` / `NoSuchBucket` points at the bucket policy (TG207) ' +
        'or a deleted bucket; KMS `AccessDenied` / `KMS.DisabledException` at the key policy (TG301) or key state ' +
        '(TG305). CloudTrail resumes delivery on its own once the cause is fixed.',
      differences: 'Prowler only looks at CloudWatch Logs delivery time (TG106 live); no peer reads the delivery errors.',
      references: [
        { title: 'GetTrailStatus', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html' },
        { title: 'Troubleshooting CloudTrail delivery', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-troubleshooting.html' },
      ],
    },
  },
  targets: (scene) => ownTrails(scene).filter((t) => t.format === 'live'),
  check(trail, ctx) {
    const status = trail.status;
    if (!status) {
      ctx.unknown(trail, `GetTrailStatus was not read for ${trail.id}`);
      return;
    }
    const problems: string[] = [];
    const unknowns: string[] = [];
    const errors = [
      ['S3 delivery', status.latestDeliveryError],
      ['digest delivery', status.latestDigestDeliveryError],
      ['CloudWatch Logs delivery', status.latestCloudWatchLogsDeliveryError],
    ] as const;
    for (const [what, attr] of errors) {
      if (attr.state === 'known' && attr.value) problems.push(`${what} error: ${attr.value}`);
      else if (attr.state === 'unresolved') unknowns.push(attr.reason);
    }
    if (trailLogging(trail) === true) {
      const time = status.latestDeliveryTime;
      const hours = hoursSince(time);
      if (time.state === 'unresolved') unknowns.push(time.reason);
      else if (hours === undefined) problems.push('the trail is logging but has never delivered a log file');
      else if (hours > MAX_SILENCE_HOURS) problems.push(`no log file delivered for ${Math.floor(hours)} hours (last ${time.state === 'known' ? time.value : ''})`);
    }
    if (problems.length) {
      ctx.fail(trail, `Trail is not delivering: ${problems.join('; ')}`, { related: relatedChecks(trail, problems.join(' ')) });
    } else if (unknowns.length) {
      ctx.unknown(trail, unknowns[0]!);
    }
  },
};

/** Points at the bucket / key checks that usually explain a delivery error. */
function relatedChecks(trail: Trail, text: string): RelatedInfo[] {
  const related: RelatedInfo[] = [];
  if (/kms/i.test(text) && trail.key.state === 'linked') {
    related.push({ message: `Key policy of ${trail.key.entity.id}: see TG301 / TG305`, loc: trail.key.entity.loc });
  }
  if (trail.bucket.state === 'linked' && /s3|bucket|AccessDenied/i.test(text)) {
    related.push({ message: `Bucket policy of ${trail.bucket.entity.id}: see TG207`, loc: trail.bucket.entity.loc });
  }
  return related;
}
