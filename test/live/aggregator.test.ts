// Organization scale through AWS Config: the scanner reads an aggregator's configuration items (real SDK
// ConfigServiceClient, SelectAggregateResourceConfig over JSON 1.1, paginated) and judges them with the same rules;
// what the items lack is read directly where a profile or the role reaches, otherwise unknown "not recorded by AWS
// Config"; data older than the limit is never a fresh verdict.
import * as assert from 'assert';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { ConfigServiceClient, SelectAggregateResourceConfigCommand } from '@aws-sdk/client-config-service';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AccountScan, CheckResult, MultiAccountScan } from '../../src/live/types';
import { selectExpression } from '../../src/live/aggregator/selectAggregate';
import { runScan } from '../../src/cli/scan';
import { buildEvidenceReport } from '../../src/evidence/report';
import { evidenceSettings } from '../../src/evidence/settings';
import { renderEvidenceReportMarkdown } from '../../src/evidence/markdown';
import { BUCKET, KEY, LOG, MGMT, SEC, TRAIL_ARN, organization, runOrganization, withOrganization } from './orgHarness';

function root(scan: MultiAccountScan, account: string): AccountScan {
  const found = scan.accounts.find((a) => a.account === account);
  assert.ok(found, `no root for ${account}: ${scan.accounts.map((a) => a.account).join(', ')}`);
  return found;
}

function orgTrail(scan: MultiAccountScan) {
  const trail = root(scan, MGMT).regions.flatMap((r) => r.trails).find((t) => t.arn === TRAIL_ARN);
  assert.ok(trail, 'the organization trail under the management account');
  return trail;
}

const check = (checks: CheckResult[] | undefined, ruleId: string): CheckResult => {
  const c = (checks ?? []).find((x) => x.ruleId === ruleId);
  assert.ok(c, `${ruleId} in ${(checks ?? []).map((x) => x.ruleId).join(', ')}`);
  return c;
};

const HOUR = 3_600_000;

