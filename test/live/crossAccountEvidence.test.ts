// Cross-account answers are evidence like single-account ones: when the management account's trail sends its logs
// to the log-archive account's bucket and encrypts with the security account's key, the answers read through the
// assumed roles (and each AssumeRole) are in the management account's scan and in the report's evidence store.
import * as assert from 'assert';
import { buildEvidenceReport } from '../../src/evidence/report';
import { evidenceSettings } from '../../src/evidence/settings';
import { BUCKET, KEY, LOG, MGMT, SANDBOX, SEC, organization, runOrganization } from './orgHarness';

describe('cross-account API answers in the evidence store', function () {
  this.timeout(60_000);

  it('a profile scan that follows the chain through roles keeps the bucket, key and AssumeRole answers', async () => {
    const { scan } = await runOrganization(organization(), { profiles: ['management'], assumeRole: { roleName: 'Audit' } });
    const [management] = scan.accounts;
    assert.strictEqual(management?.account, MGMT);
    const calls = management.apiCalls ?? [];
    const about = (op: string, key: string, value: string) => calls.filter((c) => c.operation === op && (c.request as Record<string, unknown>)[key] === value);
    assert.strictEqual(about('GetBucketVersioning', 'Bucket', BUCKET).length, 1, 'the log-archive bucket read through the role');
    assert.strictEqual(about('DescribeKey', 'KeyId', KEY).length, 1, 'the security key read through the role');
    const assumed = calls.filter((c) => c.operation === 'AssumeRole').map((c) => (c.request as { RoleArn?: string }).RoleArn).sort();
    // The bucket's owner is searched among the organization's accounts: the sandbox's denied assumption is evidence too.
    assert.deepStrictEqual(assumed, [`arn:aws:iam::${LOG}:role/Audit`, `arn:aws:iam::${SEC}:role/Audit`, `arn:aws:iam::${SANDBOX}:role/Audit`]);
    // The temporary credentials are not evidence: only the key id and expiry of the session are kept.
    for (const c of calls.filter((x) => x.operation === 'AssumeRole' && !x.error)) {
      const creds = (c.response as { Credentials?: Record<string, unknown> }).Credentials ?? {};
      assert.deepStrictEqual(Object.keys(creds).sort(), ['AccessKeyId', 'Expiration']);
      assert.ok(!JSON.stringify(c.response).includes('trailguard-role-secret'), JSON.stringify(c.response));
    }

    const report = buildEvidenceReport(scan.accounts, { generatedAt: new Date(), tool: { version: 'test' }, settings: evidenceSettings(undefined, 'test') });
    const bucketChecks = report.checks.filter((c) => c.resource === BUCKET && (c.status === 'pass' || c.status === 'fail'));
    const keyChecks = report.checks.filter((c) => c.resource === KEY && (c.status === 'pass' || c.status === 'fail'));
    assert.ok(bucketChecks.length > 5 && keyChecks.length > 2, `${bucketChecks.length} bucket, ${keyChecks.length} key checks`);
    for (const c of [...bucketChecks, ...keyChecks]) {
      assert.ok(c.evidence.length > 0 && c.observed === null, `${c.ruleId} on ${c.resource}: stored ${c.evidence.length}, observed ${JSON.stringify(c.observed)}`);
    }
    const stored = Object.values(report.evidence).flatMap((e) => e.calls.map((call) => call.operation));
    assert.ok(stored.includes('AssumeRole'), stored.join(', '));
  });

  it('in an organization scan each member\'s AssumeRole is in its own scan; a denied one is too', async () => {
    const { scan } = await runOrganization(organization(), { profiles: ['management'], organization: true, assumeRole: { roleName: 'Audit' } });
    const assumeOf = (account: string) => (scan.accounts.find((a) => a.account === account)?.apiCalls ?? [])
      .filter((c) => c.operation === 'AssumeRole' && (c.request as { RoleArn?: string }).RoleArn === `arn:aws:iam::${account}:role/Audit`);
    assert.strictEqual(assumeOf(LOG).length, 1);
    assert.strictEqual(assumeOf(SEC).length, 1);
    const denied = assumeOf(SANDBOX);
    assert.deepStrictEqual(denied.map((c) => c.error?.code), ['AccessDenied']);
    // The organization listing is the management account's evidence.
    assert.ok((scan.accounts.find((a) => a.account === MGMT)?.apiCalls ?? []).some((c) => c.operation === 'ListAccounts'));
  });
});
