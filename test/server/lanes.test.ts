// Where the language server lints, seen from the editor and the output channel: a large unit lints in the heavy
// lane (a worker thread), a small one never waits for it, and a lint superseded by an edit is cancelled in the
// worker and never published. (How long the main thread is held is measured by `npm run bench`, id
// lsp-main-thread-block, never here.)
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, uriOf } from './lspClient';

const trailWith = (validation: string) => `resource "aws_cloudtrail" "org" {
  name                          = "org"
  s3_bucket_name                = "org-trail-logs"
  is_multi_region_trail         = true
  enable_log_file_validation    = ${validation}
}
`;

/** A trail followed by buckets up to `chars` characters: a unit the worker takes about a second to lint. */
function largeModule(chars: number): string {
  let text = trailWith('false');
  for (let i = 0; text.length < chars; i++) text += `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags = {\n    Name = "b${i}"\n  }\n}\n\n`;
  return text;
}

const tg101 = (d: Diagnostic[]) => d.filter((x) => x.code === 'TG101').map((x) => x.range);

describe('language server lint lanes', function () {
  this.timeout(90000);
  let ws: string;
  let client: TestClient;

  beforeEach(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-lanes-'));
    fs.mkdirSync(path.join(ws, 'big'));
    fs.mkdirSync(path.join(ws, 'small'));
    client = await TestClient.start({ workspace: ws });
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('cancels a superseded lint in the worker and publishes only the newer version', async () => {
    const big = path.join(ws, 'big', 'main.tf');
    await client.open(big, largeModule(400_000));
    await client.logLine((l) => l.startsWith('linting module big/ (1 file) in the heavy lane'));
    // Typed while the worker parses version 1: `false` → `true` removes TG101.
    const at = { line: 4, character: 34 };
    const version = await client.edit(big, [{ range: { start: at, end: { line: 4, character: 39 } }, newText: 'true' }]);
    const diagnostics = await client.diagnosticsOfVersion(big, version);
    const stopped = await client.logLine((l) => l.startsWith('the heavy lane stopped the superseded lint of module big/ (1 file)'));
    assert.match(stopped, /^the heavy lane stopped the superseded lint of module big\/ \(1 file\) (before|after) parsing, \d+ ms after the cancel$/);
    assert.deepStrictEqual(client.history.filter((p) => p.uri === uriOf(big)).map((p) => p.version), [version], 'version 1 was never published');
    assert.deepStrictEqual(tg101(diagnostics), []);
    assert.ok(!client.log.some((l) => l.startsWith('TrailGuard lint failed')), 'a cancel is not a failure');
  });

  it('lints a large unit in the heavy lane and a small one beside it, without waiting for it', async () => {
    const big = path.join(ws, 'big', 'main.tf');
    const small = path.join(ws, 'small', 'main.tf');
    const text = largeModule(400_000);
    await client.open(big, text);
    await client.logLine((l) => l.startsWith('linting module big/ (1 file) in the heavy lane (1 file, 391 K characters)'));
    await client.open(small, trailWith('false'));
    assert.deepStrictEqual(tg101(await client.diagnosticsOfVersion(small, 1)), [{ start: { line: 4, character: 2 }, end: { line: 4, character: 39 } }]);
    assert.strictEqual(client.published.get(uriOf(big)), undefined, 'the small file did not wait for the large one');
    assert.deepStrictEqual(tg101(await client.diagnosticsOfVersion(big, 1)), [{ start: { line: 4, character: 2 }, end: { line: 4, character: 39 } }]);
    assert.ok(!client.log.some((l) => l.startsWith('linting module small/')), 'a small unit never takes the heavy lane');
  });
});
