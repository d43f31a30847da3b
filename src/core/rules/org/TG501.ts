// TG501 (opt-in): a service control policy protects the audit trail. Every other guardrail can be undone by an
// administrator of the member account; an SCP Deny cannot, short of the management account.
import type { EntityBase, OrgPolicy, Scene, Statement } from '../../model';
import type { Locatable, Rule, RuleOptions } from '../rule';
import { conditionKeys, statementCoversAction, statementTouchesResource } from '../../policy/match';
import { boolValue, firstInFileOrder, isLiveScene, sceneAnchor } from '../common';
import { ISO27001_A8_15, pciDss } from '../controls';
import { listPlaceholders, statementPlaceholders } from '../placeholders';

/** The calls that stop or blind a trail. */
export const TRAIL_TAMPERING_ACTIONS = ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'];
const TRAIL_ARNS = 'arn:aws:cloudtrail:*:*:trail/*';
/** Conditions that only carve out the audit administrators keep a Deny protective. */
const EXCEPTION_KEYS = /^aws:(principalarn|principaltag\/.*|principalaccount|userid|principalorgid|principalisawsservice)$/;

function isScp(p: OrgPolicy): boolean {
  return p.policyType.state !== 'known' || p.policyType.value === 'SERVICE_CONTROL_POLICY';
}

function protects(stmt: Statement, action: string): boolean {
  return stmt.effect === 'Deny' && statementCoversAction(stmt, action) && statementTouchesResource(stmt, TRAIL_ARNS) &&
    conditionKeys(stmt).every((k) => EXCEPTION_KEYS.test(k));
}

function orgContext(scene: Scene, options: RuleOptions): boolean {
  const flag = scene.account?.isOrgManagement;
  return options.organizationManagement || (flag?.state === 'known' && boolValue(flag) === true);
}

