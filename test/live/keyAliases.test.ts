// KMS key aliases come from one ListAliases listing per account and region (no KeyId, paginated), shared by every
// key read there, instead of one ListAliases per key: no rule reads aliases, they only link code that names a key
// by alias. A failed or runaway listing leaves the keys' aliases unknown, as a failed per-key call did.
import * as assert from 'assert';
import type { Key } from '../../src/core/model';
import { MAX_ALIAS_PAGES } from '../../src/live/keyAliases';
import type { AccountScan } from '../../src/live/types';
import type { Scenario, ScenarioFault } from '../support/aws-endpoint/scenario';
import { runScenario, scenario } from './harness';

const ACCOUNT = '111122223333';
const keyArn = (i: number) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/0000000${i}-aaaa-4000-8000-000000000000`;
const keyIdOf = (i: number) => keyArn(i).split('/').pop()!;

/** The compliant account with `n` trails in us-east-1, trail i encrypted with key i, which has `aliases(i)`. */
function keysAccount(n: number, aliases: (i: number) => string[], faults: ScenarioFault[] = []): Scenario {
  const s = scenario('compliant', faults);
  const region = s.regions['us-east-1']!;
  const [trailTemplate] = region.trails!;
  const [[, keyTemplate]] = Object.entries(s.keys);
  region.trails = [];
  s.keys = {};
  for (let i = 0; i < n; i++) {
    const name = `trail-${i}`;
    region.trails.push({ ...trailTemplate!, trail: { ...trailTemplate!.trail, Name: name, TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${name}`, KmsKeyId: keyArn(i) } });
    s.keys[keyArn(i)] = { ...keyTemplate!, metadata: { ...keyTemplate!.metadata, Arn: keyArn(i), KeyId: keyIdOf(i) }, aliases: aliases(i) };
  }
  return s;
}

function keysOf(scan: AccountScan): Map<string, Key> {
  assert.strictEqual(scan.error, undefined, scan.error);
  return new Map((scan.liveScenes ?? []).flatMap((r) => r.scene.keys).map((k) => [k.id, k]));
}

/** Every TG3xx check of every key was judged (the scan completed and aliases do not decide any check). */
function assertKeyChecksJudged(scan: AccountScan, n: number): void {
  for (let i = 0; i < n; i++) {
    const checks = scan.findings.filter((f) => f.resource === keyArn(i) && /^TG3/.test(f.ruleId));
    assert.ok(checks.length > 0, `no key checks for ${keyArn(i)}`);
    assert.deepStrictEqual(checks.filter((f) => f.status === 'unknown').map((f) => `${f.ruleId} ${f.reason}`), []);
  }
}

