// TG102: multi-region trail. A single-region trail leaves every other region (where an intruder can start
// instances or create keys unseen) without an audit record.
import type { Trail } from '../../model';
import type { Rule } from '../rule';
import { ownTrails, requireTrue, type PropNames } from '../common';
import { ISO27001_A8_15, SOC2_CC7_2, cis, pciDss, securityHub } from '../controls';
import { updateTrail } from '../liveRemediation';

const names: PropNames = { tf: 'is_multi_region_trail', cfn: 'IsMultiRegionTrail', live: 'IsMultiRegionTrail' };

export const TG102: Rule<Trail> = {
  meta: {
    id: 'TG102',
    title: 'Multi-region trail',
    severity: 'high',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['DescribeTrails'],
      remediation: (t, ctx) => updateTrail(t as Trail, '--is-multi-region-trail', ctx),
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_67' },
      { tool: 'trivy', id: 'AVD-AWS-0014' },
      { tool: 'tfsec', id: 'aws-cloudtrail-enable-all-regions' },
      { tool: 'kics', id: '8173d5eb-96b5-4aa6-a71b-ecfa153c123d' },
      { tool: 'kics', id: '058ac855-989f-4378-ba4d-52d004020da7' },
      { tool: 'cfn-guard', id: 'MULTI_REGION_CLOUD_TRAIL_ENABLED' },
      { tool: 'prowler', id: 'cloudtrail_multi_region_enabled' },
      { tool: 'securityhub', id: 'CloudTrail.1' },
      { tool: 'cis', id: 'CIS AWS v3.0 3.1' },
    ],
    controls: [cis('3.1', 'part'), securityHub('CloudTrail.1', 'part'), SOC2_CC7_2, ISO27001_A8_15, pciDss('10.2.1', 'part')],
    doc: {
      summary:
        'Checks that every trail is a multi-region trail (`is_multi_region_trail` / `IsMultiRegionTrail`). A missing ' +
        'attribute fails because Terraform and CloudFormation both default it to false; an unresolved value is ' +
        'reported as unknown. The account-level question "is at least one logging multi-region trail recording ' +
        'management events?" is TG120.',
      why:
        'A single-region trail records nothing that happens in the other regions. Attackers favour unused regions ' +
        'precisely because nobody looks there; without a multi-region trail there is no audit evidence of activity ' +
        'in them, and regions AWS adds later are not covered either.',
      failing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name                  = "main"\n  s3_bucket_name        = aws_s3_bucket.logs.id\n  is_multi_region_trail = false\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name                  = "main"\n  s3_bucket_name        = aws_s3_bucket.logs.id\n  is_multi_region_trail = true\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    IsMultiRegionTrail: true`,
      },
      fix:
        'Safe quick fix: set `is_multi_region_trail = true` / `IsMultiRegionTrail: true`. Note that a multi-region ' +
        'trail must include global service events (TG105). Live: `aws cloudtrail update-trail --name <trail> --is-multi-region-trail`.',
      differences:
        'Prowler\'s `cloudtrail_multi_region_enabled` really asks "is this region covered by some logging trail"; ' +
        'that account-level view is TG120. Trivy fires on an unresolvable value; TrailGuard reports unknown. ' +
        'Deviation from the catalog: its account-level LIVE clause ("FAIL if no trail has IsMultiRegionTrail=true and ' +
        'IsLogging=true") is reported by TG120 for the region, so live TG102 judges each trail\'s IsMultiRegionTrail ' +
        'alone and a stopped trail is not counted twice (TG104 reports it stopped).',
      references: [
        { title: 'Receiving CloudTrail log files from multiple regions', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html' },
        { title: 'Security Hub CloudTrail.1', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1' },
      ],
    },
  },
  targets: (scene) => ownTrails(scene),
  check(trail, ctx) {
    requireTrue(ctx, trail, trail.multiRegion, {
      names,
      absentPasses: false,
      message: (state, label) =>
        state === 'absent'
          ? `Trail records only its own region: \`${label}\` is not set and defaults to false`
          : `Trail records only its own region (\`${label}\`${state === 'false' ? '' : ' is not true'}): activity in other regions leaves no audit record`,
    });
  },
};
