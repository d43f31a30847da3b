// TG106: CloudWatch Logs integration. Delivering the trail to a log group is what makes metric filters and
// alarms on CloudTrail events (root login, policy changes, StopLogging) possible.
import { attrPlaceholders, listPlaceholders } from '../placeholders';
import type { Trail } from '../../model';
import type { Rule } from '../rule';
import { at } from '../rule';
import { hoursSince, insertProperties, isEmptyValue, ownTrails, propLabel, unresolvedReason, type PropNames } from '../common';
import { SOC2_CC7_2, securityHub } from '../controls';
import { updateTrail } from '../liveRemediation';
import { fixFrom, insertsAll } from '../../fix/edits';

const group: PropNames = { tf: 'cloud_watch_logs_group_arn', cfn: 'CloudWatchLogsLogGroupArn', live: 'CloudWatchLogsLogGroupArn' };
const role: PropNames = { tf: 'cloud_watch_logs_role_arn', cfn: 'CloudWatchLogsRoleArn', live: 'CloudWatchLogsRoleArn' };
const GROUP_PLACEHOLDER = 'arn:aws:logs:<REGION>:<ACCOUNT_ID>:log-group:<LOG_GROUP>:*';
const ROLE_PLACEHOLDER = 'arn:aws:iam::<ACCOUNT_ID>:role/<CLOUDTRAIL_TO_CLOUDWATCH_ROLE>';

export const TG106: Rule<Trail> = {
  meta: {
    id: 'TG106',
    title: 'CloudWatch Logs integration',
    severity: 'low',
    fix: 'snippet',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['DescribeTrails', 'GetTrailStatus'],
      remediation: (t, ctx) => updateTrail(t as Trail, '--cloud-watch-logs-log-group-arn <LOG_GROUP_ARN> --cloud-watch-logs-role-arn <ROLE_ARN>', ctx),
    },
    peers: [
      { tool: 'checkov', id: 'CKV2_AWS_10' },
      { tool: 'trivy', id: 'AVD-AWS-0162' },
      { tool: 'tfsec', id: 'aws-cloudtrail-ensure-cloudwatch-integration' },
      { tool: 'kics', id: '17b30f8f-8dfb-4597-adf6-57600b6cf25e' },
      { tool: 'kics', id: '65d07da5-9af5-44df-8983-52d2e6f24c44' },
      { tool: 'cfn-guard', id: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED' },
      { tool: 'prowler', id: 'cloudtrail_cloudwatch_logging_enabled' },
      { tool: 'securityhub', id: 'CloudTrail.5' },
      { tool: 'cis', id: 'CIS AWS v1.4 3.4' },
    ],
    controls: [securityHub('CloudTrail.5'), SOC2_CC7_2],
    doc: {
      summary:
        'Checks that the trail also delivers to CloudWatch Logs (`cloud_watch_logs_group_arn` / ' +
        '`CloudWatchLogsLogGroupArn`). IaC: fails when the log group ARN is missing. Live: also fails when ' +
        '`GetTrailStatus` shows no CloudWatch Logs delivery in the last 24 hours.',
      why:
        'S3 delivery is evidence after the fact; CloudWatch Logs delivery is what lets metric filters and alarms ' +
        '(CIS section 4: root account use, IAM policy changes, CloudTrail configuration changes) notice tampering ' +
        'while it happens, and keeps a second copy of the events outside the log bucket.',
      failing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name                       = "main"\n  s3_bucket_name             = aws_s3_bucket.logs.id\n  cloud_watch_logs_group_arn = "\${aws_cloudwatch_log_group.trail.arn}:*"\n  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_cwl.arn\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    CloudWatchLogsLogGroupArn: !GetAtt TrailLogGroup.Arn\n    CloudWatchLogsRoleArn: !GetAtt TrailToCloudWatchRole.Arn`,
      },
      fix:
        'Snippet: inserts the log group ARN (and the role ARN when it is missing too) with placeholders. The role ' +
        'must trust `cloudtrail.amazonaws.com` and allow `logs:CreateLogStream` and `logs:PutLogEvents` on the ' +
        'group; both have to exist before the trail can use them, so the fix is never applied automatically. Until the ' +
        'placeholders are replaced the finding stays, pointing at them.',
      differences:
        'Checkov CKV2_AWS_10 also requires a connected `aws_cloudwatch_log_group` resource in the same module; ' +
        'TrailGuard accepts any ARN, since log groups are often created elsewhere. KICS also fails a missing role ' +
        'ARN; TrailGuard follows the catalog and Trivy (the group ARN decides) and only adds the role in the fix. CIS v3.0 dropped this control; Security Hub keeps it (Low).',
      references: [
        { title: 'Sending events to CloudWatch Logs', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html' },
        { title: 'Security Hub CloudTrail.5', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5' },
      ],
    },
  },
  targets: (scene) => ownTrails(scene),
  check(trail, ctx) {
    const attr = trail.cloudWatchLogGroupArn;
    const label = propLabel(group, trail.format);
    if (attr.state === 'unresolved') {
      ctx.unknown(at(attr, trail), unresolvedReason(attr, group, trail.format));
      return;
    }
    const placeholders = [...new Set([...attrPlaceholders(attr), ...attrPlaceholders(trail.cloudWatchLogsRoleArn)])];
    if (placeholders.length) {
      const where = attrPlaceholders(attr).length ? attr : trail.cloudWatchLogsRoleArn;
      ctx.fail(at(where, trail), `The CloudWatch Logs settings of this trail still hold ${listPlaceholders(placeholders)}: replace them with the log group and role ARNs`);
      return;
    }
    if (attr.state === 'known' && !isEmptyValue(attr)) {
      if (trail.format === 'live' && trail.status) checkRecentDelivery(trail, ctx);
      return;
    }
    const props = [{ name: group, value: GROUP_PLACEHOLDER }];
    if (trail.cloudWatchLogsRoleArn.state === 'absent') props.push({ name: role, value: ROLE_PLACEHOLDER });
    const target = attr.state === 'absent' ? trail.target : undefined;
    ctx.fail(at(attr, trail), `Trail does not deliver to CloudWatch Logs: \`${label}\` is ${attr.state === 'absent' ? 'not set' : 'empty'}, so no metric filter or alarm can watch its events`, {
      fixes: target ? fixFrom(`Add ${label} (placeholders to replace)`, 'snippet', () => insertProperties(target, props), insertsAll(target, props.map((p) => p.name))) : [],
    });
  },
};

function checkRecentDelivery(trail: Trail, ctx: Parameters<Rule<Trail>['check']>[1]): void {
  const time = trail.status!.latestCloudWatchLogsDeliveryTime;
  if (time.state === 'unresolved') {
    ctx.unknown(trail, time.reason);
    return;
  }
  const hours = hoursSince(time);
  if (hours === undefined) {
    ctx.fail(trail, 'Trail has a CloudWatch Logs group but has never delivered to it (no LatestCloudWatchLogsDeliveryTime)');
  } else if (hours > 24) {
    ctx.fail(trail, `Trail has not delivered to CloudWatch Logs for ${Math.floor(hours)} hours (last delivery ${time.state === 'known' ? time.value : ''})`);
  }
}
