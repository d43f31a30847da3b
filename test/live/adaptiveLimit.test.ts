// Per-service concurrency that adapts: starts at 8, grows while calls succeed, halves when AWS throttles.
import * as assert from 'assert';
import { AdaptiveLimit } from '../../src/live/adaptiveLimit';

/** A call that resolves when the test says so, recording how many were in flight when it started. */
function harness(limit: AdaptiveLimit) {
  let inFlight = 0;
  let peak = 0;
  const pending: ((throttled: boolean) => void)[] = [];
  const start = () => limit.run(() => new Promise<boolean>((resolve) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    pending.push((t) => { inFlight--; resolve(t); });
  }), (throttled) => throttled);
  return { start, pending, peak: () => peak, inFlight: () => inFlight };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('adaptive per-service concurrency', () => {
  it('starts at the initial limit and never has more calls in flight', async () => {
    const limit = new AdaptiveLimit({ initial: 8, max: 32 });
    const h = harness(limit);
    const all = Array.from({ length: 20 }, () => h.start());
    await tick();
    assert.strictEqual(h.inFlight(), 8);
    while (h.pending.length) { h.pending.shift()!(false); await tick(); }
    await Promise.all(all);
    assert.ok(h.peak() <= 10, `peak ${h.peak()}`);
  });

  it('grows by one after each run of successes, up to the maximum', async () => {
    const limit = new AdaptiveLimit({ initial: 2, max: 4, growEvery: 2 });
    const h = harness(limit);
    const all = Array.from({ length: 30 }, () => h.start());
    await tick();
    while (h.pending.length) { h.pending.shift()!(false); await tick(); }
    await Promise.all(all);
    assert.strictEqual(limit.limit, 4);
    assert.strictEqual(h.peak(), 4);
  });

  it('halves on throttling, down to one', async () => {
    const limit = new AdaptiveLimit({ initial: 8, max: 32 });
    const h = harness(limit);
    const all = Array.from({ length: 4 }, () => h.start());
    await tick();
    for (const expected of [4, 2, 1, 1]) {
      h.pending.shift()!(true);
      await tick();
      assert.strictEqual(limit.limit, expected);
    }
    await Promise.all(all);
  });
});
