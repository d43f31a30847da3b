// A file that could not be checked never lets CI pass, and is visible in every output format.
import * as assert from 'assert';
import { lintSources } from '../../src/core/engine';
import { runCli, tempTree } from '../cli/helpers';

const failingTrail = `resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "some-bucket"
  is_multi_region_trail      = true
  enable_log_file_validation = false
}
`;

const compliantTrail = failingTrail.replace('= false', '= true');

describe('fail closed', function () {
  this.timeout(60000);

  it('a file with a syntax error makes lint exit 1 even when nothing of error severity fails; counted and in SARIF', async () => {
    const dir = tempTree({ 'ok/main.tf': compliantTrail, 'broken/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n' });
    const json = await runCli(['lint', '.', '--format', 'json'], dir);
    assert.deepStrictEqual(JSON.parse(json.stdout).errors, [{ file: 'broken/main.tf', line: 3, column: 1, message: 'Syntax error: missing a closing `}`' }]);
    assert.ok(!JSON.parse(json.stdout).findings.some((f: { status: string; severity: string }) => f.status === 'fail' && f.severity === 'error'));
    assert.strictEqual(json.code, 1);

    const text = await runCli(['lint', '.'], dir);
    assert.strictEqual(text.code, 1);
    assert.match(text.stdout, /^  broken\/main\.tf:3:1  error  parse error: Syntax error: missing a closing `}`$/m);
    assert.match(text.stdout.trim().split('\n').pop()!, /, 1 parse error$/);

    const sarif = await runCli(['lint', '.', '--format', 'sarif'], dir);
    assert.strictEqual(sarif.code, 1);
    const notes = JSON.parse(sarif.stdout).runs[0].invocations[0].toolExecutionNotifications;
    assert.deepStrictEqual(notes.map((n: { level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      [n.level, n.message.text, n.locations[0].physicalLocation.artifactLocation.uri]), [['error', 'parse error: Syntax error: missing a closing `}`', 'broken/main.tf']]);
  });

  it('--help says that an unchecked file exits 1', async () => {
    const run = await runCli(['lint', '--help'], tempTree({}));
    assert.strictEqual(run.code, 0);
    assert.match(run.stdout, /1 an error-severity failure, or a file that could\s+not be read, parsed or evaluated \(syntax error, invalid UTF-8, over --max-file-size, not recognised\)/);
    assert.match(run.stdout, /was not checked never passes/);
  });

  it('valid UTF-8 containing U+FFFD is linted; invalid bytes are an error at the byte and exit 1', async () => {
    const withReplacementChar = `# caf\uFFFD: copied from a mangled wiki page\n${failingTrail}`;
    const dir = tempTree({
      'a/main.tf': withReplacementChar,
      'b/main.tf': Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${compliantTrail}`)]),
    });
    const run = await runCli(['lint', '.', '--format', 'json'], dir);
    const out = JSON.parse(run.stdout);
    assert.deepStrictEqual(out.errors, [{ file: 'b/main.tf', line: 1, column: 6, message: 'invalid UTF-8 byte sequence' }]);
    assert.deepStrictEqual(out.findings.filter((f: { ruleId: string }) => f.ruleId === 'TG101').map((f: { file: string; line: number }) => [f.file, f.line]), [['a/main.tf', 6]]);
    assert.strictEqual(run.code, 1);
  });

  it('one file-size limit: --max-file-size is honoured by every parser with the same message', async () => {
    const pad = `# ${'x'.repeat(3000)}\n`;
    const dir = tempTree({
      'tf/main.tf': failingTrail + pad,
      'stack.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n${pad}`,
      'policy.json': `{"Version": "2012-10-17", "Statement": [], "Sid": "${'x'.repeat(3000)}"}`,
    });
    const small = await runCli(['lint', '.', '--format', 'json', '--max-file-size', '2048'], dir);
    const errors = JSON.parse(small.stdout).errors.map((e: { file: string; message: string }) => [e.file, e.message]).sort();
    assert.deepStrictEqual(errors, [
      ['policy.json', 'file is too large to lint (3.0 KB; the limit is 2.0 KB, set by --max-file-size or trailguard.maxFileSize)'],
      ['stack.yaml', 'file is too large to lint (3.0 KB; the limit is 2.0 KB, set by --max-file-size or trailguard.maxFileSize)'],
      ['tf/main.tf', 'file is too large to lint (3.1 KB; the limit is 2.0 KB, set by --max-file-size or trailguard.maxFileSize)'],
    ]);
    assert.strictEqual(small.code, 1);
    const large = await runCli(['lint', '.', '--format', 'json', '--max-file-size', '8192'], dir);
    assert.deepStrictEqual(JSON.parse(large.stdout).errors, []);

    // The parsers themselves, given text already in memory (the language server), refuse with the same words.
    const big = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n# ${'x'.repeat(6 * 1024 * 1024)}\n`;
    for (const [file, text] of [['big/main.tf', `${failingTrail}# ${'x'.repeat(6 * 1024 * 1024)}\n`], ['big.yaml', big]]) {
      const r = await lintSources([{ path: file, text }], {}, undefined, { cache: false });
      assert.deepStrictEqual(r.errors.map((e) => e.message), ['file is too large to lint (6.0 MB; the limit is 5.0 MB, set by --max-file-size or trailguard.maxFileSize)'], file);
      const raised = await lintSources([{ path: file, text }], {}, undefined, { cache: false, maxFileSize: 8 * 1024 * 1024 });
      assert.deepStrictEqual(raised.errors, [], file);
    }
  });

  it('at most 100 parse errors per file, then "and N more"', async () => {
    const docs: string[] = [];
    for (let i = 0; i < 150; i++) docs.push(`AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B${i}: [\n`);
    const { errors } = await lintSources([{ path: 'stacks.yaml', text: docs.join('---\n') }]);
    assert.strictEqual(errors.length, 101);
    assert.strictEqual(errors[99].message, 'Flow sequence in block collection must be sufficiently indented and end with a ]');
    assert.deepStrictEqual(errors[100], {
      file: 'stacks.yaml',
      range: { start: { line: 403, character: 0 }, end: { line: 403, character: 1 } },
      message: 'and 50 more parse errors in this file (only the first 100 are listed)',
    });
  });
});
