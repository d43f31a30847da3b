// AWS Config rules TG401–TG404 over Terraform and CloudFormation.
import { ruleTester } from '../../support/ruleTester';

const recorder = (group: string, name = 'main') =>
  `resource "aws_config_configuration_recorder" "${name}" {\n  name     = "${name}"\n  role_arn = "arn:aws:iam::111122223333:role/config"\n${group}}\n`;
const group = (inner: string) => `\n  recording_group {\n${inner}  }\n`;
const status = (enabled: string, name = 'main') =>
  `\nresource "aws_config_configuration_recorder_status" "${name}" {\n  name       = aws_config_configuration_recorder.${name}.name\n  is_enabled = ${enabled}\n}\n`;
const cfnRecorder = (group: string) =>
  `Resources:\n  Recorder:\n    Type: AWS::Config::ConfigurationRecorder\n    Properties:\n      RoleARN: arn:aws:iam::111122223333:role/config\n${group}`;

ruleTester('TG401', {
  valid: [
    { name: 'no recording_group: records everything', files: { 'main.tf': recorder('') } },
    { name: 'all_supported = true', files: { 'main.tf': recorder(group('    all_supported = true\n')) } },
    { name: 'cloudformation AllSupported true', files: { 'template.yaml': cfnRecorder('      RecordingGroup:\n        AllSupported: true\n') } },
  ],
  invalid: [
    {
      name: 'all_supported = false is replaced',
      files: { 'main.tf': recorder(group('    all_supported = false\n')) },
      errors: [{ line: 6, column: 5, endLine: 6, endColumn: 26, severity: 'warning', message: /`all_supported` is not true/ }],
      output: { 'main.tf': recorder(group('    all_supported = true\n')) },
    },
    {
      name: 'inclusion strategy: no automatic fix',
      files: { 'main.tf': recorder(group('    all_supported = false\n    resource_types = ["AWS::S3::Bucket"]\n\n    recording_strategy {\n      use_only = "INCLUSION_BY_RESOURCE_TYPES"\n    }\n')) },
      errors: [{ line: 10, column: 7, message: /INCLUSION_BY_RESOURCE_TYPES/ }],
    },
    {
      name: 'cloudformation AllSupported false',
      files: { 'template.yaml': cfnRecorder('      RecordingGroup:\n        AllSupported: false\n') },
      errors: [{ line: 7, column: 9, endColumn: 28 }],
      output: { 'template.yaml': cfnRecorder('      RecordingGroup:\n        AllSupported: true\n') },
    },
    {
      name: 'unresolved',
      files: { 'main.tf': recorder(group('    all_supported = var.all\n')) + 'variable "all" {}\n' },
      errors: [{ line: 6, column: 5, status: 'unknown' }],
    },
  ],
});

ruleTester('TG402', {
  valid: [
    { name: 'one recorder records globals', files: { 'main.tf': recorder(group('    include_global_resource_types = true\n')) } },
    {
      name: 'two recorders, one records globals',
      files: { 'main.tf': recorder(group('    include_global_resource_types = true\n')) + recorder(group('    include_global_resource_types = false\n'), 'eu') },
    },
    { name: 'cloudformation', files: { 'template.yaml': cfnRecorder('      RecordingGroup:\n        AllSupported: true\n        IncludeGlobalResourceTypes: true\n') } },
  ],
  invalid: [
    {
      name: 'absent in the recording group: inserted (default false)',
      files: { 'main.tf': recorder(group('    all_supported = true\n')) },
      errors: [{ line: 1, column: 1, severity: 'info', message: /not set and defaults to false/ }],
      output: { 'main.tf': recorder(group('    all_supported                 = true\n    include_global_resource_types = true\n')) },
    },
    {
      name: 'no recorder records globals: one finding on the first recorder only',
      files: { 'main.tf': recorder(group('    include_global_resource_types = false\n')) + recorder(group('    include_global_resource_types = false\n'), 'eu') },
      errors: [{ line: 6, column: 5, endColumn: 42 }],
      output: { 'main.tf': recorder(group('    include_global_resource_types = true\n')) + recorder(group('    include_global_resource_types = false\n'), 'eu') },
    },
    {
      name: 'recorded twice: Information on the second recorder',
      files: { 'main.tf': recorder(group('    include_global_resource_types = true\n')) + recorder(group('    include_global_resource_types = true\n'), 'eu') },
      errors: [{ line: 14, column: 5, severity: 'info', message: /also recorded by aws_config_configuration_recorder\.main \(main\.tf:1\)/ }],
    },
    {
      name: 'cloudformation false',
      files: { 'template.yaml': cfnRecorder('      RecordingGroup:\n        IncludeGlobalResourceTypes: false\n') },
      errors: [{ line: 7, column: 9 }],
      output: { 'template.yaml': cfnRecorder('      RecordingGroup:\n        IncludeGlobalResourceTypes: true\n') },
    },
  ],
});

