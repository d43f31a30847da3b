// The read-only policy the README documents must cover every call the scanner makes, or users following it
// get "unknown: missing IAM permission" on checks.
import * as assert from 'assert';
import { iamAction } from '../../src/live/awsErrors';
import { AGGREGATOR_CALLS, EVIDENCE_CALLS, SCANNER_CALLS, SOURCE_CALLS, aggregatorIamPolicy, evidenceIamPolicy, scannerIamActions, scannerIamPolicy, sourceIamPolicy } from '../../src/live/iamPolicy';
import { runVerifyLogs } from '../../src/cli/verifyLogs';
import { AwsSession } from '../../src/live/awsSession';
import { resolveProfileSettings } from '../../src/live/profiles';
import { readRetentionInPractice } from '../../src/live/readRetentionInPractice';
import { addSignedLogs, makeSigningKey } from '../support/aws-endpoint/digests';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { PROFILE, runScenario, scenario, withAwsEnv } from './harness';
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

describe('evidence reads IAM policy', function () {
  this.timeout(60_000);

  it('verify-logs and retention in practice call only the scan policy plus the evidence reads, and need every evidence read', async () => {
    const s = scenario('compliant');
    const start = new Date('2026-12-05T03:00:00Z');
    addSignedLogs(s, makeSigningKey(), { bucket: 'acme-audit-logs-111122223333', account: '111122223333', region: 'us-east-1', trailName: 'org-audit', start, hours: 3, retention: { mode: 'COMPLIANCE', days: 365 } });
    const trail = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit';
    const endpoint = await startAwsEndpoint({ scenario: s });
    const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
    try {
      await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, async () => {
        await runVerifyLogs(['--profile', PROFILE, '--trail', trail, '--from', start.toISOString(), '--to', new Date(start.getTime() + 3 * 3_600_000).toISOString(), '--format', 'json'],
          { stdout: () => undefined, stderr: () => undefined });
        const session = new AwsSession(await resolveProfileSettings(PROFILE));
        try {
          await readRetentionInPractice(session, { trailArn: trail, minRetentionDays: 365, now: new Date('2026-12-06T03:20:00Z'), sample: 2 });
        } finally {
          session.destroy();
        }
      });
    } finally {
      await endpoint.close();
    }
    const made = [...new Set(endpoint.calls.map((c) => `${c.service}:${c.operation}`))];
    const allowed = [...SCANNER_CALLS, ...EVIDENCE_CALLS].map(([sv, o]) => `${sv}:${o}`);
    assert.deepStrictEqual(made.filter((c) => !allowed.includes(c)), []);
    assert.deepStrictEqual(EVIDENCE_CALLS.map(([sv, o]) => `${sv}:${o}`).filter((c) => !made.includes(c)), []);
    assert.deepStrictEqual(evidenceIamPolicy().Statement[0]!.Action, ['cloudtrail:ListPublicKeys', 's3:GetObject', 's3:GetObjectRetention', 's3:ListBucket']);
  });
});
