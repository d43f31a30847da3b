// `trailguard scan --iac DIR` over the wire-level endpoint: each live result says where it is defined and whether
// it drifted; drift is listed in the text summary and never changes the exit code.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runEvidence } from '../../src/cli/evidence';
import { runScan } from '../../src/cli/scan';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import { PROFILE, scenario, withAwsEnv } from '../live/harness';
import { fixtureRoot } from './helpers';

async function scanCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const endpoint = await startAwsEndpoint({ scenario: scenario('compliant') });
  const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
  let stdout = '';
  let stderr = '';
  try {
    const code = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
      runScan(['--profile', PROFILE, ...args], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } }));
    return { code, stdout, stderr };
  } finally {
    await endpoint.close();
  }
}

const direct = path.join(fixtureRoot, 'direct');

describe('trailguard scan --iac', function () {
  this.timeout(60_000);

  it('adds iac and drift to each live result in JSON, and the links, not deployed and unlinkable resources', async () => {
    const { code, stdout, stderr } = await scanCli(['--iac', direct, '--format', 'json']);
    assert.equal(stderr, '');
    // The compliant account passes: drift (warning or information) does not change the exit code.
    assert.equal(code, 0);
    const out = JSON.parse(stdout);
    const result = (ruleId: string, resource: string) => out.findings.find((f: { ruleId: string; resource: string }) => f.ruleId === ruleId && f.resource === resource);
    assert.deepEqual({ iac: result('TG101', 'org-audit').iac, drift: result('TG101', 'org-audit').drift }, { iac: { file: 'main.tf', line: 1, status: 'linked' }, drift: true });
    assert.deepEqual({ iac: result('TG102', 'org-audit').iac, drift: result('TG102', 'org-audit').drift }, { iac: { file: 'main.tf', line: 1, status: 'linked' }, drift: false });
    assert.deepEqual(result('TG201', 'acme-audit-logs-111122223333').iac, { file: 's3.tf', line: 5, status: 'linked' });
    assert.equal(result('TG202', 'acme-audit-logs-111122223333').drift, false);
    assert.deepEqual(out.iac.notDeployed, [{ kind: 'bucket', name: 'acme-staging-logs', file: 's3.tf', line: 37 }]);
    assert.deepEqual(out.iac.unlinkable.map((u: { name: string }) => u.name), ['aws_s3_bucket.unnamed']);
    const bucket = out.iac.links.find((l: { resource: string }) => l.resource === 'acme-audit-logs-111122223333');
    const days = bucket.drifts.find((d: { attribute: string | null }) => d.attribute === 'Object Lock retention days');
    assert.deepEqual(days, {
      kind: 'attribute', severity: 'info', ruleId: null, attribute: 'Object Lock retention days', file: 's3.tf', line: 24, code: '400', live: '365',
      message: 'Drift: s3.tf:24 sets Object Lock retention 400 days; the live bucket has Object Lock retention 365 days',
    });
  });

  it('lists links and drifts in the text summary', async () => {
    const { code, stdout } = await scanCli(['--iac', direct]);
    assert.equal(code, 0);
    const section = stdout.slice(stdout.indexOf('code ↔ account'));
    assert.match(section, /^  trail org-audit \[account 111122223333\]: defined in main\.tf:1 \(trail name org-audit\)$/m);
    assert.match(section, /^    DRIFT   TG101 Drift: main\.tf:7 sets log file validation off; the live trail has log file validation on$/m);
    assert.match(section, /^    drift   Drift: s3\.tf:24 sets Object Lock retention 400 days; the live bucket has Object Lock retention 365 days$/m);
    assert.match(section, /^  bucket acme-staging-logs: not deployed \(in this scan\), s3\.tf:37$/m);
    assert.match(section, /^3 linked, 0 ambiguous, 0 not in this workspace, 1 not deployed; \d+ rule drifts, \d+ attribute drifts? \(information\)$/m);
  });

  it('puts iac and drift on each SARIF result, the definition as a related location, and each drift as a result at its line', async () => {
    const { code, stdout } = await scanCli(['--iac', direct, '--format', 'sarif']);
    assert.equal(code, 0);
    const run = JSON.parse(stdout).runs[0];
    type R = { ruleId: string; level: string; kind: string; message: { text: string }; properties: Record<string, unknown>; locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] };
    const results = run.results as R[];
    const live = results.find((r) => r.ruleId === 'TG101' && r.properties.resource === 'org-audit' && !r.properties.driftKind)!;
    assert.deepEqual(live.properties.iac, { file: 'main.tf', line: 1, status: 'linked' });
    assert.equal(live.properties.drift, true);
    const def = live.relatedLocations![0]!.physicalLocation;
    assert.deepEqual([def.artifactLocation.uri.endsWith('test/fixtures/link/direct/main.tf'), def.region.startLine], [true, 1]);
    const drift = results.find((r) => r.properties.driftKind === 'rule' && r.ruleId === 'TG101')!;
    assert.deepEqual([drift.level, drift.kind, drift.message.text], ['warning', 'fail', 'Drift: main.tf:7 sets log file validation off; the live trail has log file validation on']);
    assert.equal(drift.locations[0]!.physicalLocation!.region.startLine, 7);
    const info = results.find((r) => r.properties.driftKind === 'attribute' && r.properties.attribute === 'Object Lock retention days')!;
    assert.deepEqual([info.ruleId, info.level, info.kind], ['TG201', 'note', 'informational']);
    assert.equal(run.properties.iac.notDeployed[0].name, 'acme-staging-logs');
  });

  it('is a usage error when DIR does not exist', async () => {
    const { code, stderr } = await scanCli(['--iac', path.join(fixtureRoot, 'no-such-dir')]);
    assert.equal(code, 2);
    assert.match(stderr, /--iac .*no-such-dir: no such file or directory/);
  });
});

