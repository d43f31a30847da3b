import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnBucket, policyJson, tfModule } from './fixtures';
import { ACL_CHECK_CFN, ACL_CHECK_TF, CALLER_TF, DENY_HTTP_CFN, DENY_HTTP_TF, WRITE_CFN, WRITE_TF, bucketPolicyCfn, bucketPolicyTf } from './policies';

const deny = { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
const write = { Sid: 'Write', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/AWSLogs/111122223333/*' };
const appendedTf =
  '      {\n        Sid       = "DenyInsecureTransport"\n        Effect    = "Deny"\n        Principal = "*"\n        Action    = "s3:*"\n        Resource  = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]\n        Condition = {\n          Bool = {\n            "aws:SecureTransport" = "false"\n          }\n        }\n      },\n';

ruleTester('TG206', {
  valid: [
    { name: 'terraform jsonencode: the documented deny', files: tfModule(bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF + DENY_HTTP_TF) + CALLER_TF) },
    {
      name: 'terraform policy document: Deny s3:* with SecureTransport false (boolean-like values stringified)',
      files: tfModule(
        bucketTf() +
          'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = data.aws_iam_policy_document.logs.json\n}\n' +
          'data "aws_iam_policy_document" "logs" {\n  statement {\n    effect    = "Deny"\n    actions   = ["*"]\n    resources = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]\n    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n    condition {\n      test     = "Bool"\n      variable = "aws:SecureTransport"\n      values   = [false]\n    }\n  }\n}\n',
      ),
    },
    { name: 'cloudformation: the documented deny', files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN + DENY_HTTP_CFN)) } },
    { name: 'policy file: the documented deny', files: { 'policy.json': policyJson(write, deny) } },
  ],
  invalid: [
    {
      name: 'terraform: no policy at all points at the bucket header',
      files: tfModule(bucketTf()),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 32, severity: 'warning', message: /no bucket policy/ }],
    },
    {
      name: 'terraform: still applies to a bucket that is an audit bucket only by name pattern (unlike TG207)',
      files: { 'main.tf': bucketTf() },
      config: { auditBucketPatterns: ['org-trail-*'] },
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 32, severity: 'warning', message: /no bucket policy/ }],
    },
    {
      name: 'terraform jsonencode: missing deny points at the Statement key (not the whole policy) and the safe fix appends it',
      files: tfModule(bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF) + CALLER_TF),
      errors: [{ line: 8, column: 5, endLine: 8, endColumn: 14, message: /no statement denying requests without TLS/ }],
      output: { 'main.tf': bucketTf() + bucketPolicyTf(ACL_CHECK_TF + WRITE_TF + appendedTf) + CALLER_TF },
    },
    {
      name: 'terraform: an Allow conditioned on SecureTransport = true does not count',
      files: tfModule(
        bucketTf() +
          bucketPolicyTf(WRITE_TF + '      {\n        Effect    = "Allow"\n        Principal = "*"\n        Action    = "s3:GetObject"\n        Resource  = "${aws_s3_bucket.logs.arn}/*"\n        Condition = { Bool = { "aws:SecureTransport" = "true" }, StringEquals = { "aws:PrincipalOrgID" = "o-abc" } }\n      },\n') +
          CALLER_TF,
      ),
      errors: [{ line: 8, column: 5 }],
    },
    {
      name: 'terraform: a deny that only covers the objects, not the bucket, does not count',
      files: tfModule(bucketTf() + bucketPolicyTf(WRITE_TF + DENY_HTTP_TF.replace('[aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]', '"arn:aws:s3:::org-trail-logs/*"')) + CALLER_TF),
      errors: [{ line: 8, column: 5 }],
    },
    {
      name: 'terraform: a policy from a variable without default is unknown',
      files: tfModule(bucketTf() + 'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = var.policy\n}\nvariable "policy" {}\n'),
      errors: [{ line: 6, column: 3, status: 'unknown', message: /var\.policy/ }],
    },
    {
      name: 'cloudformation: missing deny, fix appends it in YAML',
      files: { 'template.yaml': cfnBucket('', bucketPolicyCfn(ACL_CHECK_CFN + WRITE_CFN)) },
      errors: [{ line: 13, column: 9, severity: 'warning' }],
      output: {
        'template.yaml': cfnBucket(
          '',
          bucketPolicyCfn(
            ACL_CHECK_CFN + WRITE_CFN +
              '          - Sid: DenyInsecureTransport\n            Effect: Deny\n            Principal: "*"\n            Action: s3:*\n            Resource:\n              - !GetAtt LogBucket.Arn\n              - !Sub "${LogBucket.Arn}/*"\n            Condition:\n              Bool:\n                aws:SecureTransport: "false"\n',
          ),
        ),
      },
    },
    {
      name: 'policy file: missing deny points at "Statement"',
      files: { 'policy.json': policyJson(write) },
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 14 }],
    },
  ],
});
