// Several accounts in one scan, end to end: the multi-account endpoint routes by access key id, STS AssumeRole
// issues the role account's credentials (or denies), Organizations ListAccounts pages; the scanner follows the
// organization trail's chain management → log-archive bucket → security key through profiles or the role.
import * as assert from 'assert';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials, fromIni } from '@aws-sdk/credential-providers';
import type { AccountScan, CheckResult } from '../../src/live/types';
import { buildEvidenceReport } from '../../src/evidence/report';
import { evidenceSettings } from '../../src/evidence/settings';
import { BUCKET, KEY, LOG, MGMT, SANDBOX, SEC, TRAIL_ARN, organization, runOrganization, withOrganization } from './orgHarness';

function statuses(checks: CheckResult[] | undefined): Record<string, string> {
  return Object.fromEntries((checks ?? []).map((c) => [c.ruleId, c.status]));
}

function root(accounts: AccountScan[], account: string): AccountScan {
  const found = accounts.find((a) => a.account === account);
  assert.ok(found, `no root for ${account}: ${accounts.map((a) => a.account).join(', ')}`);
  return found;
}

function orgTrail(scan: AccountScan) {
  return scan.regions.flatMap((r) => r.trails).find((t) => t.arn === TRAIL_ARN);
}

describe('multi-account test endpoint', function () {
  this.timeout(30_000);

  it('answers each profile as its own account and issues the role account\'s credentials on AssumeRole', async () => {
    await withOrganization(organization(), async ({ endpointUrl, calls }) => {
      const sts = (credentials: ReturnType<typeof fromIni>) => new STSClient({ region: 'us-east-1', endpoint: endpointUrl, credentials });
      const log = await sts(fromIni({ profile: 'log-archive' })).send(new GetCallerIdentityCommand({}));
      assert.strictEqual(log.Account, LOG);
      const role = fromTemporaryCredentials({
        params: { RoleArn: `arn:aws:iam::${SEC}:role/Audit`, RoleSessionName: 'check' },
        masterCredentials: fromIni({ profile: 'management' }),
        clientConfig: { region: 'us-east-1', endpoint: endpointUrl },
      });
      const assumed = await sts(role).send(new GetCallerIdentityCommand({}));
      assert.deepStrictEqual([assumed.Account, assumed.Arn], [SEC, `arn:aws:sts::${SEC}:assumed-role/Audit/check`]);
      // The sandbox account has no Audit role; the security account's role does not trust log-archive.
      const denied = fromTemporaryCredentials({
        params: { RoleArn: `arn:aws:iam::${SANDBOX}:role/Audit`, RoleSessionName: 'check' },
        masterCredentials: fromIni({ profile: 'management' }),
        clientConfig: { region: 'us-east-1', endpoint: endpointUrl },
      });
      await assert.rejects(denied(), (err: Error) => err.name === 'AccessDenied' &&
        err.message === `User: arn:aws:iam::${MGMT}:user/auditor is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${SANDBOX}:role/Audit`);
      const untrusted = fromTemporaryCredentials({
        params: { RoleArn: `arn:aws:iam::${SEC}:role/Audit`, RoleSessionName: 'check' },
        masterCredentials: fromIni({ profile: 'log-archive' }),
        clientConfig: { region: 'us-east-1', endpoint: endpointUrl },
      });
      await assert.rejects(untrusted(), (err: Error) => err.name === 'AccessDenied');
      assert.deepStrictEqual(calls.filter((c) => c.operation === 'GetCallerIdentity').map((c) => c.account), [LOG, SEC]);
    });
  });
});

