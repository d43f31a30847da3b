import { ruleTester } from '../../support/ruleTester';

const tf = (body: string) => `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = "audit-logs"\n${body}}\n`;
const cfn = (props: string) =>
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: audit-logs\n${props}`;

ruleTester('TG101', {
  valid: [
    { name: 'terraform: true', files: { 'main.tf': tf('  enable_log_file_validation = true\n') } },
    { name: 'terraform: true through a variable default', files: { 'main.tf': tf('  enable_log_file_validation = var.validate\n') + 'variable "validate" {\n  default = true\n}\n' } },
    { name: 'cloudformation: true', files: { 'template.yaml': cfn('      EnableLogFileValidation: true\n') } },
    { name: 'cloudformation: "true" string', files: { 'template.yaml': cfn('      EnableLogFileValidation: "true"\n') } },
    {
      name: 'cloudformation: parameter default true',
      files: { 'template.yaml': cfn('      EnableLogFileValidation: !Ref Validate\nParameters:\n  Validate:\n    Type: String\n    Default: "true"\n') },
    },
  ],
  invalid: [
    // Issue 9 "Messages": a value that comes from an expression says where it came from.
    {
      name: 'cloudformation: false with the parameter defaults through !If names the condition and its value',
      files: { 'template.yaml': cfn('      EnableLogFileValidation: !If [IsProd, true, false]\nParameters:\n  Env:\n    Type: String\n    Default: dev\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n') },
      errors: [{ line: 8, column: 7, endLine: 8, endColumn: 57, severity: 'error', message: 'Log file validation is disabled (`EnableLogFileValidation: false`), so tampering with delivered log files cannot be detected; `EnableLogFileValidation` is false with the parameter defaults (`!If [IsProd, true, false]`, IsProd is false)' }],
    },
    {
      name: 'cloudformation: false from a parameter Default names the parameter and its line',
      files: { 'template.yaml': cfn('      EnableLogFileValidation: !Ref Validate\nParameters:\n  Validate:\n    Type: String\n    Default: "false"\n') },
      errors: [{ line: 8, column: 7, message: 'Log file validation is disabled (`EnableLogFileValidation: false`), so tampering with delivered log files cannot be detected; `EnableLogFileValidation: !Ref Validate` is false (Default of parameter `Validate`, template.yaml:12)' }],
    },
    {
      name: 'cloudformation: false from a Mappings entry names the entry and its line',
      files: { 'template.yaml': cfn('      EnableLogFileValidation: !FindInMap [Env, dev, Validate]\nMappings:\n  Env:\n    dev:\n      Validate: false\n') },
      errors: [{ line: 8, column: 7, message: 'Log file validation is disabled (`EnableLogFileValidation: false`), so tampering with delivered log files cannot be detected; `EnableLogFileValidation: !FindInMap [Env, dev, Validate]` is false (Mappings entry Env.dev.Validate, template.yaml:12)' }],
    },
    {
      name: 'terraform: false from a variable default names the variable and its line',
      files: { 'main.tf': tf('  enable_log_file_validation = var.validate\n'), 'variables.tf': 'variable "validate" {\n  default = false\n}\n' },
      errors: [{ line: 4, column: 3, message: 'Log file validation is disabled (`enable_log_file_validation = false`), so tampering with delivered log files cannot be detected; `enable_log_file_validation = var.validate` is false (default of `var.validate`, variables.tf:2)' }],
    },
    {
      name: 'terraform: missing attribute points at the block header and inserts it',
      files: { 'main.tf': tf('') },
      errors: [{ line: 1, column: 1, message: /not set and defaults to false/ }],
      output: { 'main.tf': `resource "aws_cloudtrail" "main" {\n  name                       = "main"\n  s3_bucket_name             = "audit-logs"\n  enable_log_file_validation = true\n}\n` },
    },
    {
      name: 'terraform: false points at the attribute and is replaced',
      files: { 'main.tf': tf('  enable_log_file_validation = false\n') },
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 37, message: /disabled/ }],
      output: { 'main.tf': tf('  enable_log_file_validation = true\n') },
    },
    {
      name: 'terraform: variable without default is unknown, never a failure',
      files: { 'main.tf': tf('  enable_log_file_validation = var.validate\n') + 'variable "validate" {}\n' },
      errors: [{ line: 4, column: 3, status: 'unknown', severity: 'info', message: /^TG101 could not be verified: .*var\.validate/ }],
    },
    {
      name: 'cloudformation yaml: missing property points at the logical id and inserts it',
      files: { 'template.yaml': cfn('') },
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 8, severity: 'error' }],
      output: { 'template.yaml': cfn('      EnableLogFileValidation: true\n') },
    },
    {
      name: 'cloudformation yaml: false is replaced',
      files: { 'template.yaml': cfn('      EnableLogFileValidation: false\n') },
      errors: [{ line: 8, column: 7, endLine: 8, endColumn: 37 }],
      output: { 'template.yaml': cfn('      EnableLogFileValidation: true\n') },
    },
    {
      name: 'cloudformation yaml: parameter without default is unknown',
      files: { 'template.yaml': cfn('      EnableLogFileValidation: !Ref Validate\nParameters:\n  Validate:\n    Type: String\n') },
      errors: [{ line: 8, column: 7, status: 'unknown', message: /parameter Validate has no Default/ }],
    },
    {
      name: 'cloudformation json: missing property is inserted after the last one',
      files: {
        'template.json': '{\n  "Resources": {\n    "Trail": {\n      "Type": "AWS::CloudTrail::Trail",\n      "Properties": {\n        "IsLogging": true,\n        "S3BucketName": "logs"\n      }\n    }\n  }\n}\n',
      },
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 12 }],
      output: {
        'template.json':
          '{\n  "Resources": {\n    "Trail": {\n      "Type": "AWS::CloudTrail::Trail",\n      "Properties": {\n        "IsLogging": true,\n        "S3BucketName": "logs",\n        "EnableLogFileValidation": true\n      }\n    }\n  }\n}\n',
      },
    },
  ],
});
