// The server's pure parts, where the stdio tests cannot reach every case: suppression placement in heredocs,
// settings over .trailguard.yaml, the minimal edit of fix-all, and how the scheduler coalesces keystrokes.
import * as assert from 'assert';
import { suppressionEdit } from '../../src/server/codeActions';
import { applyEdits as applyEditsToText, minimalEdit } from '../../src/core/fix/apply';
import type { FileEdit } from '../../src/core/model';
import { lintSources } from '../../src/core/engine';
import { fixAllPasses } from '../../src/server/fixAll';

const applyEdits = (text: string, edits: FileEdit[]): string => applyEditsToText(text, edits).text;
import { LintScheduler } from '../../src/server/scheduler';
import { parseSettings, toLintConfig } from '../../src/server/settings';
import { nullProto } from '../support/nullProto';

describe('server parts', () => {
  describe('suppressionEdit', () => {
    const policy = [
      'resource "aws_s3_bucket_policy" "logs" {',
      '  bucket = aws_s3_bucket.logs.id',
      '  policy = <<-EOT',
      '    {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*"}]}',
      '  EOT',
      '}',
    ].join('\n');

    it('puts the comment above the line that opens a heredoc, not inside the policy text', () => {
      const edit = suppressionEdit('main.tf', policy, 'TG206', 3)!;
      assert.strictEqual(applyEdits(policy, [edit]).split('\n')[2], '  # trailguard:ignore TG206 TODO: say why this is accepted');
      assert.strictEqual(applyEdits(policy, [edit]).split('\n')[3], '  policy = <<-EOT');
    });

    it('puts the comment right above a finding outside heredocs, with its indentation', () => {
      const edit = suppressionEdit('main.tf', policy, 'TG206', 5)!;
      assert.deepStrictEqual(edit.range, { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } });
      assert.strictEqual(edit.newText, '# trailguard:ignore TG206 TODO: say why this is accepted\n');
    });

    it('offers no comment in JSON (it has no comments)', () => {
      assert.strictEqual(suppressionEdit('policy.json', '{\n  "Statement": []\n}\n', 'TG206', 1), undefined);
      assert.strictEqual(suppressionEdit('template.template', '{\n  "Resources": {}\n}\n', 'TG101', 1), undefined);
    });
  });

  describe('settings over .trailguard.yaml', () => {
    it('overrides rules one by one, merges lists, and keeps file values the settings leave unset', () => {
      const settings = parseSettings({ rules: { tg101: 'Warning', TG102: 'nonsense' }, optIn: ['tg107'], auditBucketPatterns: ['*-audit'] });
      const config = toLintConfig(settings, { rules: { TG101: 'info', TG204: 'off' }, optIn: ['TG111'], minRetentionDays: 400, auditBucketPatterns: ['logs-*'] });
      assert.deepStrictEqual(config.rules, nullProto({ TG101: 'warning', TG204: 'off' }));
      assert.deepStrictEqual(config.optIn, ['TG111', 'TG107']);
      assert.deepStrictEqual(config.auditBucketPatterns, ['logs-*', '*-audit']);
      assert.strictEqual(config.minRetentionDays, 400);
      assert.strictEqual(toLintConfig(parseSettings({ minRetentionDays: 90 }), { minRetentionDays: 400 }).minRetentionDays, 90);
    });

    it('ignores malformed settings instead of failing', () => {
      const s = parseSettings({ rules: 'TG101', optIn: [1, null, 'TG404'], maxFileSize: -3, files: { exclude: 'x' } });
      assert.deepStrictEqual([s.rules, s.optIn, s.maxFileSize, s.exclude], [nullProto({}), ['TG404'], 5 * 1024 * 1024, []]);
    });
  });

  describe('minimalEdit', () => {
    it('replaces only the span that differs, and reproduces the new text', () => {
      const before = 'a = 1\nb = false\nc = 3\n';
      const after = 'a = 1\nb = true\nx = 9\nc = 3\n';
      const edit = minimalEdit('f.tf', before, after);
      assert.deepStrictEqual(edit.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } });
      assert.strictEqual(edit.newText, 'true\nx = 9');
      assert.strictEqual(applyEdits(before, [edit]), after);
    });
  });

  describe('LintScheduler', () => {
    it('coalesces a burst into one lint, and changes during a lint into exactly one more', async () => {
      const runs: number[] = [];
      let release: () => void = () => undefined;
      const scheduler = new LintScheduler(5, async () => {
        runs.push(Date.now());
        await new Promise<void>((r) => (release = r));
        return 0;
      }, (err) => assert.fail(String(err)));
      for (let i = 0; i < 5; i++) scheduler.schedule('unit');
      await new Promise((r) => setTimeout(r, 30));
      assert.strictEqual(runs.length, 1, 'a burst lints once');
      for (let i = 0; i < 5; i++) scheduler.schedule('unit');
      assert.strictEqual(scheduler.isPending('unit'), true);
      const idle = scheduler.whenIdle('unit');
      release();
      await new Promise((r) => setTimeout(r, 10));
      assert.strictEqual(runs.length, 2, 'changes during the lint cost one re-lint');
      release();
      await idle;
      assert.strictEqual(runs.length, 2);
    });

    it('aborts a running lint when a change supersedes it, and lints again without reporting a failure', async () => {
      const signals: AbortSignal[] = [];
      const failures: unknown[] = [];
      const scheduler = new LintScheduler(1, (key, signal) => {
        if (key !== 'unit') return Promise.resolve(0);
        signals.push(signal);
        // Like the engine runner: a superseded lint rejects as soon as its signal aborts.
        return new Promise<number>((resolve, reject) => {
          if (signals.length > 1) return resolve(3);
          signal.addEventListener('abort', () => reject(new Error('cancelled')));
        });
      }, (err) => failures.push(err));
      scheduler.schedule('unit');
      await new Promise((r) => setTimeout(r, 20));
      assert.deepStrictEqual(signals.map((s) => s.aborted), [false]);
      scheduler.schedule('other');
      assert.strictEqual(signals[0].aborted, false, 'another unit does not supersede it');
      scheduler.schedule('unit');
      assert.strictEqual(signals[0].aborted, true);
      await scheduler.whenIdle('unit');
      assert.deepStrictEqual(signals.map((s) => s.aborted), [true, false]);
      assert.deepStrictEqual(failures, []);
    });
  });
});

describe('fixAllPasses (the language server Fix All)', () => {
  const template = 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: b\n      IsLogging: true\n      IsMultiRegionTrail: true\n';
  const lint = (files: { path: string; text: string }[]) => lintSources(files, {});

  it('returns one minimal edit with the document line endings (CRLF)', async () => {
    const crlf = template.split('\n').join('\r\n');
    const result = await fixAllPasses([{ path: 't.yaml', text: crlf }], lint);
    assert.deepStrictEqual(result.edits, [{ file: 't.yaml', range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, newText: '      EnableLogFileValidation: true\r\n' }]);
    assert.strictEqual(result.fixes, 1);
  });

  it('edits nothing in a unit with a parse error, and says why', async () => {
    const broken = template + '  Oops: [\n';
    const result = await fixAllPasses([{ path: 't.yaml', text: broken }], lint);
    assert.deepStrictEqual(result.edits, []);
    assert.match(result.untouched!, /^it has parse errors \(t\.yaml:\d+: /);
  });
});
