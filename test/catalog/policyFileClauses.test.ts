// Catalog clauses on the policy JSON surfaces that no per-rule file covered: TG301 on a key policy (KP), and TG213 "WARN if the
// cloudtrail PutObject Allow lacks `StringEquals s3:x-amz-acl = bucket-owner-full-control`" with its safe fix
// ("add the condition key to the existing statement"), exact text.
import { ruleTester } from '../support/ruleTester';
import { policyJson } from '../rules/bucket/fixtures';

const WRITE = {
  Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject',
  Resource: 'arn:aws:s3:::org-trail-logs/AWSLogs/111122223333/*',
};
const ACCOUNT = { 'aws:SourceAccount': '111122223333' };
const ACL = { 's3:x-amz-acl': 'bucket-owner-full-control' };

ruleTester('TG213', {
  valid: [
    { name: 'policy file: the write grant requires bucket-owner-full-control', files: { 'bucket-policy.json': policyJson({ ...WRITE, Condition: { StringEquals: { ...ACCOUNT, ...ACL } } }) } },
  ],
  invalid: [
    {
      name: 'policy file: the write grant without the ACL condition; the safe fix joins the existing StringEquals',
      files: { 'bucket-policy.json': policyJson({ ...WRITE, Condition: { StringEquals: ACCOUNT } }) },
      errors: [{ line: 4, column: 5, endLine: 17, endColumn: 6, severity: 'info', message: /does not require the bucket-owner-full-control ACL/ }],
      fixKind: 'safe',
      output: { 'bucket-policy.json': policyJson({ ...WRITE, Condition: { StringEquals: { ...ACCOUNT, ...ACL } } }) },
    },
    {
      name: 'policy file: the write grant without any condition; the safe fix adds the Condition',
      files: { 'bucket-policy.json': policyJson(WRITE) },
      errors: [{ line: 4, column: 5, severity: 'info' }],
      fixKind: 'safe',
      output: { 'bucket-policy.json': policyJson({ ...WRITE, Condition: { StringEquals: ACL } }) },
    },
  ],
});

// TG301 (KP): "an Action matching kms:GenerateDataKey* ... with Resource `*`". Deviation (TG301 doc): Resource is not judged.
const ENCRYPT = {
  Sid: 'AllowCloudTrailToEncryptLogs', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*',
  Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } },
};
ruleTester('TG301', {
  valid: [
    { name: 'key policy file: the grant with Resource "*"', files: { 'key-policy.json': policyJson({ ...ENCRYPT, Resource: '*' }) } },
    {
      name: 'key policy file (deviation: Resource is not judged): the grant naming the key ARN as Resource passes',
      files: { 'key-policy.json': policyJson({ ...ENCRYPT, Resource: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }) },
    },
  ],
  invalid: [],
});
