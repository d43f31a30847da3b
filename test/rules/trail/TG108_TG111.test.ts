// TG108 (broad data events / self-logging, on at Info) and TG111 (opt-in: all-bucket S3 data events): opposite
// stances, so enabling TG111 silences TG108.
import { ruleTester } from '../../support/ruleTester';

const trail = (selectors: string) =>
  `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n${selectors}}\n\nresource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n}\n`;
const s3Selector = (rw: string, values: string) =>
  `\n  event_selector {\n    read_write_type = "${rw}"\n\n    data_resource {\n      type   = "AWS::S3::Object"\n      values = ${values}\n    }\n  }\n`;
const cfn = (props: string) =>
  `Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: audit-logs\n${props}`;

ruleTester('TG108', {
  valid: [
    { name: 'no data events', files: { 'main.tf': trail('') } },
    { name: 'one named bucket that is not the log bucket', files: { 'main.tf': trail(s3Selector('All', '["arn:aws:s3:::customer-data/"]')) } },
    { name: 'cloudformation: no data events', files: { 'template.yaml': cfn('') } },
    {
      name: 'cloudformation: one named bucket that is not the log bucket',
      files: { 'template.yaml': cfn('      EventSelectors:\n        - DataResources:\n            - Type: AWS::S3::Object\n              Values: ["arn:aws:s3:::customer-data/"]\n') },
    },
    {
      name: 'cloudformation: an advanced selector filtered by resources.ARN',
      files: {
        'template.yaml': cfn('      AdvancedEventSelectors:\n        - FieldSelectors:\n            - Field: eventCategory\n              Equals: [Data]\n            - Field: resources.type\n              Equals: [AWS::S3::Object]\n            - Field: resources.ARN\n              StartsWith: ["arn:aws:s3:::customer-data/"]\n'),
      },
    },
    { name: 'TG111 enabled: the breadth warning is silent', files: { 'main.tf': trail(s3Selector('All', '["arn:aws:s3:::"]')) }, config: { optIn: ['TG111'] } },
  ],
  invalid: [
    {
      name: 'all buckets with writes includes the log bucket: escalated to a warning',
      files: { 'main.tf': trail(s3Selector('All', '["arn:aws:s3:::"]')) },
      errors: [{ line: 10, column: 7, endColumn: 33, severity: 'warning', message: /including its own log bucket audit-logs.*self-logging loop/ }],
    },
    {
      name: 'all buckets, read-only: broad but no loop, stays Information',
      files: { 'main.tf': trail(s3Selector('ReadOnly', '["arn:aws:s3"]')) },
      errors: [{ line: 10, column: 7, severity: 'info', message: /costly/ }],
    },
    {
      name: 'the log bucket itself by name',
      files: { 'main.tf': trail(s3Selector('WriteOnly', '["arn:aws:s3:::audit-logs/"]')) },
      errors: [{ line: 10, column: 7, severity: 'warning', message: /self-logging loop/ }],
    },
    {
      name: 'all Lambda functions',
      files: { 'main.tf': trail('\n  event_selector {\n    data_resource {\n      type   = "AWS::Lambda::Function"\n      values = ["arn:aws:lambda"]\n    }\n  }\n') },
      errors: [{ line: 8, column: 7, severity: 'info', message: /AWS::Lambda::Function data events for every resource/ }],
    },
    {
      name: 'advanced selector on S3 objects without an ARN filter',
      files: {
        'main.tf': trail('\n  advanced_event_selector {\n    field_selector {\n      field  = "eventCategory"\n      equals = ["Data"]\n    }\n    field_selector {\n      field  = "resources.type"\n      equals = ["AWS::S3::Object"]\n    }\n  }\n'),
      },
      errors: [{ line: 5, column: 3, severity: 'warning' }],
    },
    {
      name: 'cloudformation advanced selector excluding the log bucket: broad, but no loop',
      files: {
        'template.yaml': cfn('      AdvancedEventSelectors:\n        - FieldSelectors:\n            - Field: eventCategory\n              Equals: [Data]\n            - Field: resources.type\n              Equals: [AWS::S3::Object]\n            - Field: resources.ARN\n              NotStartsWith: ["arn:aws:s3:::audit-logs/"]\n'),
      },
      errors: [{ line: 8, column: 11, endLine: 14, severity: 'info', message: /every resource of the type except arn:aws:s3:::audit-logs\/: broad/ }],
    },
    {
      name: 'cloudformation: all buckets',
      files: { 'template.yaml': cfn('      EventSelectors:\n        - DataResources:\n            - Type: AWS::S3::Object\n              Values: ["arn:aws:s3:::"]\n') },
      errors: [{ line: 10, column: 15, severity: 'warning' }],
    },
  ],
});

