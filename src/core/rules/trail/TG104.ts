// TG104: the trail is logging. A trail resource with logging switched off looks compliant in every inventory but
// records nothing.
import type { Trail } from '../../model';
import type { Rule } from '../rule';
import { isCfn, ownTrails, requireTrue, type PropNames } from '../common';
import { ISO27001_A8_15, SOC2_CC7_2, cis, pciDss, securityHub } from '../controls';
import { trailCommand } from '../liveRemediation';

const names: PropNames = { tf: 'enable_logging', cfn: 'IsLogging', live: 'IsLogging' };

export const TG104: Rule<Trail> = {
  meta: {
    id: 'TG104',
    title: 'Trail is logging',
    severity: 'high',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['GetTrailStatus'],
      remediation: (t, ctx) => trailCommand(t as Trail, 'start-logging --name', ctx),
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_251' },
      { tool: 'kics', id: '4bb76f17-3d63-4529-bdca-2b454529d774' },
      { tool: 'kics', id: '5c0b06d5-b7a4-484c-aeb0-75a836269ff0' },
      { tool: 'cfn-guard', id: 'CLOUD_TRAIL_ENABLED' },
      { tool: 'securityhub', id: 'CloudTrail.3' },
    ],
    controls: [cis('3.1', 'part'), securityHub('CloudTrail.3'), SOC2_CC7_2, ISO27001_A8_15, pciDss('10.2.1', 'part')],
    doc: {
      summary:
        'Checks that the trail is switched on. Terraform: fails only on `enable_logging = false` (the default is ' +
        'true). CloudFormation: `IsLogging` is a required property, so it fails when `IsLogging` is false or missing. ' +
        'Live: fails when `GetTrailStatus` reports `IsLogging: false`.',
      why:
        'A stopped trail keeps its configuration, its bucket and its key, so it passes most configuration checks, ' +
        'yet it records no event at all. `StopLogging` is also the first call an intruder makes; a template that ' +
        'ships the trail stopped leaves a gap in the audit evidence from day one.',
      failing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n  enable_logging = false\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    S3BucketName: !Ref LogBucket\n    IsLogging: false`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    S3BucketName: !Ref LogBucket\n    IsLogging: true`,
      },
      fix:
        'Safe quick fix: `enable_logging = true` / `IsLogging: true` (replaces `false`, or inserts the missing ' +
        'CloudFormation property). Live: `aws cloudtrail start-logging --name <trail>`.',
      differences:
        'Checkov CKV_AWS_251 is Terraform-only; cfn-guard also fails a missing `IsLogging`, as TrailGuard does. ' +
        'Trivy has no such check.',
      references: [
        { title: 'AWS::CloudTrail::Trail IsLogging', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html' },
        { title: 'GetTrailStatus', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html' },
        { title: 'Security Hub CloudTrail.3', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-3' },
      ],
    },
  },
  targets: (scene) => ownTrails(scene),
  check(trail, ctx) {
    const live = trail.status && trail.status.isLogging.state !== 'absent' ? trail.status.isLogging : undefined;
    requireTrue(ctx, trail, live ?? trail.logging, {
      names,
      absentPasses: !isCfn(trail.format),
      message: (state, label) =>
        state === 'absent'
          ? `Trail logging is not switched on: \`${label}\` is a required property of AWS::CloudTrail::Trail`
          : `Trail is not logging (\`${label}\`${state === 'false' ? '' : ' is not true'}): it records no events`,
    });
  },
};
