// TG304 from the catalog's words: "FAIL if an Allow statement grants kms:Decrypt / kms:* / * to Principal * /
// {"AWS":"*"} without both kms:CallerAccount (or aws:PrincipalOrgID) and kms:EncryptionContext:aws:cloudtrail:arn
// conditions; FAIL (Critical) if it has no condition at all. WARN if Decrypt goes to a whole-account root principal
// of a different account. The encryption-context condition is required only on trail keys [...]. Conditions count
// by operator and value (a wildcard value or a negated operator does not narrow)."
import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnKey, policyJson, tfModule } from '../bucket/fixtures';
import { DESCRIBE_TF, ENCRYPT_TF, ROOT_TF, keyWithPolicyTf } from './keyPolicies';

const keyModule = (main: string) => ({ ...tfModule(main), 'bucket.tf': bucketTf() });
const ENCRYPT = { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*' };
const CONTEXT = { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' };
/** A key policy file (a trail key: it names CloudTrail) whose second statement, from line 12, is `readers`. */
const trailKeyPolicy = (readers: object) => ({ 'key-policy.json': policyJson(ENCRYPT, readers) });
const readers = (condition?: object) => ({ Sid: 'Readers', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', ...(condition ? { Condition: condition } : {}) });
/** A Terraform key no trail uses (checked only with scope: all); its first statement starts on line 6. */
const otherKey = (statement: string) => ({ 'main.tf': keyWithPolicyTf(ROOT_TF + statement) });
const otherReadersTf = (condition: string) =>
  `      {\n        Effect    = "Allow"\n        Principal = { AWS = "*" }\n        Action    = "kms:Decrypt"\n        Resource  = "*"\n${condition}      },\n`;
const ALL = { scope: 'all' as const };

ruleTester('TG304', {
  valid: [
    { name: 'terraform: documented policy', files: keyModule(keyWithPolicyTf(ROOT_TF + ENCRYPT_TF + DESCRIBE_TF)) },
    {
      name: 'terraform: Principal "*" decrypt with both conditions',
      files: keyModule(
        keyWithPolicyTf(
          ROOT_TF +
            '      {\n        Effect    = "Allow"\n        Principal = { AWS = "*" }\n        Action    = ["kms:Decrypt", "kms:ReEncryptFrom"]\n        Resource  = "*"\n        Condition = {\n          StringEquals = { "kms:CallerAccount" = "111122223333" }\n          StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:111122223333:trail/*" }\n        }\n      },\n',
        ),
      ),
    },
    { name: 'terraform: decrypt for a role of the owning account', files: keyModule(keyWithPolicyTf(ROOT_TF + '      {\n        Effect    = "Allow"\n        Principal = { AWS = "arn:aws:iam::111122223333:role/reader" }\n        Action    = "kms:Decrypt"\n        Resource  = "*"\n      },\n')) },
    {
      name: 'policy file: account and encryption-context conditions with concrete values',
      files: trailKeyPolicy(readers({ StringEquals: { 'kms:CallerAccount': '111122223333' }, StringLike: CONTEXT })),
    },
    {
      name: 'policy file: aws:PrincipalOrgID is an account guard too',
      files: trailKeyPolicy(readers({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, StringLike: CONTEXT })),
    },
    {
      name: 'scope all: on a key no trail uses, {AWS: "*"} narrowed to one account by kms:CallerAccount is not everyone',
      files: otherKey(otherReadersTf('        Condition = { StringEquals = { "kms:CallerAccount" = "111122223333" } }\n')),
      config: ALL,
    },
    {
      name: 'scope all: aws:PrincipalAccount with a concrete value narrows a key no trail uses',
      files: otherKey(otherReadersTf('        Condition = { StringEquals = { "aws:PrincipalAccount" = "111122223333" } }\n')),
      config: ALL,
    },
    {
      name: 'cloudformation: kms:CallerAccount from a parameter without Default under StringEquals is still one account',
      files: {
        'template.yaml': 'Parameters:\n  pAccountId:\n    Type: String\n' + cfnKey('      KeyPolicy:\n        Statement:\n          - Effect: Allow\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: kms:GenerateDataKey*\n            Resource: "*"\n          - Effect: Allow\n            Principal: { AWS: "*" }\n            Action: kms:Decrypt\n            Resource: "*"\n            Condition:\n              StringEquals:\n                kms:CallerAccount: !Ref pAccountId\n              StringLike:\n                kms:EncryptionContext:aws:cloudtrail:arn: !Sub "arn:aws:cloudtrail:*:${pAccountId}:trail/*"\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'terraform: unconditioned Principal "*" with kms:* is critical',
      files: keyModule(keyWithPolicyTf('      {\n        Effect    = "Allow"\n        Principal = "*"\n        Action    = "kms:*"\n        Resource  = "*"\n      },\n')),
      errors: [{ line: 6, column: 7, endLine: 11, endColumn: 8, severity: 'error', message: /without any condition/ }],
    },
    {
      name: 'terraform: Principal "*" with only the account condition misses the encryption context',
      files: keyModule(keyWithPolicyTf(ROOT_TF + '      {\n        Effect    = "Allow"\n        Principal = { AWS = "*" }\n        Action    = "kms:Decrypt"\n        Resource  = "*"\n        Condition = { StringEquals = { "kms:CallerAccount" = "111122223333" } }\n      },\n')),
      errors: [{ line: 13, column: 7, severity: 'error', message: /without a kms:EncryptionContext:aws:cloudtrail:arn condition/ }],
    },
    {
      name: 'terraform: decrypt for the root of another account is a warning',
      files: keyModule(keyWithPolicyTf(ROOT_TF + '      {\n        Effect    = "Allow"\n        Principal = { AWS = "arn:aws:iam::444455556666:root" }\n        Action    = "kms:Decrypt"\n        Resource  = "*"\n      },\n')),
      errors: [{ line: 13, column: 7, severity: 'warning', message: /account 444455556666/ }],
    },
    {
      name: 'cloudformation: Principal "*" kms:Decrypt',
      files: { 'template.yaml': cfnKey('      KeyPolicy:\n        Statement:\n          - Effect: Allow\n            Principal: "*"\n            Action: kms:Decrypt\n            Resource: "*"\n') },
      errors: [{ line: 9, column: 13, severity: 'error', message: /without any condition/ }],
    },
    {
      name: 'policy file: a wildcard kms:CallerAccount value does not narrow',
      files: trailKeyPolicy(readers({ StringLike: { 'kms:CallerAccount': '*' }, ...{ StringEquals: CONTEXT } })),
      errors: [{ line: 12, column: 5, severity: 'error', message: 'This statement lets everyone (Principal "*") decrypt with the trail key without a kms:CallerAccount (or aws:PrincipalAccount / aws:PrincipalOrgID) condition with a concrete value (`StringLike kms:CallerAccount "*"` is a wildcard)' }],
    },
    {
      name: 'policy file: a negated account condition does not narrow',
      files: trailKeyPolicy(readers({ StringNotEquals: { 'kms:CallerAccount': '444455556666' }, StringLike: CONTEXT })),
      errors: [{ line: 12, column: 5, severity: 'error', message: /`StringNotEquals kms:CallerAccount "444455556666"` is a negated operator/ }],
    },
    {
      name: 'policy file: a wildcard encryption-context value does not narrow, and the message names it',
      files: trailKeyPolicy(readers({ StringEquals: { 'kms:CallerAccount': '111122223333' }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:*:trail/*' } })),
      errors: [{ line: 12, column: 5, message: /without a kms:EncryptionContext:aws:cloudtrail:arn condition naming this account's trails \(`StringLike kms:EncryptionContext:aws:cloudtrail:arn "arn:aws:cloudtrail:\*:\*:trail\/\*"` matches any account\)$/ }],
    },
    {
      name: 'policy file: a Principal given as a JSON array is reported, not skipped',
      files: trailKeyPolicy({ Effect: 'Allow', Principal: ['*'], Action: 'kms:Decrypt', Resource: '*' }),
      errors: [{ line: 12, column: 5, status: 'unknown', message: /Principal is a JSON array, which IAM rejects as a malformed policy/ }],
    },
    {
      name: 'scope all: on a key no trail uses, an unconditioned {AWS: "*"} is critical and not called a trail key',
      files: otherKey(otherReadersTf('')),
      config: ALL,
      errors: [{ line: 13, column: 7, severity: 'error', message: 'This statement lets everyone (Principal "*") decrypt with this key, without any condition: anyone could read the logs' }],
    },
    {
      name: 'scope all: on a key no trail uses, a wildcard kms:CallerAccount does not narrow; the encryption context is not demanded',
      files: otherKey(otherReadersTf('        Condition = { StringLike = { "kms:CallerAccount" = "*" } }\n')),
      config: ALL,
      errors: [{ line: 13, column: 7, message: 'This statement lets everyone (Principal "*") decrypt with this key without a kms:CallerAccount (or aws:PrincipalAccount / aws:PrincipalOrgID) condition with a concrete value (`StringLike kms:CallerAccount "*"` is a wildcard)' }],
    },
    {
      name: 'policy file: wildcard decrypt next to the CloudTrail grant',
      files: { 'key-policy.json': policyJson({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*' }, { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }) },
      errors: [{ line: 12, column: 5, severity: 'error' }],
    },
  ],
});

