// A caller's lint shows what its module calls produce inside the child modules (evaluated with the caller's
// arguments), on the child's files, naming the calling `module` block; they go when the caller changes or closes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, uriOf } from './lspClient';

const fixture = path.join(__dirname, '..', 'fixtures', 'terraform', 'module-tree');

const summary = (d: Diagnostic[]) => d.map((x) => `${x.code}@${x.range.start.line + 1}:${x.range.start.character + 1}`).sort();

describe('language server: findings of called modules', function () {
  this.timeout(60000);
  let ws: string;
  let client: TestClient;
  let caller: string;
  let child: string;
  let registryChild: string;

  beforeEach(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-called-'));
    fs.cpSync(fixture, ws, { recursive: true });
    caller = path.join(ws, 'live', 'main.tf');
    child = path.join(ws, 'modules', 'log-bucket', 'main.tf');
    registryChild = path.join(ws, 'live', '.terraform', 'modules', 'trail_key', 'main.tf');
    client = await TestClient.start({ workspace: ws });
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('evaluates the child modules with the caller: nothing is unknown for want of a folder', async () => {
    await client.open(caller, fs.readFileSync(caller, 'utf8'));
    assert.deepStrictEqual(summary(await client.diagnosticsOfVersion(caller, 1)), ['TG101@21:3', 'TG106@16:1']);
  });

  it('publishes them on the closed child files, with the calling module block as related information', async () => {
    await client.open(caller, fs.readFileSync(caller, 'utf8'));
    const inChild = await client.diagnostics(child, (p) => p.diagnostics.length > 0);
    assert.deepStrictEqual(summary(inChild), ['TG202@20:3', 'TG203@28:5', 'TG204@17:1', 'TG206@17:1', 'TG207@17:1', 'TG209@17:1', 'TG211@17:1']);
    const tg203 = inChild.find((d) => d.code === 'TG203')!;
    assert.match(String(tg203.message), /'status = var\.versioning' is "Suspended" \(argument 'versioning' of 'module "log_bucket"'/);
    assert.deepStrictEqual(tg203.relatedInformation?.find((r) => r.message.startsWith('created by'))?.location, {
      uri: uriOf(caller), range: { start: { line: 2, character: 0 }, end: { line: 2, character: 19 } },
    });
    assert.deepStrictEqual(summary(await client.diagnostics(registryChild, (p) => p.diagnostics.length > 0)), ['TG301@19:5', 'TG302@19:5', 'TG303@16:3']);
  });

  it("shows them beside the child file's own findings when it is open, once each", async () => {
    await client.open(child, fs.readFileSync(child, 'utf8'));
    // Alone, with its defaults (versioning "Enabled"), the module's bucket is not a trail bucket.
    assert.deepStrictEqual(summary(await client.diagnosticsOfVersion(child, 1)), []);
    await client.open(caller, fs.readFileSync(caller, 'utf8'));
    const merged = await client.diagnostics(child, (p) => p.diagnostics.length > 0);
    assert.deepStrictEqual(summary(merged), ['TG202@20:3', 'TG203@28:5', 'TG204@17:1', 'TG206@17:1', 'TG207@17:1', 'TG209@17:1', 'TG211@17:1']);
    assert.strictEqual(client.published.get(uriOf(child))?.version, 1, 'published against the open document');
  });

  it('updates them when the caller changes, and clears them when the caller is closed', async () => {
    const text = fs.readFileSync(caller, 'utf8');
    await client.open(caller, text);
    await client.diagnostics(child, (p) => p.diagnostics.some((d) => d.code === 'TG203'));
    // The caller now passes "Enabled": the Object Lock bucket's versioning is no longer suspended.
    await client.change(caller, text.replace('versioning  = var.log_versioning', 'versioning  = "Enabled"'));
    const after = await client.diagnostics(child, (p) => !p.diagnostics.some((d) => d.code === 'TG203'));
    assert.deepStrictEqual(summary(after), ['TG202@20:3', 'TG204@17:1', 'TG206@17:1', 'TG207@17:1', 'TG209@17:1', 'TG211@17:1']);
    await client.close(caller);
    assert.deepStrictEqual(await client.diagnostics(child, (p) => p.diagnostics.length === 0), []);
    assert.deepStrictEqual(await client.diagnostics(registryChild, (p) => p.diagnostics.length === 0), []);
  });
});
