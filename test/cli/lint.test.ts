import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempTree, validatingTrail } from './helpers';

describe('trailguard lint', () => {
  it('prints json exactly in the documented shape, with 1-based positions', async () => {
    const dir = tempTree({ 'infra/main.tf': validatingTrail });
    const run = await runCli(['lint', 'infra', '--format', 'json'], dir);
    const out = JSON.parse(run.stdout);
    assert.strictEqual(out.version, 1);
    assert.deepStrictEqual(out.errors, []);
    const tg101 = out.findings.find((f: { ruleId: string }) => f.ruleId === 'TG101');
    assert.deepStrictEqual(tg101, {
      ruleId: 'TG101',
      status: 'fail',
      severity: 'error',
      message: tg101.message,
      file: path.join('infra', 'main.tf'),
      line: 5,
      column: 3,
      endLine: 5,
      endColumn: 37,
      resource: 'aws_cloudtrail.main',
      fixable: true,
      suppressed: false,
    });
    assert.strictEqual(run.code, 1, 'an error-severity failure exits 1');
  });

  it('prints text grouped by file with a summary line', async () => {
    const dir = tempTree({ 'main.tf': validatingTrail });
    const run = await runCli(['lint', '.'], dir);
    const lines = run.stdout.split('\n');
    assert.strictEqual(lines[0], 'main.tf');
    assert.ok(lines.some((l) => /^  main\.tf:5:3  error  .*  TG101$/.test(l)), run.stdout);
    assert.match(lines.filter(Boolean).pop()!, /^✖ \d+ errors?, \d+ warnings?, \d+ info, \d+ unknown, 0 suppressed, 0 parse errors$/);
  });

  it('exits 0 when nothing of error severity fails', async () => {
    const dir = tempTree({ 'main.tf': validatingTrail.replace('= false', '= true') });
    const run = await runCli(['lint', '.', '--format', 'json'], dir);
    const out = JSON.parse(run.stdout);
    assert.ok(!out.findings.some((f: { severity: string; status: string }) => f.status === 'fail' && f.severity === 'error'), run.stdout);
    assert.strictEqual(run.code, 0);
  });

  it('exits 2 on usage errors without a stack trace', async () => {
    const dir = tempTree({});
    for (const args of [['lint', '--format', 'xml'], ['lint', 'missing-dir'], ['lint', '--bogus'], ['frobnicate']]) {
      const run = await runCli(args, dir);
      assert.strictEqual(run.code, 2, args.join(' '));
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('honours suppression comments and counts them', async () => {
    const dir = tempTree({ 'main.tf': validatingTrail.replace('  enable_log_file_validation', '  # trailguard:ignore TG101 validated by the org trail\n  enable_log_file_validation') });
    const run = await runCli(['lint', '.', '--format', 'json'], dir);
    const tg101 = JSON.parse(run.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'TG101');
    assert.strictEqual(tg101.suppressed, true);
    const text = await runCli(['lint', '.'], dir);
    assert.match(text.stdout, /1 suppressed/);
  });

  it('applies per-rule severity from .trailguard.yaml', async () => {
    const dir = tempTree({ 'main.tf': validatingTrail, '.trailguard.yaml': 'rules:\n  TG101: warning\n  TG102: off\n' });
    const out = JSON.parse((await runCli(['lint', '.', '--format', 'json'], dir)).stdout);
    assert.strictEqual(out.findings.find((f: { ruleId: string }) => f.ruleId === 'TG101').severity, 'warning');
    assert.ok(!out.findings.some((f: { ruleId: string }) => f.ruleId === 'TG102'));
  });

  it('walks folders honouring .gitignore and skipping .terraform and node_modules', async () => {
    const dir = tempTree({
      '.gitignore': 'generated/\n',
      'a/main.tf': validatingTrail,
      'generated/main.tf': validatingTrail,
      '.terraform/modules/x/main.tf': validatingTrail,
      'node_modules/y/main.tf': validatingTrail,
    });
    const out = JSON.parse((await runCli(['lint', '.', '--format', 'json'], dir)).stdout);
    const files = new Set(out.findings.map((f: { file: string }) => f.file));
    assert.deepStrictEqual([...files], [path.join('a', 'main.tf')]);
  });

  it('--fix applies safe fixes, writes the file and reports the change', async () => {
    const dir = tempTree({ 'main.tf': validatingTrail });
    const run = await runCli(['lint', '.', '--fix', '--format', 'json'], dir);
    const text = fs.readFileSync(path.join(dir, 'main.tf'), 'utf8');
    assert.match(text, /enable_log_file_validation = true/);
    assert.match(run.stderr, /fixed main\.tf:5  TG101/);
    const out = JSON.parse(run.stdout);
    assert.ok(!out.findings.some((f: { ruleId: string }) => f.ruleId === 'TG101'));
  });
});
