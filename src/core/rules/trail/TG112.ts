// TG112 (opt-in): the trail raises some out-of-band signal — an SNS notification per delivered log file, or
// CloudTrail Insights on unusual API activity — instead of only filling a bucket nobody watches.
import type { Trail } from '../../model';
import type { Rule } from '../rule';
import { at } from '../rule';
import { isEmptyValue, ownTrails, propLabel, type PropNames } from '../common';
import { SOC2_CC7_2 } from '../controls';

const sns: PropNames = { tf: 'sns_topic_name', cfn: 'SnsTopicName', live: 'SnsTopicName' };
const insights: PropNames = { tf: 'insight_selector', cfn: 'InsightSelectors', live: 'InsightSelectors' };

export const TG112: Rule<Trail> = {
  meta: {
    id: 'TG112',
    title: 'SNS notification or CloudTrail Insights configured',
    severity: 'info',
    fix: 'no',
    optIn: true,
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['DescribeTrails', 'GetInsightSelectors'],
      remediation: { none: 'pick an SNS topic (update-trail --sns-topic-name) or the Insights types (put-insight-selectors): see the rule doc' },
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_252' },
      { tool: 'kics', id: '482b7d26-0bdb-4b5f-bf6f-545826c0a3dd' },
      { tool: 'kics', id: '3e09413f-471e-40f3-8626-990c79ae63f3' },
      { tool: 'prowler', id: 'cloudtrail_insights_exist' },
    ],
    controls: [SOC2_CC7_2],
    doc: {
      summary:
        'Opt-in. Fails when a trail has neither an SNS topic (`sns_topic_name` / `SnsTopicName`) nor CloudTrail ' +
        'Insights (`insight_selector` / `InsightSelectors`, live `GetInsightSelectors`). Either one passes.',
      why:
        'A notification per delivered log file lets a downstream system (SIEM ingestion, a Lambda that verifies ' +
        'digests) notice at once when deliveries stop; Insights flags bursts of unusual write or error activity. ' +
        'Without either, nothing tells anyone that the trail or the account behaves oddly until someone reads logs.',
      failing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n  sns_topic_name = aws_sns_topic.trail.name\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    InsightSelectors:\n      - InsightType: ApiCallRateInsight`,
      },
      fix:
        'No automatic fix: an SNS topic needs a topic policy that lets `cloudtrail.amazonaws.com` publish, and ' +
        'Insights are billed per analysed event. Add `sns_topic_name` or an `insight_selector` block.',
      differences:
        'Checkov CKV_AWS_252 and KICS require the SNS topic specifically; Prowler requires Insights. TrailGuard ' +
        'accepts either signal, so a trail with Insights but no topic passes here and fails those peers.',
      references: [
        { title: 'Configuring Amazon SNS notifications for CloudTrail', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/configure-sns-notifications-for-cloudtrail.html' },
        { title: 'Working with CloudTrail Insights', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html' },
      ],
    },
  },
  targets: (scene) => ownTrails(scene),
  check(trail, ctx) {
    const attrs = [trail.snsTopicName, trail.insightSelectors];
    if (attrs.some((a) => a.state === 'known' && !isEmptyValue(a))) return;
    const unresolved = attrs.find((a) => a.state === 'unresolved');
    if (unresolved && unresolved.state === 'unresolved') {
      ctx.unknown(at(unresolved, trail), unresolved.reason);
      return;
    }
    const where = trail.snsTopicName.state === 'known' ? at(trail.snsTopicName, trail) : trail;
    ctx.fail(where, `Trail has no SNS topic (\`${propLabel(sns, trail.format)}\`) and no CloudTrail Insights (\`${propLabel(insights, trail.format)}\`): nothing signals when deliveries stop or activity is unusual`);
  },
};
