// A scan through a profile with endpoint_url must not open a single connection anywhere else (no IMDS probe, no
// real AWS endpoint, no STS regional endpoint for credentials).
import * as assert from 'assert';
import * as net from 'net';
import { runScenario, scenario } from './harness';

async function recordConnections<T>(fn: () => Promise<T>): Promise<{ result: T; targets: string[] }> {
  const targets: string[] = [];
  const original = net.Socket.prototype.connect;
  // Every TCP client connection (http, https, tls) goes through Socket#connect.
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // net.createConnection passes its already-normalised [options, callback] array as the first argument.
    const [first, second] = (Array.isArray(args[0]) ? args[0] : args) as [unknown, unknown];
    if (typeof first === 'object' && first !== null) {
      const o = first as { host?: string; port?: number; path?: string };
      targets.push(o.path ?? `${o.host ?? 'localhost'}:${o.port}`);
    } else {
      targets.push(typeof second === 'string' ? `${second}:${first}` : `localhost:${String(first)}`);
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
  try {
    return { result: await fn(), targets };
  } finally {
    net.Socket.prototype.connect = original;
  }
}

describe('live scan network isolation', function () {
  it('connects only to the endpoint of the profile', async () => {
    const { result, targets } = await recordConnections(() => runScenario(scenario('failing'), { regions: ['us-east-1', 'eu-west-1'] }));
    const endpoint = result.endpointUrl.replace('http://', '');
    assert.ok(targets.length > 0);
    assert.deepStrictEqual([...new Set(targets)], [endpoint]);
  });
});
