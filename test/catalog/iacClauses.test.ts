// Catalog clauses on IaC surfaces that no per-rule file covered (found by test/catalog/coverage.test.ts):
// TG501 on CloudFormation passes "some attached SCP has Effect=Deny on cloudtrail:StopLogging, DeleteTrail,
// UpdateTrail, PutEventSelectors ... with an admin-role exception via `ArnNotLike aws:PrincipalArn`".
import { ruleTester } from '../support/ruleTester';

const on = { optIn: ['TG501'] };
const cfnScp = (statement: string) =>
  `Resources:\n  Guardrails:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: guardrails\n      Type: SERVICE_CONTROL_POLICY\n      Content:\n        Version: "2012-10-17"\n        Statement:\n${statement}`;
const ALL_FOUR = '              - cloudtrail:StopLogging\n              - cloudtrail:DeleteTrail\n              - cloudtrail:UpdateTrail\n              - cloudtrail:PutEventSelectors\n';

ruleTester('TG501', {
  valid: [
    {
      name: 'cloudformation: Deny of the four trail calls with an admin-role exception (ArnNotLike aws:PrincipalArn)',
      files: { 'template.yaml': cfnScp(`          - Effect: Deny\n            Action:\n${ALL_FOUR}            Resource: "*"\n            Condition:\n              ArnNotLike:\n                aws:PrincipalArn: arn:aws:iam::*:role/AuditAdmin\n`) },
      config: on,
    },
  ],
  invalid: [
    {
      name: 'cloudformation: three of the four calls denied fails at the Statement key',
      files: { 'template.yaml': cfnScp(`          - Effect: Deny\n            Action:\n${ALL_FOUR.replace('              - cloudtrail:PutEventSelectors\n', '')}            Resource: "*"\n`) },
      config: on,
      errors: [{ line: 9, column: 9, endLine: 9, endColumn: 18, message: /^No service control policy here denies cloudtrail:PutEventSelectors/ }],
    },
  ],
});
