// TG209 on a CloudFormation `Fn::If` whose condition cannot be decided before deployment (here: it depends on the
// account id). Both branches are judged: the same verdict in both is the verdict; otherwise unknown, with why.
import { ruleTester } from '../../support/ruleTester';
import { cfnBucket } from './fixtures';

const CONDITIONS = 'Conditions:\n  IsProd: !Equals [!Ref "AWS::AccountId", "111122223333"]\n  Never: !Equals ["a", "b"]\n';
const withLogging = (logging: string) => ({ 'template.yaml': cfnBucket(`      LoggingConfiguration:\n${logging}`) + CONDITIONS });
const target = (value: string) => withLogging(`        DestinationBucketName: ${value}\n        LogFilePrefix: trail-bucket/\n`);

ruleTester('TG209', {
  valid: [
    { name: 'both branches name another bucket', files: target('!If [IsProd, access-logs-prod, access-logs]') },
    { name: 'nested Fn::If: every branch names another bucket', files: target('!If [IsProd, access-logs-prod, !If [IsProd, a-logs, b-logs]]') },
    { name: 'a condition known from the template decides: the other branch is never deployed', files: target('!If [Never, org-trail-logs, access-logs]') },
    {
      name: 'whole LoggingConfiguration in both branches, each to another bucket',
      files: withLogging('        !If\n          - IsProd\n          - DestinationBucketName: access-logs-prod\n          - DestinationBucketName: access-logs\n'),
    },
  ],
  invalid: [
    {
      name: 'both branches log into the bucket itself: fail at the property',
      files: target('!If [IsProd, org-trail-logs, !Ref LogBucket]'),
      errors: [{ line: 8, column: 9, severity: 'warning', message: 'This trail log bucket writes its access logs into itself: use a separate access-log bucket (whichever branch of the `Fn::If` applies)' }],
    },
    {
      name: 'one branch logs into the bucket itself, the other elsewhere: unknown, naming the condition',
      files: target('!If [IsProd, org-trail-logs, access-logs]'),
      errors: [{ line: 8, column: 9, status: 'unknown', message: /^TG209 could not be verified: Fn::If condition IsProd: .*, and one branch logs this bucket while the other does not$/ }],
    },
    {
      name: 'logging only in one branch (AWS::NoValue in the other): unknown',
      files: withLogging('        !If [IsProd, {DestinationBucketName: access-logs}, !Ref AWS::NoValue]\n'),
      errors: [{ line: 7, column: 7, status: 'unknown', message: /one branch logs this bucket while the other does not$/ }],
    },
    {
      name: 'no logging in either branch: fail',
      files: withLogging('        !If [IsProd, !Ref AWS::NoValue, !Ref AWS::NoValue]\n'),
      errors: [{ line: 7, column: 7, message: /^Server access logging is not enabled on this trail log bucket: .* \(whichever branch of the `Fn::If` applies\)$/ }],
    },
    {
      name: 'a branch that cannot be read keeps it unknown with that branch\'s reason',
      files: target('!If [IsProd, !ImportValue shared-access-logs, access-logs]'),
      errors: [{ line: 8, column: 9, status: 'unknown', message: /Fn::ImportValue shared-access-logs is resolved at deploy time/ }],
    },
  ],
});
