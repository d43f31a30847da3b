// TG105: global service events. IAM, STS and CloudFront calls are recorded as "global"; a trail that excludes
// them misses role and user changes, the most important events of an audit.
import type { Trail } from '../../model';
import type { Rule } from '../rule';
import { ownTrails, requireTrue, type PropNames } from '../common';
import { ISO27001_A8_15, SOC2_CC7_2, cis, pciDss } from '../controls';
import { updateTrail } from '../liveRemediation';

const names: PropNames = { tf: 'include_global_service_events', cfn: 'IncludeGlobalServiceEvents', live: 'IncludeGlobalServiceEvents' };

export const TG105: Rule<Trail> = {
  meta: {
    id: 'TG105',
    title: 'Global service events included',
    severity: 'medium',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['DescribeTrails'],
      remediation: (t, ctx) => updateTrail(t as Trail, '--include-global-service-events', ctx),
    },
    peers: [{ tool: 'kics', id: '8173d5eb-96b5-4aa6-a71b-ecfa153c123d' }],
    controls: [cis('3.1', 'part'), SOC2_CC7_2, ISO27001_A8_15, pciDss('10.2.1', 'part')],
    doc: {
      summary:
        'Checks that the trail does not exclude global service events (`include_global_service_events` / ' +
        '`IncludeGlobalServiceEvents`). Only an explicit `false` fails: the default is true in Terraform, ' +
        'CloudFormation and the API.',
      why:
        'Global services (IAM, STS, CloudFront, Route 53) log to us-east-1 as global events. Excluding them drops ' +
        'the creation of users, access keys, role trust changes and AssumeRole calls from the audit trail. AWS also ' +
        'rejects a multi-region trail with this set to false, so `false` together with TG102 is a deploy error.',
      failing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name                          = "main"\n  s3_bucket_name                = aws_s3_bucket.logs.id\n  include_global_service_events = false\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    IncludeGlobalServiceEvents: false`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    IncludeGlobalServiceEvents: true`,
      },
      fix:
        'Safe quick fix: replace `false` with `true` (deleting the line has the same effect). Live: ' +
        '`aws cloudtrail update-trail --name <trail> --include-global-service-events`.',
      differences:
        'Only KICS checks this, as a third condition inside its "CloudTrail Multi Region Disabled" query; TrailGuard ' +
        'keeps it a separate rule so the message says which setting is wrong.',
      references: [
        { title: 'Understanding global service events', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events' },
        { title: 'AWS::CloudTrail::Trail IncludeGlobalServiceEvents', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html' },
      ],
    },
  },
  targets: (scene) => ownTrails(scene),
  check(trail, ctx) {
    requireTrue(ctx, trail, trail.globalServiceEvents, {
      names,
      absentPasses: true,
      message: (state, label) =>
        `Trail excludes global service events (\`${label}\`${state === 'false' ? '' : ' is not true'}): IAM, STS and CloudFront calls are not recorded`,
    });
  },
};