export const TG501: Rule = {
  meta: {
    id: 'TG501',
    title: 'Service control policy protects the audit trail',
    severity: 'medium',
    fix: 'snippet',
    optIn: true,
    surfaces: ['terraform', 'cloudformation', 'policy', 'live'],
    live: {
      service: 'organizations',
      evidence: ['DescribeOrganization', 'ListPolicies', 'DescribePolicy', 'ListTargetsForPolicy'],
      remediation: { none: 'a service control policy is written and attached from the management account: see the rule doc' },
    },
    peers: [
      { tool: 'trivy', id: 'AVD-AWS-0151' },
      { tool: 'prowler', id: 'cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled' },
      { tool: 'cis', id: 'CIS AWS v3.0 4.5' },
    ],
    controls: [ISO27001_A8_15, pciDss('10.3.2', 'part')],
    doc: {
      summary:
        'Opt-in (organization context). Looks at the service control policies of the module, template or policy ' +
        'file (`aws_organizations_policy`, `AWS::Organizations::Policy`, and standalone JSON that reads as an SCP: ' +
        'no `Principal` and a Deny on `cloudtrail:` or `config:` actions) and fails unless, ' +
        'taken together, they Deny `cloudtrail:StopLogging`, `cloudtrail:DeleteTrail`, `cloudtrail:UpdateTrail` and ' +
        '`cloudtrail:PutEventSelectors` on trails. A Deny counts when its only conditions carve out principals ' +
        '(`ArnNotLike aws:PrincipalArn`, principal tags); a Deny limited by region or other conditions does not. ' +
        'With no SCP in the unit, it reports on the first trail when `organizationManagement` is set. Live, in the ' +
        'organization\'s management account, the scan lists the SCPs (`ListPolicies`, `DescribePolicy`, ' +
        '`ListTargetsForPolicy`) and judges the attached ones together, once for the account; another account is not ' +
        'applicable, and a call that fails leaves the verdict unknown with the reason.',
      why:
        'CloudTrail, Config and the log bucket are configured by the same administrators they are meant to ' +
        'watch. An SCP Deny is enforced above IAM: even the account root user of a member account cannot stop the ' +
        'trail, so the evidence of an account takeover survives the takeover. Consider also denying ' +
        '`config:StopConfigurationRecorder`, `config:DeleteConfigurationRecorder`, `kms:ScheduleKeyDeletion` / ' +
        '`kms:DisableKey` on the trail key and `s3:PutBucketPolicy` / `s3:DeleteBucket` / ' +
        '`s3:PutLifecycleConfiguration` on the log bucket.',
      failing: {
        terraform: `resource "aws_organizations_policy" "guardrails" {\n  name    = "guardrails"\n  content = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Deny", Action = "cloudtrail:StopLogging", Resource = "*" }]\n  })\n}`,
        cloudformation: `Guardrails:\n  Type: AWS::Organizations::Policy\n  Properties:\n    Name: guardrails\n    Type: SERVICE_CONTROL_POLICY\n    Content:\n      Version: "2012-10-17"\n      Statement:\n        - Effect: Deny\n          Action: cloudtrail:StopLogging\n          Resource: "*"`,
        policy: `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "cloudtrail:DeleteTrail", "Resource": "*"}]}`,
      },
      passing: {
        terraform: `resource "aws_organizations_policy" "guardrails" {\n  name    = "guardrails"\n  content = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Sid      = "ProtectAuditTrail"\n      Effect   = "Deny"\n      Action   = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"]\n      Resource = "*"\n      Condition = { ArnNotLike = { "aws:PrincipalArn" = "arn:aws:iam::*:role/AuditAdmin" } }\n    }]\n  })\n}`,
        cloudformation: `Guardrails:\n  Type: AWS::Organizations::Policy\n  Properties:\n    Name: guardrails\n    Type: SERVICE_CONTROL_POLICY\n    Content:\n      Version: "2012-10-17"\n      Statement:\n        - Sid: ProtectAuditTrail\n          Effect: Deny\n          Action: [cloudtrail:StopLogging, cloudtrail:DeleteTrail, cloudtrail:UpdateTrail, cloudtrail:PutEventSelectors]\n          Resource: "*"\n          Condition:\n            ArnNotLike:\n              aws:PrincipalArn: arn:aws:iam::*:role/AuditAdmin`,
        policy: `{"Version": "2012-10-17", "Statement": [{"Sid": "ProtectAuditTrail", "Effect": "Deny", "Action": "cloudtrail:*", "Resource": "*"}]}`,
      },
      fix:
        'Snippet: appends a `ProtectAuditTrail` Deny statement for the missing actions with an ' +
        '`ArnNotLike aws:PrincipalArn` exception for an `<AUDIT_ADMIN_ROLE>` placeholder. Review the exception ' +
        'before attaching: an SCP without one also locks out the people who must maintain the trail. Until the ' +
        'placeholder is replaced the Deny does not count and the finding points at it.',
      differences:
        'No peer checks preventive controls; CIS 4.5, Trivy AVD-AWS-0151 and Prowler detect CloudTrail changes ' +
        'after the fact with a metric filter and alarm. TrailGuard does not yet check that the SCP is attached ' +
        '(`aws_organizations_policy_attachment`) to the accounts that own the trails.',
      references: [
        { title: 'Service control policies (SCPs)', url: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html' },
        { title: 'SCP examples: prevent users from disabling CloudTrail', url: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html' },
      ],
    },
  },
  targets(scene: Scene, options: RuleOptions): EntityBase[] {
    const scp = firstInFileOrder(scene.orgPolicies.filter(isScp));
    // Live, the verdict is the organization's (all its attached SCPs together): reported on the account.
    if (scp && !isLiveScene(scene)) return [scp];
    // Live, once the organization role was read, the account always gets a verdict: not applicable outside the
    // management account, unknown when the role could not be read (never silently skipped).
    const roleRead = isLiveScene(scene) && scene.account?.isOrgManagement !== undefined;
    if (!orgContext(scene, options) && !roleRead) return [];
    const anchor = sceneAnchor(scene);
    return anchor ? [anchor] : [];
  },
  notApplicable(_entity, scene, options) {
    const role = scene.account?.isOrgManagement;
    if (!isLiveScene(scene) || options.organizationManagement || role?.state !== 'known' || boolValue(role) === true) return undefined;
    return 'not an organization management account (only it can list and attach service control policies)';
  },
  check(entity, ctx) {
    const scps = ctx.scene.orgPolicies.filter(isScp);
    const role = ctx.scene.account?.isOrgManagement;
    if (isLiveScene(ctx.scene) && role?.state === 'unresolved' && !orgContext(ctx.scene, ctx.options)) {
      ctx.unknown(entity, `whether this is the organization's management account could not be read: ${role.reason}`);
      return;
    }
    if (scps.length === 0 && isLiveScene(ctx.scene) && !ctx.scene.account?.serviceControlPoliciesRead) {
      ctx.unknown(entity, 'service control policies were not read (organizations:ListPolicies, DescribePolicy)');
      return;
    }
    const all = scps.flatMap((p) => p.policy.statements);
    // A snippet's `<AUDIT_ADMIN_ROLE>` exception must be replaced: until then the Deny does not count.
    const statements = all.filter((s) => statementPlaceholders(s).length === 0);
    const missing = TRAIL_TAMPERING_ACTIONS.filter((a) => !statements.some((s) => !s.unresolved && protects(s, a)));
    if (missing.length === 0) return;
    const pending = all.find((s) => statementPlaceholders(s).length > 0 && missing.some((a) => protects(s, a)));
    if (pending) {
      ctx.fail(pending, `This Deny would protect the trail but still holds ${listPlaceholders(statementPlaceholders(pending))}: replace it (the exception must name your audit administrators' role)`);
      return;
    }
    const unreadable = scps.find((p) => p.policy.state === 'unresolved');
    const unreadableStmt = statements.find((s) => s.unresolved);
    if (unreadable || unreadableStmt) {
      const loc = unreadable ? unreadable.policy.loc ?? unreadable.loc : undefined;
      ctx.unknown(unreadable ? (loc ? { loc } : entity) : unreadableStmt!, unreadable?.policy.reason ?? unreadableStmt!.unresolved!);
      return;
    }
    const first = entity.kind === 'orgPolicy' ? (entity as OrgPolicy) : undefined;
    const where: Locatable = first?.policy.statementsLoc ? { loc: first.policy.statementsLoc } : first?.policy.loc ? { loc: first.policy.loc } : entity;
    const edits = first?.policy.appendStatement?.(protectStatement(missing));
    const subject = isLiveScene(ctx.scene)
      ? 'No service control policy attached in this organization denies'
      : scps.length ? 'No service control policy here denies' : 'No service control policy in this organization workspace denies';
    const narrowed = statements.filter((s) => s.effect === 'Deny' && missing.some((a) => statementCoversAction(s, a)) && !conditionKeys(s).every((k) => EXCEPTION_KEYS.test(k)));
    ctx.fail(where, `${subject} ${missing.join(', ')}: an administrator of a member account can stop or blind the trail`, {
      related: narrowed.map((s) => ({ message: `This Deny is limited by ${conditionKeys(s).filter((k) => !EXCEPTION_KEYS.test(k)).join(', ')}, so it does not protect the trail everywhere`, loc: s.loc })),
      fixes: edits?.length ? [{ title: 'Append a Deny statement protecting the trail (review the admin exception)', kind: 'snippet', edits }] : [],
    });
  },
};

function protectStatement(actions: string[]): Record<string, unknown> {
  return {
    Sid: 'ProtectAuditTrail',
    Effect: 'Deny',
    Action: actions,
    Resource: '*',
    Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/<AUDIT_ADMIN_ROLE>' } },
  };
}