describe('live scan across accounts', function () {
  this.timeout(60_000);

  it('with one profile per account: three roots, the organization trail once, its bucket and key read through their own profiles', async () => {
    const { scan, calls } = await runOrganization(organization(), { profiles: ['management', 'log-archive', 'security'] });
    assert.deepStrictEqual(scan.accounts.map((a) => [a.account, a.via, a.error]), [
      [MGMT, 'profile management', undefined], [LOG, 'profile log-archive', undefined], [SEC, 'profile security', undefined],
    ]);
    const trail = orgTrail(root(scan.accounts, MGMT))!;
    assert.strictEqual(trail.shadow, false);
    assert.deepStrictEqual(trail.bucket?.owner, { account: LOG, via: 'profile log-archive' });
    assert.deepStrictEqual(trail.key?.owner, { account: SEC, via: 'profile security' });
    assert.strictEqual(trail.bucket?.inaccessible, undefined);
    assert.deepStrictEqual(Object.values(statuses(trail.bucket?.checks)).filter((s) => s === 'fail' || s === 'unknown'), []);
    assert.deepStrictEqual(Object.values(statuses(trail.key?.checks)).filter((s) => s === 'fail' || s === 'unknown'), []);
    assert.ok(trail.bucket!.checks.length >= 12 && trail.key!.checks.length >= 6);
    assert.ok(trail.bucket!.checks.every((c) => c.account === LOG) && trail.key!.checks.every((c) => c.account === SEC));
    // The member accounts see the organization trail's shadow copy: one node, no second reading of its bucket.
    for (const member of [LOG, SEC]) {
      const shadow = orgTrail(root(scan.accounts, member))!;
      assert.deepStrictEqual([shadow.shadow, shadow.checks.length, shadow.bucket, shadow.key], [true, 0, undefined, undefined]);
    }
    const bucketReads = calls.filter((c) => c.operation === 'GetBucketVersioning' && c.resource === BUCKET);
    assert.deepStrictEqual(bucketReads.map((c) => c.account), [LOG]);
    // Each profile's identity is asked once.
    assert.deepStrictEqual(calls.filter((c) => c.operation === 'GetCallerIdentity').map((c) => c.account).sort(), [MGMT, LOG, SEC].sort());
    assert.deepStrictEqual(scan.findings.filter((f) => f.status === 'fail' || f.status === 'unknown').map((f) => `${f.account} ${f.ruleId}`), []);
  });

  it('with the audit role: the bucket and key of other accounts are read through the assumed role and labelled with their owner', async () => {
    const { scan, calls } = await runOrganization(organization(), { profiles: ['management'], assumeRole: { roleName: 'Audit', sessionName: 'tg-test' } });
    assert.deepStrictEqual(scan.accounts.map((a) => a.account), [MGMT]);
    const trail = orgTrail(scan.accounts[0]!)!;
    assert.deepStrictEqual(trail.bucket?.owner, { account: LOG, name: 'Log Archive', via: `role arn:aws:iam::${LOG}:role/Audit from profile management` });
    assert.deepStrictEqual(trail.key?.owner, { account: SEC, name: 'Security', via: `role arn:aws:iam::${SEC}:role/Audit from profile management` });
    assert.deepStrictEqual(scan.findings.filter((f) => f.status === 'fail' || f.status === 'unknown').map((f) => `${f.account} ${f.ruleId}`), []);
    const reads = calls.filter((c) => c.resource === BUCKET || c.resource === KEY);
    assert.ok(reads.length > 0);
    assert.deepStrictEqual([...new Set(reads.map((c) => c.caller))].sort(), [
      `arn:aws:sts::${LOG}:assumed-role/Audit/tg-test`, `arn:aws:sts::${SEC}:assumed-role/Audit/tg-test`,
    ]);
  });

  it('a role that cannot be assumed leaves the key unknown with the exact reason, never a pass', async () => {
    const s = organization();
    delete s.accounts[SEC]!.roles;
    const { scan } = await runOrganization(s, { profiles: ['management'], assumeRole: { roleName: 'Audit' } });
    const key = orgTrail(scan.accounts[0]!)!.key!;
    const reason = `sts:AssumeRole on arn:aws:iam::${SEC}:role/Audit denied`;
    assert.strictEqual(key.inaccessible, reason);
    assert.deepStrictEqual(key.owner, { account: SEC, name: 'Security' });
    assert.ok(key.checks.length >= 6);
    assert.deepStrictEqual(key.checks.filter((c) => c.status !== 'unknown' || c.reason !== reason), []);
  });

  it('passes the external id, session name and duration the role asks for; a wrong external id is a denial', async () => {
    const s = organization();
    for (const id of [LOG, SEC]) s.accounts[id]!.roles!.Audit!.externalId = 'tg-external-7';
    const wrong = await runOrganization(s, { profiles: ['management'], assumeRole: { roleName: 'Audit', externalId: 'other' } });
    assert.strictEqual(orgTrail(wrong.scan.accounts[0]!)!.key!.inaccessible, `sts:AssumeRole on arn:aws:iam::${SEC}:role/Audit denied`);
    const right = await runOrganization(s, { profiles: ['management'], assumeRole: { roleName: 'Audit', externalId: 'tg-external-7', sessionName: 'audit-run', durationSeconds: 900 } });
    const trail = orgTrail(right.scan.accounts[0]!)!;
    assert.deepStrictEqual([trail.bucket?.inaccessible, trail.key?.inaccessible], [undefined, undefined]);
    assert.ok(right.calls.some((c) => c.caller === `arn:aws:sts::${SEC}:assumed-role/Audit/audit-run`));
  });

  it('without a profile or role for the bucket\'s account, the bucket stays unknown and says how to reach it', async () => {
    const { scan } = await runOrganization(organization(), { profiles: ['management'] });
    const trail = orgTrail(scan.accounts[0]!)!;
    assert.match(trail.bucket?.inaccessible ?? '', /^bucket belongs to another account \(acme-org-audit-logs is not among the buckets of 111122223333\)/);
    assert.ok(trail.bucket!.checks.every((c) => c.status === 'unknown'));
  });

  it('--organization: lists every account page by page, scans each through the role, and lists the unreachable one as such', async () => {
    const { scan, calls } = await runOrganization(organization(), { profiles: ['management'], organization: true, assumeRole: { roleName: 'Audit' }, accountConcurrency: 2 });
    assert.strictEqual(scan.organization, true);
    assert.deepStrictEqual(scan.accounts.map((a) => [a.account, a.accountName, a.error ?? 'scanned']), [
      [MGMT, 'Management', 'scanned'], [LOG, 'Log Archive', 'scanned'], [SEC, 'Security', 'scanned'],
      [SANDBOX, 'Sandbox', `sts:AssumeRole on arn:aws:iam::${SANDBOX}:role/Audit denied`],
    ]);
    assert.strictEqual(root(scan.accounts, SANDBOX).via, `role arn:aws:iam::${SANDBOX}:role/Audit from profile management`);
    assert.strictEqual(root(scan.accounts, SANDBOX).findings.length, 0);
    // Four accounts, two per page.
    assert.strictEqual(calls.filter((c) => c.operation === 'ListAccounts').length, 2);
    // One trail node with checks: under the management account.
    const withChecks = scan.accounts.flatMap((a) => a.regions.flatMap((r) => r.trails.filter((t) => t.checks.length > 0).map((t) => `${a.account} ${t.name}`)));
    assert.deepStrictEqual(withChecks, [`${MGMT} org-trail`]);
    // One role session per account, however many clients use it.
    assert.deepStrictEqual(calls.filter((c) => c.operation === 'AssumeRole').length, 3);
  });

  it('the broken organization fails the guardrails on the trail, the log-archive bucket and the security key', async () => {
    const { scan } = await runOrganization(organization('organization-broken'), { profiles: ['management', 'log-archive', 'security'] });
    const trail = orgTrail(root(scan.accounts, MGMT))!;
    assert.strictEqual(statuses(trail.checks).TG101, 'fail');
    const bucket = statuses(trail.bucket?.checks);
    assert.deepStrictEqual([bucket.TG201, bucket.TG206], ['fail', 'fail']);
    assert.strictEqual(statuses(trail.key?.checks).TG301, 'fail');
    assert.deepStrictEqual([...new Set(scan.findings.filter((f) => f.status === 'fail').map((f) => f.account))].sort(), [MGMT, LOG, SEC].sort());
  });
});

describe('evidence report across accounts', function () {
  this.timeout(60_000);

  it('the report of an organization scan names the identity used for every account and holds every account\'s checks', async () => {
    const { scan } = await runOrganization(organization(), { profiles: ['management'], organization: true, assumeRole: { roleName: 'Audit' } });
    const report = buildEvidenceReport(scan.accounts, { generatedAt: new Date(), tool: { version: 'test' }, settings: evidenceSettings(undefined, 'test') });
    assert.deepStrictEqual(report.run.identities.map((i) => [i.account, i.callerArn, i.error]), [
      [MGMT, `arn:aws:iam::${MGMT}:user/auditor`, null],
      [LOG, `arn:aws:sts::${LOG}:assumed-role/Audit/trailguard`, null],
      [SEC, `arn:aws:sts::${SEC}:assumed-role/Audit/trailguard`, null],
      [SANDBOX, null, `sts:AssumeRole on arn:aws:iam::${SANDBOX}:role/Audit denied`],
    ]);
    assert.strictEqual(report.checks.length, scan.findings.length);
  });
});
