import { ruleTester } from '../../support/ruleTester';

const tf = (body: string) => `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = "audit-logs"\n${body}}\n`;
const cfn = (props: string) =>
  `Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: audit-logs\n${props}`;

ruleTester('TG104', {
  valid: [
    { name: 'terraform: enable_logging absent (defaults to true, as CKV_AWS_251)', files: { 'main.tf': tf('') } },
    { name: 'terraform: enable_logging = true', files: { 'main.tf': tf('  enable_logging = true\n') } },
    { name: 'cloudformation: IsLogging true', files: { 'template.yaml': cfn('      IsLogging: true\n') } },
  ],
  invalid: [
    {
      name: 'terraform: enable_logging = false',
      files: { 'main.tf': tf('  enable_logging = false\n') },
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 25, severity: 'error', message: /not logging/ }],
      output: { 'main.tf': tf('  enable_logging = true\n') },
    },
    {
      name: 'cloudformation: IsLogging is required, missing fails at the logical id',
      files: { 'template.yaml': cfn('') },
      errors: [{ line: 2, column: 3, endColumn: 8, message: /required property/ }],
      output: { 'template.yaml': cfn('      IsLogging: true\n') },
    },
    {
      name: 'cloudformation: IsLogging false',
      files: { 'template.yaml': cfn('      IsLogging: false\n') },
      errors: [{ line: 6, column: 7, endColumn: 23 }],
      output: { 'template.yaml': cfn('      IsLogging: true\n') },
    },
    {
      name: 'cloudformation json: IsLogging false',
      files: { 'template.json': '{"Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {"S3BucketName": "b", "IsLogging": false}}}}\n' },
      errors: [{ line: 1, column: 96, endColumn: 114 }],
      output: { 'template.json': '{"Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {"S3BucketName": "b", "IsLogging": true}}}}\n' },
    },
    {
      name: 'terraform: unresolved module-style variable',
      files: { 'main.tf': tf('  enable_logging = var.on\n') + 'variable "on" {}\n' },
      errors: [{ line: 4, column: 3, status: 'unknown', message: /var\.on/ }],
    },
  ],
});
