import assert from 'node:assert/strict';
import { requestKey, ScanSession, type ScanRequest } from '../../src/extension/liveView/scanSession';
import type { AccountScan } from '../../src/live/types';
import { compliantScan, failingScan } from './fixtures';

/** A scanner whose calls the test resolves or rejects by hand; it rejects when aborted, as the SDK does. */
function fakeScanner() {
  const calls: { request: ScanRequest; signal: AbortSignal; onProgress(m: string): void; resolve(s: AccountScan): void; reject(e: unknown): void }[] = [];
  const fn = (request: ScanRequest, signal: AbortSignal, onProgress: (m: string) => void) => new Promise<AccountScan>((resolve, reject) => {
    calls.push({ request, signal, onProgress, resolve, reject });
    signal.addEventListener('abort', () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })));
  });
  return { fn, calls };
}

const prod: ScanRequest = { profile: 'prod', regions: ['us-east-1'], auditBucketPatterns: [] };
const dev: ScanRequest = { profile: 'dev', regions: ['us-east-1'], auditBucketPatterns: [] };

describe('live view scan session', () => {
  it('scanning → result, cached for the same request', async () => {
    const { fn, calls } = fakeScanner();
    const session = new ScanSession(fn);
    const seen: boolean[] = [];
    session.onDidChange(() => seen.push(session.state.scanning));
    const p = session.scan(prod);
    assert.equal(session.state.scanning, true);
    calls[0].onProgress('Listing trails in us-east-1');
    assert.equal(session.state.progress, 'Listing trails in us-east-1');
    const scan = compliantScan();
    calls[0].resolve(scan);
    assert.equal(await p, scan);
    assert.deepEqual(seen, [true, true, false]);
    assert.equal(session.state.progress, undefined);
    assert.equal(session.state.scan, scan);
    assert.equal(session.cached({ ...prod, regions: ['us-east-1'] }), scan);
    assert.equal(session.cached(dev), undefined);
  });

  it('a new scan aborts the one in flight, and the late result of the old one is dropped', async () => {
    const { fn, calls } = fakeScanner();
    const session = new ScanSession(fn);
    const first = session.scan(prod);
    const second = session.scan(dev);
    assert.equal(calls[0].signal.aborted, true);
    assert.equal(calls[1].signal.aborted, false);
    assert.equal(await first, undefined);
    const devScan = failingScan();
    calls[1].resolve(devScan);
    assert.equal(await second, devScan);
    assert.equal(session.state.request?.profile, 'dev');
    assert.equal(session.state.scan, devScan);
    assert.equal(session.cached(prod), undefined);
  });

  it('switching back to a request shows its cached scan while rescanning', async () => {
    const { fn, calls } = fakeScanner();
    const session = new ScanSession(fn);
    const prodScan = compliantScan();
    const p1 = session.scan(prod); calls[0].resolve(prodScan); await p1;
    const p2 = session.scan(dev); calls[1].resolve(failingScan()); await p2;
    void session.scan(prod);
    assert.equal(session.state.scanning, true);
    assert.equal(session.state.scan, prodScan);
    session.cancel();
    assert.equal(calls[2].signal.aborted, true);
    assert.equal(session.state.scanning, false);
    assert.equal(session.state.scan, prodScan);
  });

  it('a scanner error is kept in the state with the previous result, not thrown', async () => {
    const { fn, calls } = fakeScanner();
    const session = new ScanSession(fn);
    const p1 = session.scan(prod); const scan = compliantScan(); calls[0].resolve(scan); await p1;
    const p2 = session.scan(prod);
    calls[1].reject(new Error('connect ETIMEDOUT 127.0.0.1:4566'));
    assert.equal(await p2, undefined);
    assert.equal(session.state.error, 'connect ETIMEDOUT 127.0.0.1:4566');
    assert.equal(session.state.scan, scan);
  });

  it('select shows a cached scan without calling the scanner', () => {
    const { fn, calls } = fakeScanner();
    const scan = compliantScan();
    const session = new ScanSession(fn, [[requestKey({ ...prod, regions: ['us-east-1'] }), scan]]);
    session.select(prod);
    assert.equal(calls.length, 0);
    assert.equal(session.state.scan, scan);
    session.select(dev);
    assert.equal(session.state.scan, undefined);
  });
});

describe('live view scan cache key', () => {
  it('differs when anything that changes the verdicts differs, not when only the order of a list does', () => {
    const base = { profile: 'prod', regions: ['us-east-1', 'eu-west-1'], auditBucketPatterns: ['a-*', 'b-*'] };
    assert.equal(requestKey(base), requestKey({ ...base, regions: ['eu-west-1', 'us-east-1'], auditBucketPatterns: ['b-*', 'a-*'] }));
    assert.notEqual(requestKey(base), requestKey({ ...base, profile: 'dev' }));
    assert.notEqual(requestKey(base), requestKey({ ...base, endpointUrl: 'http://localhost:4566' }));
    assert.notEqual(requestKey(base), requestKey({ ...base, minRetentionDays: 90 }));
    assert.notEqual(requestKey(base), requestKey({ ...base, ruleSettings: { TG204: 'off' } }));
    assert.equal(requestKey({ ...base, ruleSettings: { TG204: 'off', TG101: 'warning' } }), requestKey({ ...base, ruleSettings: { TG101: 'warning', TG204: 'off' } }));
  });
});
