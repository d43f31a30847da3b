// Broken input never throws: one ParseError per file at the first problem, in bounded time, and the intact
// blocks (and the other files of the module) still produce entities.
import { strict as assert } from 'assert';
import { parse } from './helpers';

const GOOD = 'resource "aws_cloudtrail" "ok" {\n  name = "ok"\n}\n';

async function timed(files: Record<string, string>) {
  const t0 = Date.now();
  const result = await parse(files);
  return { ...result, ms: Date.now() - t0 };
}

describe('terraform bad input', () => {
  it('truncated block: error at the end, earlier blocks intact', async () => {
    const r = await timed({ 'main.tf': GOOD + '\nresource "aws_s3_bucket" "b" {\n  bucket = "logs"\n  acl = ' });
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].file, 'main.tf');
    assert.match(r.errors[0].message, /^Syntax error/);
    assert.deepEqual(r.scene.trails.map((t) => t.id), ['aws_cloudtrail.ok']);
  });

  it('half-typed attribute in the middle: the blocks around it still yield entities', async () => {
    const text = GOOD + '\nresource "aws_s3_bucket" "b" {\n  bucket = \n  acl = "private"\n}\n\nresource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n';
    const r = await timed({ 'main.tf': text });
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].range.start.line + 1, 7);
    assert.deepEqual(r.scene.trails.map((t) => t.id), ['aws_cloudtrail.ok']);
    assert.deepEqual(r.scene.keys.map((k) => k.id), ['aws_kms_key.k']);
  });

  it('unbalanced braces: one error, other files linted', async () => {
    const r = await timed({ 'a.tf': 'resource "aws_kms_key" "k" {\n  description = "x"\n  {\n', 'b.tf': GOOD });
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].file, 'a.tf');
    assert.deepEqual(r.scene.trails.map((t) => t.id), ['aws_cloudtrail.ok']);
    const extra = await timed({ 'a.tf': GOOD + '}\n}\n' });
    assert.equal(extra.errors.length, 1);
    assert.equal(extra.errors[0].range.start.line + 1, 4);
    assert.deepEqual(extra.scene.trails.map((t) => t.id), ['aws_cloudtrail.ok']);
  });

  it('a half-typed attribute name or unterminated string does not swallow the blocks after it', async () => {
    const typing = await timed({ 'm.tf': 'resource "aws_cloudtrail" "t" {\n  name = "x"\n  enable_log_\n}\nresource "aws_kms_key" "k" {}\n' });
    assert.deepEqual(typing.errors.map((e) => [e.range.start.line + 1, e.range.start.character + 1, e.message]), [[3, 3, 'Syntax error near `enable_log_`']]);
    assert.deepEqual(typing.scene.keys.map((k) => k.id), ['aws_kms_key.k']);
    assert.equal(typing.scene.trails[0].name.state, 'known');

    const quote = await timed({ 'm.tf': 'resource "aws_cloudtrail" "t" {\n  name = "x\n}\n\nresource "aws_kms_key" "k" {}\n' });
    assert.deepEqual(quote.errors.map((e) => [e.range.start.line + 1, e.range.start.character + 1, e.message]), [[2, 10, 'Syntax error: unterminated string']]);
    assert.deepEqual(quote.scene.keys.map((k) => k.id), ['aws_kms_key.k']);
  });

  it('binary content', async () => {
    const r = await timed({ 'bin.tf': 'PK\u0003\u0004\u0000\u0000\u00ff\u00fe', 'b.tf': GOOD });
    assert.deepEqual(r.errors.map((e) => [e.file, e.message]), [['bin.tf', 'Binary content (NUL byte): not a Terraform file']]);
    assert.equal(r.scene.trails.length, 1);
  });

  it('10,000-deep nesting', async () => {
    const depth = 10000;
    const text = `locals {\n  deep = ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n` + GOOD;
    const r = await timed({ 'deep.tf': text });
    assert.ok(r.ms < 5000, `took ${r.ms} ms`);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, /Nesting deeper than \d+ levels/);
    assert.deepEqual(r.scene.trails.map((t) => t.id), ['aws_cloudtrail.ok']);
    const objects = await timed({ 'deep.tf': `resource "aws_cloudtrail" "x" {\n  name = ${'{a = '.repeat(depth)}1${'}'.repeat(depth)}\n}\n` });
    assert.equal(objects.errors.length, 1);
    assert.equal(objects.scene.trails[0].name.state, 'unresolved');
  });

  it('10,000-deep nesting in .tf.json and in an embedded policy', async () => {
    const depth = 10000;
    const json = await timed({ 'deep.tf.json': `{"locals": {"a": ${'['.repeat(depth)}${']'.repeat(depth)}}}`, 'b.tf': GOOD });
    assert.deepEqual(json.errors.map((e) => [e.file, e.message]), [['deep.tf.json', 'Nesting deeper than 200 levels is not evaluated']]);
    assert.equal(json.scene.trails.length, 1);
    const heredoc = await timed({ 'p.tf': `resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  policy = <<EOF\n${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}\nEOF\n}\n` });
    assert.ok(heredoc.ms < 5000, `took ${heredoc.ms} ms`);
    assert.equal(heredoc.scene.buckets[0].policy.state, 'unresolved');
    assert.equal(heredoc.scene.buckets[0].policy.reason, 'the JSON document is nested too deeply');
  });

  it('locals that double at every step (an expansion bomb) stay bounded', async () => {
    let locals = 'locals {\n  a0 = ["x"]\n  b0 = "y"\n';
    for (let i = 1; i < 45; i++) locals += `  a${i} = concat(local.a${i - 1}, local.a${i - 1})\n  b${i} = [local.b${i - 1}, local.b${i - 1}]\n`;
    locals += '}\nresource "aws_cloudtrail" "t" {\n  name           = "x-${jsonencode(local.b44)}"\n  s3_bucket_name = length(local.a44)\n}\n';
    const r = await timed({ 'bomb.tf': locals });
    assert.ok(r.ms < 5000, `took ${r.ms} ms`);
    const t = r.scene.trails[0];
    assert.equal(t.name.state, 'unresolved');
    assert.equal(t.s3BucketName.state, 'unresolved');
  });

  it('a 20 MB file', async () => {
    const line = 'resource "aws_s3_bucket" "b" { bucket = "x" }\n';
    const big = line.repeat(Math.ceil((20 * 1024 * 1024) / line.length));
    const r = await timed({ 'big.tf': big, 'b.tf': GOOD });
    assert.ok(r.ms < 5000, `took ${r.ms} ms`);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, /^file is too large to lint \(20\.0 MB; the limit is 5\.0 MB, set by --max-file-size or trailguard\.maxFileSize\)$/);
    assert.equal(r.scene.trails.length, 1);
  });

  it('garbage text', async () => {
    const r = await timed({ 'junk.tf': '}}}{{{ = = "\n<<EOF\n%{ ${ \u00e9\n', 'b.tf': GOOD });
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].file, 'junk.tf');
    assert.equal(r.scene.trails.length, 1);
  });
});
