import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnBucket, policyJson, tfModule } from './fixtures';
import { ACL_CHECK_CFN, ACL_CHECK_TF, CALLER_TF, WRITE_CFN, WRITE_TF, bucketPolicyCfn, bucketPolicyTf } from './policies';

/** Heredoc JSON bucket policy (lines 4-17 of main.tf); `condition` goes after Resource of the one statement (line 10). */
const heredocTf = (condition = '') =>
  bucketTf() +
  'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = <<EOF\n{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "Write",\n      "Effect": "Allow",\n      "Principal": { "Service": "cloudtrail.amazonaws.com" },\n      "Action": "s3:PutObject",\n' +
  `      "Resource": "arn:aws:s3:::org-trail-logs/AWSLogs/*"${condition}\n    }\n  ]\n}\nEOF\n}\n`;

/** Policy-document data source with one GetBucketAcl statement (lines 9-16); `condition` is a block inside it. */
const documentTf = (condition = '') =>
  bucketTf() +
  'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = data.aws_iam_policy_document.logs.json\n}\n' +
  'data "aws_iam_policy_document" "logs" {\n  statement {\n    sid       = "AclCheck"\n    actions   = ["s3:GetBucketAcl"]\n    resources = [aws_s3_bucket.logs.arn]\n    principals {\n      type        = "Service"\n      identifiers = ["cloudtrail.amazonaws.com"]\n    }\n' +
  `${condition}  }\n}\n`;

const jsonCondition = (key: string, value: string) =>
  `,\n      "Condition": {\n        "StringEquals": {\n          "${key}": "${value}"\n        }\n      }`;
/** The trail's ARN as the fix writes it in Terraform: built from its name, account and region by reference. */
const TRAIL_ARN = 'arn:aws:cloudtrail:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:trail/org';
/** The data sources the fix adds when the module lacks them: after its first data source, else its first block. */
const DATA_SOURCES = '\n\ndata "aws_caller_identity" "current" {}\n\ndata "aws_region" "current" {}\n';
const withDataSources = (text: string) => text.replace(bucketTf(), bucketTf().replace(/\n$/, '') + DATA_SOURCES);
/** CloudFormation JSON template with one CloudTrail write grant whose StringEquals holds `conditions`. */
const cfnJson = (conditions: Record<string, unknown>) =>
  JSON.stringify(
    {
      Resources: {
        LogBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'org-trail-logs' } },
        LogBucketPolicy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: { Ref: 'LogBucket' },
            PolicyDocument: {
              Statement: [
                {
                  Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject',
                  Resource: { 'Fn::Sub': '${LogBucket.Arn}/AWSLogs/${AWS::AccountId}/*' }, Condition: { StringEquals: conditions },
                },
              ],
            },
          },
        },
        Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, S3BucketName: { Ref: 'LogBucket' } } },
      },
    },
    null,
    2,
  ) + '\n';

/** A bucket whose policy cannot be evaluated (a variable without default), audit bucket only by name pattern. */
const patternOnlyUnresolvedPolicyTf =
  'variable "policy" {}\n' + bucketTf() + 'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = var.policy\n}\n';

const aclCheck = { Sid: 'AclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::logs' };

