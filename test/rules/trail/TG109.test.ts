import { ruleTester } from '../../support/ruleTester';

const tf = (body: string) => `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = "audit-logs"\n${body}}\n`;
const cfn = (props: string) =>
  `Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: audit-logs\n${props}`;
const selector = (inner: string) => `\n  event_selector {\n${inner}  }\n`;

ruleTester('TG109', {
  valid: [
    { name: 'no selector at all: defaults record everything', files: { 'main.tf': tf('') } },
    { name: 'explicit All with management events', files: { 'main.tf': tf(selector('    read_write_type           = "All"\n    include_management_events = true\n')) } },
    { name: 'a ReadOnly and a WriteOnly selector together', files: { 'main.tf': tf(selector('    read_write_type = "ReadOnly"\n') + selector('    read_write_type = "WriteOnly"\n')) } },
    {
      name: 'data-only selector next to a full management selector',
      files: { 'main.tf': tf(selector('    read_write_type = "All"\n') + selector('    include_management_events = false\n\n    data_resource {\n      type   = "AWS::S3::Object"\n      values = ["arn:aws:s3:::data/"]\n    }\n')) },
    },
    { name: 'cloudformation: All', files: { 'template.yaml': cfn('      EventSelectors:\n        - ReadWriteType: All\n          IncludeManagementEvents: true\n') } },
    {
      name: 'advanced management selector without readOnly',
      files: { 'main.tf': tf('\n  advanced_event_selector {\n    name = "mgmt"\n    field_selector {\n      field  = "eventCategory"\n      equals = ["Management"]\n    }\n  }\n') },
    },
  ],
  invalid: [
    {
      name: 'WriteOnly is replaced with All',
      files: { 'main.tf': tf(selector('    read_write_type           = "WriteOnly"\n    include_management_events = true\n')) },
      errors: [{ line: 6, column: 5, endLine: 6, endColumn: 44, severity: 'warning', message: /`read_write_type` is WriteOnly/ }],
      output: { 'main.tf': tf(selector('    read_write_type           = "All"\n    include_management_events = true\n')) },
    },
    {
      name: 'management events off in every selector: no automatic fix',
      files: { 'main.tf': tf(selector('    include_management_events = false\n')) },
      errors: [{ line: 6, column: 5, message: /`include_management_events` is false/ }],
    },
    {
      name: 'excluded event sources (KMS)',
      files: { 'main.tf': tf(selector('    exclude_management_event_sources = ["kms.amazonaws.com"]\n')) },
      errors: [{ line: 6, column: 5, message: /drops events from kms\.amazonaws\.com/ }],
    },
    {
      name: 'advanced management selector keeps read-only events',
      files: { 'main.tf': tf('\n  advanced_event_selector {\n    field_selector {\n      field  = "eventCategory"\n      equals = ["Management"]\n    }\n    field_selector {\n      field  = "readOnly"\n      equals = ["true"]\n    }\n  }\n') },
      errors: [{ line: 10, column: 5, endLine: 13, endColumn: 6, message: /read-only/ }],
    },
    {
      name: 'cloudformation: ReadOnly is replaced with All',
      files: { 'template.yaml': cfn('      EventSelectors:\n        - ReadWriteType: ReadOnly\n') },
      errors: [{ line: 8, column: 11, endColumn: 34 }],
      output: { 'template.yaml': cfn('      EventSelectors:\n        - ReadWriteType: All\n') },
    },
    {
      name: 'unresolved read_write_type is unknown',
      files: { 'main.tf': tf(selector('    read_write_type = var.rw\n')) + 'variable "rw" {}\n' },
      errors: [{ line: 6, column: 5, status: 'unknown' }],
    },
  ],
});
