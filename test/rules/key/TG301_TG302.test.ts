import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnKey, keyTf, policyJson, tfModule } from '../bucket/fixtures';
import { DESCRIBE_CFN, DESCRIBE_TF, ENCRYPT_CFN, ENCRYPT_TF, ROOT_CFN, ROOT_TF, keyPolicyCfn, keyWithPolicyTf } from './keyPolicies';

/** Module: the key under test in main.tf, the trail in trail.tf, its bucket in bucket.tf. */
const keyModule = (main: string) => ({ ...tfModule(main), 'bucket.tf': bucketTf() });

const APPENDED_ENCRYPT_TF =
  '      {\n        Sid    = "AllowCloudTrailToEncryptLogs"\n        Effect = "Allow"\n        Principal = {\n          Service = "cloudtrail.amazonaws.com"\n        }\n' +
  '        Action   = "kms:GenerateDataKey*"\n        Resource = "*"\n        Condition = {\n          StringEquals = {\n            "aws:SourceArn" = "arn:aws:cloudtrail:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:trail/org"\n          }\n' +
  '          StringLike = {\n            "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*"\n          }\n        }\n      },\n';
const APPENDED_DESCRIBE_TF =
  '      {\n        Sid    = "AllowCloudTrailToDescribeKey"\n        Effect = "Allow"\n        Principal = {\n          Service = "cloudtrail.amazonaws.com"\n        }\n        Action   = "kms:DescribeKey"\n        Resource = "*"\n      },\n';

const encrypt = { Sid: 'Encrypt', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*' };
const describe_ = { Sid: 'Describe', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*' };

ruleTester('TG301', {
  valid: [
    { name: 'terraform: the documented statements', files: keyModule(keyWithPolicyTf(ROOT_TF + ENCRYPT_TF + DESCRIBE_TF)) },
    { name: 'terraform: kms:* to the service', files: keyModule(keyWithPolicyTf(ROOT_TF + ENCRYPT_TF.replace('"kms:GenerateDataKey*"', '"kms:*"'))) },
    { name: 'terraform: exactly kms:GenerateDataKey (the call CloudTrail makes)', files: keyModule(keyWithPolicyTf(ROOT_TF + ENCRYPT_TF.replace('"kms:GenerateDataKey*"', '["kms:GenerateDataKey"]'))) },
    { name: 'terraform: a conditioned Deny does not cancel', files: keyModule(keyWithPolicyTf(ROOT_TF + ENCRYPT_TF + '      {\n        Effect    = "Deny"\n        Principal = "*"\n        Action    = "kms:*"\n        Resource  = "*"\n        Condition = { Bool = { "aws:SecureTransport" = "false" } }\n      },\n')) },
    { name: 'terraform: a key no trail uses', files: { 'main.tf': keyTf() } },
    { name: 'cloudformation: the documented statements', files: { 'template.yaml': cfnKey(keyPolicyCfn(ROOT_CFN + ENCRYPT_CFN + DESCRIBE_CFN)) } },
    { name: 'policy file: a key policy naming CloudTrail', files: { 'key-policy.json': policyJson(encrypt, describe_) } },
  ],
  invalid: [
    {
      name: 'terraform: no key policy points at the key header',
      files: keyModule(keyTf()),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 31, severity: 'error', message: /no key policy/ }],
    },
    {
      name: 'terraform: missing statement, the fix appends the documented one by reference, adding the data sources to main.tf',
      files: keyModule(keyWithPolicyTf(ROOT_TF + DESCRIBE_TF)),
      errors: [{ line: 5, column: 5, endLine: 5, endColumn: 14, message: /does not allow cloudtrail.amazonaws.com kms:GenerateDataKey/ }],
      output: { 'main.tf': keyWithPolicyTf(ROOT_TF + DESCRIBE_TF + APPENDED_ENCRYPT_TF) + '\ndata "aws_caller_identity" "current" {}\n\ndata "aws_region" "current" {}\n' },
    },
    {
      name: 'terraform: kms:GenerateDataKeyPair* is not enough',
      files: keyModule(keyWithPolicyTf(ROOT_TF + ENCRYPT_TF.replace('"kms:GenerateDataKey*"', '"kms:GenerateDataKeyPair*"'))),
      errors: [{ line: 5, column: 5 }],
    },
    {
      name: 'terraform: an unconditioned Deny cancels the grant',
      files: keyModule(keyWithPolicyTf(ROOT_TF + ENCRYPT_TF + '      {\n        Effect    = "Deny"\n        Principal = { Service = "cloudtrail.amazonaws.com" }\n        Action    = "kms:GenerateDataKey"\n        Resource  = "*"\n      },\n')),
      errors: [{ line: 21, column: 7, endLine: 26, endColumn: 8, message: /Deny statement blocks/ }],
    },
    {
      name: 'terraform: a policy from a data source we cannot read is unknown',
      files: keyModule(keyTf('  policy = data.external.policy.result\n')),
      errors: [{ line: 3, column: 3, status: 'unknown' }],
    },
    {
      name: 'cloudformation: root-only key policy',
      files: { 'template.yaml': cfnKey(keyPolicyCfn(ROOT_CFN)) },
      errors: [{ line: 9, column: 9, severity: 'error' }],
    },
    {
      name: 'policy file: a key policy with the context key but no encrypt grant',
      files: { 'key-policy.json': policyJson({ ...describe_, Principal: { AWS: 'arn:aws:iam::111122223333:role/reader' }, Action: 'kms:Decrypt', Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } } }) },
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 14 }],
    },
  ],
});

