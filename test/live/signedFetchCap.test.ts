// The hand-signed calls (S3 Control, Organizations, EC2 DescribeRegions) read their answers with the same cap as
// the SDK clients: an answer over it is unknown, "response too large", never parsed (and never half-parsed).
import * as assert from 'assert';
import { runScenario, scenario, statusesOf } from './harness';
import { MGMT, organization, runOrganization } from './orgHarness';

const ACCOUNT = '111122223333';
const BUCKET = 'acme-audit-logs-111122223333';
const CAP = 256 * 1024;

describe('hand-signed calls: response cap', function () {
  this.timeout(60_000);

  it('an S3 Control GetPublicAccessBlock answer over the cap is unknown "response too large" in TG205', async () => {
    const { scan } = await runScenario(scenario('compliant', [{ operation: 'GetPublicAccessBlock', resource: ACCOUNT, error: 'Huge200', bytes: CAP + 1 }]),
      { regions: ['us-east-1'], maxResponseBytes: CAP });
    const evidence = scan.findings.find((f) => f.ruleId === 'TG205' && f.resource === BUCKET)?.evidence as Record<string, unknown> | undefined;
    assert.deepStrictEqual(evidence?.['GetPublicAccessBlock (account)'], {
      error: 'ResponseTooLarge', reason: 'response too large (over 256.0 KB) from S3 Control GetPublicAccessBlock',
    });
    // The bucket's own block still decides TG205 (all four flags on in the compliant scenario): a pass on what was read.
    assert.strictEqual(statusesOf(scan, BUCKET).TG205, 'pass');
  });

  it('an EC2 DescribeRegions answer over the cap leaves the enabled regions unknown with the reason', async () => {
    const { scan } = await runScenario(scenario('compliant', [{ operation: 'DescribeRegions', error: 'Huge200', bytes: CAP + 1 }]),
      { regions: ['us-east-1'], maxResponseBytes: CAP });
    assert.deepStrictEqual(scan.enabledRegions, { unknown: 'response too large (over 256.0 KB) from EC2 DescribeRegions' });
  });

  it('an Organizations ListAccounts answer over the cap: the organization is not listed, with the reason', async () => {
    const s = organization();
    s.accounts[MGMT]!.faults = [{ operation: 'ListAccounts', error: 'Huge200', bytes: CAP + 1 }];
    const { scan } = await runOrganization(s, { profiles: ['management'], organization: true, assumeRole: { roleName: 'Audit' }, maxResponseBytes: CAP });
    assert.strictEqual(scan.organizationError, 'the organization\'s accounts could not be listed: response too large (over 256.0 KB) from Organizations ListAccounts');
    assert.deepStrictEqual(scan.accounts.map((a) => a.account), [MGMT]);
  });

  it('the default cap is 20 MB: a 21 MB DescribeRegions answer is unknown', async () => {
    const { scan } = await runScenario(scenario('compliant', [{ operation: 'DescribeRegions', error: 'Huge200' }]), { regions: ['us-east-1'] });
    assert.deepStrictEqual(scan.enabledRegions, { unknown: 'response too large (over 20.0 MB) from EC2 DescribeRegions' });
  });
});
