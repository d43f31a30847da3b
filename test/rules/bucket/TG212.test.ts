// TG212 from the catalog's words: "FAIL if the ACL is in {public-read, public-read-write, authenticated-read, website}
// and no PAB neutralises it, or a grant to AllUsers/AuthenticatedUsers exists, or a policy statement has Effect=Allow
// with Principal * / {"AWS":"*"} and no narrowing condition (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, …)".
// Narrowing is judged by operator and value (issue 9, "Policy semantics").
import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnBucket, policyJson, tfModule } from './fixtures';

const PUBLIC_READ = { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' };
const WRITE = { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/AWSLogs/111122223333/*' };

ruleTester('TG212', {
  valid: [
    { name: 'terraform: private ACL', files: tfModule(bucketTf() + 'resource "aws_s3_bucket_acl" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  acl    = "private"\n}\n') },
    {
      name: 'terraform: public-read neutralised by ignore_public_acls',
      files: tfModule(bucketTf('  acl    = "public-read"\n') + 'resource "aws_s3_bucket_public_access_block" "logs" {\n  bucket             = aws_s3_bucket.logs.id\n  ignore_public_acls = true\n}\n'),
    },
    { name: 'policy file: Principal "*" narrowed by aws:PrincipalOrgID', files: { 'policy.json': policyJson(WRITE, { ...PUBLIC_READ, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }) } },
    { name: 'policy file: Principal "*" narrowed by aws:SourceAccount with a concrete account', files: { 'policy.json': policyJson(WRITE, { ...PUBLIC_READ, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }) } },
    { name: 'policy file: Principal "*" narrowed by ArnLike aws:PrincipalArn in one account', files: { 'policy.json': policyJson(WRITE, { ...PUBLIC_READ, Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } } }) } },
    {
      name: 'cloudformation: aws:SourceAccount from a parameter without Default is still one account (StringEquals)',
      files: { 'template.yaml': 'Parameters:\n  pAccountId:\n    Type: String\n' + cfnBucket('', '  LogBucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref LogBucket\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: "*"\n            Action: s3:GetObject\n            Resource: !Sub "${LogBucket.Arn}/*"\n            Condition: { StringEquals: { "aws:SourceAccount": !Ref pAccountId } }\n') },
    },
    { name: 'cloudformation: Private', files: { 'template.yaml': cfnBucket('      AccessControl: Private\n') } },
  ],
  invalid: [
    {
      name: 'terraform v4: public-read ACL, the safe fix makes it private',
      files: tfModule(bucketTf() + 'resource "aws_s3_bucket_acl" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  acl    = "public-read"\n}\n'),
      errors: [{ line: 6, column: 3, endLine: 6, endColumn: 25, severity: 'error', message: /`acl = public-read` makes the trail logs readable/ }],
      output: { 'main.tf': bucketTf() + 'resource "aws_s3_bucket_acl" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  acl    = "private"\n}\n' },
    },
    {
      name: 'terraform: an ACL grant to AllUsers',
      files: tfModule(bucketTf('  grant {\n    type        = "Group"\n    uri         = "http://acs.amazonaws.com/groups/global/AllUsers"\n    permissions = ["READ"]\n  }\n')),
      errors: [{ line: 3, column: 3, message: /AllUsers/ }],
    },
    {
      name: 'terraform: an unconditioned Principal "*" statement in the bucket policy',
      files: tfModule(
        bucketTf() +
          'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = jsonencode({\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "*" }\n      Action    = "s3:GetObject"\n      Resource  = "${aws_s3_bucket.logs.arn}/*"\n    }]\n  })\n}\n',
      ),
      errors: [{ line: 7, column: 18, endLine: 12, endColumn: 6, severity: 'error', message: /allows everyone/ }],
    },
    {
      name: 'cloudformation: PublicRead, the safe fix writes Private',
      files: { 'template.yaml': cfnBucket('      AccessControl: PublicRead\n') },
      errors: [{ line: 7, column: 7, endLine: 7, endColumn: 32 }],
      output: { 'template.yaml': cfnBucket('      AccessControl: Private\n') },
    },
    {
      name: 'policy file: ArnEquals aws:PrincipalArn "arn:aws:iam::*" does not narrow Principal "*"',
      files: { 'policy.json': policyJson(WRITE, { ...PUBLIC_READ, Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*' } } }) },
      errors: [{ line: 12, column: 5, severity: 'error', message: 'This statement allows everyone (Principal "*") without a condition that narrows it to known callers, such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID with a concrete value (`ArnEquals aws:PrincipalArn "arn:aws:iam::*"` is a wildcard ARN)' }],
    },
    {
      name: 'policy file: a negated operator does not narrow',
      files: { 'policy.json': policyJson(WRITE, { ...PUBLIC_READ, Condition: { StringNotEquals: { 'aws:SourceAccount': '111122223333' } } }) },
      errors: [{ line: 12, column: 5, message: /`StringNotEquals aws:SourceAccount "111122223333"` is a negated operator: it lets every other caller in\)$/ }],
    },
    {
      name: 'policy file: ...IfExists matches anonymous callers',
      files: { 'policy.json': policyJson(WRITE, { ...PUBLIC_READ, Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }) },
      errors: [{ line: 12, column: 5, message: /also matches requests without aws:PrincipalOrgID \(anonymous callers\)/ }],
    },
    {
      name: 'policy file: a wildcard org id does not narrow',
      files: { 'policy.json': policyJson(WRITE, { ...PUBLIC_READ, Condition: { StringLike: { 'aws:PrincipalOrgID': '*' } } }) },
      errors: [{ line: 12, column: 5, message: /`StringLike aws:PrincipalOrgID "\*"` is a wildcard/ }],
    },
    {
      name: 'policy file: a Principal given as a JSON array is reported (unknown), not skipped',
      files: { 'policy.json': policyJson(WRITE, { ...PUBLIC_READ, Principal: ['*'] }) },
      errors: [{ line: 12, column: 5, status: 'unknown', message: /Principal is a JSON array, which IAM rejects as a malformed policy/ }],
    },
    {
      name: 'policy file: public read of the log objects',
      files: { 'policy.json': policyJson(WRITE, PUBLIC_READ) },
      errors: [{ line: 12, column: 5, severity: 'error' }],
    },
  ],
});
