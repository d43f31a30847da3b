// A plan JSON opened in the editor: diagnostics at the planned values, related information to each resource's
// `.tf` definition (read from the plan's module folders, open or not), and no quick fix that would edit the plan.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TestClient, uriOf } from './lspClient';

function copyTree(from: string, to: string): void {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      copyTree(src, dst);
    } else fs.copyFileSync(src, dst);
  }
}

describe('language server: Terraform plan JSON', function () {
  this.timeout(60000);
  let ws: string;
  let client: TestClient;

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-plan-'));
    copyTree(path.join(__dirname, '../fixtures/plan'), ws);
    client = await TestClient.start({ workspace: ws });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('publishes the plan findings with related information to the .tf definitions', async () => {
    const file = path.join(ws, 'plan.json');
    const text = fs.readFileSync(file, 'utf8');
    await client.open(file, text, 'json');
    const diagnostics = await client.diagnosticsOfVersion(file, 1);
    const tg101 = diagnostics.find((d) => d.code === 'TG101')!;
    const line = text.split('\n').findIndex((l) => l.includes('"enable_log_file_validation": false'));
    assert.deepStrictEqual(tg101.range.start, { line, character: text.split('\n')[line].indexOf('"enable_log_file_validation"') });
    assert.deepStrictEqual(tg101.relatedInformation?.map((r) => [r.message, r.location.uri, r.location.range.start.line]), [
      ['aws_cloudtrail.main is defined here', uriOf(path.join(ws, 'main.tf')), 4],
    ]);
    const tg203 = diagnostics.find((d) => d.code === 'TG203')!;
    assert.ok(tg203.relatedInformation?.some((r) => r.location.uri === uriOf(path.join(ws, 'modules/log-bucket/main.tf')) && r.location.range.start.line === 14));
    // Only the plan's own diagnostics: the .tf files read for definitions are not reported on.
    assert.strictEqual(client.published.get(uriOf(path.join(ws, 'main.tf'))), undefined);
  });

  it('offers documentation but no fix and no suppression comment in the plan', async () => {
    const file = path.join(ws, 'plan.json');
    const diagnostics = (await client.diagnostics(file)).filter((d) => d.code === 'TG101');
    const actions = await client.codeActions(file, diagnostics);
    assert.deepStrictEqual(actions.map((a) => a.title), ['Open documentation for TG101']);
  });
});
