// Retention in practice where users see it: the evidence report (`trailguard evidence`, JSON and Markdown) and
// `trailguard scan --retention-in-practice` (text and JSON), over the test endpoint with a day of signed logs
// locked for only 30 days and a 3-hour delivery gap.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runEvidence, runVerify } from '../../src/cli/evidence';
import { runScan } from '../../src/cli/scan';
import { addSignedLogs, makeSigningKey } from '../support/aws-endpoint/digests';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { PROFILE, scenario, withAwsEnv } from '../live/harness';

const HOUR = 3_600_000;

async function cli(run: (io: { stdout: (t: string) => void; stderr: (t: string) => void }) => Promise<number>) {
  const s = scenario('compliant');
  const end = Math.floor(Date.now() / HOUR) * HOUR;
  addSignedLogs(s, makeSigningKey(), {
    bucket: 'acme-audit-logs-111122223333', account: '111122223333', region: 'us-east-1', trailName: 'org-audit',
    start: new Date(end - 24 * HOUR), hours: 24, retention: { mode: 'COMPLIANCE', days: 30 }, silentHours: [5, 6],
  });
  const endpoint = await startAwsEndpoint({ scenario: s });
  const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
  let stdout = '';
  let stderr = '';
  try {
    const code = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
      run({ stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } }));
    return { code, stdout, stderr, calls: endpoint.calls };
  } finally {
    await endpoint.close();
  }
}

describe('retention in practice in the evidence report and the scan output', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-retention-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the evidence report has a "Retention in practice" section per trail: oldest object, retain-until sample, delivery gaps', async () => {
    const run = await cli((io) => runEvidence(['--profile', PROFILE, '--region', 'us-east-1', '--out', dir], io));
    assert.strictEqual(run.code, 0, run.stderr);
    const json = fs.readdirSync(dir).find((f) => f.endsWith('.json'))!;
    const report = JSON.parse(fs.readFileSync(path.join(dir, json), 'utf8'));
    assert.strictEqual(report.retentionInPractice.length, 1);
    const r = report.retentionInPractice[0];
    assert.strictEqual(r.trailArn, 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit');
    assert.strictEqual(r.oldest.status, 'short', 'logging since 2024-01-15 but the oldest object is a day old');
    assert.strictEqual(r.retainUntil.status, 'short');
    assert.strictEqual(r.retainUntil.sampled, 10);
    assert.strictEqual(r.deliveryGaps.status, 'gaps');
    assert.strictEqual(r.deliveryGaps.gaps.length, 1);
    assert.strictEqual(r.deliveryGaps.gaps[0].hours, 3);
    // Stored verbatim like every check's evidence: the listings and GetObjectRetention answers, by hash, and verify resolves them.
    assert.ok(r.evidence.length >= 3 && r.evidence.every((h: string) => report.evidence[h]));
    const operations = new Set(r.evidence.flatMap((h: string) => report.evidence[h].calls.map((c: { operation: string }) => c.operation)));
    for (const op of ['DescribeTrails', 'GetTrailStatus', 'ListObjectsV2', 'GetObjectRetention']) assert.ok(operations.has(op), `${op} in ${[...operations].join(', ')}`);
    const verified = { out: '' };
    assert.strictEqual(await runVerify([path.join(dir, json)], { stdout: (t) => { verified.out += t; }, stderr: (t) => { verified.out += t; } }), 0, verified.out);
    const md = fs.readFileSync(path.join(dir, json.replace(/\.json$/, '.md')), 'utf8');
    // Markdown escapes the parentheses of the plain-text details.
    const section = md.slice(md.indexOf('## Retention in practice'), md.indexOf('## Controls')).replace(/\\([()])/g, '$1');
    assert.match(section, /^\| `arn:aws:cloudtrail:us-east-1:111122223333:trail\/org-audit` → `s3:\/\/acme-audit-logs-111122223333\/AWSLogs\/111122223333\/` \| \*\*SHORT\*\*: the oldest log object is from \d{4}-\d\d-\d\d \(\d day\(s\) old\), but logs should reach back to/m);
    assert.match(section, /\*\*SHORT\*\*: 10 of 10 sampled object\(s\) are retained for less than 365 days after they were written \(or not at all\)/);
    assert.match(section, /\*\*GAPS\*\*: 1 stretch\(es\) of more than an hour without a log file in us-east-1: .* \(3 h\)/);
    assert.strictEqual(section.match(/\| COMPLIANCE \|/g)?.length, 10, 'each sampled object listed with its mode');
  });

  it('--no-retention-in-practice: the report says it was not read, and no object is listed', async () => {
    const run = await cli((io) => runEvidence(['--profile', PROFILE, '--region', 'us-east-1', '--out', dir, '--no-retention-in-practice'], io));
    assert.strictEqual(run.code, 0, run.stderr);
    const json = fs.readdirSync(dir).find((f) => f.endsWith('.json'))!;
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(dir, json), 'utf8')).retentionInPractice, null);
    assert.match(fs.readFileSync(path.join(dir, json.replace(/\.json$/, '.md')), 'utf8'), /## Retention in practice\n\nNot read for this report\.\n/);
    assert.ok(!run.calls.some((c) => c.operation === 'GetObjectRetention'));
  });

  it('scan --retention-in-practice adds the section to the text and the JSON output', async () => {
    const text = await cli((io) => runScan(['--profile', PROFILE, '--region', 'us-east-1', '--retention-in-practice'], io));
    assert.match(text.stdout, /\nRetention in practice \(what the log buckets hold\):\n {2}arn:aws:cloudtrail:us-east-1:111122223333:trail\/org-audit → s3:\/\/acme-audit-logs-111122223333\/AWSLogs\/111122223333\/ \(minimum retention 365 days\)\n {4}oldest log object {3}SHORT {2}/);
    assert.match(text.stdout, /\n {4}delivery gaps {7}GAPS {2}1 stretch\(es\)/);
    const json = await cli((io) => runScan(['--profile', PROFILE, '--region', 'us-east-1', '--retention-in-practice', '--format', 'json'], io));
    const out = JSON.parse(json.stdout);
    assert.deepStrictEqual(out.retentionInPractice.map((r: { retainUntil: { status: string } }) => r.retainUntil.status), ['short']);
    const plain = await cli((io) => runScan(['--profile', PROFILE, '--region', 'us-east-1', '--format', 'json'], io));
    assert.strictEqual(JSON.parse(plain.stdout).retentionInPractice, undefined, 'not read unless asked: scan stays at its call budget');
    assert.ok(!plain.calls.some((c) => c.operation === 'GetObjectRetention' || c.operation === 'ListObjectsV2'));
  });
});
