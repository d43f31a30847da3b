// TG102 (multi-region) and TG105 (global service events) share the trail attribute shape; one table each.
import { ruleTester } from '../../support/ruleTester';

const tf = (body: string) => `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = "audit-logs"\n${body}}\n`;
const cfn = (props: string) =>
  `Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: audit-logs\n${props}`;

ruleTester('TG102', {
  valid: [
    { name: 'terraform: true', files: { 'main.tf': tf('  is_multi_region_trail = true\n') } },
    { name: 'terraform: true from terraform.tfvars', files: { 'main.tf': tf('  is_multi_region_trail = var.multi\n') + 'variable "multi" {}\n', 'terraform.tfvars': 'multi = true\n' } },
    { name: 'cloudformation: true', files: { 'template.yaml': cfn('      IsMultiRegionTrail: true\n') } },
  ],
  invalid: [
    {
      name: 'terraform: missing is inserted with aligned equals',
      files: { 'main.tf': tf('') },
      errors: [{ line: 1, column: 1, severity: 'error', message: /defaults to false/ }],
      output: { 'main.tf': `resource "aws_cloudtrail" "main" {\n  name                  = "main"\n  s3_bucket_name        = "audit-logs"\n  is_multi_region_trail = true\n}\n` },
    },
    {
      name: 'terraform: false',
      files: { 'main.tf': tf('  is_multi_region_trail = false\n') },
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 32 }],
      output: { 'main.tf': tf('  is_multi_region_trail = true\n') },
    },
    {
      name: 'terraform: two trails, each reported on its own',
      files: { 'main.tf': tf('') + 'resource "aws_cloudtrail" "second" {\n  name                  = "second"\n  s3_bucket_name        = "audit-logs"\n  is_multi_region_trail = false\n}\n' },
      errors: [{ line: 1, column: 1 }, { line: 8, column: 3 }],
    },
    {
      name: 'cloudformation: missing',
      files: { 'template.yaml': cfn('') },
      errors: [{ line: 2, column: 3, endColumn: 8 }],
      output: { 'template.yaml': cfn('      IsMultiRegionTrail: true\n') },
    },
    {
      name: 'cloudformation: false',
      files: { 'template.yaml': cfn('      IsMultiRegionTrail: false\n') },
      errors: [{ line: 7, column: 7 }],
      output: { 'template.yaml': cfn('      IsMultiRegionTrail: true\n') },
    },
    {
      name: 'cloudformation: !Ref to a parameter without default',
      files: { 'template.yaml': cfn('      IsMultiRegionTrail: !Ref Multi\nParameters:\n  Multi:\n    Type: String\n') },
      errors: [{ line: 7, column: 7, status: 'unknown', severity: 'info' }],
    },
  ],
});

ruleTester('TG105', {
  valid: [
    { name: 'terraform: absent (defaults to true)', files: { 'main.tf': tf('') } },
    { name: 'terraform: true', files: { 'main.tf': tf('  include_global_service_events = true\n') } },
    { name: 'cloudformation: absent', files: { 'template.yaml': cfn('') } },
  ],
  invalid: [
    {
      name: 'terraform: false is replaced',
      files: { 'main.tf': tf('  include_global_service_events = false\n') },
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 40, severity: 'warning' }],
      output: { 'main.tf': tf('  include_global_service_events = true\n') },
    },
    {
      name: 'cloudformation: false is replaced',
      files: { 'template.yaml': cfn('      IncludeGlobalServiceEvents: false\n') },
      errors: [{ line: 7, column: 7, endColumn: 40 }],
      output: { 'template.yaml': cfn('      IncludeGlobalServiceEvents: true\n') },
    },
    {
      name: 'terraform: variable without default',
      files: { 'main.tf': tf('  include_global_service_events = var.g\n') + 'variable "g" {\n  type = bool\n}\n' },
      errors: [{ line: 4, column: 3, status: 'unknown' }],
    },
  ],
});