ruleTester('TG208', {
  valid: [
    {
      name: 'terraform: no delivery check (not even unknown) on an audit bucket only by name pattern',
      files: { 'main.tf': patternOnlyUnresolvedPolicyTf },
      config: { auditBucketPatterns: ['org-trail-*'] },
    },
    { name: 'terraform: both grants carry aws:SourceArn', files: tfModule(bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF) + CALLER_TF) },
    {
      name: 'cloudformation: aws:SourceAccount whose value is a parameter without Default still counts as present',
      files: { 'template.yaml': cfnBucket('', bucketPolicyCfn((ACL_CHECK_CFN + WRITE_CFN).split('!Ref AWS::AccountId').join('!Ref pAccountId'))) + 'Parameters:\n  pAcl:\n    Type: String\n  pAccountId:\n    Type: String\n' },
    },
    { name: 'cloudformation: both grants carry aws:SourceAccount', files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN)) } },
    {
      name: 'policy file: SourceArn under StringLike counts',
      files: {
        'policy.json': policyJson({
          Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/AWSLogs/111122223333/*',
          Condition: { StringLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } },
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'terraform heredoc: the fix adds aws:SourceArn as interpolations of the trail name, account and region',
      files: tfModule(heredocTf()),
      errors: [{ line: 10, column: 5, endLine: 16, endColumn: 6, severity: 'warning', message: /no aws:SourceArn or aws:SourceAccount/ }],
      output: { 'main.tf': withDataSources(heredocTf(jsonCondition('aws:SourceArn', TRAIL_ARN))) },
    },
    {
      name: 'terraform policy document: the fix adds a condition block',
      files: tfModule(documentTf()),
      errors: [{ line: 9, column: 3, endLine: 17, endColumn: 4 }],
      output: {
        'main.tf': documentTf(`    condition {\n      test     = "StringEquals"\n      variable = "aws:SourceArn"\n      values   = ["${TRAIL_ARN}"]\n    }\n`).replace(/\n$/, DATA_SOURCES),
      },
    },
    {
      name: 'cloudformation: a grant without a source condition',
      files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN.replace('            Condition: { StringEquals: { "aws:SourceAccount": !Ref AWS::AccountId } }\n', '') + WRITE_CFN)) },
      errors: [{ line: 14, column: 13, endLine: 18, endColumn: 44 }],
    },
    {
      name: 'policy file: a grant without a source condition (the write grant makes it a trail bucket policy)',
      files: {
        'policy.json': policyJson(aclCheck, {
          Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/AWSLogs/111122223333/*',
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333', 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
      },
      errors: [{ line: 4, column: 5 }],
    },
  ],
});

ruleTester('TG213', {
  valid: [
    {
      name: 'terraform: no delivery check (not even unknown) on an audit bucket only by name pattern',
      files: { 'main.tf': patternOnlyUnresolvedPolicyTf },
      config: { auditBucketPatterns: ['org-trail-*'] },
    },
    { name: 'terraform: the write grant requires bucket-owner-full-control', files: tfModule(bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF) + CALLER_TF) },
    { name: 'terraform: GetBucketAcl grants are not concerned', files: tfModule(documentTf()) },
    {
      name: 'cloudformation: s3:x-amz-acl whose value is a parameter without Default still counts as present',
      files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN.replace('s3:x-amz-acl: bucket-owner-full-control', 's3:x-amz-acl: !Ref pAcl'))) + 'Parameters:\n  pAcl:\n    Type: String\n  pAccountId:\n    Type: String\n' },
    },
    { name: 'cloudformation: documented write grant', files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN)) } },
  ],
  invalid: [
    {
      name: 'terraform heredoc: the safe fix adds the condition',
      files: tfModule(heredocTf()),
      errors: [{ line: 10, column: 5, endLine: 16, endColumn: 6, severity: 'info', message: /bucket-owner-full-control/ }],
      output: { 'main.tf': heredocTf(jsonCondition('s3:x-amz-acl', 'bucket-owner-full-control')) },
    },
    {
      name: 'terraform jsonencode: the condition is added to the existing StringEquals',
      files: tfModule(bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF.replace('"s3:x-amz-acl" = "bucket-owner-full-control", ', '')) + CALLER_TF),
      errors: [{ line: 17, column: 7 }],
      fixKind: 'safe',
      output: {
        'main.tf': bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF.replace('"s3:x-amz-acl" = "bucket-owner-full-control", ', '')
          .replace('trail/org" } }', 'trail/org", "s3:x-amz-acl" = "bucket-owner-full-control" } }')) + CALLER_TF,
      },
    },
    {
      name: 'cloudformation json: the condition key joins the existing StringEquals',
      files: { 'template.json': cfnJson({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }) },
      errors: [{ line: 17, column: 13, endLine: 33, endColumn: 14 }],
      output: { 'template.json': cfnJson({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 's3:x-amz-acl': 'bucket-owner-full-control' }) },
    },
    {
      name: 'cloudformation: write grant without the ACL condition',
      files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN.replace('                s3:x-amz-acl: bucket-owner-full-control\n', ''))) },
      errors: [{ line: 20, column: 13 }],
      output: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN.replace('                s3:x-amz-acl: bucket-owner-full-control\n', '') + '')).replace('                aws:SourceAccount: !Ref AWS::AccountId\n', '                aws:SourceAccount: !Ref AWS::AccountId\n                s3:x-amz-acl: bucket-owner-full-control\n') },
    },
  ],
});
