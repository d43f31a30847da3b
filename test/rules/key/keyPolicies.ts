// Key-policy texts shared by the TG3xx tests.

/** `aws_kms_key.trail` (line 1) with a jsonencode policy whose Statement list (from line 5) holds `statements`. */
export const keyWithPolicyTf = (statements: string, extra = '') =>
  `resource "aws_kms_key" "trail" {\n  description = "trail"\n${extra}  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n${statements}    ]\n  })\n}\n`;

export const ROOT_TF =
  '      {\n        Sid       = "Root"\n        Effect    = "Allow"\n        Principal = { AWS = "arn:aws:iam::111122223333:root" }\n        Action    = "kms:*"\n        Resource  = "*"\n      },\n';

export const ENCRYPT_TF =
  '      {\n        Sid       = "AllowCloudTrailToEncryptLogs"\n        Effect    = "Allow"\n        Principal = { Service = "cloudtrail.amazonaws.com" }\n        Action    = "kms:GenerateDataKey*"\n        Resource  = "*"\n        Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:111122223333:trail/*" } }\n      },\n';

export const DESCRIBE_TF =
  '      {\n        Sid       = "AllowCloudTrailToDescribeKey"\n        Effect    = "Allow"\n        Principal = { Service = "cloudtrail.amazonaws.com" }\n        Action    = "kms:DescribeKey"\n        Resource  = "*"\n      },\n';

/** CloudFormation KeyPolicy property with statements as YAML list items at 10 spaces. */
export const keyPolicyCfn = (statements: string) => `      KeyPolicy:\n        Version: "2012-10-17"\n        Statement:\n${statements}`;

export const ROOT_CFN =
  '          - Sid: Root\n            Effect: Allow\n            Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }\n            Action: kms:*\n            Resource: "*"\n';
export const ENCRYPT_CFN =
  '          - Sid: Encrypt\n            Effect: Allow\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: kms:GenerateDataKey*\n            Resource: "*"\n            Condition:\n              StringLike:\n                kms:EncryptionContext:aws:cloudtrail:arn: !Sub "arn:aws:cloudtrail:*:${AWS::AccountId}:trail/*"\n';
export const DESCRIBE_CFN =
  '          - Sid: Describe\n            Effect: Allow\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: kms:DescribeKey\n            Resource: "*"\n';
