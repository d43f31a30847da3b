// Runs inside the real editor (test/vscode harness): after a scan of the local AWS wire endpoint, a Terraform file
// of the workspace that defines the scanned bucket gets a CodeLens with the live state and a `trailguard-live`
// drift diagnostic; both go when the profile changes to one whose account is not scanned.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import { loadScenario } from '../support/aws-endpoint/scenario';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/server';

const PROFILE = 'tg-link';
const AUDIT_TF = [
  'resource "aws_s3_bucket" "logs" {',
  '  bucket              = "acme-audit-logs-111122223333"',
  '  object_lock_enabled = true',
  '}',
  '',
  'resource "aws_s3_bucket_object_lock_configuration" "logs" {',
  '  bucket = aws_s3_bucket.logs.id',
  '  rule {',
  '    default_retention {',
  '      mode = "COMPLIANCE"',
  '      days = 400',
  '    }',
  '  }',
  '}',
  '',
].join('\n');

interface LinkSnapshot { lenses: { file: string; lenses: { line: number; title: string }[] }[] }

async function until<T>(what: string, read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
    v = await read();
  }
  return v;
}

describe('TrailGuard code ↔ account in the editor', function () {
  this.timeout(120_000);
  let endpoint: AwsEndpoint;
  let file: string;
  const savedEnv = { ...process.env };
  const cfg = () => vscode.workspace.getConfiguration('trailguard');
  const saved = {
    profile: vscode.workspace.getConfiguration('trailguard').inspect('aws.profile')?.globalValue,
    regions: vscode.workspace.getConfiguration('trailguard').inspect('aws.regions')?.globalValue,
  };

  before(async () => {
    const ext = vscode.extensions.getExtension('trailguard.trailguard');
    assert.ok(ext);
    await ext.activate();
    const scenarios = path.join(ext.extensionPath, 'test', 'support', 'aws-endpoint', 'scenarios');
    endpoint = await startAwsEndpoint({ scenario: loadScenario(path.join(scenarios, 'compliant.json')) });
    const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
    process.env.AWS_CONFIG_FILE = files.configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
    for (const k of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[k];
    file = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'tg-link', 'audit.tf');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, AUDIT_TF);
    await vscode.commands.executeCommand('trailguard.auditTrail.focus');
  });

  after(async () => {
    await cfg().update('aws.profile', saved.profile, vscode.ConfigurationTarget.Global);
    await cfg().update('aws.regions', saved.regions, vscode.ConfigurationTarget.Global);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    await endpoint?.close();
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
  });

  const lensesOf = async () => ((await vscode.commands.executeCommand<LinkSnapshot>('trailguard.live.linkSnapshot'))?.lenses ?? []).find((l) => l.file === file)?.lenses ?? [];
  const liveDiagnostics = () => vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'trailguard-live');

  it('puts the live state on the bucket header and the retention drift on its line, and clears both when the profile changes', async () => {
    await cfg().update('aws.regions', ['us-east-1'], vscode.ConfigurationTarget.Global);
    await cfg().update('aws.profile', PROFILE, vscode.ConfigurationTarget.Global);
    const lenses = await until('the CodeLens on audit.tf', lensesOf, (l) => l.length > 0);
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0]!.line, 0);
    const diagnostics = await until('the drift diagnostics', liveDiagnostics, (d) => d.length > 0);
    // The code declares no trail, so no TG2xx verdict on it: every drift is a value that differs (Information).
    assert.equal(lenses[0]!.title, `Live (tg-link, 111122223333): all ${/all (\d+) pass/.exec(lenses[0]!.title)?.[1]} pass · Object Lock COMPLIANCE 365 days · ${diagnostics.length} drift${diagnostics.length === 1 ? '' : 's'}`);
    assert.ok(diagnostics.every((d) => d.severity === vscode.DiagnosticSeverity.Information));
    const retention = diagnostics.find((d) => d.message.includes('retention'));
    assert.deepEqual([retention?.range.start.line, retention?.message], [
      10, 'Drift: tg-link/audit.tf:11 sets Object Lock retention 400 days; the live bucket has Object Lock retention 365 days',
    ]);
    // Another profile: no scan of this account is shown, so nothing in the code claims to be live.
    await cfg().update('aws.profile', 'tg-link-none', vscode.ConfigurationTarget.Global);
    await until('the CodeLens to go', lensesOf, (l) => l.length === 0);
    await until('the drift diagnostic to go', liveDiagnostics, (d) => d.length === 0);
  });
});
