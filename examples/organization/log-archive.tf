# The organization trail's log bucket, in the log archive account (222233334444).
resource "aws_s3_bucket" "org_audit_logs" {
  provider            = aws.log_archive
  bucket              = "acme-org-audit-logs"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "org_audit_logs" {
  provider = aws.log_archive
  bucket   = aws_s3_bucket.org_audit_logs.id

  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 365
    }
  }
}

resource "aws_s3_bucket_versioning" "org_audit_logs" {
  provider = aws.log_archive
  bucket   = aws_s3_bucket.org_audit_logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "org_audit_logs" {
  provider                = aws.log_archive
  bucket                  = aws_s3_bucket.org_audit_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_logging" "org_audit_logs" {
  provider      = aws.log_archive
  bucket        = aws_s3_bucket.org_audit_logs.id
  target_bucket = "acme-access-logs-222233334444"
  target_prefix = "org-audit-logs/"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "org_audit_logs" {
  provider = aws.log_archive
  bucket   = aws_s3_bucket.org_audit_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.org_trail.arn
    }
  }
}

resource "aws_s3_bucket_policy" "org_audit_logs" {
  provider = aws.log_archive
  bucket   = aws_s3_bucket.org_audit_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AWSCloudTrailAclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.org_audit_logs.arn
        Condition = {
          StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail" }
        }
      },
      {
        Sid       = "AWSCloudTrailWrite"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.org_audit_logs.arn}/AWSLogs/111122223333/*"
        Condition = {
          StringEquals = {
            "s3:x-amz-acl"  = "bucket-owner-full-control"
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail"
          }
        }
      },
      {
        Sid       = "AWSCloudTrailOrganizationWrite"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.org_audit_logs.arn}/AWSLogs/o-a1b2c3d4e5/*"
        Condition = {
          StringEquals = {
            "s3:x-amz-acl"  = "bucket-owner-full-control"
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail"
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.org_audit_logs.arn, "${aws_s3_bucket.org_audit_logs.arn}/*"]
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
    ]
  })
}