// `trailguard evidence --iac DIR` links the scan to DIR too: the Markdown report carries the same "Drift" section as
// the editor's export with a linked workspace (src/extension/link driftSection), each drift once with its definition.
describe('trailguard evidence --iac', function () {
  this.timeout(60_000);

  it('writes the Drift section into the Markdown report, with each drift and where it is defined', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-evidence-drift-'));
    const endpoint = await startAwsEndpoint({ scenario: scenario('compliant') });
    const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
    let stderr = '';
    try {
      const code = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
        runEvidence(['--profile', PROFILE, '--region', 'us-east-1', '--out', out, '--iac', direct, '--no-retention-in-practice'], { stdout: () => undefined, stderr: (t) => { stderr += t; } }));
      const md = fs.readFileSync(path.join(out, fs.readdirSync(out).find((f) => f.endsWith('.md'))!), 'utf8');
      const section = md.slice(md.indexOf('## Drift'), md.indexOf('\n## ', md.indexOf('## Drift') + 1));
      assert.equal(stderr, '');
      assert.equal(code, 0);
      const lines = section.split('\n');
      assert.deepEqual(lines.slice(0, 5), [
        '## Drift', '',
        `Compared with the code in \`${direct}\`: 3 linked, 0 ambiguous (not compared), 0 not in the workspace, 1 defined but not deployed (in this scan).`, '',
        '| Severity | Rule | Resource | Defined in | Drift |',
      ]);
      const rows = lines.filter((l) => /^\| (Warning|Information) \|/.test(l));
      assert.equal(rows[0], '| Warning | TG101 | `org-audit` (111122223333) | `main.tf:1` | Drift: main.tf:7 sets log file validation off; the live trail has log file validation on |');
      assert.ok(rows.includes('| Information |  | `acme-audit-logs-111122223333` (111122223333) | `s3.tf:5` | Drift: s3.tf:24 sets Object Lock retention 400 days; the live bucket has Object Lock retention 365 days |'));
      assert.ok(rows.includes('| Warning | TG306 | `arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab` (111122223333) | `main.tf:10` | Drift: main.tf:10 has no explicit key policy; the live key has an explicit key policy |'));
      // Each drift `scan --iac` finds, once, in the same words: the report and the scan link the same way.
      const scanned = JSON.parse((await scanCli(['--iac', direct, '--format', 'json'])).stdout);
      const messages = [...new Set<string>(scanned.iac.links.flatMap((l: { drifts: { message: string }[] }) => l.drifts.map((d) => d.message)))];
      assert.equal(messages.length, 11);
      assert.deepEqual(rows.map((r) => r.split(' | ').pop()!.replace(/ \|$/, '').replace(/\\(.)/g, '$1')), messages);
    } finally {
      await endpoint.close();
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
