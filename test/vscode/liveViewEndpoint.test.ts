// Runs inside the real editor (test/vscode harness): the "Audit trail" view scans the local AWS wire endpoint
// through a temporary AWS config whose profile has `endpoint_url`, exactly as a user's profile would, and the
// tree the user sees (read back through the view's snapshot command) is populated from it. Also proves that a
// profile or region change refreshes the tree without pressing Refresh.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import { loadScenario } from '../support/aws-endpoint/scenario';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/server';
import { addSignedLogs, makeSigningKey } from '../support/aws-endpoint/digests';

const EXTENSION_ID = 'trailguard.trailguard';
const PROFILE = 'tg-endpoint';
const ACCOUNT_ROOT = `${PROFILE} (111122223333)`;

interface TreeNode {
  label: string;
  description?: string;
  icon: string;
  tone?: string;
  contextValue: string;
  children: TreeNode[];
  check?: { ruleId: string; status: string; remediation?: string };
}

async function snapshot(): Promise<TreeNode[]> {
  return (await vscode.commands.executeCommand<TreeNode[]>('trailguard.live.treeSnapshot')) ?? [];
}

async function waitForTree(what: string, pred: (roots: TreeNode[]) => boolean, timeoutMs = 60_000): Promise<TreeNode[]> {
  const until = Date.now() + timeoutMs;
  let roots = await snapshot();
  while (!pred(roots)) {
    // An error node (scan failed, scanner missing) will not go away by waiting.
    // (Only for our profile: the tree may still show an earlier scan of another profile.)
    const ours = roots[0]?.label.startsWith(`${PROFILE} `) || roots[0]?.label.includes(`profile ${PROFILE}`);
    const failed = roots.find((n) => n.icon === 'error') ?? roots[0]?.children.find((n) => n.icon === 'error' && !/^Last refresh failed/.test(n.label));
    if (ours && failed) assert.fail(`the view shows an error while waiting for ${what}: ${failed.label}`);
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}; tree: ${JSON.stringify(outline(roots))}`);
    await new Promise((r) => setTimeout(r, 200));
    roots = await snapshot();
  }
  return roots;
}

function outline(nodes: TreeNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${'  '.repeat(depth)}[${n.icon}] ${n.label} — ${n.description ?? ''}`, ...(depth < 3 ? outline(n.children, depth + 1) : [])]);
}

function child(node: TreeNode, pred: (n: TreeNode) => boolean, what: string): TreeNode {
  const found = node.children.find(pred);
  assert.ok(found, `no ${what} under "${node.label}": ${node.children.map((c) => c.label).join(', ')}`);
  return found;
}

// Finished, not the progressive tree's partial state ("checking…" until the account's checks are in).
const scanned = (roots: TreeNode[]) => roots[0]?.label === ACCOUNT_ROOT && !/^scanning|checking…/.test(roots[0].description ?? '');

