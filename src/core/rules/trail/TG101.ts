// TG101: CloudTrail log file validation. Digest files are the only way to prove that delivered log files were
// not modified or deleted, so this is the seed integrity guardrail.
import type { Trail } from '../../model';
import type { Rule } from '../rule';
import { ownTrails, requireTrue, type PropNames } from '../common';
import { ISO27001_A8_15, SOC2_CC7_2, cis, pciDss, securityHub } from '../controls';
import { updateTrail } from '../liveRemediation';

const names: PropNames = { tf: 'enable_log_file_validation', cfn: 'EnableLogFileValidation', live: 'LogFileValidationEnabled' };

export const TG101: Rule<Trail> = {
  meta: {
    id: 'TG101',
    title: 'Log file validation enabled',
    severity: 'high',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['DescribeTrails'],
      remediation: (t, ctx) => updateTrail(t as Trail, '--enable-log-file-validation', ctx),
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_36' },
      { tool: 'trivy', id: 'AVD-AWS-0016' },
      { tool: 'tfsec', id: 'aws-cloudtrail-enable-log-validation' },
      { tool: 'kics', id: '52ffcfa6-6c70-4ea6-8376-d828d3961669' },
      { tool: 'kics', id: '2a3560fe-52ca-4443-b34f-bf0ed5eb74c8' },
      { tool: 'prowler', id: 'cloudtrail_log_file_validation_enabled' },
      { tool: 'cfn-guard', id: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED' },
      { tool: 'securityhub', id: 'CloudTrail.4' },
      { tool: 'cis', id: 'CIS AWS v3.0 3.2' },
    ],
    controls: [cis('3.2'), securityHub('CloudTrail.4'), SOC2_CC7_2, ISO27001_A8_15, pciDss('10.3.4')],
    doc: {
      summary:
        'Checks that every trail has log file validation turned on (`enable_log_file_validation` in Terraform, ' +
        '`EnableLogFileValidation` in CloudFormation, `LogFileValidationEnabled` live). A missing attribute fails, ' +
        'because both Terraform and CloudFormation default it to false. A value that cannot be evaluated (a ' +
        'variable without default, a module output, a `!Ref` to a parameter without default) is reported as ' +
        'unknown, never as a failure.',
      why:
        'With validation on, CloudTrail delivers an hourly digest file signed with a private key, chaining the ' +
        'SHA-256 hash of every log file. `aws cloudtrail validate-logs` then proves that no log file was changed, ' +
        'deleted or forged after delivery. Without it, an auditor has no way to tell an intact trail from one an ' +
        'intruder has edited to hide their tracks.',
      failing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    EnableLogFileValidation: false`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name                       = "main"\n  s3_bucket_name             = aws_s3_bucket.logs.id\n  enable_log_file_validation = true\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    EnableLogFileValidation: true`,
      },
      fix:
        'Safe quick fix: set `enable_log_file_validation = true` / `EnableLogFileValidation: true` (replaces `false` ' +
        'or inserts the attribute). Turning validation on changes no existing data; digests start with the next hour. ' +
        'Live: `aws cloudtrail update-trail --name <trail> --enable-log-file-validation`.',
      differences:
        'Trivy (AVD-AWS-0016) also fires on an unresolvable value because it reads it as false; TrailGuard reports ' +
        'unknown instead. KICS and Security Hub rate this Low; TrailGuard rates it High because log integrity is ' +
        'the point of an audit trail.',
      references: [
        { title: 'Validating CloudTrail log file integrity', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html' },
        { title: 'Security Hub CloudTrail.4', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4' },
        { title: 'AWS::CloudTrail::Trail EnableLogFileValidation', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html' },
      ],
    },
  },
  targets: (scene) => ownTrails(scene),
  check(trail, ctx) {
    requireTrue(ctx, trail, trail.logFileValidation, {
      names,
      absentPasses: false,
      message: (state, label) =>
        state === 'absent'
          ? `Log file validation is not enabled: \`${label}\` is not set and defaults to false, so tampering with delivered log files cannot be detected`
          : state === 'false'
            ? `Log file validation is disabled (\`${label}\`), so tampering with delivered log files cannot be detected`
            : `Log file validation is not enabled (\`${label}\` is not true), so tampering with delivered log files cannot be detected`,
    });
  },
};
