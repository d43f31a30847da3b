// TG501 (opt-in) on the live surface, end to end: in the organization's management account the scan lists the
// service control policies (ListPolicies, DescribePolicy, ListTargetsForPolicy) and judges the attached ones
// together, as rules.md TG501 says ("FAIL unless some attached SCP has Effect=Deny on cloudtrail:StopLogging,
// DeleteTrail, UpdateTrail, PutEventSelectors ... with an admin-role exception via ArnNotLike aws:PrincipalArn").
import * as assert from 'assert';
import type { Scenario } from '../support/aws-endpoint/scenario';
import { runScenario, scenario } from './harness';

const ACCOUNT = '111122223333';
const TG501_ON = { regions: ['us-east-1'], ruleOptions: { optIn: ['TG501'] } };
const ALL_FOUR = ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'];
const deny = (actions: string[], extra: object = {}) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: actions, Resource: '*', ...extra }] });

/** The compliant account as the management account of an organization with these SCPs. */
function management(scps: Scenario['serviceControlPolicies'], master = ACCOUNT): Scenario {
  const s = scenario('compliant');
  s.organization = { Id: 'o-a1b2c3d4e5', Arn: `arn:aws:organizations::${master}:organization/o-a1b2c3d4e5`, MasterAccountId: master };
  s.serviceControlPolicies = scps;
  return s;
}

async function tg501(s: Scenario, opts: object = TG501_ON) {
  const run = await runScenario(s, opts);
  return { ...run, found: run.scan.findings.filter((f) => f.ruleId === 'TG501').map((f) => ({ resource: f.resource, status: f.status, message: f.message, reason: f.reason, evidence: f.evidence })) };
}

describe('live scan: service control policies protect the trail (TG501, opt-in)', function () {
  this.timeout(30_000);

  it('passes an attached SCP denying the four trail calls with an admin exception, once for the account', async () => {
    const { found, calls } = await tg501(management([
      { Id: 'p-protect', Name: 'protect-audit-trail', Targets: ['r-root'], Content: deny(ALL_FOUR, { Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/AuditAdmin' } } }) },
    ]));
    assert.deepStrictEqual(found.map((f) => [f.resource, f.status]), [[ACCOUNT, 'pass']]);
    assert.deepStrictEqual(calls.filter((c) => c.service === 'organizations').map((c) => c.operation).sort(), ['DescribeOrganization', 'DescribePolicy', 'ListPolicies', 'ListTargetsForPolicy']);
    // The evidence holds each answer verbatim, under the policy it is about.
    const evidence = found[0]!.evidence as { DescribePolicy: Record<string, { Policy: { Content: string } }>; ListTargetsForPolicy: Record<string, unknown> };
    for (const call of ['DescribeOrganization', 'ListPolicies', 'DescribePolicy', 'ListTargetsForPolicy']) assert.ok(call in (found[0]!.evidence ?? {}), `evidence has ${call}`);
    assert.deepStrictEqual(JSON.parse(evidence.DescribePolicy['protect-audit-trail (p-protect)']!.Policy.Content).Statement[0].Action, ALL_FOUR);
    assert.deepStrictEqual(evidence.ListTargetsForPolicy['protect-audit-trail (p-protect)'], { Targets: [{ TargetId: 'r-root', Arn: `arn:aws:organizations::${ACCOUNT}:target/r-root`, Name: 'r-root', Type: 'ROOT' }] });
  });

  it('fails when the attached SCPs deny only some of the calls; an unattached SCP does not count', async () => {
    const { found } = await tg501(management([
      { Id: 'p-some', Name: 'some', Targets: ['ou-ab12-cdef3456'], Content: deny(['cloudtrail:StopLogging']) },
      { Id: 'p-draft', Name: 'draft', Targets: [], Content: deny(ALL_FOUR) },
    ]));
    assert.deepStrictEqual(found.map((f) => [f.resource, f.status, f.message]), [[
      ACCOUNT, 'fail',
      'No service control policy attached in this organization denies cloudtrail:DeleteTrail, cloudtrail:UpdateTrail, cloudtrail:PutEventSelectors: an administrator of a member account can stop or blind the trail',
    ]]);
  });

  it('fails an organization without any SCP', async () => {
    const { found } = await tg501(management([]));
    assert.deepStrictEqual(found.map((f) => f.status), ['fail']);
    assert.match(found[0]!.message, /^No service control policy attached in this organization denies cloudtrail:StopLogging, cloudtrail:DeleteTrail/);
  });

  it('a region-limited Deny does not protect the trail everywhere', async () => {
    const { found } = await tg501(management([{ Id: 'p-eu', Name: 'eu', Targets: ['r-root'], Content: deny(ALL_FOUR, { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }) }]));
    assert.deepStrictEqual(found.map((f) => f.status), ['fail']);
  });

  it('is unknown with the reason when the SCPs cannot be listed, never a pass or a failure', async () => {
    const s = management([{ Id: 'p-protect', Name: 'protect', Targets: ['r-root'], Content: deny(ALL_FOUR) }]);
    s.faults = [{ operation: 'ListPolicies', error: 'AccessDenied' }];
    const { found } = await tg501(s);
    assert.deepStrictEqual(found.map((f) => [f.resource, f.status, f.reason]), [[ACCOUNT, 'unknown', 'service control policies could not be listed: missing IAM permission organizations:ListPolicies']]);
  });

  it('is unknown when whether this is the management account cannot be read', async () => {
    const s = management([]);
    s.faults = [{ operation: 'DescribeOrganization', error: 'AccessDenied' }];
    const { found, calls } = await tg501(s);
    assert.deepStrictEqual(found.map((f) => [f.status, f.reason]), [['unknown', 'whether this is the organization\'s management account could not be read: missing IAM permission organizations:DescribeOrganization']]);
    assert.deepStrictEqual(calls.filter((c) => c.operation === 'ListPolicies'), []);
  });

  it('is not applicable in a member account, which does not list the SCPs', async () => {
    const { found, calls } = await tg501(management([], '999988887777'));
    assert.deepStrictEqual(found.map((f) => [f.resource, f.status, f.reason]), [[ACCOUNT, 'notApplicable', 'not an organization management account (only it can list and attach service control policies)']]);
    assert.deepStrictEqual(calls.filter((c) => c.operation === 'ListPolicies'), []);
  });

  it('without the opt-in: no Organizations call and no result', async () => {
    const { found, calls } = await tg501(management([]), { regions: ['us-east-1'] });
    assert.deepStrictEqual(calls.filter((c) => c.service === 'organizations'), []);
    assert.deepStrictEqual(found, []);
  });
});
