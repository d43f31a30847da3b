import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnBucket, policyJson, tfModule } from './fixtures';
import { ACL_CHECK_CFN, ACL_CHECK_TF, CALLER_TF, DENY_HTTP_TF, WRITE_CFN, WRITE_TF, bucketPolicyCfn, bucketPolicyTf } from './policies';

/** Marks the bucket as an audit-log bucket with the default `trailguard:audit` tag. */
const AUDIT_TAG_TF = '  tags = {\n    "trailguard:audit" = "true"\n  }\n';

const aclCheck = { Sid: 'AclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::logs' };
const write = { Sid: 'Write', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/AWSLogs/111122223333/*' };

/**
 * The AWS-documented statement as the fix renders it in `jsonencode`: the bucket by reference, the trail ARN built
 * from the trail's name with the account and region data sources (not `aws_cloudtrail.org.arn`: a cycle).
 */
const APPENDED_ACL_CHECK_TF =
  '      {\n        Sid    = "AWSCloudTrailAclCheck"\n        Effect = "Allow"\n        Principal = {\n          Service = "cloudtrail.amazonaws.com"\n        }\n' +
  '        Action   = "s3:GetBucketAcl"\n        Resource = aws_s3_bucket.logs.arn\n        Condition = {\n          StringEquals = {\n' +
  '            "aws:SourceArn" = "arn:aws:cloudtrail:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:trail/org"\n          }\n        }\n      },\n';

ruleTester('TG207', {
  valid: [
    { name: 'terraform: both documented grants', files: tfModule(bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF + DENY_HTTP_TF) + CALLER_TF) },
    {
      name: 'terraform: s3_key_prefix matched by the write grant',
      files: tfModule(bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF.replace('/AWSLogs/', '/trail/AWSLogs/')) + CALLER_TF, '  s3_key_prefix  = "trail"\n'),
    },
    { name: 'terraform: s3:* to the service covers both', files: tfModule(bucketTf() + bucketPolicyTf('      {\n        Effect    = "Allow"\n        Principal = { Service = "cloudtrail.amazonaws.com" }\n        Action    = "s3:*"\n        Resource  = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]\n      },\n')) },
    { name: 'cloudformation: both documented grants', files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN)) } },
    {
      name: 'cloudformation: S3KeyPrefix matched by the write grant',
      files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN.replace('/AWSLogs/', '/audit/AWSLogs/'))) + '      S3KeyPrefix: audit\n' },
    },
    {
      name: 'cloudformation: S3KeyPrefix matched on a bucket without BucketName (${LogBucket.Arn})',
      files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN.replace('/AWSLogs/', '/audit/AWSLogs/'))).replace('      BucketName: org-trail-logs\n', '') + '      S3KeyPrefix: audit\n' },
    },
    { name: 'policy file: both grants', files: { 'policy.json': policyJson(aclCheck, write) } },
    { name: 'terraform: a bucket without a trail is not checked even with scope all', files: { 'main.tf': bucketTf() }, config: { scope: 'all' } },
    {
      name: 'terraform: an audit bucket only by name pattern receives no CloudTrail delivery, so no delivery grants are demanded',
      files: { 'main.tf': bucketTf() },
      config: { auditBucketPatterns: ['org-trail-*'] },
    },
    { name: 'terraform: an audit bucket only by audit tag is not a delivery bucket either', files: { 'main.tf': bucketTf(AUDIT_TAG_TF) } },
  ],
  invalid: [
    {
      name: 'terraform: no policy points at the bucket header',
      files: tfModule(bucketTf()),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 32, severity: 'error', message: /no bucket policy/ }],
    },
    {
      name: 'terraform: the write grant misses the trail s3_key_prefix',
      files: tfModule(bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF) + CALLER_TF, '  s3_key_prefix  = "trail"\n'),
      errors: [{ line: 8, column: 5, message: /s3:PutObject on arn:aws:s3:::org-trail-logs\/trail\/AWSLogs\/<ACCOUNT_ID>\/\*/ }],
    },
    {
      name: 'terraform: missing GetBucketAcl; the fix appends the documented statement by reference, adding the region data source',
      files: tfModule(bucketTf() + bucketPolicyTf(WRITE_TF) + CALLER_TF),
      errors: [{ line: 8, column: 5, message: /s3:GetBucketAcl on arn:aws:s3:::org-trail-logs:/ }],
      output: { 'main.tf': bucketTf() + bucketPolicyTf(WRITE_TF + APPENDED_ACL_CHECK_TF) + CALLER_TF + '\ndata "aws_region" "current" {}\n' },
    },
    {
      name: 'terraform: organization trails also need the AWSLogs/<org-id>/ path',
      files: tfModule(bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF.replace('${data.aws_caller_identity.current.account_id}', '111122223333')), '  is_organization_trail = true\n'),
      errors: [{ line: 8, column: 5, message: /AWSLogs\/<ORG_ID>\/\*/ }],
    },
    {
      name: 'terraform: an account-id placeholder in the write grant stands for 12 digits, never for the organization id',
      files: tfModule(bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF) + CALLER_TF, '  is_organization_trail = true\n'),
      errors: [{ line: 8, column: 5, message: /AWSLogs\/<ORG_ID>\/\*/ }],
    },
    {
      name: 'cloudformation: an organization trail with only the ${AWS::AccountId} write path',
      files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN)).replace('      IsLogging: true\n', '      IsLogging: true\n      IsOrganizationTrail: true\n') },
      errors: [{ line: 13, column: 9, severity: 'error', message: /AWSLogs\/<ORG_ID>\/\*/ }],
    },
    {
      name: 'terraform: an unconditioned Deny on the service cancels the grant and is pointed at',
      files: tfModule(
        bucketTf() +
          bucketPolicyTf(ACL_CHECK_TF + WRITE_TF + '      {\n        Effect    = "Deny"\n        Principal = "*"\n        Action    = "s3:PutObject"\n        Resource  = "${aws_s3_bucket.logs.arn}/*"\n      },\n') +
          CALLER_TF,
      ),
      errors: [{ line: 25, column: 7, endLine: 30, endColumn: 8, message: /Deny statement blocks cloudtrail.amazonaws.com from s3:PutObject/ }],
    },
    {
      name: 'cloudformation: the write grant misses the trail S3KeyPrefix (as in Terraform)',
      files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN)) + '      S3KeyPrefix: audit\n' },
      errors: [{ line: 13, column: 9, severity: 'error', message: 'The bucket policy does not allow cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::org-trail-logs/audit/AWSLogs/<ACCOUNT_ID>/*: trail delivery fails' }],
    },
    {
      name: 'cloudformation: a write grant without the prefix on a bucket without BucketName still misses S3KeyPrefix',
      files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN)).replace('      BucketName: org-trail-logs\n', '') + '      S3KeyPrefix: audit\n' },
      errors: [{ line: 12, column: 9, message: /s3:PutObject on arn:aws:s3:::<BUCKET_NAME>\/audit\/AWSLogs\/<ACCOUNT_ID>\/\*/ }],
    },
    {
      name: 'cloudformation: missing write grant',
      files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN)) },
      errors: [{ line: 13, column: 9, severity: 'error', message: /s3:PutObject/ }],
    },
    {
      name: 'policy file: a policy granting CloudTrail only GetBucketAcl is a delivery policy without the write grant',
      files: { 'policy.json': policyJson(aclCheck) },
      errors: [{ line: 3, column: 3, message: /does not allow cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::logs\/AWSLogs\// }],
    },
    {
      name: 'policy file: a write grant on the wrong path',
      files: { 'policy.json': policyJson(aclCheck, { ...write, Resource: 'arn:aws:s3:::logs/other/*' }) },
      errors: [{ line: 3, column: 3, message: /s3:PutObject on arn:aws:s3:::logs\/AWSLogs/ }],
    },
  ],
});