ruleTester('TG111', {
  valid: [
    { name: 'opt-in rule is off by default', files: { 'main.tf': trail('') } },
    { name: 'all buckets, All', files: { 'main.tf': trail(s3Selector('All', '["arn:aws:s3:::"]')) }, config: { optIn: ['TG111'] } },
    {
      name: 'a ReadOnly and a WriteOnly selector together',
      files: { 'main.tf': trail(s3Selector('ReadOnly', '["arn:aws:s3"]') + s3Selector('WriteOnly', '["arn:aws:s3"]')) },
      config: { optIn: ['TG111'] },
    },
    {
      name: 'every bucket of the module named explicitly',
      files: { 'main.tf': trail(s3Selector('All', '["arn:aws:s3:::audit-logs/"]')) },
      config: { optIn: ['TG111'] },
    },
    {
      name: 'cloudformation: all buckets (`arn:aws:s3:::*/*`), ReadWriteType defaulting to All',
      files: { 'template.yaml': cfn('      EventSelectors:\n        - DataResources:\n            - Type: AWS::S3::Object\n              Values: ["arn:aws:s3:::*/*"]\n') },
      config: { optIn: ['TG111'] },
    },
    {
      name: 'cloudformation: a ReadOnly and a WriteOnly selector together',
      files: {
        'template.yaml': cfn('      EventSelectors:\n' + ['ReadOnly', 'WriteOnly'].map((rw) => `        - ReadWriteType: ${rw}\n          DataResources:\n            - Type: AWS::S3::Object\n              Values: ["arn:aws:s3"]\n`).join('')),
      },
      config: { optIn: ['TG111'] },
    },
  ],
  invalid: [
    {
      name: 'no data events at all: reported on each bucket',
      files: { 'main.tf': trail('') },
      config: { optIn: ['TG111'] },
      errors: [{ line: 6, column: 1, severity: 'info', message: /No trail records S3 object-level read and write data events for bucket audit-logs/ }],
    },
    {
      name: 'read-only selector: write events missing',
      files: { 'main.tf': trail(s3Selector('ReadOnly', '["arn:aws:s3:::"]')) },
      config: { optIn: ['TG111'] },
      errors: [{ line: 15, column: 1, message: /S3 object-level write data events for bucket audit-logs/ }],
    },
    {
      name: 'a bucket ARN without the trailing slash selects no object',
      files: { 'main.tf': trail(s3Selector('All', '["arn:aws:s3:::audit-logs"]')) },
      config: { optIn: ['TG111'] },
      errors: [{ line: 15, column: 1 }],
    },
    {
      name: 'a bucket and no trail at all',
      files: { 'main.tf': 'resource "aws_s3_bucket" "data" {\n  bucket = "my-bucket"\n}\n' },
      config: { optIn: ['TG111'] },
      errors: [{ line: 1, column: 1, message: /bucket my-bucket/ }],
    },
    {
      name: 'cloudformation: a WriteOnly selector alone: read events missing, on the selector values',
      files: { 'template.yaml': cfn('      EventSelectors:\n        - ReadWriteType: WriteOnly\n          DataResources:\n            - Type: AWS::S3::Object\n              Values: ["arn:aws:s3"]\n') },
      config: { optIn: ['TG111'] },
      errors: [{ line: 11, column: 15, severity: 'info', message: 'No trail records S3 object-level read data events for all buckets (CIS 3.8/3.9)' }],
    },
    {
      name: 'cloudformation: a trail without selectors and no bucket: on the trail',
      files: { 'template.yaml': cfn('') },
      config: { optIn: ['TG111'] },
      errors: [{ line: 2, column: 3, message: /for all buckets/ }],
    },
  ],
});
