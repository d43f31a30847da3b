// A batch lint (CLI, `cache: false`) sends a file whose brackets surely do not match straight to chunk-by-chunk
// recovery, without parsing it whole first; the editor path (cached trees) always parses whole first. Both must
// report the same errors and the same entities, for broken files and for clean ones the bracket scan misreads;
// and a large clean file, which a batch lint parses by chunks, the same findings.
import { strict as assert } from 'assert';
import { CHUNKED_PARSE_CHARS, parseTerraformModule } from '../../../src/core/parse/terraform';
import { lintSources } from '../../../src/core/engine';
import { bracketBalance } from '../../../src/core/parse/terraform/syntaxErrors';
import { at } from './helpers';

const BUCKET = (i: number) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "logs-${i}"\n  tags   = { team = "audit", n = "\${var.n}-${i}" }\n}\n`;
const TRAIL = 'resource "aws_cloudtrail" "t" {\n  name           = "t"\n  s3_bucket_name = aws_s3_bucket.b1.id\n}\n';

const CASES: Record<string, string> = {
  'unclosed brace before every block': 'resource "aws_s3_bucket" "broken" {\n  bucket = "oops"\n\n' + BUCKET(1) + BUCKET(2) + TRAIL,
  'stray closing brace in the middle': BUCKET(1) + '}\n' + BUCKET(2) + TRAIL,
  'unclosed bracket in a list': BUCKET(1) + 'resource "aws_s3_bucket" "c" {\n  bucket = ["a", "b"\n}\n' + TRAIL,
  'unclosed interpolation in a string': BUCKET(1) + 'locals {\n  x = "${var.a"\n}\n' + TRAIL,
  'clean, with braces in strings and comments': BUCKET(1) + '# a { comment\n// another }\n/* and { a block */\nlocals {\n  s = "}{ ${"{"} $${x} %%{y}"\n}\n' + TRAIL,
  'clean heredoc holding a header line': BUCKET(1) + 'locals {\n  p = <<EOF\nresource "x" "y" {\nEOF\n}\n' + TRAIL,
  // Blocks are parsed in groups of about 32 K: errors inside the third group and at the end of the file.
  'unclosed bracket and stray brace among 1,500 blocks': range(1, 700).map(BUCKET).join('') + 'resource "aws_s3_bucket" "c" {\n  bucket = ["a", "b"\n}\n'
    + range(700, 1500).map(BUCKET).join('') + TRAIL + '}\n',
  'clean heredoc holding a header line among 1,500 blocks': range(1, 700).map(BUCKET).join('') + 'locals {\n  p = <<EOF\nresource "x" "y" {\nEOF\n}\n'
    + range(700, 1500).map(BUCKET).join('') + TRAIL,
};

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

async function both(text: string) {
  const batch = await parseTerraformModule([{ path: 'main.tf', text }], { cache: false });
  const editor = await parseTerraformModule([{ path: 'main.tf', text }], { cache: true });
  const show = (u: typeof batch) => ({
    errors: u.errors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`),
    buckets: u.scene.buckets.map((b) => `${b.id} ${at(b.loc)} ${b.name.state === 'known' ? b.name.value : b.name.state}`),
    trails: u.scene.trails.map((t) => `${t.id} ${t.bucket.state === 'linked' ? t.bucket.entity.id : t.bucket.state}`),
  });
  return { batch: show(batch), editor: show(editor) };
}

describe('terraform batch recovery without a whole-file parse', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: the same errors and entities as the editor path`, async () => {
      const { batch, editor } = await both(text);
      assert.deepEqual(batch, editor);
    });
  }

  it('the unclosed brace keeps the blocks after it, and the trail linked', async () => {
    const { batch } = await both(CASES['unclosed brace before every block']);
    assert.deepEqual(batch.errors, ['4:1 Syntax error: missing a closing `}`']);
    assert.deepEqual(batch.trails, ['aws_cloudtrail.t aws_s3_bucket.b1']);
    assert.deepEqual(batch.buckets.map((b) => b.split(' ')[0]), ['aws_s3_bucket.broken', 'aws_s3_bucket.b1', 'aws_s3_bucket.b2']);
  });

  it('bracket scan: unbalanced only when surely so', () => {
    assert.equal(bracketBalance(CASES['unclosed brace before every block']), 'unbalanced');
    assert.equal(bracketBalance(CASES['stray closing brace in the middle']), 'unbalanced');
    assert.equal(bracketBalance(CASES['clean, with braces in strings and comments']), 'balanced');
    assert.equal(bracketBalance(CASES['clean heredoc holding a header line']), 'unsure');
    assert.equal(bracketBalance('x = "unterminated\n'), 'unsure');
  });
});

describe('terraform batch parse of a large clean file by chunks', () => {
  // Over CHUNKED_PARSE_CHARS, with resources no adapter reads (converted lazily on the whole-file path, eagerly by
  // chunks), references into them, policies, trails and keys: the findings must not depend on the path.
  const unit = (i: number) => `resource "aws_ssm_parameter" "p${i}" {
  name  = "/audit/${i}"
  value = "acme-audit-${i}"
  tags  = { owner = "audit", n = "${i}" }
}

resource "aws_s3_bucket" "b${i}" {
  bucket = aws_ssm_parameter.p${i}.value
  tags   = aws_ssm_parameter.p${i}.tags
}

resource "aws_s3_bucket_policy" "b${i}" {
  bucket = aws_s3_bucket.b${i}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AWSCloudTrailWrite"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "\${aws_s3_bucket.b${i}.arn}/AWSLogs/*"
    }]
  })
}

resource "aws_kms_key" "k${i}" {
  enable_key_rotation = ${i % 2 === 0}
}

resource "aws_cloudtrail" "t${i}" {
  name                       = "t${i}"
  s3_bucket_name             = aws_s3_bucket.b${i}.id
  kms_key_id                 = aws_kms_key.k${i}.arn
  enable_log_file_validation = ${i % 3 === 0}
}

`;
  it('gives the same findings as the editor path', async () => {
    const parts: string[] = ['variable "n" {\n  default = 1\n}\n\n'];
    let size = 0;
    for (let i = 0; size < CHUNKED_PARSE_CHARS + 4096; i++) {
      parts.push(unit(i));
      size += parts[parts.length - 1].length;
    }
    const text = parts.join('');
    assert.equal(bracketBalance(text), 'balanced');
    const show = (r: Awaited<ReturnType<typeof lintSources>>) =>
      JSON.stringify({ findings: r.findings.map((f) => ({ ...f, fixes: f.fixes.map((x) => ({ ...x })) })), errors: r.errors });
    const batch = await lintSources([{ path: 'big/main.tf', text }], undefined, undefined, { cache: false });
    const editor = await lintSources([{ path: 'big/main.tf', text }], undefined, undefined, { cache: true });
    assert.ok(batch.findings.length > 1000, `${batch.findings.length} findings`);
    assert.equal(show(batch), show(editor));
  });
});
