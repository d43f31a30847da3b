// Deterministic benchmark inputs: realistic Terraform modules, CloudFormation templates and policies with a mix
// of compliant and violating audit-logging resources among ordinary infrastructure. Same seed, same bytes.
import * as fs from 'fs';
import * as path from 'path';

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(4, '0');

function trailBlock(i: number, rnd: () => number): string {
  return `resource "aws_cloudtrail" "trail_${i}" {
  name                          = "trail-${i}"
  s3_bucket_name                = aws_s3_bucket.logs_${i}.id
  kms_key_id                    = aws_kms_key.trail_${i}.arn
  is_multi_region_trail         = ${rnd() < 0.7}
  include_global_service_events = true
  enable_log_file_validation    = ${rnd() < 0.6}

  event_selector {
    read_write_type           = "${rnd() < 0.8 ? 'All' : 'WriteOnly'}"
    include_management_events = true
  }
}
`;
}

function bucketBlocks(i: number, rnd: () => number): string {
  return `resource "aws_s3_bucket" "logs_${i}" {
  bucket              = "bench-audit-logs-${pad(i)}"
  object_lock_enabled = ${rnd() < 0.5}
}

resource "aws_s3_bucket_versioning" "logs_${i}" {
  bucket = aws_s3_bucket.logs_${i}.id

  versioning_configuration {
    status = "${rnd() < 0.8 ? 'Enabled' : 'Suspended'}"
  }
}

resource "aws_s3_bucket_public_access_block" "logs_${i}" {
  bucket                  = aws_s3_bucket.logs_${i}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = ${rnd() < 0.8}
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "logs_${i}" {
  bucket = aws_s3_bucket.logs_${i}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AWSCloudTrailAclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.logs_${i}.arn
      },
      {
        Sid       = "AWSCloudTrailWrite"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "\${aws_s3_bucket.logs_${i}.arn}/AWSLogs/111122223333/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }
      },
    ]
  })
}
`;
}

function keyBlock(i: number, rnd: () => number): string {
  return `resource "aws_kms_key" "trail_${i}" {
  description         = "trail ${i}"
  enable_key_rotation = ${rnd() < 0.7}
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrailEncrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ${rnd() < 0.7 ? '"kms:GenerateDataKey*"' : '"kms:Encrypt"'}
        Resource  = "*"
      },
    ]
  })
}
`;
}

function fillerBlock(i: number, rnd: () => number): string {
  const kind = Math.floor(rnd() * 3);
  if (kind === 0) {
    return `resource "aws_instance" "app_${i}" {
  ami           = "ami-${pad(i)}abcdef"
  instance_type = "${rnd() < 0.5 ? 't3.micro' : 'm5.large'}"
  subnet_id     = var.subnet_ids[${i % 3}]

  tags = {
    Name        = "app-${i}"
    Environment = var.environment
  }
}
`;
  }
  if (kind === 1) {
    return `resource "aws_security_group" "sg_${i}" {
  name   = "sg-${i}"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.${i % 256}.0.0/16"]
  }
}
`;
  }
  return `locals {
  name_${i} = "\${var.environment}-service-${i}"
  tags_${i} = merge(var.tags, { Service = "service-${i}" })
}
`;
}

/** One Terraform file of about `lines` lines; every `auditEvery`-th chunk is a trail + bucket + key triple. */
export function terraformFile(seed: number, lines: number, auditEvery = 6): string {
  const rnd = prng(seed);
  let out = '';
  let count = 0;
  for (let i = 0; out.split('\n').length < lines; i++) {
    const n = seed * 1000 + i;
    if (i % auditEvery === 0) {
      out += trailBlock(n, rnd) + '\n' + bucketBlocks(n, rnd) + '\n' + keyBlock(n, rnd) + '\n';
    } else {
      out += fillerBlock(n, rnd) + '\n';
    }
    count++;
  }
  void count;
  return out;
}

export const variablesTf = `variable "environment" {
  type    = string
  default = "prod"
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-a", "subnet-b", "subnet-c"]
}

variable "tags" {
  type    = map(string)
  default = {}
}
`;