describe('live scan: KMS key aliases from one listing per account and region', function () {
  this.timeout(120_000);

  it('reads the aliases of 6 keys in one region with one ListAliases (no KeyId), each key still linked by its own', async () => {
    const s = keysAccount(6, (i) => (i === 5 ? [] : i === 4 ? ['alias/four', 'alias/__proto__'] : [`alias/key-${i}`]));
    // Latency keeps the listing in flight while the other keys are read: they wait on it instead of starting their own.
    const { scan, calls } = await runScenario(s, { regions: ['us-east-1'], keepScenes: true, latencyMs: 30 });
    const listings = calls.filter((c) => c.operation === 'ListAliases');
    assert.deepStrictEqual(listings.map((c) => [c.region, c.resource, c.status]), [['us-east-1', undefined, 200]]);
    assert.deepStrictEqual(scan.apiCalls?.filter((c) => c.operation === 'ListAliases').map((c) => c.request), [{ Limit: 100 }]);
    const keys = keysOf(scan);
    assert.strictEqual(keys.size, 6);
    for (let i = 0; i < 4; i++) {
      assert.deepStrictEqual(keys.get(keyArn(i))!.aliases, [`alias/key-${i}`]);
      assert.deepStrictEqual(keys.get(keyArn(i))!.evidence!.ListAliases, {
        Aliases: [{ AliasName: `alias/key-${i}`, AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/key-${i}`, TargetKeyId: keyIdOf(i) }],
      });
    }
    assert.deepStrictEqual(keys.get(keyArn(4))!.aliases, ['alias/__proto__', 'alias/four']);
    // A key no alias points at has none (an answer, not unknown).
    assert.deepStrictEqual([keys.get(keyArn(5))!.aliases, keys.get(keyArn(5))!.evidence!.ListAliases], [[], { Aliases: [] }]);
    // Calls per key: the three the rules need.
    const perKey = calls.filter((c) => c.service === 'kms' && c.resource === keyArn(0)).map((c) => c.operation).sort();
    assert.deepStrictEqual(perKey, ['DescribeKey', 'GetKeyPolicy', 'GetKeyRotationStatus']);
    assertKeyChecksJudged(scan, 6);
  });

  it('follows NextMarker through a listing of 250 aliases (Limit 100: 3 pages) and gives every key all of its own', async () => {
    const s = keysAccount(5, (i) => Array.from({ length: 50 }, (_, j) => `alias/k${i}-a${String(j).padStart(2, '0')}`));
    const { scan, calls } = await runScenario(s, { regions: ['us-east-1'], keepScenes: true });
    const requests = scan.apiCalls!.filter((c) => c.operation === 'ListAliases').map((c) => c.request);
    assert.deepStrictEqual(requests, [{ Limit: 100 }, { Limit: 100, Marker: 'tg-alias-marker-100' }, { Limit: 100, Marker: 'tg-alias-marker-200' }]);
    assert.strictEqual(calls.filter((c) => c.operation === 'ListAliases').length, 3);
    const keys = keysOf(scan);
    for (let i = 0; i < 5; i++) {
      const key = keys.get(keyArn(i))!;
      assert.deepStrictEqual(key.aliases, Array.from({ length: 50 }, (_, j) => `alias/k${i}-a${String(j).padStart(2, '0')}`));
      assert.ok((key.evidence!.ListAliases as { Aliases: { TargetKeyId: string }[] }).Aliases.every((a) => a.TargetKeyId === keyIdOf(i)));
    }
  });

  it('a denied listing leaves every key\'s aliases unknown (evidence says why), asks once, and the scan completes', async () => {
    const s = keysAccount(4, (i) => [`alias/key-${i}`], [{ operation: 'ListAliases', error: 'AccessDeniedException' }]);
    const { scan, calls } = await runScenario(s, { regions: ['us-east-1'], keepScenes: true });
    assert.strictEqual(calls.filter((c) => c.operation === 'ListAliases').length, 1);
    const keys = keysOf(scan);
    for (let i = 0; i < 4; i++) {
      const key = keys.get(keyArn(i))!;
      assert.deepStrictEqual(key.aliases, []);
      assert.deepStrictEqual(key.evidence!.ListAliases, { error: 'AccessDeniedException', reason: 'missing IAM permission kms:ListAliases' });
    }
    assertKeyChecksJudged(scan, 4);
  });

  it('a listing throttled past its retries leaves the aliases unknown; throttling that recovers does not', async () => {
    const stuck = await runScenario(keysAccount(3, (i) => [`alias/key-${i}`], [{ operation: 'ListAliases', error: 'ThrottlingException' }]), { regions: ['us-east-1'], keepScenes: true, maxAttempts: 2 });
    for (const key of keysOf(stuck.scan).values()) {
      assert.deepStrictEqual(key.aliases, []);
      assert.strictEqual((key.evidence!.ListAliases as { error?: string }).error, 'ThrottlingException');
    }
    assertKeyChecksJudged(stuck.scan, 3);
    const recovers = await runScenario(keysAccount(3, (i) => [`alias/key-${i}`], [{ operation: 'ListAliases', error: 'ThrottlingException', times: 1 }]), { regions: ['us-east-1'], keepScenes: true });
    for (let i = 0; i < 3; i++) assert.deepStrictEqual(keysOf(recovers.scan).get(keyArn(i))!.aliases, [`alias/key-${i}`]);
  });

  it(`stops an endless listing at ${MAX_ALIAS_PAGES} pages (and at a NextMarker given twice); keys it did not reach have unknown aliases`, async () => {
    const endless = await runScenario(keysAccount(3, (i) => [`alias/key-${i}`], [{ operation: 'ListAliases', error: 'EndlessPages200' }]), { regions: ['us-east-1'], keepScenes: true });
    assert.strictEqual(endless.calls.filter((c) => c.operation === 'ListAliases').length, MAX_ALIAS_PAGES);
    for (const key of keysOf(endless.scan).values()) {
      assert.deepStrictEqual(key.aliases, []);
      assert.deepStrictEqual(key.evidence!.ListAliases, { error: 'ListingIncomplete', reason: `the key's aliases are unknown: ListAliases in us-east-1 stopped after ${MAX_ALIAS_PAGES} pages` });
    }
    assertKeyChecksJudged(endless.scan, 3);
    const looping = await runScenario(keysAccount(2, (i) => [`alias/key-${i}`], [{ operation: 'ListAliases', error: 'SameMarker200' }]), { regions: ['us-east-1'], keepScenes: true });
    assert.strictEqual(looping.calls.filter((c) => c.operation === 'ListAliases').length, 2);
    for (const key of keysOf(looping.scan).values()) {
      assert.deepStrictEqual(key.evidence!.ListAliases, { error: 'ListingIncomplete', reason: 'the key\'s aliases are unknown: ListAliases in us-east-1 gave the same NextMarker twice' });
    }
  });

  it('lists nothing for another account\'s key read with this account\'s credentials (ListAliases is per account)', async () => {
    const s = keysAccount(1, () => ['alias/own']);
    const foreign = 'arn:aws:kms:us-east-1:999988887777:key/ffffffff-0000-4000-8000-000000000000';
    s.regions['us-east-1']!.trails![0]!.trail.KmsKeyId = foreign;
    const { scan, calls } = await runScenario(s, { regions: ['us-east-1'], keepScenes: true });
    assert.deepStrictEqual(calls.filter((c) => c.operation === 'ListAliases'), []);
    const key = keysOf(scan).get(foreign)!;
    assert.deepStrictEqual([key.aliases, 'ListAliases' in key.evidence!], [[], false]);
  });
});
