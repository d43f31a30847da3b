// TG111 (opt-in) and TG108 on the live surface, end to end: the trail's GetEventSelectors answer decides. rules.md
// TG111: PASS if some trail has an S3 object data selector covering the bucket (`arn:aws:s3`, `arn:aws:s3:::`,
// `arn:aws:s3:::*/*` or `arn:aws:s3:::<bucket>/`) with RW type `All` (or one ReadOnly and one WriteOnly).
import * as assert from 'assert';
import type { Scenario } from '../support/aws-endpoint/scenario';
import { runScenario, scenario, statusesOf } from './harness';

const REGION_ANCHOR = '111122223333 (us-east-1)';

/** The compliant account whose trail also selects S3 object data events as `selectors` say. */
function withDataEvents(...selectors: { ReadWriteType: string; values: string[] }[]): Scenario {
  const s = scenario('compliant');
  const trail = s.regions['us-east-1']!.trails![0]!;
  trail.selectors = {
    EventSelectors: selectors.map((x) => ({
      ReadWriteType: x.ReadWriteType, IncludeManagementEvents: true, ExcludeManagementEventSources: [],
      DataResources: [{ Type: 'AWS::S3::Object', Values: x.values }],
    })),
  };
  return s;
}

const tg111 = async (s: Scenario) => {
  const { scan } = await runScenario(s, { regions: ['us-east-1'], ruleOptions: { optIn: ['TG111'] } });
  const check = scan.findings.find((f) => f.ruleId === 'TG111' && f.resource === REGION_ANCHOR);
  assert.ok(check, 'TG111 is evaluated on the region once opted in');
  return check;
};

describe('live scan: S3 data events (TG111 opt-in, TG108)', function () {
  this.timeout(30_000);

  it('TG111 fails the region when no trail records S3 object-level data events', async () => {
    const check = await tg111(scenario('compliant'));
    assert.deepStrictEqual([check.status, check.message], ['fail', 'No trail records S3 object-level read and write data events for all buckets (CIS 3.8/3.9)']);
  });

  it('TG111 passes all buckets selected with ReadWriteType All', async () => {
    assert.strictEqual((await tg111(withDataEvents({ ReadWriteType: 'All', values: ['arn:aws:s3'] }))).status, 'pass');
  });

  it('TG111 passes a ReadOnly and a WriteOnly selector together', async () => {
    const s = withDataEvents({ ReadWriteType: 'ReadOnly', values: ['arn:aws:s3:::'] }, { ReadWriteType: 'WriteOnly', values: ['arn:aws:s3:::'] });
    assert.strictEqual((await tg111(s)).status, 'pass');
  });

  it('TG111 fails a ReadOnly selector alone: write events are missing', async () => {
    const check = await tg111(withDataEvents({ ReadWriteType: 'ReadOnly', values: ['arn:aws:s3'] }));
    assert.deepStrictEqual([check.status, check.message], ['fail', 'No trail records S3 object-level write data events for all buckets (CIS 3.8/3.9)']);
  });

  // Live, the region is judged for all of the account's buckets (as Prowler's cloudtrail_s3_dataevents_*_enabled).
  it('TG111 fails a selector naming one bucket: it does not cover all buckets', async () => {
    const check = await tg111(withDataEvents({ ReadWriteType: 'All', values: ['arn:aws:s3:::acme-audit-logs-111122223333/'] }));
    assert.strictEqual(check.status, 'fail');
  });

  it('TG111 opted in makes TG108 not applicable; without it TG108 escalates all buckets, its own log bucket included', async () => {
    const s = withDataEvents({ ReadWriteType: 'All', values: ['arn:aws:s3'] });
    const on = await runScenario(s, { regions: ['us-east-1'], ruleOptions: { optIn: ['TG111'] } });
    assert.strictEqual(statusesOf(on.scan, 'org-audit').TG108, 'notApplicable');
    const off = await runScenario(withDataEvents({ ReadWriteType: 'All', values: ['arn:aws:s3'] }), { regions: ['us-east-1'] });
    const tg108 = off.scan.findings.find((f) => f.ruleId === 'TG108' && f.resource === 'org-audit');
    assert.strictEqual(tg108?.status, 'fail');
    assert.deepStrictEqual([tg108!.severity, tg108!.message], ['warning', 'Trail records AWS::S3::Object data events for every resource of the type, including its own log bucket acme-audit-logs-111122223333: every log delivery is itself logged (self-logging loop)']);
  });
});
