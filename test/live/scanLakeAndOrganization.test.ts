// The two live checks fed by account-wide reads: CloudTrail Lake event data stores (TG110, per region) and,
// with the opt-in TG107, whether the account is its organization's management account (DescribeOrganization).
import * as assert from 'assert';
import { formatScanText } from '../../src/cli/scan';
import type { Scenario } from '../support/aws-endpoint/scenario';
import { findingsOf, runScenario, scenario } from './harness';

const ACCOUNT = '111122223333';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const LAKE_CMK = 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/11111111-lake-cmk';
const LAKE_DEFAULT = 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/22222222-lake-default';

/** The compliant account with two event data stores in us-east-1: one with a customer managed key, one without. */
function withStores(): Scenario {
  const s = scenario('compliant');
  s.regions['us-east-1']!.eventDataStores = [
    { EventDataStoreArn: LAKE_CMK, Name: 'audit-lake', KmsKeyId: KEY },
    { EventDataStoreArn: LAKE_DEFAULT, Name: 'default-key-lake' },
  ];
  return s;
}

describe('live scan: CloudTrail Lake event data stores (TG110)', function () {
  it('passes the store with a customer managed key and fails the one without', async () => {
    const { scan, calls } = await runScenario(withStores(), { regions: ['us-east-1'] });
    assert.deepStrictEqual(findingsOf(scan, LAKE_CMK, 'TG110').map((f) => f.status), ['pass']);
    const [fail] = findingsOf(scan, LAKE_DEFAULT, 'TG110');
    assert.strictEqual(fail?.status, 'fail');
    assert.strictEqual(fail?.severity, 'warning');
    assert.strictEqual(fail?.message, 'Event data store is not encrypted with a customer managed KMS key: `KmsKeyId` is not set');
    assert.deepStrictEqual(Object.keys(fail?.evidence ?? {}), ['ListEventDataStores', 'GetEventDataStore']);
    // Two pages of ListEventDataStores (the endpoint pages one store at a time), then one GetEventDataStore each.
    assert.deepStrictEqual(calls.filter((c) => /EventDataStore/.test(c.operation)).map((c) => c.operation).sort(), [
      'GetEventDataStore', 'GetEventDataStore', 'ListEventDataStores', 'ListEventDataStores',
    ]);
    assert.deepStrictEqual(scan.regions[0]!.eventDataStores?.map((e) => [e.name, e.arn, e.checks.map((c) => `${c.ruleId} ${c.status}`)]), [
      ['audit-lake', LAKE_CMK, ['TG110 pass']],
      ['default-key-lake', LAKE_DEFAULT, ['TG110 fail']],
    ]);
  });

  it('shows the stores in `trailguard scan` text output', async () => {
    const { scan } = await runScenario(withStores(), { regions: ['us-east-1'] });
    const lines = formatScanText(scan).split('\n');
    const at = lines.indexOf(`  event data store default-key-lake (${LAKE_DEFAULT})`);
    assert.ok(at > 0, lines.join('\n'));
    assert.strictEqual(lines[at + 1], '    FAIL    TG110 warning: Event data store is not encrypted with a customer managed KMS key: `KmsKeyId` is not set');
  });

  it('a region without stores has no TG110 check', async () => {
    const { scan } = await runScenario(scenario('compliant'), { regions: ['us-east-1'] });
    assert.deepStrictEqual(scan.findings.filter((f) => f.ruleId === 'TG110'), []);
    assert.deepStrictEqual(scan.regions[0]!.eventDataStores, []);
  });

  it('AccessDenied on ListEventDataStores leaves TG110 unknown with the missing permission', async () => {
    const s = withStores();
    s.faults = [{ operation: 'ListEventDataStores', error: 'AccessDenied' }];
    const { scan } = await runScenario(s, { regions: ['us-east-1'] });
    const tg110 = scan.findings.filter((f) => f.ruleId === 'TG110');
    assert.deepStrictEqual(tg110.map((f) => [f.resource, f.status, f.severity, f.reason]), [
      ['event data stores in us-east-1', 'unknown', 'info', '`KmsKeyId`: missing IAM permission cloudtrail:ListEventDataStores'],
    ]);
    assert.deepStrictEqual(tg110[0]!.evidence, { ListEventDataStores: { error: 'AccessDeniedException', reason: 'missing IAM permission cloudtrail:ListEventDataStores' } });
  });

  it('AccessDenied on GetEventDataStore of one store leaves only that store unknown', async () => {
    const s = withStores();
    s.faults = [{ operation: 'GetEventDataStore', resource: LAKE_DEFAULT, error: 'AccessDenied' }];
    const { scan } = await runScenario(s, { regions: ['us-east-1'] });
    assert.deepStrictEqual(findingsOf(scan, LAKE_CMK, 'TG110').map((f) => f.status), ['pass']);
    assert.deepStrictEqual(findingsOf(scan, LAKE_DEFAULT, 'TG110').map((f) => [f.status, f.reason]), [
      ['unknown', '`KmsKeyId`: missing IAM permission cloudtrail:GetEventDataStore'],
    ]);
  });
});

