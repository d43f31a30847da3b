// Log file integrity validation end to end: digest and log files signed with a key made here, served by the
// test endpoint, read through the real SDK (`trailguard verify-logs`), reported per hour: valid, a modified log
// file, a missing digest and the gap it leaves, and a broken previous-digest chain.
import * as assert from 'assert';
import { runVerifyLogs } from '../../src/cli/verifyLogs';
import { validateTrailLogs } from '../../src/evidence/logValidation';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { writeEndpointProfile, writeEndpointProfiles } from '../support/aws-endpoint/profile';
import { addDemoOrganizationLogs, addSignedLogs, makeSigningKey, type SignedLogsOptions } from '../support/aws-endpoint/digests';
import { loadOrganizationScenario } from '../support/aws-endpoint/scenario';
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
    assert.deepStrictEqual(out.logFiles, { valid: 3, modified: [], missing: [], unknown: [] });
    assert.deepStrictEqual(out.files.map((f: { status: string }) => f.status), ['valid', 'valid', 'valid']);
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

  it('a multi-region trail: every region with digests is validated on its own chain (as validate-logs); --region narrows it', async () => {
    const s = scenario('compliant');
    addSignedLogs(s, key, { ...BASE, hours: 2 });
    addSignedLogs(s, makeSigningKey(), { ...BASE, region: 'eu-west-1', hours: 2, tamperLog: 1 });
    const endpoint = await startAwsEndpoint({ scenario: s });
    const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
    const run = async (args: string[]) => {
      let stdout = '';
      const code = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
        runVerifyLogs(['--profile', PROFILE, '--trail', TRAIL, '--from', START.toISOString(), '--to', new Date(START.getTime() + 2 * 3_600_000).toISOString(), ...args],
          { stdout: (t) => { stdout += t; }, stderr: () => undefined }));
      return { code, stdout };
    };
    try {
      const all = await run(['--format', 'json']);
      assert.strictEqual(all.code, 1);
      const out = JSON.parse(all.stdout);
      assert.deepStrictEqual(out.regions, ['eu-west-1', 'us-east-1']);
      assert.deepStrictEqual(out.hours.map((h: { region: string; hour: string; status: string }) => `${h.region} ${h.hour} ${h.status}`), [
        'eu-west-1 2026-12-01T10:00Z valid', 'eu-west-1 2026-12-01T11:00Z modified', 'us-east-1 2026-12-01T10:00Z valid', 'us-east-1 2026-12-01T11:00Z valid',
      ]);
      const text = await run([]);
      assert.match(text.stdout, /^eu-west-1 {7}2026-12-01T11:00Z {2}modified {2}log file AWSLogs\/111122223333\/CloudTrail\/eu-west-1\//m);
      assert.strictEqual((await run(['--region', 'us-east-1'])).code, 0);
    } finally {
      await endpoint.close();
    }
  });

  it('usage errors exit 2', async () => {
    assert.strictEqual(await runVerifyLogs(['--trail', TRAIL], { stdout: () => undefined, stderr: () => undefined }), 2);
  });
});

