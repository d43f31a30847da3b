// Pathological inputs for the `worst-case` benchmark: each one is a shape that made an algorithm super-linear
// (or unbounded) at some point. All are about 1 MB, so that "seconds per MB" compares like with like, and all are
// generated deterministically.
import * as fs from 'fs';
import * as path from 'path';

export interface PathologicalInput { name: string; dir: string; bytes: number }

const TARGET = 1024 * 1024;

function repeatTo(target: number, make: (i: number) => string): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    const s = make(i);
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}

const bucket = (i: number) => `resource "aws_s3_bucket" "b${i}" {
  bucket = "bench-bucket-${i}"
  tags   = { team = "audit", index = "${i}" }
}
`;

/** One unclosed brace at the top, then thousands of intact blocks: recovery must not re-parse the file per block. */
function recovery(): string {
  return 'resource "aws_s3_bucket" "broken" {\n  bucket = "oops"\n\n' + repeatTo(TARGET, bucket);
}

/** Five `for` expressions nested over 100 items each (10^10 elements unbounded), beside ordinary blocks. */
function forNesting(): string {
  const nested = `locals {
  xs = range(100)
  deep = [for a in local.xs : [for b in local.xs : [for c in local.xs : [for d in local.xs : [for e in local.xs : "\${a}-\${b}-\${c}-\${d}-\${e}"]]]]]
}

resource "aws_s3_bucket" "uses_deep" {
  bucket = "deep-\${length(local.deep)}"
}
`;
  return nested + repeatTo(TARGET - nested.length, bucket);
}

/** A `---`-separated stream of 20,000 small templates. */
function manyYamlDocuments(): string {
  const parts: string[] = [];
  for (let i = 0; i < 20000; i++) parts.push(`Resources:\n  Bucket${i}:\n    Type: AWS::S3::Bucket\n`);
  return parts.join('---\n');
}

/** Thousands of trails and buckets in one module: linking each trail to its bucket must not scan every bucket. */
function bucketsAndTrails(): string {
  return repeatTo(TARGET, (i) => `resource "aws_s3_bucket" "logs_${i}" {
  bucket = "bench-logs-${i}"
}

resource "aws_cloudtrail" "t${i}" {
  name           = "t${i}"
  s3_bucket_name = aws_s3_bucket.logs_${i}.id
}
`);
}

/** One bucket policy whose heredoc holds a megabyte of statements. */
function hugeHeredoc(): string {
  const statements = repeatTo(TARGET, (i) => `    {
      "Sid": "S${i}",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:DeleteObject",
      "Resource": "arn:aws:s3:::bench-logs/${i}/*",
      "Condition": { "StringNotEquals": { "aws:PrincipalAccount": "111122223333" } }
    },
`).replace(/,\n$/, '\n');
  return `resource "aws_s3_bucket" "logs" {
  bucket = "bench-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
${statements}  ]
}
POLICY
}
`;
}

/** Writes each input into its own folder under `root` (one Terraform module or one template per input). */
export function writePathological(root: string): PathologicalInput[] {
  const inputs: [string, string, () => string][] = [
    ['syntax-error-recovery', 'main.tf', recovery],
    ['nested-for', 'main.tf', forNesting],
    ['many-yaml-documents', 'stacks.yaml', manyYamlDocuments],
    ['buckets-and-trails', 'main.tf', bucketsAndTrails],
    ['huge-heredoc', 'main.tf', hugeHeredoc],
  ];
  return inputs.map(([name, file, make]) => {
    const dir = path.join(root, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const text = make();
    fs.writeFileSync(path.join(dir, file), text);
    return { name, dir, bytes: Buffer.byteLength(text) };
  });
}
