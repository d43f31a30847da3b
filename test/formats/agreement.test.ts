// The editor and the CLI agree on what is linted because both read one registry (src/core/formats/registry.ts).
// This test drives each consumer the way it runs — the extension's document selector and Lint Workspace glob, the
// language server over stdio, the CLI's folder walk and lint — over one workspace and checks they pick the same
// files and report the same findings.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import picomatch from 'picomatch';
import { collectFiles } from '../../src/cli/walk';
import { lintParts } from '../../src/cli/parallel';
import { documentSelector, fileWatcherGlob } from '../../src/extension/selector';
import { formats, isCandidateName, unitKeyOf, workspaceGlob } from '../../src/core/formats/registry';
import { runCli } from '../cli/helpers';
import { TestClient, uriOf } from '../server/lspClient';

const cfnTrail = (validation: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      IsMultiRegionTrail: true
      EnableLogFileValidation: ${validation}
`;
const cfnJsonTrail = '{\n  "Resources": {\n    "Trail": {\n      "Type": "AWS::CloudTrail::Trail",\n      "Properties": { "IsLogging": true, "S3BucketName": "logs", "IsMultiRegionTrail": true, "EnableLogFileValidation": false }\n    }\n  }\n}\n';
const tfTrail = 'resource "aws_cloudtrail" "t" {\n  name                       = "t"\n  s3_bucket_name             = "logs"\n  is_multi_region_trail      = true\n  enable_log_file_validation = var.validate\n}\n\nvariable "validate" {}\n';

/** Relative path → [content, picked by the registry from its name, TG101 expected]. */
const workspace: Record<string, [string, boolean, boolean]> = {
  'tf/main.tf': [tfTrail, true, true],
  'tf/terraform.tfvars': ['validate = false\n', true, false],
  'tf/prod.tfvars': ['validate = true\n', false, false],
  // Its only value comes from a JSON variable file: TG101 shows on main.tf only if both sides read it.
  'tfjson/main.tf': [tfTrail, true, true],
  'tfjson/terraform.tfvars.json': ['{\n  "validate": false\n}\n', true, false],
  'cfn/stack.yaml': [cfnTrail('false'), true, true],
  'cfn/stack.yml': [cfnTrail('false'), true, true],
  'cfn/stack.template': [cfnJsonTrail, true, true],
  'cfn/stack.cform': [cfnTrail('false'), true, true],
  'cfn/stack.cfn': [cfnTrail('false'), true, true],
  'cfn/good.yaml': [cfnTrail('true'), true, false],
  'cfn/stack.txt': [cfnTrail('false'), false, false],
  'other/package.json': ['{"name": "x", "dependencies": {}}\n', true, false],
  'other/k8s.yaml': ['kind: Service\nspec:\n  type: ClusterIP\n', true, false],
  'other/README.md': ['# Resources: AWS::CloudTrail::Trail\n', false, false],
};

describe('input-format registry: editor and CLI agree', function () {
  this.timeout(90000);
  let ws: string;
  const rel = (abs: string) => path.relative(ws, abs).split(path.sep).join('/');

  before(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-formats-'));
    for (const [file, [text]] of Object.entries(workspace)) {
      fs.mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
      fs.writeFileSync(path.join(ws, file), text);
    }
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  const picked = () => Object.entries(workspace).filter(([, [, p]]) => p).map(([f]) => f).sort();
  const withTG101 = () => Object.entries(workspace).filter(([, [, , e]]) => e).map(([f]) => f).sort();

  it('the extension selector, the Lint Workspace glob, the server watcher and the CLI walk pick the same files', () => {
    const all = Object.keys(workspace);
    // VS Code globs: picomatch has the same `**`, `*` and `{a,b}` semantics for these patterns.
    const selectorPatterns = documentSelector([]).map((f) => (f as { pattern: string }).pattern);
    const bySelector = all.filter((f) => selectorPatterns.some((p) => picomatch(p, { dot: true, nocase: true })(f))).sort();
    const byWatcher = all.filter((f) => picomatch(fileWatcherGlob(), { dot: true, nocase: true })(f)).sort();
    const byServer = all.filter((f) => picomatch(workspaceGlob(), { dot: true, nocase: true })(f) && isCandidateName(f)).sort();
    const byWalk = collectFiles([ws], () => assert.fail('missing')).map(rel).sort();
    assert.deepStrictEqual(byWalk, picked());
    assert.deepStrictEqual(bySelector, picked());
    assert.deepStrictEqual(byWatcher, picked());
    assert.deepStrictEqual(byServer, picked());
  });

  it('every registry glob is covered by an activation event of the extension manifest', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { activationEvents: string[] };
    const byLanguage: Record<string, string> = { yaml: 'yaml', yml: 'yaml', json: 'json', jsonc: 'jsonc', tf: 'terraform' };
    const contains = manifest.activationEvents.filter((e) => e.startsWith('workspaceContains:')).map((e) => picomatch(e.slice('workspaceContains:'.length), { dot: true }));
    // Variable files alone have nothing to lint: the module's `.tf` files activate the extension.
    for (const glob of formats.filter((f) => f.unit !== 'module-values').flatMap((f) => f.globs)) {
      const sample = `some/dir/${glob.replace('*', 'stack')}`;
      const ext = sample.split('.').pop()!;
      const covered = contains.some((m) => m(sample)) || manifest.activationEvents.includes(`onLanguage:${byLanguage[ext]}`);
      assert.ok(covered, `no activation event covers ${glob}`);
    }
  });

  it('docs/formats.md names every format and every glob of the registry', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/formats.md'), 'utf8');
    for (const f of formats) {
      const row = doc.split('\n').find((l) => l.startsWith(`| ${f.title} |`));
      assert.ok(row, `docs/formats.md has no row for ${f.title}`);
      for (const g of f.globs) assert.ok(row.includes(`\`${g}\``), `${f.title}: ${g} missing from docs/formats.md`);
    }
  });

  it('the CLI keeps a unit in one worker by the same unit key as the server', () => {
    const files = collectFiles([ws], () => undefined);
    const tf = files.filter((f) => f.includes(`${path.sep}tf${path.sep}`));
    assert.strictEqual(new Set(tf.map(unitKeyOf)).size, 1, 'a module folder is one unit');
    for (const bucket of lintParts(files, 4)) {
      const hasTf = bucket.some((f) => tf.includes(f));
      if (hasTf) assert.ok(tf.every((f) => bucket.includes(f)), 'the module stays whole');
    }
  });

  it('the language server and the CLI report the same findings on the same files', async () => {
    const cli = await runCli(['lint', '.', '--format', 'json'], ws);
    const report = JSON.parse(cli.stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[]; errors: unknown[] };
    assert.deepStrictEqual(report.errors, []);
    const cliTG101 = [...new Set(report.findings.filter((f) => f.ruleId === 'TG101').map((f) => f.file))].sort();
    assert.deepStrictEqual(cliTG101, withTG101());

    const client = await TestClient.start({ workspace: ws });
    try {
      // What Lint Workspace sends: the files its glob finds.
      const uris = Object.keys(workspace).filter((f) => picomatch(fileWatcherGlob(), { dot: true })(f)).map((f) => uriOf(path.join(ws, f)));
      const published = new Map(picked().map((f) => [f, client.diagnostics(path.join(ws, f))]));
      const result = (await client.executeCommand('trailguard.lintFiles', [uris])) as { files: number };
      assert.strictEqual(result.files, picked().length);
      const serverTG101: string[] = [];
      const cliAll = new Map<string, string[]>();
      for (const f of report.findings) cliAll.set(f.file, [...(cliAll.get(f.file) ?? []), `${f.ruleId}@${f.line}:${f.column}`]);
      for (const [file, diagnostics] of published) {
        const list = await diagnostics;
        if (list.some((d) => d.code === 'TG101')) serverTG101.push(file);
        // Same rule ids at the same positions (the CLI's are 1-based).
        const server = list.filter((d) => d.source === 'TrailGuard' || /^TG\d{3}$/.test(String(d.code))).map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();
        assert.deepStrictEqual(server, (cliAll.get(file) ?? []).sort(), file);
      }
      assert.deepStrictEqual(serverTG101.sort(), withTG101());
    } finally {
      await client.stop();
    }
  });
});