ruleTester('TG403', {
  valid: [
    { name: 'status resource enabled', files: { 'main.tf': recorder('') + status('true') } },
    {
      name: 'cloudformation: started with the delivery channel',
      files: { 'template.yaml': cfnRecorder('') + '  Channel:\n    Type: AWS::Config::DeliveryChannel\n    Properties:\n      S3BucketName: config-logs\n' },
    },
  ],
  invalid: [
    {
      name: 'cloudformation: no delivery channel in the template: unknown (it may be in another stack), never a pass (deviation: the catalog would fail it; see the rule doc)',
      files: { 'template.yaml': cfnRecorder('') },
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 11, status: 'unknown', message: /no AWS::Config::DeliveryChannel in this template/ }],
    },
    {
      name: 'no status resource: never started',
      files: { 'main.tf': recorder('') },
      errors: [{ line: 1, column: 1, severity: 'error', message: /no aws_config_configuration_recorder_status refers to it/ }],
    },
    {
      name: 'is_enabled = false points into the status resource and is replaced',
      files: { 'main.tf': recorder('') + status('false') },
      errors: [{ line: 8, column: 3, endLine: 8, endColumn: 21, message: /not recording/ }],
      output: { 'main.tf': recorder('') + status('true') },
    },
    {
      name: 'unresolved is_enabled',
      files: { 'main.tf': recorder('') + status('var.on') + 'variable "on" {}\n' },
      errors: [{ line: 8, column: 3, status: 'unknown' }],
    },
  ],
});

const aggregator = (allRegions: string) =>
  `resource "aws_config_configuration_aggregator" "org" {\n  name = "org"\n\n  organization_aggregation_source {\n    all_regions = ${allRegions}\n    role_arn    = "arn:aws:iam::111122223333:role/aggregator"\n  }\n}\n`;
const slr = 'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';

ruleTester('TG404', {
  valid: [
    { name: 'off by default', files: { 'main.tf': aggregator('false') } },
    { name: 'all regions', files: { 'main.tf': aggregator('true') }, config: { optIn: ['TG404'] } },
    {
      name: 'recorder referring to an aws_iam_service_linked_role',
      files: { 'main.tf': 'resource "aws_iam_service_linked_role" "config" {\n  aws_service_name = "config.amazonaws.com"\n}\n\nresource "aws_config_configuration_recorder" "main" {\n  name     = "main"\n  role_arn = aws_iam_service_linked_role.config.arn\n}\n' + status('true') },
      config: { optIn: ['TG404'] },
    },
    {
      name: 'cloudformation aggregator with AllAwsRegions: true',
      files: { 'template.yaml': 'Resources:\n  Agg:\n    Type: AWS::Config::ConfigurationAggregator\n    Properties:\n      AccountAggregationSources:\n        - AccountIds: ["111122223333"]\n          AllAwsRegions: true\n' },
      config: { optIn: ['TG404'] },
    },
    {
      name: 'recorder with the service-linked role',
      files: { 'template.yaml': `Resources:\n  Recorder:\n    Type: AWS::Config::ConfigurationRecorder\n    Properties:\n      RoleARN: ${slr}\n` },
      config: { optIn: ['TG404'] },
    },
  ],
  invalid: [
    {
      name: 'all_regions = false is replaced',
      files: { 'main.tf': aggregator('false') },
      config: { optIn: ['TG404'] },
      errors: [{ line: 5, column: 5, endColumn: 24, severity: 'info', message: /does not cover all regions/ }],
      output: { 'main.tf': aggregator('true') },
    },
    {
      name: 'recorder with a custom role',
      files: { 'main.tf': recorder('') + status('true') },
      config: { optIn: ['TG404'] },
      errors: [{ line: 3, column: 3, message: /AWSServiceRoleForConfig/ }],
    },
    {
      name: 'cloudformation aggregator without AllAwsRegions',
      files: { 'template.yaml': `Resources:\n  Agg:\n    Type: AWS::Config::ConfigurationAggregator\n    Properties:\n      AccountAggregationSources:\n        - AccountIds: ["111122223333"]\n          AwsRegions: [eu-west-1]\n` },
      config: { optIn: ['TG404'] },
      errors: [{ line: 2, column: 3, message: /`AllAwsRegions` is not set/ }],
    },
  ],
});
