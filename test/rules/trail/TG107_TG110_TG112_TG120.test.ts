// Opt-in / workspace-level trail rules on IaC: TG107 (organization trail), TG110 (event data store key),
// TG112 (SNS or Insights), TG120 (some logging multi-region trail, Information in IaC).
import { ruleTester } from '../../support/ruleTester';

const tf = (body: string, name = 'main') => `resource "aws_cloudtrail" "${name}" {\n  name           = "${name}"\n  s3_bucket_name = "audit-logs"\n${body}}\n`;
const cfn = (props: string) =>
  `Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: audit-logs\n${props}`;
const org = { optIn: ['TG107'], organizationManagement: true };

ruleTester('TG107', {
  valid: [
    { name: 'off by default', files: { 'main.tf': tf('') } },
    { name: 'opted in but not a management account', files: { 'main.tf': tf('') }, config: { optIn: ['TG107'] } },
    { name: 'one of two trails is an organization trail', files: { 'main.tf': tf('') + tf('  is_organization_trail = true\n', 'org') }, config: org },
    { name: 'cloudformation organization trail', files: { 'template.yaml': cfn('      IsOrganizationTrail: true\n') }, config: org },
  ],
  invalid: [
    { name: 'management account, no organization trail: first trail header', files: { 'main.tf': tf('') + tf('', 'other') }, config: org, errors: [{ line: 1, column: 1, severity: 'info', message: /without an organization trail/ }] },
    { name: 'explicit false points at the attribute', files: { 'main.tf': tf('  is_organization_trail = false\n') }, config: org, errors: [{ line: 4, column: 3 }] },
    { name: 'unresolved flag is unknown', files: { 'main.tf': tf('  is_organization_trail = var.org\n') + 'variable "org" {}\n' }, config: org, errors: [{ line: 4, column: 3, status: 'unknown' }] },
    { name: 'cloudformation', files: { 'template.yaml': cfn('') }, config: org, errors: [{ line: 2, column: 3 }] },
  ],
});

ruleTester('TG110', {
  valid: [
    { name: 'terraform: key set', files: { 'main.tf': 'resource "aws_cloudtrail_event_data_store" "lake" {\n  name       = "lake"\n  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abcd"\n}\n' } },
    { name: 'cloudformation: key set', files: { 'template.yaml': 'Resources:\n  Lake:\n    Type: AWS::CloudTrail::EventDataStore\n    Properties:\n      KmsKeyId: alias/lake\n' } },
  ],
  invalid: [
    { name: 'terraform: missing', files: { 'main.tf': 'resource "aws_cloudtrail_event_data_store" "lake" {\n  name = "lake"\n}\n' }, errors: [{ line: 1, column: 1, severity: 'warning', message: /`kms_key_id` is not set/ }] },
    { name: 'cloudformation: missing', files: { 'template.yaml': 'Resources:\n  Lake:\n    Type: AWS::CloudTrail::EventDataStore\n    Properties:\n      Name: lake\n' }, errors: [{ line: 2, column: 3, message: /`KmsKeyId` is not set/ }] },
  ],
});

ruleTester('TG112', {
  valid: [
    { name: 'off by default', files: { 'main.tf': tf('') } },
    { name: 'SNS topic', files: { 'main.tf': tf('  sns_topic_name = "trail-deliveries"\n') }, config: { optIn: ['TG112'] } },
    { name: 'Insights', files: { 'main.tf': tf('\n  insight_selector {\n    insight_type = "ApiCallRateInsight"\n  }\n') }, config: { optIn: ['TG112'] } },
    { name: 'cloudformation Insights', files: { 'template.yaml': cfn('      InsightSelectors:\n        - InsightType: ApiCallRateInsight\n') }, config: { optIn: ['TG112'] } },
  ],
  invalid: [
    { name: 'neither', files: { 'main.tf': tf('') }, config: { optIn: ['TG112'] }, errors: [{ line: 1, column: 1, severity: 'info', message: /no SNS topic \(`sns_topic_name`\) and no CloudTrail Insights/ }] },
    { name: 'sns_topic_name = null (KICS positive)', files: { 'main.tf': tf('  sns_topic_name = null\n') }, config: { optIn: ['TG112'] }, errors: [{ line: 1, column: 1 }] },
    { name: 'cloudformation neither', files: { 'template.yaml': cfn('') }, config: { optIn: ['TG112'] }, errors: [{ line: 2, column: 3, message: /`SnsTopicName`/ }] },
  ],
});

ruleTester('TG120', {
  valid: [
    { name: 'no trail in the module: nothing to say', files: { 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n' } },
    { name: 'a logging multi-region trail with default selectors', files: { 'main.tf': tf('  is_multi_region_trail = true\n') } },
    { name: 'one qualifying trail among others', files: { 'main.tf': tf('') + tf('  is_multi_region_trail = true\n', 'global') } },
    { name: 'cloudformation', files: { 'template.yaml': cfn('      IsMultiRegionTrail: true\n') } },
  ],
  invalid: [
    {
      name: 'single-region trail: Information on the first trail',
      files: { 'main.tf': tf('') },
      errors: [{ line: 1, column: 1, severity: 'info', message: /No trail in this module is a logging multi-region trail/ }],
    },
    {
      name: 'multi-region but stopped',
      files: { 'main.tf': tf('  is_multi_region_trail = true\n  enable_logging        = false\n') },
      errors: [{ line: 1, column: 1, severity: 'info' }],
    },
    {
      name: 'multi-region but write-only management events',
      files: { 'main.tf': tf('  is_multi_region_trail = true\n\n  event_selector {\n    read_write_type = "WriteOnly"\n  }\n') },
      errors: [{ line: 1, column: 1 }],
    },
    {
      name: 'cloudformation: multi-region but IsLogging false',
      files: { 'template.yaml': 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: false\n      IsMultiRegionTrail: true\n      S3BucketName: b\n' },
      errors: [{ line: 2, column: 3, severity: 'info' }],
    },
    {
      name: 'unresolved multi-region flag is unknown',
      files: { 'main.tf': tf('  is_multi_region_trail = var.multi\n') + 'variable "multi" {}\n' },
      errors: [{ line: 1, column: 1, status: 'unknown' }],
    },
  ],
});