describe('AWS Config aggregator mode', function () {
  this.timeout(60_000);

  it('the endpoint answers the scanner\'s advanced query in pages and rejects SQL outside the documented subset', async () => {
    await withOrganization(organization(), async ({ endpointUrl }) => {
      const client = new ConfigServiceClient({ region: 'us-east-1', endpoint: endpointUrl, credentials: fromIni({ profile: 'management' }) });
      const page = await client.send(new SelectAggregateResourceConfigCommand({ ConfigurationAggregatorName: 'org-aggregator', Expression: selectExpression('AWS::S3::Bucket'), Limit: 1 }));
      assert.strictEqual(page.Results?.length, 1);
      assert.ok(page.NextToken, 'a second page');
      const item = JSON.parse(page.Results![0]!) as { accountId: string; supplementaryConfiguration: { BucketVersioningConfiguration?: unknown } };
      assert.strictEqual(item.accountId, LOG);
      assert.deepStrictEqual(item.supplementaryConfiguration.BucketVersioningConfiguration, { status: 'Enabled', isMfaDeleteEnabled: true });
      await assert.rejects(client.send(new SelectAggregateResourceConfigCommand({ ConfigurationAggregatorName: 'org-aggregator', Expression: 'SELECT * FROM resources' })),
        (err: Error) => err.name === 'InvalidExpressionException');
      // Only principals of the aggregator's account can query it.
      const member = new ConfigServiceClient({ region: 'us-east-1', endpoint: endpointUrl, credentials: fromIni({ profile: 'log-archive' }) });
      await assert.rejects(member.send(new SelectAggregateResourceConfigCommand({ ConfigurationAggregatorName: 'org-aggregator', Expression: selectExpression('AWS::S3::Bucket') })),
        (err: Error) => err.name === 'NoSuchConfigurationAggregatorException');
    });
  });

  it('from the aggregator alone: every recording account a root, the chain across accounts, each result with its capture time', async () => {
    const { scan, calls } = await runOrganization(organization(), { profiles: ['management'], aggregator: { name: 'org-aggregator' } });
    assert.deepStrictEqual(scan.accounts.map((a) => [a.account, a.via]), [MGMT, LOG, SEC].map((a) => [a, 'AWS Config aggregator org-aggregator']));
    assert.deepStrictEqual(scan.aggregator, { name: 'org-aggregator', region: 'us-east-1' });
    // No bucket or key was read from S3 or KMS: the three paginated queries, and what the management profile can read
    // itself of its own trail (its status and selectors, which AWS Config does not record).
    assert.deepStrictEqual([...new Set(calls.map((c) => `${c.service}:${c.operation}`))].sort(),
      ['cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus', 'config:SelectAggregateResourceConfig', 'sts:GetCallerIdentity']);
    assert.strictEqual(calls.filter((c) => c.operation === 'SelectAggregateResourceConfig').length, 3, 'one page per resource type');
    const trail = orgTrail(scan);
    assert.deepStrictEqual([trail.bucket?.name, trail.bucket?.owner?.account, trail.key?.arn, trail.key?.owner?.account], [BUCKET, LOG, KEY, SEC]);
    assert.strictEqual(check(trail.checks, 'TG102').status, 'pass', 'log file validation, recorded');
    assert.strictEqual(check(trail.bucket?.checks, 'TG201').status, 'pass', 'Object Lock, recorded');
    assert.strictEqual(check(trail.checks, 'TG104').status, 'pass', 'logging: read through the management profile');
    assert.deepStrictEqual([check(trail.key?.checks, 'TG301').status, check(trail.key?.checks, 'TG301').reason], ['unknown', 'the key policy not recorded by AWS Config']);
    // A key policy nobody could read is not "explicitly defined" either.
    assert.deepStrictEqual([check(trail.key?.checks, 'TG306').status, check(trail.key?.checks, 'TG306').reason], ['unknown', 'the key policy not recorded by AWS Config']);
    const captured = Date.parse(check(trail.bucket?.checks, 'TG201').recorded?.capturedAt ?? '');
    assert.ok(Math.abs(Date.now() - 2 * HOUR - captured) < 5 * 60_000, 'captured 2 h ago');
    assert.ok(root(scan, MGMT).source?.kind === 'config' && root(scan, MGMT).source?.maxAgeHours === 24);
    // Recorders are not in the aggregator's items: unknown, never a failure for their absence.
    const recorderChecks = scan.findings.filter((f) => f.service === 'config');
    assert.ok(recorderChecks.length > 0 && recorderChecks.every((f) => f.status === 'unknown' || f.status === 'optInNotEnabled' || f.status === 'off'), JSON.stringify(recorderChecks.map((f) => [f.ruleId, f.status])));
  });

  it('the evidence report names each account\'s data source: the aggregator and the age of its oldest item', async () => {
    const { scan } = await runOrganization(organization(), { profiles: ['management'], aggregator: { name: 'stale-aggregator' } });
    const report = buildEvidenceReport(scan.accounts, { generatedAt: new Date(), tool: { version: 'test' }, settings: evidenceSettings(undefined, 'test') });
    // The management account's trail rests on the log-archive bucket recorded 3 days ago: its oldest item.
    const log = report.run.identities.find((i) => i.account === MGMT);
    assert.match(log?.source ?? '', /^AWS Config aggregator stale-aggregator \(recorded data, oldest item captured \d{4}-.*; older than 24 h is unknown\), gaps read through the APIs$/);
    const oldest = Date.parse(/captured (\S+);/.exec(log!.source)![1]!);
    assert.ok(Date.now() - oldest > 70 * HOUR, 'the log-archive data is 3 days old');
    assert.strictEqual(report.run.identities.find((i) => i.account === SEC)?.source.startsWith('AWS Config aggregator stale-aggregator (recorded data'), true);
    assert.match(renderEvidenceReportMarkdown(report), /; data: AWS Config aggregator stale-aggregator/);
  });

  it('what the items lack is read through the role: the key policy, the trail status', async () => {
    const { scan, calls } = await runOrganization(organization(), { profiles: ['management'], aggregator: { name: 'org-aggregator' }, assumeRole: { roleName: 'Audit' } });
    const trail = orgTrail(scan);
    assert.strictEqual(check(trail.checks, 'TG104').status, 'pass');
    assert.strictEqual(check(trail.key?.checks, 'TG301').status, 'pass');
    assert.ok(calls.some((c) => c.operation === 'GetKeyPolicy' && c.caller === `arn:aws:sts::${SEC}:assumed-role/Audit/trailguard`));
    assert.strictEqual(trail.key?.owner?.via, `role arn:aws:iam::${SEC}:role/Audit from profile management`);
  });

  it('stale data (log-archive recorded 3 days ago) is unknown with its age and what it recorded, never a pass', async () => {
    const { scan } = await runOrganization(organization(), { profiles: ['management'], aggregator: { name: 'stale-aggregator' } });
    const trail = orgTrail(scan);
    const lock = check(trail.bucket?.checks, 'TG201');
    assert.strictEqual(lock.status, 'unknown');
    assert.match(lock.reason ?? '', /^AWS Config data is 3 d old \(captured \d{4}-\d\d-\d\dT[\d:.]+Z\), older than the 24 h limit; it recorded: pass$/);
    const stale = scan.findings.filter((f) => f.recorded && Date.now() - Date.parse(f.recorded.capturedAt) > 24 * HOUR);
    assert.ok(stale.length > 5);
    assert.deepStrictEqual(stale.filter((f) => f.status === 'pass' || f.status === 'fail').map((f) => f.ruleId), []);
    // The trail's own data is fresh: still a verdict.
    assert.strictEqual(check(trail.checks, 'TG102').status, 'pass');
    // A longer limit takes the same data as a verdict.
    const { scan: lenient } = await runOrganization(organization(), { profiles: ['management'], aggregator: { name: 'stale-aggregator', maxAgeHours: 24 * 7 } });
    assert.strictEqual(check(orgTrail(lenient).bucket?.checks, 'TG201').status, 'pass');
  });

  it('stale data is read again directly where the role reaches its account', async () => {
    const { scan } = await runOrganization(organization(), { profiles: ['management'], aggregator: { name: 'stale-aggregator' }, assumeRole: { roleName: 'Audit' } });
    const lock = check(orgTrail(scan).bucket?.checks, 'TG201');
    assert.deepStrictEqual([lock.status, lock.recorded], ['pass', undefined]);
  });

  it('judges recorded data like the direct scan: the broken organization fails the same bucket and trail rules', async () => {
    const broken = organization('organization-broken');
    const { scan: viaConfig } = await runOrganization(broken, { profiles: ['management'], aggregator: { name: 'org-aggregator' } });
    const { scan: direct } = await runOrganization(broken, { profiles: ['management', 'log-archive', 'security'] });
    const verdicts = (s: MultiAccountScan) => new Map(s.findings.filter((f) => f.status !== 'unknown').map((f) => [`${f.ruleId} ${f.resource} ${f.subject ?? ''}`, f.status]));
    const fromConfig = verdicts(viaConfig);
    const fromApi = verdicts(direct);
    assert.ok(fromConfig.size > 15, `${fromConfig.size} verdicts from AWS Config`);
    const differing = [...fromConfig].filter(([k, status]) => fromApi.has(k) && fromApi.get(k) !== status);
    assert.deepStrictEqual(differing, []);
    assert.ok([...fromConfig.values()].includes('fail'));
  });

  it('an aggregator that cannot be queried: the accounts are scanned directly, and the scan says why', async () => {
    const { scan } = await runOrganization(organization(), { profiles: ['management'], aggregator: { name: 'no-such-aggregator' } });
    assert.match(scan.aggregatorError ?? '', /^AWS Config aggregator no-such-aggregator could not be queried \(.*\); scanned the accounts directly instead$/);
    assert.deepStrictEqual(scan.accounts.map((a) => a.via), ['profile management']);
  });

  it('trailguard scan --aggregator: JSON names the aggregator, each account\'s data source and each result\'s capture time; text shows the age', async () => {
    const run = (args: string[]) => withOrganization(organization(), async () => {
      let stdout = '';
      let stderr = '';
      const code = await runScan(['--profile', 'management', '--aggregator', 'stale-aggregator', ...args], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
      return { code, stdout, stderr };
    });
    const json = await run(['--format', 'json']);
    assert.strictEqual(json.stderr, '');
    const out = JSON.parse(json.stdout) as { aggregator: unknown; accounts: { account: string; via: string; source?: { kind: string; aggregator: string } }[]; findings: (CheckResult & { recorded?: { capturedAt: string } })[] };
    assert.deepStrictEqual(out.aggregator, { name: 'stale-aggregator', region: 'us-east-1' });
    assert.deepStrictEqual(out.accounts.map((a) => [a.account, a.via, a.source?.kind, a.source?.aggregator]), [MGMT, LOG, SEC].map((a) => [a, 'AWS Config aggregator stale-aggregator', 'config', 'stale-aggregator']));
    const lock = out.findings.find((f) => f.ruleId === 'TG201' && f.resource === BUCKET);
    assert.strictEqual(lock?.status, 'unknown');
    assert.ok(lock?.recorded?.capturedAt);
    const text = await run([]);
    assert.match(text.stdout, /pass {4}TG102 .* \[AWS Config, recorded 2 h ago\]/);
    assert.match(text.stdout, /unknown TG201 .*: AWS Config data is 3 d old \(captured .*\), older than the 24 h limit; it recorded: pass/);
    const bad = await run(['--max-age', 'soon']);
    assert.deepStrictEqual([bad.code, bad.stderr], [2, 'trailguard scan: --max-age takes a positive number of hours\n']);
  });
});
