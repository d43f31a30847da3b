// The read-only policy the README documents must cover every call the scanner makes, or users following it
// get "unknown: missing IAM permission" on checks.
import * as assert from 'assert';
import { iamAction } from '../../src/live/awsErrors';
import { AGGREGATOR_CALLS, SCANNER_CALLS, SOURCE_CALLS, aggregatorIamPolicy, scannerIamActions, scannerIamPolicy, sourceIamPolicy } from '../../src/live/iamPolicy';
import { runScenario, scenario } from './harness';
import { MGMT, organization, runOrganization } from './orgHarness';

describe('live scan IAM policy', function () {
  it('lists every call a scan makes (demo account as its organization\'s management account, two regions, tagged and pattern buckets, opt-in TG107 and TG501)', async () => {
    const demo = scenario('demo');
    demo.organization = { Id: 'o-a1b2c3d4e5', MasterAccountId: demo.account };
    demo.serviceControlPolicies = [{ Id: 'p-protect', Name: 'protect', Targets: ['r-root'], Content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' }] } }];
    const { calls } = await runScenario(demo, { regions: ['us-east-1', 'eu-west-1'], auditBucketPatterns: ['demo-access-*'], ruleOptions: { optIn: ['TG107', 'TG501'] } });
    const made = [...new Set(calls.map((c) => `${c.service}:${c.operation}`))].sort();
    const listed = SCANNER_CALLS.map(([s, o]) => `${s}:${o}`).sort();
    assert.deepStrictEqual(made, listed);
  });

  it('is read-only and uses the IAM spelling of S3 actions', () => {
    const actions = scannerIamActions();
    assert.deepStrictEqual(actions.filter((a) => !/^[a-z0-9]+:(Get|List|Describe)/.test(a)), []);
    assert.ok(actions.includes('s3:GetLifecycleConfiguration') && actions.includes('s3:GetBucketObjectLockConfiguration') && actions.includes('s3:ListAllMyBuckets'));
    assert.strictEqual(iamAction('s3', 'GetPublicAccessBlock'), 's3:GetBucketPublicAccessBlock');
    assert.deepStrictEqual(scannerIamPolicy().Statement[0]!.Action.includes('sts:GetCallerIdentity'), false);
  });

  it('lets the scanner read insight selectors (TG112 on trails with Insights)', () => {
    assert.ok(scannerIamPolicy().Statement[0]!.Action.includes('cloudtrail:GetInsightSelectors'));
  });
});

describe('live scan IAM policy across accounts', function () {
  this.timeout(60_000);

  it('the role in each account needs only the profile-scan policy; the first profile adds sts:AssumeRole and organizations:ListAccounts', async () => {
    const { calls } = await runOrganization(organization(), { profiles: ['management'], organization: true, assumeRole: { roleName: 'Audit' } });
    const source = `arn:aws:iam::${MGMT}:user/auditor`;
    const byRole = [...new Set(calls.filter((c) => c.caller !== source).map((c) => `${c.service}:${c.operation}`))];
    const listed = SCANNER_CALLS.map(([s, o]) => `${s}:${o}`);
    assert.ok(byRole.length > 10);
    assert.deepStrictEqual(byRole.filter((c) => !listed.includes(c)), []);
    const bySource = [...new Set(calls.filter((c) => c.caller === source).map((c) => `${c.service}:${c.operation}`))];
    const sourceListed = [...listed, ...SOURCE_CALLS.map(([s, o]) => `${s}:${o}`)];
    assert.deepStrictEqual(bySource.filter((c) => !sourceListed.includes(c)), []);
    assert.ok(bySource.includes('sts:AssumeRole') && bySource.includes('organizations:ListAccounts'));
    assert.deepStrictEqual(sourceIamPolicy('Audit', true).Statement.flatMap((s) => s.Action).sort(),
      SOURCE_CALLS.map(([s, o]) => iamAction(s, o)).sort());
  });
});

describe('live scan IAM policy in aggregator mode', function () {
  this.timeout(60_000);

  it('the first profile queries the aggregator (config:SelectAggregateResourceConfig); direct reads stay within the profile-scan policy', async () => {
    const { calls } = await runOrganization(organization(), { profiles: ['management'], aggregator: { name: 'org-aggregator' }, assumeRole: { roleName: 'Audit' } });
    const made = [...new Set(calls.map((c) => `${c.service}:${c.operation}`))];
    const allowed = [...SCANNER_CALLS, ...SOURCE_CALLS, ...AGGREGATOR_CALLS].map(([s, o]) => `${s}:${o}`);
    assert.deepStrictEqual(made.filter((c) => !allowed.includes(c)), []);
    assert.ok(made.includes('config:SelectAggregateResourceConfig'));
    assert.deepStrictEqual(aggregatorIamPolicy().Statement.flatMap((s) => s.Action), AGGREGATOR_CALLS.map(([s, o]) => iamAction(s, o)));
  });
});