describe('TrailGuard live view against the local AWS endpoint', function () {
  this.timeout(120_000);
  let endpoint: AwsEndpoint;
  let scenarios: string;
  const savedEnv = { ...process.env };
  const cfg = () => vscode.workspace.getConfiguration('trailguard');

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not loaded`);
    await ext.activate();
    scenarios = path.join(ext.extensionPath, 'test', 'support', 'aws-endpoint', 'scenarios');
    endpoint = await startAwsEndpoint({ scenario: loadScenario(path.join(scenarios, 'compliant.json')) });
    // The extension host is this process: the scanner reads these when it runs.
    const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
    process.env.AWS_CONFIG_FILE = files.configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
    for (const k of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      delete process.env[k];
    }
    await vscode.commands.executeCommand('trailguard.auditTrail.focus');
  });

  // Other suites of the run may rely on the user settings the runner wrote: put them back as they were.
  const saved = {
    profile: vscode.workspace.getConfiguration('trailguard').inspect('aws.profile')?.globalValue,
    regions: vscode.workspace.getConfiguration('trailguard').inspect('aws.regions')?.globalValue,
    endpointUrl: vscode.workspace.getConfiguration('trailguard').inspect('aws.endpointUrl')?.globalValue,
  };

  after(async () => {
    await cfg().update('aws.profile', saved.profile, vscode.ConfigurationTarget.Global);
    await cfg().update('aws.regions', saved.regions, vscode.ConfigurationTarget.Global);
    await cfg().update('aws.endpointUrl', saved.endpointUrl, vscode.ConfigurationTarget.Global);
    await endpoint?.close();
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
  });

  it('with no profile in the shared files the tree is empty, so the welcome content shows', async () => {
    const realConfig = process.env.AWS_CONFIG_FILE;
    const realCredentials = process.env.AWS_SHARED_CREDENTIALS_FILE;
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-no-aws-'));
    fs.writeFileSync(path.join(empty, 'config'), '');
    fs.writeFileSync(path.join(empty, 'credentials'), '');
    process.env.AWS_CONFIG_FILE = path.join(empty, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(empty, 'credentials');
    try {
      await vscode.commands.executeCommand('trailguard.live.refresh');
      assert.deepEqual(await snapshot(), []);
    } finally {
      process.env.AWS_CONFIG_FILE = realConfig;
      process.env.AWS_SHARED_CREDENTIALS_FILE = realCredentials;
    }
  });

  it('selecting the profile scans the account and fills the tree: region → trail → bucket → key, checks with evidence', async () => {
    // No Refresh: the setting change alone must rescan (the "changing profile does not refresh" bug of peers).
    await cfg().update('aws.profile', PROFILE, vscode.ConfigurationTarget.Global);
    const roots = await waitForTree('the compliant scan', scanned);
    const root = roots[0];
    assert.match(root.description ?? '', /^1\/1 trail buckets compliant \(100%\) · nothing failing · 0 unknown · scanned \d\d:\d\d UTC$/);
    const region = child(root, (n) => n.label === 'us-east-1', 'region us-east-1');
    const trail = child(region, (n) => n.icon === 'trail', 'trail');
    const bucket = child(trail, (n) => n.icon === 'bucket', 'log bucket');
    child(trail, (n) => n.icon === 'key', 'KMS key');
    const tg201 = child(bucket, (n) => n.check?.ruleId === 'TG201', 'TG201');
    assert.equal(tg201.icon, 'pass');
    assert.match(tg201.label, /^TG201 /);
    assert.deepEqual(root.children.map((c) => c.label).slice(-2), ['Other audit-log buckets', 'AWS Config recorder']);
    const calls = endpoint.calls.map((c) => `${c.service}:${c.operation}`);
    assert.ok(calls.includes('sts:GetCallerIdentity') && calls.includes('cloudtrail:DescribeTrails'), `calls: ${calls.join(', ')}`);
    assert.ok(endpoint.calls.every((c) => c.signed), 'every call was SigV4-signed by the real SDK');
  });

  it('Refresh picks up a changed account: failing checks first, severity icons, remediation on the context menu', async () => {
    endpoint.setScenario(loadScenario(path.join(scenarios, 'failing.json')));
    await vscode.commands.executeCommand('trailguard.live.refresh');
    // Failing checks are tallied by severity ("18 errors · 13 warnings · 6 info"); info is not counted as failing.
    const roots = await waitForTree('the failing scan', (r) => scanned(r) && / [1-9]\d* errors? · /.test(r[0].description ?? ''));
    const root = roots[0];
    assert.match(root.description ?? '', /^0\/2 trail buckets compliant \(0%\) · [1-9]\d* errors? · [1-9]\d* warnings? · \d+ info · \d+ unknown · /);
    const region = child(root, (n) => n.label === 'us-east-1', 'region us-east-1');
    assert.equal(child(region, (n) => n.check?.ruleId === 'TG120', 'TG120').icon, 'fail-error');
    const legacy = child(region, (n) => n.label === 'legacy', 'trail legacy');
    const first = legacy.children[0];
    assert.equal(first.check?.status, 'fail');
    const tg101 = child(legacy, (n) => n.check?.ruleId === 'TG101', 'TG101');
    assert.equal(tg101.icon, 'fail-error');
    assert.match(tg101.contextValue, /\btgRemediation\b/);
    // The menu command copies exactly the scanner's remediation.
    await vscode.commands.executeCommand('trailguard.live.copyRemediation', tg101);
    assert.equal(await vscode.env.clipboard.readText(), tg101.check?.remediation);
    // "Open Rule Documentation" opens the page shipped with the extension (offline).
    await vscode.commands.executeCommand('trailguard.live.openRuleDoc', tg101);
    const tabLabels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    for (let i = 0; i < 50 && !tabLabels().some((l) => l.includes('TG101')); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(tabLabels().some((l) => l.includes('TG101')), `a TG101 doc tab: ${tabLabels().join(', ')}`);
  });

  it('exports the evidence report of the scan shown: Markdown, JSON and checksums, every check with its evidence', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-evidence-'));
    // A suppression comment in the workspace's code goes into the exceptions register, with where and why.
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const suppressed = path.join(folder, 'tg-export-suppressed.tf');
    fs.writeFileSync(suppressed, '# trailguard:ignore TG201 legal hold in the archive vault\nresource "aws_s3_bucket" "x" {\n  bucket = "x"\n}\n');
    // A setting that switches a rule off changes verdicts: it is in the register, named with its settings layer.
    const savedRules = cfg().inspect('rules')?.globalValue;
    const hasTg204 = (nodes: TreeNode[]): boolean => nodes.some((n) => n.check?.ruleId === 'TG204' || hasTg204(n.children));
    await cfg().update('rules', { TG204: 'off' }, vscode.ConfigurationTarget.Global);
    await waitForTree('the rescan with TG204 off', (r) => scanned(r) && !hasTg204(r));
    let written: vscode.Uri[] | undefined;
    try {
      written = await vscode.commands.executeCommand<vscode.Uri[]>('trailguard.live.exportReport', { format: 'both', uri: path.join(dir, 'evidence.md') });
    } finally {
      fs.rmSync(suppressed, { force: true });
      await cfg().update('rules', savedRules, vscode.ConfigurationTarget.Global);
    }
    assert.deepEqual(written?.map((u) => path.basename(u.fsPath)), ['evidence.md', 'evidence.json', 'evidence.sha256']);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'evidence.json'), 'utf8')) as {
      run: { identities: { profile: string; account: string }[] };
      checks: { ruleId: string; status: string; resource: string; evidence: string[] }[];
      evidence: Record<string, unknown>;
    };
    assert.equal(json.run.identities[0]?.profile, PROFILE);
    assert.equal(json.run.identities[0]?.account, '111122223333');
    const tg101 = json.checks.find((f) => f.ruleId === 'TG101' && f.resource === 'legacy');
    assert.equal(tg101?.status, 'fail');
    assert.ok(tg101?.evidence.length && tg101.evidence.every((h) => json.evidence[h]), 'TG101 refers to the stored DescribeTrails answer');
    const md = fs.readFileSync(path.join(dir, 'evidence.md'), 'utf8');
    assert.match(md, /^# TrailGuard evidence report — account 111122223333 — NOT AWS — local endpoint 127\.0\.0\.1:\d+\n/);
    assert.equal(md.match(/^### TG\d{3} /gm)?.length, json.checks.length, 'one section per check');
    const exceptions = (json as unknown as { exceptions: { kind?: string; source: string; rules?: string[]; reason?: string }[] }).exceptions;
    assert.deepEqual(exceptions.filter((e) => e.kind === 'suppression').map((e) => [e.source, e.rules, e.reason]),
      [['tg-export-suppressed.tf:1', ['TG201'], 'legal hold in the archive vault']]);
    assert.deepEqual(exceptions.filter((e) => e.kind === 'setting').map((e) => [e.source, e.rules]), [['trailguard.rules.TG204: off (user settings)', ['TG204']]]);
    // Retention in practice is read at export, as `trailguard evidence` does: one entry per checked trail.
    const retention = (json as unknown as { retentionInPractice: { trailArn: string }[] | null }).retentionInPractice;
    assert.deepEqual(retention?.map((r) => r.trailArn.split('/').pop()).sort(), ['encrypted', 'legacy', 'unrotated']);
    assert.match(md, /\n## Retention in practice\n\n\| Trail → log bucket \|/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Validate Log Files on a trail shows the hours and log files under it: a tampered file, a deleted digest and the gap', async () => {
    const signed = loadScenario(path.join(scenarios, 'compliant.json'));
    const start = new Date('2026-12-01T10:00:00Z');
    addSignedLogs(signed, makeSigningKey(), { bucket: 'acme-audit-logs-111122223333', account: '111122223333', region: 'us-east-1', trailName: 'org-audit', start, hours: 4, tamperLog: 1, dropDigest: 2 });
    endpoint.setScenario(signed);
    await vscode.commands.executeCommand('trailguard.live.refresh');
    const roots = await waitForTree('the compliant scan', (r) => scanned(r) && /nothing failing/.test(r[0].description ?? ''));
    const trail = child(child(roots[0], (n) => n.label === 'us-east-1', 'region us-east-1'), (n) => n.icon === 'trail', 'trail');
    assert.match(trail.contextValue, /\btgTrail\b/, 'the context menu offers Validate Log Files on trails');
    const result = await vscode.commands.executeCommand<{ hours: { status: string }[] }>('trailguard.live.validateLogs', trail,
      { from: start.toISOString(), to: new Date(start.getTime() + 4 * 3_600_000).toISOString() });
    assert.deepEqual(result?.hours.map((h) => h.status), ['valid', 'modified', 'missing', 'gap']);
    const after = await waitForTree('the validation result', (r) => JSON.stringify(r).includes('Log file integrity: 1/4 hours valid'));
    const validated = child(child(child(after[0], (n) => n.label === 'us-east-1', 'region'), (n) => n.icon === 'trail', 'trail'), (n) => n.label.startsWith('Log file integrity'), 'log validation');
    assert.match(validated.description ?? '', /^1 modified · 1 missing · 1 gap · 2026-12-01 10:00 → 2026-12-01 14:00 UTC · checked \d\d:\d\d UTC$/);
    assert.deepEqual(validated.children.map((c) => c.label), [
      '2026-12-01 11:00 UTC: modified', '2026-12-01 12:00 UTC: missing', '2026-12-01 13:00 UTC: gap', 'Log files: 3 files',
    ]);
    assert.deepEqual(validated.children[3]!.children.map((c) => c.description?.split(' · ')[0]), ['modified', 'valid', 'valid']);
  });

  it('changing the regions rescans: a region with no trail gets the TG120 explanation', async () => {
    endpoint.setScenario(loadScenario(path.join(scenarios, 'no-trails.json')));
    await cfg().update('aws.regions', ['us-east-1', 'eu-west-3'], vscode.ConfigurationTarget.Global);
    const roots = await waitForTree('the eu-west-3 region', (r) => scanned(r) && r[0].children.some((c) => c.label === 'eu-west-3'));
    const region = child(roots[0], (n) => n.label === 'eu-west-3', 'region eu-west-3');
    const explain = child(region, (n) => n.label === 'No trails in this region', 'no-trails node');
    assert.equal(explain.icon, 'fail-error');
  });

  it('a user-level trailguard.aws.endpointUrl sends the scan of a plain profile to that endpoint', async () => {
    // A profile without endpoint_url: only the setting can point it at the local endpoint.
    const configFile = process.env.AWS_CONFIG_FILE!;
    fs.appendFileSync(configFile, '\n[profile tg-plain]\nregion = us-east-1\n');
    fs.appendFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE!, '\n[tg-plain]\naws_access_key_id = AKIATRAILGUARDTEST02\naws_secret_access_key = not-a-secret\n');
    endpoint.setScenario(loadScenario(path.join(scenarios, 'compliant.json')));
    await cfg().update('aws.regions', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('aws.endpointUrl', endpoint.url, vscode.ConfigurationTarget.Global);
    const before = endpoint.calls.length;
    await cfg().update('aws.profile', 'tg-plain', vscode.ConfigurationTarget.Global);
    const roots = await waitForTree('the scan of tg-plain', (r) => r[0]?.label === 'tg-plain (111122223333)' && !/^scanning|checking…/.test(r[0].description ?? ''));
    assert.match(roots[0].description ?? '', /^1\/1 trail buckets compliant \(100%\)/);
    assert.ok(endpoint.calls.length > before, 'the scan reached the endpoint of the setting');
  });
});
