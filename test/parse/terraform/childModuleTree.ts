// A module tree shaped like a real audit account, for the child-module cache tests and bench/childModules.ts:
// the root calls a local `audit-trail` module once plainly and once per region (`for_each`); that module builds a
// log bucket (versioning, object lock, a policy that says who may write), a KMS key with a key policy and a trail
// from its variables, and calls a nested `archive-bucket` module (versioning from its own variable), whose bucket a
// second trail logs to and a satellite in the calling module configures. The root configures module.org's bucket.
import * as fs from 'fs';
import * as path from 'path';

export const ROOT_MAIN = `# Audit account root
locals {
  env = "prod"
}

module "org" {
  source         = "../modules/audit-trail"
  name           = "org-audit"
  versioning     = "Suspended"
  log_validation = false
  admin_arn      = "arn:aws:iam::111122223333:role/admin"
}

module "regional" {
  source         = "../modules/audit-trail"
  for_each       = toset(REGIONS)
  name           = "regional-\${each.key}"
  versioning     = each.key == "eu" ? "Enabled" : "Suspended"
  log_validation = true
  admin_arn      = "arn:aws:iam::111122223333:role/\${local.env}-admin"
}

resource "aws_s3_bucket" "scratch" {
  bucket = "scratch-\${local.env}"
}

# Configures the bucket module.org built (a satellite of a module's bucket).
resource "aws_s3_bucket_public_access_block" "org_logs" {
  bucket                  = module.org.bucket_id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`;

export const AUDIT_TRAIL = `variable "name" {
  type = string
}

variable "versioning" {
  default = "Enabled"
}

variable "log_validation" {
  default = true
}

variable "admin_arn" {
  type = string
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket              = "\${var.name}-logs"
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id

  versioning_configuration {
    status = var.versioning
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AWSCloudTrailWrite"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "\${aws_s3_bucket.logs.arn}/AWSLogs/*"
      },
    ]
  })
}

resource "aws_kms_key" "trail" {
  description         = "\${var.name} trail key"
  enable_key_rotation = false
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admin"
        Effect    = "Allow"
        Principal = { AWS = var.admin_arn }
        Action    = "kms:*"
        Resource  = "*"
      },
    ]
  })
}

resource "aws_cloudtrail" "this" {
  name                       = var.name
  s3_bucket_name             = aws_s3_bucket.logs.id
  kms_key_id                 = aws_kms_key.trail.arn
  enable_log_file_validation = var.log_validation
}

module "archive" {
  source      = "../archive-bucket"
  bucket_name = "archive-\${data.aws_caller_identity.current.account_id}"
  versioning  = var.versioning
}

output "bucket_id" {
  value = aws_s3_bucket.logs.id
}

# A second trail logs to the nested module's bucket, which this module also configures.
resource "aws_cloudtrail" "archive" {
  name           = "\${var.name}-archive"
  s3_bucket_name = module.archive.bucket_id
}

resource "aws_s3_bucket_public_access_block" "archive" {
  bucket                  = module.archive.bucket_id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`;

export const ARCHIVE_BUCKET = `variable "bucket_name" {
  type = string
}

variable "versioning" {
  default = "Enabled"
}

resource "aws_s3_bucket" "this" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning
  }
}

output "bucket_id" {
  value = aws_s3_bucket.this.id
}
`;

export const ROOT_VARIABLES = `variable "unused" {
  default = "x"
}
`;

/** Writes the tree under `dir` (root in `dir/live`) and returns the root's main.tf path; `regions`: the for_each keys. */
export function writeChildModuleTree(dir: string, regions: string[] = ['eu', 'us']): { root: string; main: string; variables: string; auditTrail: string; archive: string } {
  const root = path.join(dir, 'live');
  const audit = path.join(dir, 'modules', 'audit-trail');
  const archive = path.join(dir, 'modules', 'archive-bucket');
  for (const d of [root, audit, archive]) fs.mkdirSync(d, { recursive: true });
  const files = {
    main: path.join(root, 'main.tf'),
    variables: path.join(root, 'variables.tf'),
    auditTrail: path.join(audit, 'main.tf'),
    archive: path.join(archive, 'main.tf'),
  };
  fs.writeFileSync(files.main, ROOT_MAIN.replace('REGIONS', JSON.stringify(regions)));
  fs.writeFileSync(files.variables, ROOT_VARIABLES);
  fs.writeFileSync(files.auditTrail, AUDIT_TRAIL);
  fs.writeFileSync(files.archive, ARCHIVE_BUCKET);
  return { root, ...files };
}