/** The compliant account (one multi-region trail, not an organization trail) in an organization. */
function inOrganization(managementAccount: string): Scenario {
  const s = scenario('compliant');
  s.organization = { Id: 'o-a1b2c3d4e5', Arn: `arn:aws:organizations::${managementAccount}:organization/o-a1b2c3d4e5`, MasterAccountId: managementAccount };
  return s;
}

const TG107_OPT_IN = { ruleOptions: { optIn: ['TG107'] } };

describe('live scan: organization trail in the management account (TG107, opt-in)', function () {
  it('fails a management account without an organization trail, once for the account', async () => {
    const { scan } = await runScenario(inOrganization(ACCOUNT), { regions: ['us-east-1', 'eu-west-1'], ...TG107_OPT_IN });
    const tg107 = scan.findings.filter((f) => f.ruleId === 'TG107');
    // Catalog severity Low: Information.
    assert.deepStrictEqual(tg107.map((f) => [f.resource, f.region, f.status, f.severity]), [[ACCOUNT, 'us-east-1', 'fail', 'info']]);
    assert.strictEqual(tg107[0]!.message, 'Organization management account without an organization trail: member accounts are not covered by a trail they cannot change');
    assert.strictEqual((tg107[0]!.evidence?.DescribeOrganization as { Organization: { MasterAccountId: string } }).Organization.MasterAccountId, ACCOUNT);
    // An account-level check: listed with the first region's checks.
    assert.deepStrictEqual(scan.regions[0]!.checks.filter((c) => c.ruleId === 'TG107').map((c) => c.status), ['fail']);
  });

  it('passes a management account whose trail is an organization trail', async () => {
    const s = inOrganization(ACCOUNT);
    s.regions['us-east-1']!.trails![0]!.trail.IsOrganizationTrail = true;
    const { scan } = await runScenario(s, { regions: ['us-east-1'], ...TG107_OPT_IN });
    assert.deepStrictEqual(scan.findings.filter((f) => f.ruleId === 'TG107').map((f) => f.status), ['pass']);
  });

  it('is not applicable (never a pass) for a member account', async () => {
    const s = scenario('org-member');
    s.organization = { Id: 'o-a1b2c3d4e5', MasterAccountId: ACCOUNT };
    const { scan, calls } = await runScenario(s, { regions: ['eu-west-1'], ...TG107_OPT_IN });
    // One global call, signed for us-east-1 (the aws partition's Organizations endpoint) whatever region is scanned.
    assert.deepStrictEqual(calls.filter((c) => c.operation === 'DescribeOrganization').map((c) => [c.service, c.region, c.status, c.signed]), [['organizations', 'us-east-1', 200, true]]);
    assert.deepStrictEqual(scan.findings.filter((f) => f.ruleId === 'TG107').map((f) => [f.resource, f.status, f.reason]), [
      ['444455556666', 'notApplicable', 'not an organization management account'],
    ]);
  });

  it('is not applicable for an account outside any organization', async () => {
    const { scan, calls } = await runScenario(scenario('compliant'), { regions: ['us-east-1'], ...TG107_OPT_IN });
    assert.deepStrictEqual(calls.filter((c) => c.operation === 'DescribeOrganization').map((c) => c.errorCode), ['AWSOrganizationsNotInUseException']);
    assert.deepStrictEqual(scan.findings.filter((f) => f.ruleId === 'TG107').map((f) => [f.resource, f.status, f.reason]), [
      [ACCOUNT, 'notApplicable', 'not an organization management account'],
    ]);
  });

  it('is unknown, with the missing permission, when DescribeOrganization is denied', async () => {
    const s = inOrganization(ACCOUNT);
    s.faults = [{ operation: 'DescribeOrganization', error: 'AccessDenied' }];
    const { scan } = await runScenario(s, { regions: ['us-east-1'], ...TG107_OPT_IN });
    assert.deepStrictEqual(scan.findings.filter((f) => f.ruleId === 'TG107').map((f) => [f.resource, f.status, f.reason]), [
      [ACCOUNT, 'unknown', 'whether this is an organization management account: missing IAM permission organizations:DescribeOrganization'],
    ]);
  });

  it('does not call Organizations unless TG107 is opted in', async () => {
    const { scan, calls } = await runScenario(inOrganization(ACCOUNT), { regions: ['us-east-1'] });
    assert.deepStrictEqual(calls.filter((c) => c.service === 'organizations'), []);
    assert.deepStrictEqual(scan.findings.filter((f) => f.ruleId === 'TG107').map((f) => [f.resource, f.status, f.reason]), [
      [ACCOUNT, 'optInNotEnabled', 'opt-in rule, not enabled (add TG107 to optIn)'],
    ]);
  });
});
