// Account-level live checks: AWS Config must record global resource types in exactly ONE region of the account,
// so TG402 is judged over every scanned region's recorders together, not per region.
import * as assert from 'assert';
import type { Scenario } from '../support/aws-endpoint/scenario';
import type { AccountScan } from '../../src/live/types';
import { runScenario, scenario } from './harness';

const SLR = 'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';

/** The compliant account (globals recorded in us-east-1) plus a recording eu-west-1 recorder. */
function twoRegions(euWestRecordsGlobals: boolean, usEastRecordsGlobals = true): Scenario {
  const s = scenario('compliant');
  s.regions['us-east-1']!.recorders![0]!.recorder.recordingGroup = {
    allSupported: true, includeGlobalResourceTypes: usEastRecordsGlobals, resourceTypes: [], recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
  };
  s.regions['eu-west-1'] = {
    recorders: [{
      recorder: {
        name: 'default',
        roleARN: SLR,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: euWestRecordsGlobals, resourceTypes: [], recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
      },
    }],
  };
  return s;
}

/** `region → [status, severity]` of TG402 on the recorders. */
function tg402ByRegion(scan: AccountScan): Record<string, [string, string][]> {
  return Object.fromEntries(scan.regions.map((r) => [
    r.region,
    r.recorders.flatMap((rec) => rec.checks.filter((c) => c.ruleId === 'TG402').map((c): [string, string] => [c.status, c.severity])),
  ]));
}

describe('live scan: TG402 over all regions of the account', function () {
  it('passes both regions when only one region records global resource types', async () => {
    const { scan } = await runScenario(twoRegions(false), { regions: ['us-east-1', 'eu-west-1'] });
    assert.deepStrictEqual(tg402ByRegion(scan), { 'us-east-1': [['pass', 'info']], 'eu-west-1': [['pass', 'info']] });
    assert.deepStrictEqual(scan.findings.filter((f) => f.ruleId === 'TG402' && f.status !== 'pass'), []);
    // One evaluation: each recorder has exactly one TG402 result in the flat list.
    assert.deepStrictEqual(scan.findings.filter((f) => f.ruleId === 'TG402').map((f) => f.region).sort(), ['eu-west-1', 'us-east-1']);
  });

  it('gives an Information finding to the second region that also records them', async () => {
    const { scan } = await runScenario(twoRegions(true), { regions: ['us-east-1', 'eu-west-1'] });
    assert.deepStrictEqual(tg402ByRegion(scan), { 'us-east-1': [['pass', 'info']], 'eu-west-1': [['fail', 'info']] });
    const dup = scan.findings.find((f) => f.ruleId === 'TG402' && f.status === 'fail')!;
    assert.strictEqual(dup.message, 'Global resource types are also recorded by default (us-east-1): record them in one region only');
  });

  it('fails once, naming the scanned regions, when no region records them', async () => {
    const { scan } = await runScenario(twoRegions(false, false), { regions: ['us-east-1', 'eu-west-1'] });
    const failures = scan.findings.filter((f) => f.ruleId === 'TG402' && f.status === 'fail');
    assert.deepStrictEqual(failures.map((f) => [f.region, f.severity]), [['us-east-1', 'info']]);
    assert.match(failures[0]!.message, /^No Config recorder in the scanned regions us-east-1, eu-west-1 records global resource types \(`recordingGroup.includeGlobalResourceTypes` is not true\)/);
  });

  it('still judges the other Config checks per region', async () => {
    const s = twoRegions(false);
    s.regions['eu-west-1']!.recorders![0]!.status = { recording: false };
    const { scan } = await runScenario(s, { regions: ['us-east-1', 'eu-west-1'] });
    const tg403 = Object.fromEntries(scan.regions.map((r) => [r.region, r.recorders[0]!.checks.find((c) => c.ruleId === 'TG403')?.status]));
    assert.deepStrictEqual(tg403, { 'us-east-1': 'pass', 'eu-west-1': 'fail' });
  });

  it('an unscanned region does not count: scanning only eu-west-1 fails it', async () => {
    const { scan } = await runScenario(twoRegions(false), { regions: ['eu-west-1'] });
    assert.deepStrictEqual(tg402ByRegion(scan), { 'eu-west-1': [['fail', 'info']] });
  });
});
