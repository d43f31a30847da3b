# The DEMO ORGANIZATION's audit trail as code: organization trail in the management account (111122223333), its
# log bucket in the log archive account (222233334444), its key in the security account (333344445555).
# `npm run demo` serves the same organization from a local endpoint: the Audit trail view links each live resource
# here, and shows three deliberate drifts between this code and the "account":
#   1. log-archive.tf sets Object Lock COMPLIANCE 365 days; the live bucket has no Object Lock configuration (TG201)
#   2. log-archive.tf's bucket policy denies non-TLS requests; the live policy has no such deny (TG206)
#   3. MFA Delete was turned on by hand (root + MFA device, outside Terraform); the code does not set it (TG204)
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  alias  = "management"
  region = "us-east-1"
}

provider "aws" {
  alias  = "log_archive"
  region = "us-east-1"
}

provider "aws" {
  alias  = "security"
  region = "us-east-1"
}

resource "aws_cloudtrail" "org" {
  provider                      = aws.management
  name                          = "org-trail"
  s3_bucket_name                = aws_s3_bucket.org_audit_logs.id
  kms_key_id                    = aws_kms_key.org_trail.arn
  is_organization_trail         = true
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  cloud_watch_logs_group_arn    = "arn:aws:logs:us-east-1:111122223333:log-group:org-trail:*"
  cloud_watch_logs_role_arn     = "arn:aws:iam::111122223333:role/cloudtrail-to-cloudwatch"

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }

  depends_on = [aws_s3_bucket_policy.org_audit_logs]
}