describe('trailguard verify-logs on an organization trail (AWSLogs/<o-id>/<account>/)', function () {
  this.timeout(60_000);
  const NOW = new Date('2026-12-06T03:20:00Z');

  async function orgVerify(args: string[]) {
    const org = loadOrganizationScenario('demo-organization');
    const logs = addDemoOrganizationLogs(org, NOW, 8);
    const endpoint = await startAwsEndpoint({ scenario: org });
    const files = writeEndpointProfiles(endpoint.url, [
      { name: 'mgmt', accessKeyId: 'AKIADEMOMANAGEMENT01' }, { name: 'archive', accessKeyId: 'AKIADEMOLOGARCHIVE01' },
    ]);
    let stdout = '';
    let stderr = '';
    try {
      const code = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
        runVerifyLogs(['--trail', 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail', '--from', logs.start.toISOString(), '--to', logs.end.toISOString(), ...args],
          { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } }));
      return { code, stdout, stderr, logs };
    } finally {
      await endpoint.close();
    }
  }

  it('finds the digests under the organization id, reads the log archive bucket with --bucket-profile, and reports per hour and per file', async () => {
    const { code, stdout, logs } = await orgVerify(['--profile', 'mgmt', '--bucket-profile', 'archive', '--format', 'json']);
    assert.strictEqual(code, 1);
    const out = JSON.parse(stdout);
    assert.strictEqual(out.organizationId, 'o-a1b2c3d4e5');
    assert.strictEqual(out.digestPrefix, 'AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Digest/');
    assert.deepStrictEqual(out.regions, ['us-east-1']);
    // 8 hours: log 2 tampered, hours 4 and 5 without a delivery, digest 6 deleted (the next one's chain has a gap).
    assert.deepStrictEqual(out.hours.map((h: { hour: string; status: string }) => `${h.hour} ${h.status}`), [
      '2026-12-05T19:00Z valid', '2026-12-05T20:00Z valid', '2026-12-05T21:00Z modified', '2026-12-05T22:00Z valid',
      '2026-12-05T23:00Z valid', '2026-12-06T00:00Z valid', '2026-12-06T01:00Z missing', '2026-12-06T02:00Z gap',
    ]);
    assert.deepStrictEqual(out.files.filter((f: { status: string }) => f.status !== 'valid').map((f: { key: string; status: string }) => [f.status, f.key]), [['modified', logs.tamperedLog]]);
    assert.strictEqual(out.files.filter((f: { status: string }) => f.status === 'valid').length, 4);
    assert.match(logs.tamperedLog, /^AWSLogs\/o-a1b2c3d4e5\/111122223333\/CloudTrail\/us-east-1\/2026\/12\/05\//);
  });

  it('text output lists the files that are not valid; the bucket unreadable without the log archive profile is an error, not a result', async () => {
    const text = await orgVerify(['--profile', 'mgmt', '--bucket-profile', 'archive']);
    assert.match(text.stdout, /^Log files not valid:\n {2}modified {2}AWSLogs\/o-a1b2c3d4e5\/111122223333\/CloudTrail\/.*\(SHA-256 differs from the digest\)$/m);
    assert.match(text.stdout, /^7\/7 digest file\(s\) valid; 4 log file\(s\) valid, 1 modified, 0 missing, 0 unknown$/m);
    const denied = await orgVerify(['--profile', 'mgmt']);
    assert.strictEqual(denied.code, 2);
    assert.strictEqual(denied.stderr, 'trailguard verify-logs: missing IAM permission s3:ListBucket\n');
  });

  it('--account of a member account with no files: every hour missing; --account on an account trail is a usage error', async () => {
    const member = await orgVerify(['--profile', 'mgmt', '--bucket-profile', 'archive', '--account', '333344445555', '--format', 'json']);
    assert.strictEqual(member.code, 1);
    const out = JSON.parse(member.stdout);
    assert.strictEqual(out.digestPrefix, 'AWSLogs/o-a1b2c3d4e5/333344445555/CloudTrail-Digest/');
    assert.ok(out.hours.every((h: { status: string }) => h.status === 'missing'));
    const single = await verifyLogs({}, 1, ['--account', '999988887777']);
    assert.strictEqual(single.code, 2);
    assert.match(single.stderr, /org-audit is not an organization trail: it logs only account 111122223333/);
  });
});

describe('log file validation: what could not be read is unknown, never tampering', () => {
  it('an unreadable log file and an unreadable digest make their hours unknown', () => {
    const s = scenario('compliant');
    const { logKeys, digestKeys } = addSignedLogs(s, key, { ...BASE, hours: 2 });
    const objects = s.buckets[BASE.bucket]!.objects!;
    const gunzip = (b64: string) => require('zlib').gunzipSync(Buffer.from(b64, 'base64')) as Buffer;
    const result = validateTrailLogs({
      digests: [{ bucket: BASE.bucket, key: digestKeys[0]!, content: gunzip(objects[digestKeys[0]!]!.bodyBase64), signature: objects[digestKeys[0]!]!.metadata!.signature }],
      unreadableDigests: [{ key: digestKeys[1]!, endTime: START.getTime() + 2 * 3_600_000, reason: 'AccessDenied: s3:GetObject' }],
      publicKeys: [{ fingerprint: key.fingerprint, der: Buffer.from(key.publicKeyDerBase64, 'base64') }],
      logFiles: new Map([[logKeys[0]!, { unreadable: 's3:GetObject denied' }]]), from: START, to: new Date(START.getTime() + 2 * 3_600_000),
    });
    assert.deepStrictEqual(result.hours.map((h) => h.status), ['unknown', 'unknown']);
    assert.deepStrictEqual(result.files.map((f) => [f.status, f.detail]), [['unknown', 's3:GetObject denied']]);
    assert.deepStrictEqual(result.digests.map((d) => d.status), ['unreadable', 'valid']);
    assert.deepStrictEqual(result.logFiles, { valid: 0, modified: [], missing: [], unknown: [logKeys[0]] });
  });
});
