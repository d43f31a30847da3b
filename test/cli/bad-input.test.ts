// Each kind of broken input gives one entry in `errors` (file, position, message) in bounded time, and the
// good file beside it is still linted.
import * as assert from 'assert';
import { runCli, tempTree, validatingTrail } from './helpers';

interface Out { findings: { ruleId: string; file: string }[]; errors: { file: string; line: number; column: number; message: string }[] }

async function lintWith(bad: Record<string, string | Buffer>): Promise<{ out: Out; ms: number; code: number }> {
  const dir = tempTree({ 'good/main.tf': validatingTrail, ...bad });
  const started = Date.now();
  const run = await runCli(['lint', '.', '--format', 'json'], dir);
  const ms = Date.now() - started;
  assert.doesNotMatch(run.stderr, /internal error/);
  return { out: JSON.parse(run.stdout) as Out, ms, code: run.code };
}

function assertOneError(out: Out, file: string, message: RegExp): void {
  const mine = out.errors.filter((e) => e.file === file);
  assert.ok(mine.length >= 1, `expected a parse error for ${file}, got ${JSON.stringify(out.errors)}`);
  assert.match(mine[0].message, message);
  assert.ok(mine[0].line >= 1 && mine[0].column >= 1);
  assert.ok(out.findings.some((f) => f.ruleId === 'TG101' && f.file.endsWith('main.tf') && f.file.startsWith('good')), 'the good file is still linted');
}

describe('bad input', function () {
  this.timeout(120000);

  it('truncated HCL', async () => {
    const { out } = await lintWith({ 'bad/main.tf': 'resource "aws_cloudtrail" "x" {\n  name = "x"\n' });
    assertOneError(out, 'bad/main.tf', /./);
  });

  it('unbalanced YAML template', async () => {
    const { out } = await lintWith({ 'bad.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties: { IsLogging: true\n' });
    assertOneError(out, 'bad.yaml', /./);
  });

  it('truncated JSON template', async () => {
    const { out } = await lintWith({ 'bad.json': '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"T": {"Type": "AWS::CloudTrail::Trail", "Properties": {' });
    assertOneError(out, 'bad.json', /./);
  });

  it('binary content', async () => {
    const { out } = await lintWith({ 'bad/main.tf': Buffer.from([0x72, 0x65, 0x00, 0x01, 0xff, 0x00, 0x7b]) });
    assertOneError(out, 'bad/main.tf', /binary/);
  });

  it('invalid UTF-8', async () => {
    const { out } = await lintWith({ 'bad/main.tf': Buffer.concat([Buffer.from('resource "aws_s3_bucket" "b" {\n  bucket = "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n}\n')]) });
    assertOneError(out, 'bad/main.tf', /UTF-8/);
    assert.strictEqual(out.errors.find((e) => e.file === 'bad/main.tf')!.line, 2);
  });

  it('a 20 MB file', async () => {
    const line = 'resource "aws_s3_bucket" "b" { bucket = "x" }\n';
    const { out, ms } = await lintWith({ 'big/main.tf': line.repeat(Math.ceil((20 * 1024 * 1024) / line.length)) });
    assertOneError(out, 'big/main.tf', /MB/);
    assert.ok(ms < 60000, `bounded time (took ${ms} ms)`);
  });

  it('10,000-deep nesting (HCL and JSON)', async () => {
    const depth = 10000;
    const { out } = await lintWith({
      'deep/main.tf': `locals {\n  x = ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n`,
      'deep.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"Tags": ${'['.repeat(depth)}${']'.repeat(depth)}}}}}`,
    });
    assertOneError(out, 'deep/main.tf', /nest|deep/i);
    assertOneError(out, 'deep.json', /nest|deep/i);
  });

  it('a YAML alias bomb', async () => {
    const bomb = ['AWSTemplateFormatVersion: "2010-09-09"', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    bomb.push('Resources:', '  B:', '    Type: AWS::S3::Bucket', '    Properties:', '      Tags: *j');
    const { out, ms } = await lintWith({ 'bomb.yaml': bomb.join('\n') + '\n' });
    assertOneError(out, 'bomb.yaml', /alias/i);
    assert.ok(ms < 30000, `bounded time (took ${ms} ms)`);
  });
});
