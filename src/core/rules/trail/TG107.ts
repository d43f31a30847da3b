// TG107 (opt-in): an organization management account should run an organization trail, so that member accounts
// cannot opt out of (or tamper with) the audit trail that covers them.
import type { EntityBase, Scene, Trail } from '../../model';
import type { Rule, RuleOptions } from '../rule';
import { at } from '../rule';
import { boolValue, describeEntity, sceneAnchor } from '../common';
import { ISO27001_A8_15, pciDss } from '../controls';

/** true / false, or the reason it is not known whether this is an organization management account. */
function orgManagement(scene: Scene, options: RuleOptions): boolean | string {
  if (options.organizationManagement) return true;
  const flag = scene.account?.isOrgManagement;
  if (!flag || flag.state === 'absent') return false;
  if (flag.state === 'unresolved') return flag.reason;
  return boolValue(flag) === true;
}

export const TG107: Rule = {
  meta: {
    id: 'TG107',
    title: 'Organization trail in the management account',
    severity: 'low',
    fix: 'no',
    optIn: true,
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['DescribeTrails', 'DescribeOrganization'],
      remediation: { none: 'an organization trail is created from the management account once its bucket policy admits the organization path: see the rule doc' },
    },
    peers: [],
    controls: [ISO27001_A8_15, pciDss('10.3.3', 'part')],
    doc: {
      summary:
        'Opt-in. When the workspace or account is an AWS Organizations management account (setting ' +
        '`organizationManagement: true`, or live `organizations:DescribeOrganization`), fails unless some trail ' +
        'has `is_organization_trail` / `IsOrganizationTrail` true. In IaC the finding goes on the first trail of ' +
        'the module or template.',
      why:
        'An organization trail is created once in the management (or delegated administrator) account and logs ' +
        'every member account to one bucket. Member accounts can see it but cannot stop, change or delete it, so ' +
        'the evidence survives a compromised member account, and new accounts are covered from the moment they ' +
        'join.',
      failing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name                  = "main"\n  s3_bucket_name        = aws_s3_bucket.logs.id\n  is_multi_region_trail = true\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    IsMultiRegionTrail: true\n    S3BucketName: !Ref LogBucket`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name                  = "main"\n  s3_bucket_name        = aws_s3_bucket.logs.id\n  is_multi_region_trail = true\n  is_organization_trail = true\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    IsMultiRegionTrail: true\n    IsOrganizationTrail: true\n    S3BucketName: !Ref LogBucket`,
      },
      fix:
        'No automatic fix: turning a trail into an organization trail needs trusted access for CloudTrail in ' +
        'AWS Organizations, a bucket policy that accepts `AWSLogs/<org-id>/*` (TG207) and, for a KMS key, a key ' +
        'policy for the organization. Enable it deliberately.',
      differences: 'No peer checks for organization trails.',
      references: [
        { title: 'Creating a trail for an organization', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html' },
      ],
    },
  },
  targets(scene: Scene, options: RuleOptions): EntityBase[] {
    const anchor = sceneAnchor(scene);
    return anchor ? [anchor] : [];
  },
  notApplicable: (_anchor, scene, options) => (orgManagement(scene, options) === false ? 'not an organization management account' : undefined),
  check(anchor, ctx) {
    const management = orgManagement(ctx.scene, ctx.options);
    if (typeof management === 'string') {
      ctx.unknown(anchor, `whether this is an organization management account: ${management}`);
      return;
    }
    let unknown: string | undefined;
    for (const trail of ctx.scene.trails) {
      const org = trail.organization;
      if (org.state === 'known' && boolValue(org) === true) return;
      if (org.state === 'unresolved') unknown ??= `${trail.id}: ${org.reason}`;
    }
    const anchorTrail = anchor.kind === 'trail' ? (anchor as Trail) : undefined;
    const where = anchorTrail ? at(anchorTrail.organization, anchorTrail) : anchor;
    if (unknown) {
      ctx.unknown(where, unknown);
      return;
    }
    ctx.fail(where, 'Organization management account without an organization trail: member accounts are not covered by a trail they cannot change', {
      related: ctx.scene.trails.filter((t) => t !== anchorTrail).map((t) => ({ message: `${describeEntity(t)} is not an organization trail`, loc: t.loc })),
    });
  },
};
