// Catalog clauses on the bucket-policy JSON surface (BP) that no per-rule file covered: TG213 "WARN if the
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
