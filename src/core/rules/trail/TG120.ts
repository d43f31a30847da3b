// TG120: the account has at least one logging multi-region trail recording read and write management events.
// Per-trail rules cannot say this: ten single-region trails each pass TG104 and still leave regions dark.
import type { EntityBase, RelatedInfo, Scene, Trail } from '../../model';
import type { Rule } from '../rule';
import { boolValue, describeEntity, isLiveScene, sceneAnchor, trailLogging } from '../common';
import { fullManagementCoverage, managementCoverage, type Tri } from './selectors';
import { ISO27001_A8_15, SOC2_CC7_2, cis, pciDss, securityHub } from '../controls';
import { cli } from '../liveRemediation';

/** Whether this trail alone satisfies the account-level guardrail, and if not, why. */
export function qualifies(trail: Trail, live: boolean): { ok: Tri; why?: string } {
  const multi = trail.multiRegion;
  if (multi.state === 'unresolved') return { ok: { unknown: multi.reason } };
  if (boolValue(multi) !== true) return { ok: false, why: 'single-region' };
  if (live && !trail.status) return { ok: { unknown: `GetTrailStatus was not read for ${trail.id}` } };
  if (live && trail.status!.isLogging.state === 'unresolved') return { ok: { unknown: trail.status!.isLogging.reason } };
  const logging = trailLogging(trail);
  if (logging === 'unknown') return { ok: { unknown: `whether ${trail.id} is logging could not be evaluated` } };
  if (!logging) return { ok: false, why: 'not logging' };
  const full = fullManagementCoverage(managementCoverage(trail));
  if (full === false) return { ok: false, why: 'does not record all read and write management events' };
  return { ok: full };
}

export const TG120: Rule = {
  meta: {
    id: 'TG120',
    title: 'Account has a logging multi-region trail recording all management events',
    severity: 'high',
    fix: 'no',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors'],
      remediation: (a, ctx) => `${cli('cloudtrail create-trail --name account-trail --s3-bucket-name <LOG_BUCKET> --is-multi-region-trail --enable-log-file-validation --kms-key-id <KMS_KEY_ARN>', a.region, ctx)} && ${cli('cloudtrail start-logging --name account-trail', a.region, ctx)}`,
    },
    peers: [
      { tool: 'prowler', id: 'cloudtrail_multi_region_enabled_logging_management_events' },
      { tool: 'securityhub', id: 'CloudTrail.1' },
      { tool: 'cis', id: 'CIS AWS v3.0 3.1' },
    ],
    controls: [cis('3.1'), securityHub('CloudTrail.1'), SOC2_CC7_2, ISO27001_A8_15, pciDss('10.2.1')],
    doc: {
      summary:
        'Account-level check. Live (High, per account and region): passes when some trail visible in the region ' +
        '(including multi-region and organization trails homed elsewhere) is multi-region, is logging according ' +
        'to `GetTrailStatus`, and records read and write management events with no exclusions (TG109\'s logic). ' +
        'In Terraform and CloudFormation it is an Information finding on the first trail of a module or template ' +
        'when none of its trails qualifies, since the qualifying trail may well be defined elsewhere.',
      why:
        'This is the guardrail auditors ask about first (CIS 3.1, Security Hub CloudTrail.1): one trail that sees ' +
        'every region and every management API call. Individually compliant trails can still leave regions or ' +
        'read events uncovered; only the account-level view proves there is no gap.',
      failing: {
        terraform: `resource "aws_cloudtrail" "regional" {\n  name                  = "regional"\n  s3_bucket_name        = aws_s3_bucket.logs.id\n  is_multi_region_trail = false\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: false\n    IsMultiRegionTrail: true\n    S3BucketName: !Ref LogBucket`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name                  = "main"\n  s3_bucket_name        = aws_s3_bucket.logs.id\n  is_multi_region_trail = true\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    IsMultiRegionTrail: true\n    S3BucketName: !Ref LogBucket`,
      },
      fix:
        'No automatic fix: decide which trail is the account trail, then make it multi-region (TG102), logging ' +
        '(TG104) and recording all management events (TG109).',
      differences:
        'Security Hub also requires `ExcludeManagementEventSources` to be empty, as TrailGuard does; Prowler does ' +
        'not. The IaC form has no peer.',
      references: [
        { title: 'Security Hub CloudTrail.1', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1' },
        { title: 'Creating a trail for all regions', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html' },
      ],
    },
  },
  targets(scene: Scene): EntityBase[] {
    if (!isLiveScene(scene) && scene.trails.length === 0) return [];
    const anchor = sceneAnchor(scene);
    return anchor ? [anchor] : [];
  },
  check(anchor, ctx) {
    const live = isLiveScene(ctx.scene);
    const related: RelatedInfo[] = [];
    let unknown: string | undefined;
    for (const trail of ctx.scene.trails) {
      const { ok, why } = qualifies(trail, live);
      if (ok === true) return;
      if (typeof ok === 'object') unknown ??= ok.unknown;
      else related.push({ message: `${describeEntity(trail)}: ${why}`, loc: trail.loc });
    }
    if (unknown) {
      ctx.unknown(anchor, unknown);
      return;
    }
    const where = live ? 'in this account and region' : anchor.format === 'terraform' ? 'in this module' : 'in this template';
    ctx.fail(anchor, `No trail ${where} is a logging multi-region trail that records all read and write management events`, {
      severity: live ? 'high' : 'info',
      related,
    });
  },
};