ruleTester('TG302', {
  valid: [
    { name: 'terraform: DescribeKey to the service', files: keyModule(keyWithPolicyTf(ROOT_TF + ENCRYPT_TF + DESCRIBE_TF)) },
    { name: 'cloudformation: DescribeKey to the service', files: { 'template.yaml': cfnKey(keyPolicyCfn(ROOT_CFN + ENCRYPT_CFN + DESCRIBE_CFN)) } },
    // rules.md TG302: "FAIL unless an Allow statement gives cloudtrail.amazonaws.com kms:DescribeKey (or kms:* / *), not cancelled by a Deny".
    { name: 'policy file: DescribeKey to the service', files: { 'key-policy.json': policyJson(encrypt, describe_) } },
    { name: 'policy file: kms:* to the service covers DescribeKey', files: { 'key-policy.json': policyJson({ ...encrypt, Action: 'kms:*' }) } },
    { name: 'policy file: "*" to the service covers DescribeKey', files: { 'key-policy.json': policyJson({ ...encrypt, Action: '*' }) } },
    { name: 'policy file: a conditioned Deny does not cancel it', files: { 'key-policy.json': policyJson(encrypt, describe_, { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }) } },
    { name: 'cloudformation: kms:* to the service', files: { 'template.yaml': cfnKey(keyPolicyCfn(ROOT_CFN + ENCRYPT_CFN.replace('Action: kms:GenerateDataKey*', 'Action: kms:*'))) } },
  ],
  invalid: [
    {
      name: 'terraform: missing DescribeKey, the safe fix appends the documented statement',
      files: keyModule(keyWithPolicyTf(ROOT_TF + ENCRYPT_TF)),
      errors: [{ line: 5, column: 5, severity: 'warning', message: /kms:DescribeKey/ }],
      output: { 'main.tf': keyWithPolicyTf(ROOT_TF + ENCRYPT_TF + APPENDED_DESCRIBE_TF) },
    },
    {
      name: 'cloudformation: missing DescribeKey, appended in YAML',
      files: { 'template.yaml': cfnKey(keyPolicyCfn(ROOT_CFN + ENCRYPT_CFN)) },
      errors: [{ line: 9, column: 9 }],
      output: {
        'template.yaml': cfnKey(
          keyPolicyCfn(ROOT_CFN + ENCRYPT_CFN + '          - Sid: AllowCloudTrailToDescribeKey\n            Effect: Allow\n            Principal:\n              Service: cloudtrail.amazonaws.com\n            Action: kms:DescribeKey\n            Resource: "*"\n'),
        ),
      },
    },
    {
      name: 'policy file: missing DescribeKey',
      files: { 'key-policy.json': policyJson(encrypt) },
      errors: [{ line: 3, column: 3 }],
    },
    {
      name: 'policy file: an unconditioned Deny of kms:DescribeKey to everyone cancels the grant (points at the Deny)',
      files: { 'key-policy.json': policyJson(encrypt, describe_, { Effect: 'Deny', Principal: '*', Action: 'kms:DescribeKey', Resource: '*' }) },
      errors: [{ line: 22, column: 5, severity: 'warning', message: /^This Deny statement blocks cloudtrail\.amazonaws\.com from kms:DescribeKey/ }],
    },
    {
      name: 'policy file: DescribeKey granted to another service only',
      files: { 'key-policy.json': policyJson(encrypt, { ...describe_, Principal: { Service: 'logs.amazonaws.com' } }) },
      errors: [{ line: 3, column: 3, severity: 'warning', message: /does not allow cloudtrail\.amazonaws\.com kms:DescribeKey/ }],
    },
    {
      name: 'terraform: no key policy at all (the default policy trusts only the account)',
      files: keyModule(keyTf()),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 31, severity: 'warning', message: /has no key policy/ }],
    },
    {
      name: 'cloudformation: an unconditioned Deny of kms:* to the service cancels DescribeKey',
      files: { 'template.yaml': cfnKey(keyPolicyCfn(ROOT_CFN + ENCRYPT_CFN + DESCRIBE_CFN + '          - Effect: Deny\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: kms:*\n            Resource: "*"\n')) },
      errors: [{ line: 28, column: 13, endLine: 31, endColumn: 26, message: /^This Deny statement blocks/ }],
    },
  ],
});
