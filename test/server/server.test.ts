// Drives the bundled language server over stdio the way an editor does and checks what a user would see:
// rule ids, exact ranges, quick-fix edits and the text after applying them, module context across files,
// settings, and the keystroke-to-diagnostics time.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyTextEdits, TestClient, uriOf } from './lspClient';
import { lintSources } from '../../src/core/engine';

/** The 0-based range of the first occurrence of `needle` in `text` (the span a user sees highlighted). */
function rangeOf(text: string, needle: string, from = 0) {
  const offset = text.indexOf(needle, from);
  assert.ok(offset >= 0, `fixture does not contain ${needle}`);
  const pos = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { start: pos(offset), end: pos(offset + needle.length) };
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code ?? '')).sort();
}

function only(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** A publication where `code` is absent (a re-lint may publish an older, still-correct result first). */
const without = (code: string) => (p: { diagnostics: Diagnostic[] }) => only(p.diagnostics, code).length === 0;

function applyAction(client: TestClient, action: CodeAction): void {
  assert.ok(action.edit?.changes, `action "${action.title}" has no edit`);
  client.applyWorkspaceEdit(action.edit);
}

const trailWith = (validation: string) => `resource "aws_cloudtrail" "org" {
  name                          = "org"
  s3_bucket_name                = "org-trail-logs"
  is_multi_region_trail         = true
  enable_log_file_validation    = ${validation}
}
`;

const trailMissingBoth = `resource "aws_cloudtrail" "org" {
  name           = "org"
  s3_bucket_name = "org-trail-logs"
}
`;

describe('language server over stdio', function () {
  this.timeout(60000);
  let ws: string;
  let client: TestClient;

  beforeEach(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-ws-'));
    fs.mkdirSync(path.join(ws, 'infra'));
    client = await TestClient.start({ workspace: ws });
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('publishes TG101 on the attribute, with its docs link, source and Error severity', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    const text = trailWith('false');
    fs.writeFileSync(file, text);
    await client.open(file, text);
    const diagnostics = only(await client.diagnosticsOfVersion(file, 1), 'TG101');
    assert.strictEqual(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.deepStrictEqual(d.range, rangeOf(text, 'enable_log_file_validation    = false'));
    assert.strictEqual(d.source, 'trailguard');
    assert.strictEqual(d.severity, 1);
    assert.match(messageOf(d), /Log file validation is disabled/);
    assert.match(d.codeDescription?.href ?? '', /\/TG101\.md$/);
  });

  it('offers the safe fix as preferred; applying it removes the problem', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    const text = trailWith('false');
    await client.open(file, text);
    const [d] = only(await client.diagnosticsOfVersion(file, 1), 'TG101');
    const actions = await client.codeActions(file, [d]);
    assert.deepStrictEqual(
      actions.map((a) => [a.title, !!a.isPreferred]),
      [
        [actions[0].title, true],
        ['Suppress TG101 here with a reason', false],
        ['Open documentation for TG101', false],
      ],
    );
    const fix = actions[0];
    assert.deepStrictEqual(fix.edit?.changes?.[uriOf(file)], [{ range: rangeOf(text, 'false'), newText: 'true' }]);
    applyAction(client, fix);
    const fixed = client.texts.get(file)!;
    assert.strictEqual(fixed, trailWith('true'));
    const version = await client.change(file, fixed);
    assert.deepStrictEqual(only(await client.diagnosticsOfVersion(file, version), 'TG101'), []);
  });

  it('inserts a missing attribute with the fix, keeping the block formatted', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    await client.open(file, trailMissingBoth);
    const diagnostics = await client.diagnosticsOfVersion(file, 1);
    const [d] = only(diagnostics, 'TG101');
    assert.deepStrictEqual(d.range, rangeOf(trailMissingBoth, 'resource "aws_cloudtrail" "org"'));
    const [fix] = (await client.codeActions(file, [d])).filter((a) => a.isPreferred);
    applyAction(client, fix);
    const fixed = client.texts.get(file)!;
    assert.match(fixed, /\n {2}enable_log_file_validation\s+= true\n/);
    const version = await client.change(file, fixed);
    const after = await client.diagnosticsOfVersion(file, version);
    assert.deepStrictEqual(only(after, 'TG101'), []);
    assert.strictEqual(only(after, 'TG102').length, 1, 'the other problem stays');
  });

  it('source.fixAll.trailguard and the trailguard.fixAll command apply every safe fix', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    await client.open(file, trailMissingBoth);
    const before = await client.diagnosticsOfVersion(file, 1);
    assert.ok(codes(before).includes('TG101') && codes(before).includes('TG102'), `got ${codes(before)}`);
    const [fixAll] = await client.codeActions(file, [], ['source.fixAll.trailguard']);
    assert.strictEqual(fixAll.kind, 'source.fixAll.trailguard');
    const edits = fixAll.edit!.changes![uriOf(file)];
    const viaAction = applyTextEdits(trailMissingBoth, edits);
    assert.match(viaAction, /enable_log_file_validation\s+= true/);
    assert.match(viaAction, /is_multi_region_trail\s+= true/);

    const result = (await client.executeCommand('trailguard.fixAll', [uriOf(file)])) as { applied: boolean };
    assert.strictEqual(result.applied, true);
    assert.strictEqual(client.texts.get(file), viaAction, 'the command applies the same edits through workspace/applyEdit');
    const version = await client.change(file, viaAction);
    const after = await client.diagnosticsOfVersion(file, version);
    assert.deepStrictEqual(only(after, 'TG101'), []);
    assert.deepStrictEqual(only(after, 'TG102'), []);
  });

  it('source.fixAll.trailguard composes two fixes at one point of a CRLF bucket policy into valid YAML with CRLF lines', async () => {
    const lf = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'cfn', 'bucket-policy-gaps.yaml'), 'utf8');
    const crlf = (s: string) => s.split('\n').join('\r\n');
    const file = path.join(ws, 'cfn', 'policy-gaps.yaml');
    await client.open(file, crlf(lf));
    const before = await client.diagnosticsOfVersion(file, 1);
    assert.ok(codes(before).includes('TG206') && codes(before).includes('TG213'), `got ${codes(before)}`);
    const [fixAll] = await client.codeActions(file, [], ['source.fixAll.trailguard']);
    const fixed = applyTextEdits(crlf(lf), fixAll.edit!.changes![uriOf(file)]);
    // Where each piece lands is the composition's business; what the TLS deny says is the TG206 fix builder's.
    const { findings } = await lintSources([{ path: 'policy-gaps.yaml', text: lf }], {});
    const deny = findings.find((f) => f.ruleId === 'TG206')!.fixes.find((x) => x.kind === 'safe')!.edits[0].newText;
    const anchor = '/AWSLogs/${AWS::AccountId}/*"';
    const condition = '\n            Condition:\n              StringEquals:\n                s3:x-amz-acl: bucket-owner-full-control';
    const lfFixed = lf.replace(anchor, anchor + condition + deny).replace('IsMultiRegionTrail: true\n', 'IsMultiRegionTrail: true\n      EnableLogFileValidation: true\n');
    assert.strictEqual(fixed, crlf(lfFixed));
    await client.close(file);
  });

  it('"Suppress here" inserts a trailguard:ignore comment that silences the finding', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    const text = trailWith('false');
    await client.open(file, text);
    const [d] = only(await client.diagnosticsOfVersion(file, 1), 'TG101');
    const suppress = (await client.codeActions(file, [d])).find((a) => a.title === 'Suppress TG101 here with a reason')!;
    applyAction(client, suppress);
    const suppressed = client.texts.get(file)!;
    assert.strictEqual(
      suppressed,
      text.replace('  enable_log_file_validation', '  # trailguard:ignore TG101 TODO: say why this is accepted\n  enable_log_file_validation'),
    );
    const version = await client.change(file, suppressed);
    const after = await client.diagnosticsOfVersion(file, version);
    assert.deepStrictEqual(only(after, 'TG101'), []);
    // Until the placeholder is replaced by a real reason, the comment itself is flagged.
    const hints = after.filter((d) => d.code === undefined);
    assert.strictEqual(hints.length, 1);
    assert.deepStrictEqual(hints[0].range, rangeOf(suppressed, '# trailguard:ignore TG101 TODO: say why this is accepted'));
    assert.strictEqual(hints[0].severity, 3);
    assert.match(messageOf(hints[0]), /has no reason/);
    const reasoned = await client.change(file, suppressed.replace('TODO: say why this is accepted', 'digests are validated by the org trail'));
    assert.deepStrictEqual(await client.diagnosticsOfVersion(file, reasoned).then((ds) => ds.filter((d) => d.code === undefined || d.code === 'TG101')), []);
  });

  it('"Open documentation" asks the editor to show the rule page', async () => {
    const result = (await client.executeCommand('trailguard.openDocs', ['TG101'])) as { opened: boolean; url: string };
    assert.strictEqual(result.opened, true);
    assert.strictEqual(client.shownDocuments.length, 1);
    assert.match(client.shownDocuments[0], /\/TG101\.md$/);
  });

  it('lints a module with its closed siblings and follows their changes on disk', async () => {
    const main = path.join(ws, 'infra', 'main.tf');
    const vars = path.join(ws, 'infra', 'variables.tf');
    const text = trailWith('var.validate');
    fs.writeFileSync(main, text);
    fs.writeFileSync(vars, 'variable "validate" {\n  default = false\n}\n');
    await client.open(main, text);
    const [d] = only(await client.diagnosticsOfVersion(main, 1), 'TG101');
    assert.strictEqual(d.severity, 1, 'the closed variables.tf gives the value false: a failure, not unknown');
    assert.deepStrictEqual(d.range, rangeOf(text, 'enable_log_file_validation    = var.validate'));

    fs.writeFileSync(vars, 'variable "validate" {\n  default = true\n}\n');
    await client.watchedFilesChanged([{ file: vars, type: 2 }]);
    assert.deepStrictEqual(only(await client.diagnostics(main, without('TG101')), 'TG101'), []);

    fs.rmSync(vars);
    await client.watchedFilesChanged([{ file: vars, type: 3 }]);
    const [unknown] = only(await client.diagnostics(main, (p) => only(p.diagnostics, 'TG101').length === 1), 'TG101');
    assert.strictEqual(unknown.severity, 3, 'without the variable the value is unknown: Information');
    assert.match(messageOf(unknown), /^TG101 could not be verified: /);
  });

  it('relates a bucket finding to the trail in a closed sibling file', async () => {
    const main = path.join(ws, 'infra', 'main.tf');
    const s3 = path.join(ws, 'infra', 's3.tf');
    const trail = 'resource "aws_cloudtrail" "org" {\n  name = "org"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n';
    fs.writeFileSync(main, trail);
    const bucket = 'resource "aws_s3_bucket" "logs" {\n  bucket = "org-trail-logs"\n}\n';
    await client.open(s3, bucket);
    const [d] = only(await client.diagnosticsOfVersion(s3, 1), 'TG201');
    assert.deepStrictEqual(d.range, rangeOf(bucket, 'resource "aws_s3_bucket" "logs"'));
    assert.deepStrictEqual(d.relatedInformation, [
      { location: { uri: uriOf(main), range: rangeOf(trail, 'resource "aws_cloudtrail" "org"') }, message: 'log bucket of aws_cloudtrail.org' },
    ]);
    assert.strictEqual(client.published.get(uriOf(main)), undefined, 'the closed main.tf gets no diagnostics');
  });

  it('lints a CloudFormation template and suppresses with a YAML comment', async () => {
    const file = path.join(ws, 'trail.yaml');
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  AuditTrail:',
      '    Type: AWS::CloudTrail::Trail',
      '    Properties:',
      '      IsLogging: true',
      '      S3BucketName: org-trail-logs',
      '      IsMultiRegionTrail: true',
      '      EnableLogFileValidation: false',
      '',
    ].join('\n');
    await client.open(file, text, 'yaml');
    const [d] = only(await client.diagnosticsOfVersion(file, 1), 'TG101');
    assert.deepStrictEqual(d.range, rangeOf(text, 'EnableLogFileValidation: false'));
    const actions = await client.codeActions(file, [d]);
    assert.deepStrictEqual(actions[0].edit?.changes?.[uriOf(file)], [{ range: rangeOf(text, 'false'), newText: 'true' }]);
    applyAction(client, actions.find((a) => a.title === 'Suppress TG101 here with a reason')!);
    const suppressed = client.texts.get(file)!;
    assert.strictEqual(suppressed, text.replace('      EnableLogFileValidation', '      # trailguard:ignore TG101 TODO: say why this is accepted\n      EnableLogFileValidation'));
    const version = await client.change(file, suppressed);
    assert.deepStrictEqual(only(await client.diagnosticsOfVersion(file, version), 'TG101'), []);
  });

  it('suppresses in a CloudFormation JSON template through the resource Metadata', async () => {
    const file = path.join(ws, 'trail.json');
    const text = JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          AuditTrail: {
            Type: 'AWS::CloudTrail::Trail',
            Properties: { IsLogging: true, S3BucketName: 'org-trail-logs', IsMultiRegionTrail: true, EnableLogFileValidation: false },
          },
        },
      },
      null,
      2,
    );
    await client.open(file, text, 'json');
    const [d] = only(await client.diagnosticsOfVersion(file, 1), 'TG101');
    assert.deepStrictEqual(d.range, rangeOf(text, '"EnableLogFileValidation": false'));
    applyAction(client, (await client.codeActions(file, [d])).find((a) => a.title === 'Suppress TG101 here with a reason')!);
    const suppressed = client.texts.get(file)!;
    assert.deepStrictEqual(JSON.parse(suppressed).Resources.AuditTrail.Metadata, {
      trailguard: { ignore: [{ id: 'TG101', reason: 'TODO: say why this is accepted' }] },
    });
    const version = await client.change(file, suppressed);
    assert.deepStrictEqual(only(await client.diagnosticsOfVersion(file, version), 'TG101'), []);
  });

  it('reports a syntax error at its position and still lints the intact blocks', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    const text = 'resource "aws_cloudtrail" "x" {\n  name = = "a"\n';
    await client.open(file, text);
    const diagnostics = await client.diagnosticsOfVersion(file, 1);
    const parse = diagnostics.filter((d) => d.code === undefined);
    assert.strictEqual(parse.length, 1);
    assert.deepStrictEqual(parse[0].range, rangeOf(text, '=', text.indexOf('= =') + 2), 'at the second =');
    assert.match(messageOf(parse[0]), /^Could not parse: /);
    assert.ok(codes(diagnostics).includes('TG101'), `the trail block is still linted: ${codes(diagnostics)}`);
  });

  it('re-lints an open sibling when another open file of the module changes', async () => {
    const main = path.join(ws, 'infra', 'main.tf');
    const vars = path.join(ws, 'infra', 'variables.tf');
    await client.open(main, trailWith('var.validate'));
    await client.open(vars, 'variable "validate" {\n  default = false\n}\n');
    await client.diagnostics(main, (p) => only(p.diagnostics, 'TG101')[0]?.severity === 1);
    await client.change(vars, 'variable "validate" {\n  default = true\n}\n');
    assert.deepStrictEqual(only(await client.diagnostics(main, without('TG101')), 'TG101'), []);
  });

  it('clears diagnostics when a document is closed', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    await client.open(file, trailWith('false'));
    assert.strictEqual(only(await client.diagnosticsOfVersion(file, 1), 'TG101').length, 1);
    await client.close(file);
    assert.deepStrictEqual(await client.diagnostics(file, (p) => p.diagnostics.length === 0), []);
  });

  it('reports a file it cannot read as one parse diagnostic at the position of the problem', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    await client.open(file, 'resource "aws_cloudtrail" "x" {\n  name = "a\u0000b"\n}\n');
    const diagnostics = await client.diagnosticsOfVersion(file, 1);
    assert.strictEqual(diagnostics.length, 1);
    assert.deepStrictEqual(diagnostics[0].range, { start: { line: 1, character: 11 }, end: { line: 1, character: 11 } });
    assert.strictEqual(diagnostics[0].severity, 1);
    assert.match(messageOf(diagnostics[0]), /binary content/);
  });

  it('applies trailguard.rules from settings over .trailguard.yaml', async () => {
    fs.writeFileSync(path.join(ws, '.trailguard.yaml'), 'rules:\n  TG101: info\n  TG102: off\n');
    const file = path.join(ws, 'infra', 'main.tf');
    await client.open(file, trailMissingBoth);
    const fromFile = await client.diagnosticsOfVersion(file, 1);
    assert.strictEqual(only(fromFile, 'TG101')[0]?.severity, 3, '.trailguard.yaml makes TG101 info');
    assert.deepStrictEqual(only(fromFile, 'TG102'), [], '.trailguard.yaml turns TG102 off');
    await client.configurationChanged({ rules: { TG101: 'warning' } });
    const fromSettings = await client.diagnostics(file, (p) => only(p.diagnostics, 'TG101')[0]?.severity === 2);
    assert.strictEqual(only(fromSettings, 'TG101')[0]?.severity, 2, 'the setting wins');
    assert.deepStrictEqual(only(fromSettings, 'TG102'), [], 'the file still turns TG102 off');
  });

  it('writes messages as plain text (no Markdown code spans) and names each snippet fix once as needing review', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    await client.open(file, trailWith('false'));
    const diagnostics = await client.diagnosticsOfVersion(file, 1);
    const tg101 = only(diagnostics, 'TG101')[0];
    assert.strictEqual(messageOf(tg101), "Log file validation is disabled ('enable_log_file_validation = false'), so tampering with delivered log files cannot be detected");
    assert.deepStrictEqual(diagnostics.filter((d) => messageOf(d).includes('`')).map((d) => d.code), []);
    const tg106 = only(diagnostics, 'TG106');
    assert.strictEqual(tg106.length, 1);
    const titles = (await client.codeActions(file, tg106)).map((a) => a.title);
    const snippet = titles.filter((t) => /placeholder/i.test(t));
    assert.strictEqual(snippet.length, 1, titles.join(' | '));
    assert.strictEqual(snippet[0].match(/placeholder/gi)?.length, 1, snippet[0]);
  });

  it('flags a typo in .trailguard.yaml at its position while it is edited', async () => {
    const file = path.join(ws, '.trailguard.yaml');
    await client.open(file, 'rules:\n  TG2044: warning\n  TG101: of\n');
    const diagnostics = await client.diagnosticsOfVersion(file, 1);
    assert.deepStrictEqual(
      diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.severity, d.message]),
      [
        [1, 2, 1, 'unknown rule id "TG2044" (did you mean TG204?)'],
        [2, 9, 1, 'severity "of" is not one of error, warning, info, off (did you mean off?)'],
      ],
    );
    await client.change(file, 'rules:\n  TG204: warning\n');
    assert.deepStrictEqual(await client.diagnosticsOfVersion(file, 2), []);
  });

  it('logs what it does to the output channel: the settings in force and each lint with its duration', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    await client.configurationChanged({ rules: { TG106: 'off' } });
    await client.open(file, trailWith('false'));
    await client.diagnostics(file, (p) => p.version === 1 && only(p.diagnostics, 'TG106').length === 0);
    const deadline = Date.now() + 5000;
    while (!client.log.some((l) => l.startsWith('linted ')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(client.log.some((l) => /^settings in force: .*"rules":\{"TG106":"off"\}/.test(l)), client.log.join('\n'));
    assert.ok(client.log.some((l) => /^linted module infra\/ \(1 file\) in \d+ ms: \d+ problems? in 1 open file$/.test(l)), client.log.join('\n'));
  });

  it('registers didChangeConfiguration only with clients that announce dynamic registration for it', async () => {
    const probe = path.join(ws, 'infra', 'probe.tf');
    await client.open(probe, trailMissingBoth);
    await client.diagnosticsOfVersion(probe, 1);
    assert.ok(client.registrations.includes('workspace/didChangeConfiguration'), 'VS Code-like client: registered');
    const plain = await TestClient.start({ workspace: ws, dynamicConfigurationRegistration: false });
    try {
      const file = path.join(ws, 'infra', 'main.tf');
      await plain.open(file, trailMissingBoth);
      await plain.diagnosticsOfVersion(file, 1);
      assert.deepStrictEqual(plain.registrations.filter((m) => m === 'workspace/didChangeConfiguration'), []);
      assert.ok(plain.registrations.includes('workspace/didChangeWatchedFiles'), 'the watcher the client allows is still registered');
    } finally {
      await plain.stop();
    }
  });

  it('honours settings pushed through didChangeConfiguration by a client that also answers pulls', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    await client.open(file, trailMissingBoth);
    assert.strictEqual(only(await client.diagnosticsOfVersion(file, 1), 'TG101').length, 1);
    // The pull would still say nothing: only the pushed section turns TG101 off (eglot and Helix push).
    client.settings = {};
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { trailguard: { rules: { TG101: 'off' } } } });
    assert.deepStrictEqual(only(await client.diagnostics(file, without('TG101')), 'TG101'), []);
  });

  it('takes pushed settings from a client that never answers workspace/configuration', async () => {
    const pushOnly = await TestClient.start({ workspace: ws, pullConfiguration: false, dynamicConfigurationRegistration: false });
    try {
      const file = path.join(ws, 'infra', 'main.tf');
      await pushOnly.open(file, trailMissingBoth);
      assert.strictEqual(only(await pushOnly.diagnosticsOfVersion(file, 1), 'TG102').length, 1);
      await pushOnly.conn.sendNotification('workspace/didChangeConfiguration', { settings: { trailguard: { rules: { TG102: 'off' } } } });
      assert.deepStrictEqual(only(await pushOnly.diagnostics(file, without('TG102')), 'TG102'), []);
    } finally {
      await pushOnly.stop();
    }
  });

  it('re-reads .trailguard.yaml when the watcher reports a change', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    await client.open(file, trailWith('false'));
    assert.strictEqual(only(await client.diagnosticsOfVersion(file, 1), 'TG101')[0]?.severity, 1);
    const config = path.join(ws, '.trailguard.yaml');
    fs.writeFileSync(config, 'rules:\n  TG101: off\n');
    await client.watchedFilesChanged([{ file: config, type: 1 }]);
    assert.deepStrictEqual(only(await client.diagnostics(file, without('TG101')), 'TG101'), []);
  });

  it('skips a file over trailguard.maxFileSize with one Information diagnostic', async () => {
    client.settings = { maxFileSize: 1024 };
    await client.configurationChanged(client.settings);
    const file = path.join(ws, 'infra', 'big.tf');
    await client.open(file, trailWith('false') + `# ${'x'.repeat(2000)}\n`);
    const diagnostics = await client.diagnosticsOfVersion(file, 1);
    assert.strictEqual(diagnostics.length, 1);
    assert.strictEqual(diagnostics[0].severity, 3);
    assert.match(messageOf(diagnostics[0]), /skipped this file.*maxFileSize/);
  });

  it('does not lint files matched by trailguard.files.exclude', async () => {
    client.settings = { files: { exclude: ['legacy/**'] } };
    await client.configurationChanged(client.settings);
    fs.mkdirSync(path.join(ws, 'legacy'));
    const file = path.join(ws, 'legacy', 'main.tf');
    await client.open(file, trailWith('false'));
    assert.deepStrictEqual(await client.diagnosticsOfVersion(file, 1), []);
  });

  it('trailguard.lintFiles publishes diagnostics for closed files (Lint Workspace)', async () => {
    const file = path.join(ws, 'infra', 'main.tf');
    fs.writeFileSync(file, trailWith('false'));
    const published = client.nextDiagnostics(file);
    const result = (await client.executeCommand('trailguard.lintFiles', [[uriOf(file)]])) as { units: number; problems: number };
    assert.strictEqual(result.units, 1);
    assert.ok(only(await published, 'TG101').length === 1);
    assert.strictEqual(result.problems, (await client.diagnostics(file)).length);
  });

  it('survives hostile input: every file gets an answer and the server keeps serving', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    const hostile: Record<string, string> = {
      'bomb.yaml': `AWSTemplateFormatVersion: "2010-09-09"\n${bomb}\nResources: {}\n`,
      'deep.json': '['.repeat(20000) + ']'.repeat(20000),
      'unclosed.tf': 'resource "aws_cloudtrail" "t" {\n  name = "${'.repeat(2000),
      'noise.tf': Array.from({ length: 3000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 94))).join(''),
      'longline.yaml': `Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties: { TrailName: "${'x'.repeat(200000)}" }\n`,
    };
    fs.mkdirSync(path.join(ws, 'hostile'));
    for (const [name, text] of Object.entries(hostile)) {
      const file = path.join(ws, 'hostile', name);
      await client.open(file, text, name.endsWith('.tf') ? 'terraform' : name.endsWith('.json') ? 'json' : 'yaml');
      await client.diagnosticsOfVersion(file, 1);
    }
    const file = path.join(ws, 'infra', 'main.tf');
    await client.open(file, trailWith('false'));
    assert.strictEqual(only(await client.diagnosticsOfVersion(file, 1), 'TG101').length, 1, 'still linting after the hostile files');
  });

  it('lints a large unit off the main thread: a small file opened after it gets its diagnostics first', async () => {
    fs.mkdirSync(path.join(ws, 'big'));
    const big = path.join(ws, 'big', 'main.tf');
    let text = trailWith('false');
    for (let i = 0; text.length < 400_000; i++) {
      text += `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags = {\n    Name = "b${i}"\n  }\n}\n\n`;
    }
    const small = path.join(ws, 'infra', 'main.tf');
    const order: string[] = [];
    const bigDone = client.diagnosticsOfVersion(big, 1).then((d) => {
      order.push('big');
      return d;
    });
    await client.open(big, text);
    await client.open(small, trailWith('false'));
    const smallDiagnostics = await client.diagnosticsOfVersion(small, 1);
    order.push('small');
    const bigDiagnostics = await bigDone;
    assert.deepStrictEqual(order, ['small', 'big']);
    assert.strictEqual(only(smallDiagnostics, 'TG101').length, 1);
    assert.deepStrictEqual(only(bigDiagnostics, 'TG101').map((d) => d.range), [rangeOf(text, 'enable_log_file_validation    = false')]);
  });

  it('measures keystroke-to-diagnostics on a 20-file, 5,000-line module', async () => {
    const dir = path.join(ws, 'big');
    fs.mkdirSync(dir);
    const block = (i: number) =>
      `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags = {\n    Name  = "b${i}"\n    Owner = "team"\n  }\n}\n\n`;
    for (let f = 0; f < 20; f++) {
      let text = f === 0 ? trailWith('false') : '';
      while (text.split('\n').length < 250) text += block(f * 100 + text.length);
      fs.writeFileSync(path.join(dir, `f${f}.tf`), text);
    }
    const file = path.join(dir, 'f0.tf');
    let text = fs.readFileSync(file, 'utf8');
    await client.open(file, text);
    await client.diagnosticsOfVersion(file, 1);
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      // Type one character into a tag value, then wait for the diagnostics of that version.
      const at = rangeOf(text, '"team"').start;
      const t0 = process.hrtime.bigint();
      const version = await client.edit(file, [{ range: { start: { ...at, character: at.character + 1 }, end: { ...at, character: at.character + 1 } }, newText: 'x' }]);
      const diagnostics = await client.diagnosticsOfVersion(file, version);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      text = client.texts.get(file)!;
      assert.strictEqual(only(diagnostics, 'TG101').length, 1);
      await new Promise((r) => setTimeout(r, 20));
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)].toFixed(1);
    console.log(`      keystroke → publishDiagnostics over 30 edits (20 files, 5,000 lines): p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`);
  });
});
