# Organization audit trail. Deliberate violations for the TrailGuard demo:
#   TG101  log file validation is off
#   TG102  the trail is single-region
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

data "aws_caller_identity" "current" {}

resource "aws_cloudtrail" "org" {
  name                          = var.trail_name
  s3_bucket_name                = aws_s3_bucket.audit_logs.id
  kms_key_id                    = aws_kms_key.trail.arn
  include_global_service_events = true
  enable_log_file_validation    = false

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }

  depends_on = [aws_s3_bucket_policy.audit_logs]
}
