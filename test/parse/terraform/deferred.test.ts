// Bodies of blocks no adapter reads are converted only when referenced (relevance.ts): what a relevant block
// reads through such a reference, and the problems such a block reports, must not change.
import { strict as assert } from 'assert';
import { parseTerraformModule } from '../../../src/core/parse/terraform';
import { at, known, parse } from './helpers';

describe('terraform blocks converted on demand', () => {
  const files = {
    'main.tf': [
      'resource "aws_instance" "app" {',
      '  ami = "ami-1"',
      '}',
      '',
      'resource "aws_ssm_parameter" "bucket_name" {',
      '  name  = "/audit/bucket"',
      '  value = "acme-audit-logs"',
      '  tags  = { owner = "audit" }',
      '}',
      '',
      'resource "aws_s3_bucket" "logs" {',
      '  bucket = aws_ssm_parameter.bucket_name.value',
      '  tags   = aws_ssm_parameter.bucket_name.tags',
      '}',
      '',
    ].join('\n'),
  };

  it('evaluates a reference into an irrelevant resource with its value and its location', async () => {
    const { scene, errors } = await parse(files);
    assert.deepEqual(errors, []);
    const name = scene.buckets[0].name;
    assert.equal(known(name), 'acme-audit-logs');
    assert.equal(at(name.state === 'known' ? name.loc : undefined), 'main.tf:12:3-12:47');
  });

  it('gives the same scene as a batch parse (trees freed at once)', async () => {
    const sources = Object.entries(files).map(([path, text]) => ({ path: `batch/${path}`, text }));
    const cached = await parseTerraformModule(sources);
    const batch = await parseTerraformModule(sources, { cache: false });
    const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
    assert.deepEqual(plain(batch), plain(cached));
  });

  it('still reports nesting too deep inside an irrelevant block', async () => {
    const depth = 1000;
    const { errors } = await parse({ 'deep.tf': `resource "aws_instance" "x" {\n  user_data = ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n` });
    assert.deepEqual(errors.map((e) => e.message), ['Nesting deeper than 400 levels is not evaluated']);
  });

  it('still reports a syntax error inside an irrelevant block', async () => {
    const { errors } = await parse({ 'broken.tf': 'resource "aws_instance" "x" {\n  ami = \n}\n\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' });
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /^Syntax error/);
    assert.equal(errors[0].range.start.line + 1, 2);
  });
});
