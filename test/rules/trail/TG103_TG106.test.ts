// TG103 (KMS key) and TG106 (CloudWatch Logs): presence checks with snippet fixes that carry placeholders.
import * as assert from 'assert';
import { applyFixes, lintFiles, ruleTester } from '../../support/ruleTester';

const tf = (body: string) => `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = "audit-logs"\n${body}}\n`;
const cfn = (props: string) =>
  `Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: audit-logs\n${props}`;
const key = 'resource "aws_kms_key" "trail" {\n  enable_key_rotation = true\n}\n';

ruleTester('TG103', {
  valid: [
    { name: 'terraform: reference to a key in the module', files: { 'main.tf': tf('  kms_key_id     = aws_kms_key.trail.arn\n') + key } },
    { name: 'terraform: literal ARN', files: { 'main.tf': tf('  kms_key_id     = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"\n') } },
    { name: 'cloudformation: alias', files: { 'template.yaml': cfn('      KMSKeyId: alias/CloudtrailKey\n') } },
  ],
  invalid: [
    { name: 'terraform: missing', files: { 'main.tf': tf('') }, errors: [{ line: 1, column: 1, severity: 'warning', message: /not encrypted with a KMS key: `kms_key_id` is not set/ }] },
    { name: 'terraform: empty string', files: { 'main.tf': tf('  kms_key_id     = ""\n') }, errors: [{ line: 4, column: 3, message: /is empty/ }] },
    { name: 'terraform: variable without default', files: { 'main.tf': tf('  kms_key_id     = var.key\n') + 'variable "key" {}\n' }, errors: [{ line: 4, column: 3, status: 'unknown' }] },
    { name: 'cloudformation: missing', files: { 'template.yaml': cfn('') }, errors: [{ line: 2, column: 3, message: /`KMSKeyId` is not set/ }] },
  ],
});

ruleTester('TG106', {
  valid: [
    { name: 'terraform: log group ARN set', files: { 'main.tf': tf('  cloud_watch_logs_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:trail:*"\n  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/trail-cwl"\n') } },
    { name: 'cloudformation: log group ARN set', files: { 'template.yaml': cfn('      CloudWatchLogsLogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/DefaultLogGroup:*\n') } },
  ],
  invalid: [
    { name: 'terraform: missing', files: { 'main.tf': tf('') }, errors: [{ line: 1, column: 1, severity: 'info', message: /CloudWatch Logs/ }] },
    { name: 'cloudformation: missing', files: { 'template.yaml': cfn('') }, errors: [{ line: 2, column: 3 }] },
    { name: 'cloudformation: empty', files: { 'template.yaml': cfn('      CloudWatchLogsLogGroupArn: ""\n') }, errors: [{ line: 7, column: 7, message: /is empty/ }] },
  ],
});

describe('TG103 / TG106 snippet fixes', () => {
  it('TG103 inserts a placeholder key ARN, marked as a snippet, and the result no longer fails TG103', async () => {
    const files = { 'main.tf': tf('') };
    const { findings } = await lintFiles(files);
    const f = findings.find((x) => x.ruleId === 'TG103')!;
    assert.strictEqual(f.fixes[0].kind, 'snippet');
    const fixed = applyFixes(files, [f]);
    assert.match(fixed['main.tf'], /\n  kms_key_id\s+= "arn:aws:kms:<REGION>:<ACCOUNT_ID>:key\/<KEY_ID>"\n}/);
    const after = await lintFiles(fixed);
    assert.deepStrictEqual(after.findings.filter((x) => x.ruleId === 'TG103'), []);
  });
  it('TG106 inserts the log group and role ARNs together in Terraform, aligned as terraform fmt would', async () => {
    const files = { 'main.tf': tf('') };
    const { findings } = await lintFiles(files);
    const f = findings.find((x) => x.ruleId === 'TG106')!;
    const fixed = applyFixes(files, [f]);
    assert.strictEqual(
      fixed['main.tf'],
      'resource "aws_cloudtrail" "main" {\n  name                       = "main"\n  s3_bucket_name             = "audit-logs"\n' +
        '  cloud_watch_logs_group_arn = "arn:aws:logs:<REGION>:<ACCOUNT_ID>:log-group:<LOG_GROUP>:*"\n' +
        '  cloud_watch_logs_role_arn  = "arn:aws:iam::<ACCOUNT_ID>:role/<CLOUDTRAIL_TO_CLOUDWATCH_ROLE>"\n}\n',
    );
    const after = await lintFiles(fixed);
    assert.deepStrictEqual(after.findings.filter((x) => x.ruleId === 'TG106'), []);
  });
  it('TG106 inserts the log group and role ARNs together in YAML', async () => {
    const files = { 'template.yaml': cfn('') };
    const { findings } = await lintFiles(files);
    const f = findings.find((x) => x.ruleId === 'TG106')!;
    assert.strictEqual(f.fixes[0].kind, 'snippet');
    const fixed = applyFixes(files, [f]);
    assert.strictEqual(
      fixed['template.yaml'],
      cfn('      CloudWatchLogsLogGroupArn: arn:aws:logs:<REGION>:<ACCOUNT_ID>:log-group:<LOG_GROUP>:*\n      CloudWatchLogsRoleArn: arn:aws:iam::<ACCOUNT_ID>:role/<CLOUDTRAIL_TO_CLOUDWATCH_ROLE>\n'),
    );
    const after = await lintFiles(fixed);
    assert.deepStrictEqual(after.errors, []);
    assert.deepStrictEqual(after.findings.filter((x) => x.ruleId === 'TG106'), []);
  });
});
