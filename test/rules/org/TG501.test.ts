// TG501 (opt-in): service control policies must Deny the calls that stop or blind a trail.
import * as assert from 'assert';
import { applyFixes, lintFiles, ruleTester } from '../../support/ruleTester';

const on = { optIn: ['TG501'] };
const tfScp = (statements: string) =>
  `resource "aws_organizations_policy" "guardrails" {\n  name    = "guardrails"\n  content = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [${statements}]\n  })\n}\n`;
const allFour = '"cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"';
const scpJson = (action: string, extra = '') =>
  `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Deny",\n      "Action": ${action},\n      "Resource": "*"${extra}\n    }\n  ]\n}\n`;
const cfnScp = (statement: string) =>
  `Resources:\n  Guardrails:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: guardrails\n      Type: SERVICE_CONTROL_POLICY\n      Content:\n        Version: "2012-10-17"\n        Statement:\n${statement}`;

ruleTester('TG501', {
  valid: [
    { name: 'off by default', files: { 'main.tf': tfScp('{ Effect = "Deny", Action = "cloudtrail:StopLogging", Resource = "*" }') } },
    { name: 'all four actions with an admin exception', files: { 'main.tf': tfScp(`{\n      Effect    = "Deny"\n      Action    = [${allFour}]\n      Resource  = "*"\n      Condition = { ArnNotLike = { "aws:PrincipalArn" = "arn:aws:iam::*:role/AuditAdmin" } }\n    }`) }, config: on },
    { name: 'cloudtrail:* in standalone SCP JSON', files: { 'scp.json': scpJson('"cloudtrail:*"') }, config: on },
    { name: 'split across two SCPs of the module', files: { 'main.tf': tfScp('{ Effect = "Deny", Action = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], Resource = "*" }') + tfScp('{ Effect = "Deny", Action = ["cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"], Resource = "*" }').replace(/guardrails/g, 'more') }, config: on },
    { name: 'a tag policy is not an SCP', files: { 'main.tf': 'resource "aws_organizations_policy" "tags" {\n  name    = "tags"\n  type    = "TAG_POLICY"\n  content = "{}"\n}\n' }, config: on },
    { name: 'no SCP and not an organization workspace', files: { 'main.tf': 'resource "aws_cloudtrail" "t" {\n  name           = "t"\n  s3_bucket_name = "b"\n}\n' }, config: on },
  ],
  invalid: [
    {
      name: 'terraform: only StopLogging denied, points at content',
      files: { 'main.tf': tfScp('{ Effect = "Deny", Action = "cloudtrail:StopLogging", Resource = "*" }') },
      config: on,
      errors: [{ line: 3, column: 3, endLine: 6, endColumn: 5, severity: 'warning', message: /denies cloudtrail:DeleteTrail, cloudtrail:UpdateTrail, cloudtrail:PutEventSelectors:/ }],
    },
    {
      name: 'policy JSON: only DeleteTrail',
      files: { 'scp.json': scpJson('["cloudtrail:DeleteTrail"]') },
      config: on,
      errors: [{ line: 3, column: 3, endColumn: 14, message: /cloudtrail:StopLogging, cloudtrail:UpdateTrail, cloudtrail:PutEventSelectors/ }],
    },
    {
      name: 'cloudformation: a region-limited Deny does not count',
      files: { 'template.yaml': cfnScp('          - Effect: Deny\n            Action: "cloudtrail:*"\n            Resource: "*"\n            Condition:\n              StringNotEquals:\n                aws:RequestedRegion: eu-west-1\n') },
      config: on,
      errors: [{ line: 7, column: 7, message: /denies cloudtrail:StopLogging, cloudtrail:DeleteTrail/ }],
    },
    {
      name: 'organization workspace with a trail and no SCP: on the trail',
      files: { 'main.tf': 'resource "aws_cloudtrail" "t" {\n  name           = "t"\n  s3_bucket_name = "b"\n}\n' },
      config: { optIn: ['TG501'], organizationManagement: true },
      errors: [{ line: 1, column: 1, message: /No service control policy in this organization workspace/ }],
    },
    {
      name: 'unresolved content is unknown',
      files: { 'main.tf': 'resource "aws_organizations_policy" "g" {\n  name    = "g"\n  content = var.scp\n}\n\nvariable "scp" {}\n' },
      config: on,
      errors: [{ line: 3, column: 3, status: 'unknown' }],
    },
  ],
});

describe('TG501 snippet fix', () => {
  const cases: Record<string, Record<string, string>> = {
    terraform: { 'main.tf': tfScp('{ Effect = "Deny", Action = "cloudtrail:StopLogging", Resource = "*" }') },
    'policy JSON': { 'scp.json': scpJson('["cloudtrail:DeleteTrail"]') },
    'aws_iam_policy_document': {
      'main.tf':
        'data "aws_iam_policy_document" "scp" {\n  statement {\n    effect    = "Deny"\n    actions   = ["cloudtrail:StopLogging"]\n    resources = ["*"]\n  }\n}\n\n' +
        'resource "aws_organizations_policy" "g" {\n  name    = "g"\n  content = data.aws_iam_policy_document.scp.json\n}\n',
    },
    cloudformation: { 'template.yaml': cfnScp('          - Effect: Deny\n            Action: cloudtrail:StopLogging\n            Resource: "*"\n') },
  };
  for (const [name, files] of Object.entries(cases)) {
    it(`${name}: appends a Deny with an admin-role placeholder that satisfies the rule`, async () => {
      const { findings } = await lintFiles(files, on);
      const f = findings.filter((x) => x.ruleId === 'TG501');
      assert.strictEqual(f.length, 1);
      assert.strictEqual(f[0].fixes[0].kind, 'snippet');
      const fixed = applyFixes(files, f);
      assert.match(Object.values(fixed)[0], /ProtectAuditTrail[\s\S]*<AUDIT_ADMIN_ROLE>/);
      const after = await lintFiles(fixed, on);
      assert.deepStrictEqual(after.errors, []);
      assert.deepStrictEqual(after.findings.filter((x) => x.ruleId === 'TG501'), []);
    });
  }
});
