// `trailguard evidence` and `trailguard verify` end to end: the scan of the local endpoint written as Markdown,
// JSON and checksums (signed), `--previous`, and `verify` on the intact and the tampered report.
import * as assert from 'assert';
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runEvidence, runVerify } from '../../src/cli/evidence';
import { lintSources } from '../../src/core/engine';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import { PROFILE, scenario, withAwsEnv } from '../live/harness';

interface Run { code: number; stdout: string; stderr: string }
const io = () => {
  const run = { stdout: '', stderr: '' };
  return { run, io: { stdout: (t: string) => { run.stdout += t; }, stderr: (t: string) => { run.stderr += t; } } };
};

async function evidenceCli(args: string[], cwd: string): Promise<Run> {
  const endpoint = await startAwsEndpoint({ scenario: scenario('failing') });
  const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
  const { run, io: out } = io();
  const before = process.cwd();
  try {
    process.chdir(cwd);
    const code = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () => runEvidence(args, out));
    return { code, ...run };
  } finally {
    process.chdir(before);
    await endpoint.close();
  }
}

async function verifyCli(args: string[]): Promise<Run> {
  const { run, io: out } = io();
  const code = await runVerify(args, out);
  return { code, ...run };
}

describe('trailguard evidence / verify', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-evidence-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes Markdown, JSON, checksums and signature; verify passes, then fails on a modified report', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(path.join(dir, 'sign.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    fs.writeFileSync(path.join(dir, 'pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    fs.writeFileSync(path.join(dir, '.trailguard.yaml'), 'ignore:\n  - resource: legacy-trail-logs\n    rules: [TG204]\n    reason: root MFA pending\n    expires: 2099-01-01\n');
    const run = await evidenceCli(['--profile', PROFILE, '--region', 'us-east-1', '--out', 'out', '--sign-key', 'sign.pem'], dir);
    assert.strictEqual(run.stderr, '');
    assert.strictEqual(run.code, 0);
    const written = fs.readdirSync(path.join(dir, 'out')).sort();
    assert.strictEqual(written.length, 4);
    const base = written.find((f) => f.endsWith('.json'))!.replace(/\.json$/, '');
    assert.match(base, /^trailguard-evidence-111122223333-\d{8}T\d{6}Z$/);
    assert.deepStrictEqual(written, [`${base}.json`, `${base}.md`, `${base}.sha256`, `${base}.sha256.sig`]);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'out', `${base}.json`), 'utf8'));
    assert.deepStrictEqual(report.exceptions.map((e: { reason: string; state: string }) => [e.reason, e.state]), [['root MFA pending', 'active']]);
    assert.match(run.stdout, /NOT AWS — local endpoint 127\.0\.0\.1:\d+/);

    const ok = await verifyCli([path.join(dir, 'out', `${base}.md`), '--public-key', path.join(dir, 'pub.pem')]);
    assert.strictEqual(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /report verified\n$/);

    const md = path.join(dir, 'out', `${base}.md`);
    fs.writeFileSync(md, fs.readFileSync(md, 'utf8').replace('FAIL', 'PASS'));
    const bad = await verifyCli([path.join(dir, 'out', `${base}.json`)]);
    assert.strictEqual(bad.code, 1);
    assert.match(bad.stdout, /FAIL .*\.md: SHA-256 differs from the checksum file \(modified\)/);
  });

  it('--previous: first-seen dates carry over and the report lists what changed', async () => {
    const first = await evidenceCli(['--profile', PROFILE, '--region', 'us-east-1', '--out', 'a'], dir);
    assert.strictEqual(first.code, 0, first.stderr);
    const prev = path.join(dir, 'a', fs.readdirSync(path.join(dir, 'a')).find((f) => f.endsWith('.json'))!);
    const second = await evidenceCli(['--profile', PROFILE, '--region', 'us-east-1', '--out', 'b', '--previous', prev], dir);
    assert.strictEqual(second.code, 0, second.stderr);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'b', fs.readdirSync(path.join(dir, 'b')).find((f) => f.endsWith('.json'))!), 'utf8'));
    const old = JSON.parse(fs.readFileSync(prev, 'utf8'));
    assert.deepStrictEqual(report.changes, []);
    const tg101 = report.checks.find((c: { ruleId: string; status: string }) => c.ruleId === 'TG101' && c.status === 'fail');
    assert.strictEqual(tg101.firstSeen, old.run.generatedAt);
    assert.match(fs.readFileSync(path.join(dir, 'b', fs.readdirSync(path.join(dir, 'b')).find((f) => f.endsWith('.md'))!), 'utf8'), /## What changed since/);
  });

  it('an unreadable --previous is a usage error (exit 2)', async () => {
    fs.writeFileSync(path.join(dir, 'x.json'), '{"hello": 1}');
    const run = await evidenceCli(['--profile', PROFILE, '--previous', 'x.json'], dir);
    assert.strictEqual(run.code, 2);
    assert.match(run.stderr, /not a TrailGuard evidence report/);
  });
});

describe('.trailguard.yaml ignore with expires', () => {
  it('suppresses until the expiry date, not from that day on', async () => {
    const tf = { path: 'main.tf', text: 'resource "aws_cloudtrail" "t" {\n  name           = "t"\n  s3_bucket_name = "logs"\n}\n' };
    const config = { ignore: [{ path: 'main.tf', rules: ['TG101'], reason: 'migrating', expires: '2027-01-01' }] };
    const before = await lintSources([tf], config, undefined, { today: '2026-12-31' });
    const after = await lintSources([tf], config, undefined, { today: '2027-01-01' });
    assert.deepStrictEqual(before.findings.filter((f) => f.ruleId === 'TG101').map((f) => f.suppressed?.reason), ['migrating']);
    assert.deepStrictEqual(after.findings.filter((f) => f.ruleId === 'TG101').map((f) => f.suppressed), [undefined]);
  });
});
