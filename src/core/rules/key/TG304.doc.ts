// Documentation of TG304, kept apart so the rule module stays readable.
import type { RuleDoc } from '../rule';

export const TG304_DOC: RuleDoc = {
  summary:
    'Checks every Allow statement of the key policy that covers `kms:Decrypt` (`kms:Decrypt`, `kms:*`, `*`): for ' +
    '`Principal: "*"` / `{"AWS": "*"}` it fails (Critical) without any condition, and (High) without both an ' +
    'account guard (`kms:CallerAccount`, `aws:PrincipalAccount` or `aws:PrincipalOrgID`) and ' +
    '`kms:EncryptionContext:aws:cloudtrail:arn`. The encryption-context condition is demanded only on trail keys: on ' +
    'other keys (`scope: all`) the account guard is enough. Conditions count by operator and value: a negated ' +
    'operator (`StringNotEquals`), an `...IfExists` operator or a wildcard value (`StringLike kms:CallerAccount "*"`) ' +
    'does not narrow. A grant to the root of another account than the key owner is a Warning.',
  why:
    'Decrypt on the trail key is read access to every log file. A wildcard principal without conditions makes the ' +
    'audit trail readable by any AWS account; even conditioned, it should be limited to your accounts and to ' +
    'CloudTrail encryption contexts, as AWS documents for log readers.',
  failing: {
    terraform:
      '{\n  Sid       = "Readers"\n  Effect    = "Allow"\n  Principal = { AWS = "*" }\n  Action    = ["kms:Decrypt", "kms:ReEncryptFrom"]\n  Resource  = "*"\n}',
    cloudformation: '- Sid: Readers\n  Effect: Allow\n  Principal: "*"\n  Action: kms:Decrypt\n  Resource: "*"',
    policy: '{ "Sid": "Readers", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*" }',
  },
  passing: {
    terraform:
      '{\n  Sid       = "Readers"\n  Effect    = "Allow"\n  Principal = { AWS = "*" }\n  Action    = ["kms:Decrypt", "kms:ReEncryptFrom"]\n  Resource  = "*"\n  Condition = {\n    StringEquals = { "kms:CallerAccount" = data.aws_caller_identity.current.account_id }\n    StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" }\n  }\n}',
    cloudformation:
      '- Sid: Readers\n  Effect: Allow\n  Principal: { AWS: "*" }\n  Action: kms:Decrypt\n  Resource: "*"\n  Condition:\n    StringEquals:\n      kms:CallerAccount: !Ref AWS::AccountId\n    StringLike:\n      kms:EncryptionContext:aws:cloudtrail:arn: !Sub "arn:aws:cloudtrail:*:${AWS::AccountId}:trail/*"',
    policy:
      '{ "Sid": "Readers", "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "kms:Decrypt", "Resource": "*",\n  "Condition": { "StringEquals": { "kms:CallerAccount": "111122223333" },\n                 "StringLike": { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111122223333:trail/*" } } }',
  },
  fix:
    'Name the readers (roles of your account) instead of `*`, or add the `kms:CallerAccount` and ' +
    '`kms:EncryptionContext:aws:cloudtrail:arn` conditions. No automatic fix: who must read the logs is a decision.',
  differences:
    'Checkov CKV_AWS_33 skips any statement with a condition and cfn-guard only looks at `Principal: "*"`; we look ' +
    'at which conditions are there. KICS "KMS Key With Vulnerable Policy" also fails keys without a policy; that case ' +
    'is TG306 (and TG301) here.',
  references: [
    { title: 'AWS CloudTrail User Guide: Configure AWS KMS key policies for CloudTrail (decrypt permissions)', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html' },
    { title: 'Security Hub KMS.5: KMS keys should not be publicly accessible', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-5' },
  ],
};
