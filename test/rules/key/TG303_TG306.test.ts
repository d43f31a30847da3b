import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnKey, keyTf, policyJson, tfModule } from '../bucket/fixtures';
import { DESCRIBE_CFN, DESCRIBE_TF, ENCRYPT_CFN, ENCRYPT_TF, ROOT_CFN, ROOT_TF, keyPolicyCfn, keyWithPolicyTf } from './keyPolicies';

const keyModule = (main: string) => ({ ...tfModule(main), 'bucket.tf': bucketTf() });

ruleTester('TG303', {
  valid: [
    { name: 'terraform: rotation on', files: keyModule(keyTf('  enable_key_rotation = true\n')) },
    { name: 'terraform: asymmetric keys cannot rotate', files: keyModule(keyTf('  customer_master_key_spec = "RSA_2048"\n')) },
    { name: 'cloudformation: EnableKeyRotation true', files: { 'template.yaml': cfnKey('      EnableKeyRotation: true\n') } },
    { name: 'terraform: a disabled key is skipped (catalog: skip disabled keys; TG305 reports it)', files: keyModule(keyTf('  is_enabled = false\n')) },
    { name: 'cloudformation: a disabled key is skipped', files: { 'template.yaml': cfnKey('      Enabled: false\n') } },
    { name: 'cloudformation: signing keys cannot rotate', files: { 'template.yaml': cfnKey('      KeyUsage: SIGN_VERIFY\n') } },
    { name: 'policy file: only the policy is known', files: { 'key-policy.json': policyJson({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*' }) } },
  ],
  invalid: [
    {
      name: 'terraform: missing on a trail key is high and inserted',
      files: keyModule(keyTf()),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 31, severity: 'error', message: /`enable_key_rotation` is not set/ }],
      output: { 'main.tf': 'resource "aws_kms_key" "trail" {\n  description         = "trail"\n  enable_key_rotation = true\n}\n' },
    },
    {
      name: 'terraform: false is replaced',
      files: keyModule(keyTf('  enable_key_rotation = false\n')),
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 30, message: /`enable_key_rotation` is false/ }],
      output: { 'main.tf': keyTf('  enable_key_rotation = true\n') },
    },
    {
      name: 'terraform: on a key no trail uses (scope all) it is medium',
      files: { 'main.tf': keyTf() },
      config: { scope: 'all' },
      errors: [{ line: 1, column: 1, severity: 'warning' }],
    },
    {
      name: 'terraform: from a variable without default is unknown',
      files: keyModule(keyTf('  enable_key_rotation = var.rotate\n') + 'variable "rotate" {}\n'),
      errors: [{ line: 3, column: 3, status: 'unknown', message: /var\.rotate/ }],
    },
    {
      name: 'terraform: rotation off and is_enabled from a variable without default is unknown (it decides whether the key is skipped)',
      files: keyModule(keyTf('  is_enabled = var.on\n') + 'variable "on" {}\n'),
      errors: [{ line: 3, column: 3, status: 'unknown', message: /var\.on/ }],
    },
    {
      name: 'cloudformation: missing is inserted',
      files: { 'template.yaml': cfnKey() },
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 11 }],
      output: { 'template.yaml': cfnKey('      EnableKeyRotation: true\n') },
    },
  ],
});

ruleTester('TG305', {
  valid: [
    { name: 'terraform: enabled by default', files: keyModule(keyTf()) },
    { name: 'terraform: a disabled key no trail uses', files: { 'main.tf': keyTf('  is_enabled = false\n') } },
    { name: 'cloudformation: Enabled true', files: { 'template.yaml': cfnKey('      Enabled: true\n') } },
  ],
  invalid: [
    {
      name: 'terraform: disabled trail key, the safe fix enables it',
      files: keyModule(keyTf('  is_enabled          = false\n  enable_key_rotation = true\n')),
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 30, severity: 'error', message: /^`is_enabled` is false/ }],
      output: { 'main.tf': keyTf('  is_enabled          = true\n  enable_key_rotation = true\n') },
    },
    {
      name: 'terraform: disabled trail key without rotation: the fix also enables rotation (TG303 skips disabled keys)',
      files: keyModule(keyTf('  is_enabled = false\n')),
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 21, severity: 'error', message: /^`is_enabled` is false/ }],
      output: { 'main.tf': 'resource "aws_kms_key" "trail" {\n  description         = "trail"\n  is_enabled          = true\n  enable_key_rotation = true\n}\n' },
    },
    {
      name: 'cloudformation: Enabled false without rotation: the fix also enables rotation',
      files: { 'template.yaml': cfnKey('      Enabled: false\n') },
      errors: [{ line: 7, column: 7, endLine: 7, endColumn: 21 }],
      output: { 'template.yaml': cfnKey('      Enabled: true\n      EnableKeyRotation: true\n') },
    },
    {
      name: 'cloudformation: Enabled false',
      files: { 'template.yaml': cfnKey('      Enabled: false\n      EnableKeyRotation: true\n') },
      errors: [{ line: 7, column: 7, endLine: 7, endColumn: 21, message: /^`Enabled` is false/ }],
      output: { 'template.yaml': cfnKey('      Enabled: true\n      EnableKeyRotation: true\n') },
    },
    {
      name: 'terraform: from a variable without default is unknown',
      files: keyModule(keyTf('  is_enabled = var.on\n') + 'variable "on" {}\n'),
      errors: [{ line: 3, column: 3, status: 'unknown' }],
    },
  ],
});

ruleTester('TG306', {
  valid: [
    { name: 'terraform: explicit policy', files: keyModule(keyWithPolicyTf(ROOT_TF + ENCRYPT_TF + DESCRIBE_TF)) },
    {
      name: 'terraform: policy from a separate aws_kms_key_policy',
      files: keyModule(keyTf() + 'resource "aws_kms_key_policy" "trail" {\n  key_id = aws_kms_key.trail.id\n  policy = jsonencode({ Statement = [] })\n}\n'),
    },
    { name: 'cloudformation: explicit KeyPolicy', files: { 'template.yaml': cfnKey(keyPolicyCfn(ROOT_CFN + ENCRYPT_CFN + DESCRIBE_CFN)) } },
  ],
  invalid: [
    { name: 'terraform: no policy is information on the header', files: keyModule(keyTf()), errors: [{ line: 1, column: 1, endLine: 1, endColumn: 31, severity: 'info', message: /no explicit key policy/ }] },
    { name: 'cloudformation: no KeyPolicy', files: { 'template.yaml': cfnKey() }, errors: [{ line: 3, column: 3, severity: 'info' }] },
  ],
});
