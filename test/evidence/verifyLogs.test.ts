// Log file integrity validation end to end: digest and log files signed with a key made here, served by the
// test endpoint, read through the real SDK (`trailguard verify-logs`), reported per hour: valid, a modified log
// file, a missing digest and the gap it leaves, and a broken previous-digest chain.
import * as assert from 'assert';
import { runVerifyLogs } from '../../src/cli/verifyLogs';
import { validateTrailLogs } from '../../src/evidence/logValidation';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import { addSignedLogs, makeSigningKey, type SignedLogsOptions } from '../support/aws-endpoint/digests';
import { PROFILE, scenario, withAwsEnv } from '../live/harness';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit';
const START = new Date('2026-12-01T10:00:00Z');
const BASE: Omit<SignedLogsOptions, 'hours'> = { bucket: 'acme-audit-logs-111122223333', account: '111122223333', region: 'us-east-1', trailName: 'org-audit', start: START };
const key = makeSigningKey();

async function verifyLogs(damage: Partial<SignedLogsOptions>, hours: number, args: string[] = []) {
  const s = scenario('compliant');
  addSignedLogs(s, key, { ...BASE, hours, ...damage });
  const endpoint = await startAwsEndpoint({ scenario: s });
  const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
  let stdout = '';
  let stderr = '';
  try {
    const code = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
      runVerifyLogs(['--profile', PROFILE, '--trail', TRAIL, '--from', START.toISOString(), '--to', new Date(START.getTime() + hours * 3_600_000).toISOString(), '--format', 'json', ...args],
        { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } }));
    return { code, stderr, out: stdout ? JSON.parse(stdout) : undefined, calls: endpoint.calls };
  } finally {
    await endpoint.close();
  }
}

describe('trailguard verify-logs', function () {
  this.timeout(60_000);

  it('every hour valid: signatures, chain and log file hashes check out (exit 0)', async () => {
    const { code, out, calls } = await verifyLogs({}, 3);
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(out.hours.map((h: { hour: string; status: string }) => [h.hour, h.status]), [
      ['2026-12-01T10:00Z', 'valid'], ['2026-12-01T11:00Z', 'valid'], ['2026-12-01T12:00Z', 'valid'],
    ]);
    assert.deepStrictEqual(out.digests.map((d: { status: string }) => d.status), ['valid', 'valid', 'valid']);
    assert.deepStrictEqual(out.logFiles, { valid: 3, modified: [], missing: [] });
    assert.ok(calls.some((c) => c.operation === 'ListPublicKeys') && calls.some((c) => c.operation === 'ListObjectsV2'));
  });

  it('a modified log file, a missing digest (and the gap it leaves) and a broken chain, each in its hour (exit 1)', async () => {
    const { code, out } = await verifyLogs({ tamperLog: 1, dropDigest: 2, breakChain: 4 }, 5);
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(out.hours.map((h: { status: string }) => h.status), ['valid', 'modified', 'missing', 'gap', 'gap']);
    assert.match(out.hours[1].detail.join(), /was modified \(SHA-256 differs\)/);
    assert.match(out.hours[3].detail.join(), /previous digest .*_20261201T130000Z\.json\.gz is missing/);
    assert.match(out.hours[4].detail.join(), /chain broken/);
    assert.strictEqual(out.logFiles.modified.length, 1);
  });

  it('a digest signed by another key, or altered after signing, is modified', () => {
    const s = scenario('compliant');
    const { digestKeys } = addSignedLogs(s, key, { ...BASE, hours: 1 });
    const obj = s.buckets[BASE.bucket]!.objects![digestKeys[0]!]!;
    const content = require('zlib').gunzipSync(Buffer.from(obj.bodyBase64, 'base64')) as Buffer;
    const tampered = Buffer.from(content.toString().replace('"PutObject"', '"x"').replace('10:10:00Z', '10:11:00Z'));
    const result = validateTrailLogs({
      digests: [{ bucket: BASE.bucket, key: digestKeys[0]!, content: tampered, signature: obj.metadata!.signature }],
      publicKeys: [{ fingerprint: key.fingerprint, der: Buffer.from(key.publicKeyDerBase64, 'base64') }],
      logFiles: new Map(), from: START, to: new Date(START.getTime() + 3_600_000),
    });
    assert.deepStrictEqual(result.digests.map((d) => d.status), ['invalid']);
    assert.strictEqual(result.hours[0]!.status, 'modified');
    const other = makeSigningKey();
    const unknown = validateTrailLogs({
      digests: [{ bucket: BASE.bucket, key: digestKeys[0]!, content, signature: obj.metadata!.signature }],
      publicKeys: [{ fingerprint: other.fingerprint, der: Buffer.from(other.publicKeyDerBase64, 'base64') }],
      logFiles: new Map(), from: START, to: new Date(START.getTime() + 3_600_000),
    });
    assert.deepStrictEqual(unknown.digests.map((d) => d.status), ['unverifiable']);
  });

  it('is bounded: --max-objects stops reading and the result says it is incomplete (exit 1)', async () => {
    const { code, out } = await verifyLogs({}, 3, ['--max-objects', '2']);
    assert.strictEqual(code, 1);
    assert.strictEqual(out.truncated, 'stopped after 2 objects');
  });

  it('usage errors exit 2', async () => {
    assert.strictEqual(await runVerifyLogs(['--trail', TRAIL], { stdout: () => undefined, stderr: () => undefined }), 2);
  });
});