export function cfnYaml(seed: number): string {
  const rnd = prng(seed);
  return `AWSTemplateFormatVersion: "2010-09-09"
Description: bench template ${seed}
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: trail-${seed}
      S3BucketName: !Ref LogBucket
      KMSKeyId: !GetAtt Key.Arn
      IsLogging: true
      IsMultiRegionTrail: ${rnd() < 0.7}
      EnableLogFileValidation: ${rnd() < 0.6}
  LogBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: bench-cfn-logs-${seed}
      ObjectLockEnabled: ${rnd() < 0.5}
      VersioningConfiguration:
        Status: Enabled
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: ${rnd() < 0.8}
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: ${rnd() < 0.7}
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal:
              AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root"
            Action: kms:*
            Resource: "*"
${Array.from({ length: 30 }, (_, i) => `  Queue${i}:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "\${AWS::StackName}-queue-${i}"
      VisibilityTimeout: ${30 + i}
      Tags:
        - Key: team
          Value: platform
`).join('')}`;
}

export function cfnJson(seed: number): string {
  const rnd = prng(seed);
  const resources: Record<string, unknown> = {
    Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { TrailName: `t-${seed}`, S3BucketName: { Ref: 'LogBucket' }, IsLogging: true, IsMultiRegionTrail: rnd() < 0.7 } },
    LogBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: `bench-json-logs-${seed}`, VersioningConfiguration: { Status: 'Enabled' } } },
  };
  for (let i = 0; i < 40; i++) resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic', Properties: { TopicName: `topic-${seed}-${i}`, Tags: [{ Key: 'team', Value: 'platform' }] } };
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2) + '\n';
}

export function bucketPolicyJson(seed: number): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::bench-policy-${seed}` },
      { Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::bench-policy-${seed}/AWSLogs/111122223333/*` },
    ],
  }, null, 2) + '\n';
}

function write(file: string, text: string): number {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return Buffer.byteLength(text);
}

/** A module of `files` .tf files totalling about `lines` lines (main.tf is the one edited). */
export function writeModule(dir: string, files = 20, lines = 5000): void {
  fs.rmSync(dir, { recursive: true, force: true });
  write(path.join(dir, 'variables.tf'), variablesTf);
  const per = Math.floor(lines / files);
  write(path.join(dir, 'main.tf'), terraformFile(1, per));
  for (let i = 2; i < files; i++) write(path.join(dir, `part${pad(i)}.tf`), terraformFile(i, per));
}

/** About `bytes` of Terraform in 1 MB files, one module per folder. */
export function writeTerraformVolume(dir: string, bytes: number): string[] {
  fs.rmSync(dir, { recursive: true, force: true });
  const out: string[] = [];
  let total = 0;
  for (let i = 0; total < bytes; i++) {
    const file = path.join(dir, `m${pad(i)}`, 'main.tf');
    total += write(file, terraformFile(100 + i, 26000));
    out.push(file);
  }
  return out;
}

/** A monorepo of `files` IaC files (~10 KB each): Terraform modules, CFN YAML and JSON, policies. */
export function writeMonorepo(dir: string, files = 2000): { files: number; bytes: number } {
  fs.rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  let n = 0;
  const tf = Math.round(files * 0.7);
  const yaml = Math.round(files * 0.15);
  const json = Math.round(files * 0.1);
  for (let i = 0; i < tf; i++, n++) bytes += write(path.join(dir, 'terraform', `mod${pad(Math.floor(i / 10))}`, `f${pad(i)}.tf`), terraformFile(10000 + i, 420));
  for (let i = 0; i < yaml; i++, n++) bytes += write(path.join(dir, 'cfn', `stack${pad(i)}.yaml`), cfnYaml(20000 + i));
  for (let i = 0; i < json; i++, n++) bytes += write(path.join(dir, 'cfn-json', `stack${pad(i)}.json`), cfnJson(30000 + i));
  for (; n < files; n++) bytes += write(path.join(dir, 'policies', `bucket-policy-${pad(n)}.json`), bucketPolicyJson(n));
  return { files: n, bytes };
}
