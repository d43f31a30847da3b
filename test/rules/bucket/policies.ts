// Bucket-policy texts shared by the TG206-TG213 tests.

/** `aws_s3_bucket_policy.logs` with a jsonencode policy whose Statement list holds `statements` (HCL objects). */
export const bucketPolicyTf = (statements: string) =>
  `resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n${statements}    ]\n  })\n}\n`;

export const ACL_CHECK_TF =
  '      {\n        Sid       = "AWSCloudTrailAclCheck"\n        Effect    = "Allow"\n        Principal = { Service = "cloudtrail.amazonaws.com" }\n        Action    = "s3:GetBucketAcl"\n        Resource  = aws_s3_bucket.logs.arn\n        Condition = { StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org" } }\n      },\n';

export const WRITE_TF =
  '      {\n        Sid       = "AWSCloudTrailWrite"\n        Effect    = "Allow"\n        Principal = { Service = "cloudtrail.amazonaws.com" }\n        Action    = "s3:PutObject"\n        Resource  = "${aws_s3_bucket.logs.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"\n        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control", "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org" } }\n      },\n';

export const DENY_HTTP_TF =
  '      {\n        Sid       = "DenyInsecureTransport"\n        Effect    = "Deny"\n        Principal = "*"\n        Action    = "s3:*"\n        Resource  = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]\n        Condition = { Bool = { "aws:SecureTransport" = "false" } }\n      },\n';

export const CALLER_TF = 'data "aws_caller_identity" "current" {}\n';

/** CloudFormation bucket policy resource (to put before the trail); statements are YAML list items at 10 spaces. */
export const bucketPolicyCfn = (statements: string) =>
  `  LogBucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref LogBucket\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${statements}`;

export const ACL_CHECK_CFN =
  '          - Sid: AWSCloudTrailAclCheck\n            Effect: Allow\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: s3:GetBucketAcl\n            Resource: !GetAtt LogBucket.Arn\n            Condition: { StringEquals: { "aws:SourceAccount": !Ref AWS::AccountId } }\n';

export const WRITE_CFN =
  '          - Sid: AWSCloudTrailWrite\n            Effect: Allow\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: s3:PutObject\n            Resource: !Sub "${LogBucket.Arn}/AWSLogs/${AWS::AccountId}/*"\n            Condition:\n              StringEquals:\n                s3:x-amz-acl: bucket-owner-full-control\n                aws:SourceAccount: !Ref AWS::AccountId\n';

export const DENY_HTTP_CFN =
  '          - Sid: DenyInsecureTransport\n            Effect: Deny\n            Principal: "*"\n            Action: s3:*\n            Resource:\n              - !GetAtt LogBucket.Arn\n              - !Sub "${LogBucket.Arn}/*"\n            Condition:\n              Bool:\n                aws:SecureTransport: false\n';
