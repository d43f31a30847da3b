# The organization trail's KMS key, in the security account (333344445555).
resource "aws_kms_key" "org_trail" {
  provider            = aws.security
  description         = "Organization trail log encryption"
  enable_key_rotation = true

  policy = jsonencode({
    Version = "2012-10-17"
    Id      = "cloudtrail-key-policy"
    Statement = [
      {
        Sid       = "Enable IAM User Permissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::333344445555:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Allow CloudTrail to encrypt logs"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail" }
          StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:111122223333:trail/*" }
        }
      },
      {
        Sid       = "Allow CloudTrail to describe key"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:DescribeKey"
        Resource  = "*"
      },
    ]
  })
}
