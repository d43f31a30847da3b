// Snippets that add a bucket's missing configuration as a resource of its own (Terraform provider v4+ style:
// `aws_s3_bucket_<aspect>` right after the bucket's block), the way TG209 adds `aws_s3_bucket_logging`.
import type { Bucket, FileEdit } from '../../model';

const PLAIN_BUCKET = /^aws_s3_bucket\.([A-Za-z_][A-Za-z0-9_-]*)$/;

/**
 * `resource "<type>" "<bucket's name>" { bucket = <bucket>.id ... }` inserted after the bucket's block; `body` is
 * the rest of the block, already indented and aligned as `terraform fmt` would. None for a bucket that is not a
 * plain `aws_s3_bucket` resource of the module (a registry module input, `count` / `for_each` instances).
 */
export function tfResourceAfterBucket(bucket: Bucket, type: string, body: string, align = 0): FileEdit[] {
  const m = PLAIN_BUCKET.exec(bucket.id);
  if (bucket.format !== 'terraform' || !m || !bucket.extent) return [];
  const text = `\n\nresource "${type}" "${m[1]}" {\n  ${'bucket'.padEnd(Math.max(align, 6))} = ${bucket.id}.id\n${body}}`;
  return [{ file: bucket.extent.file, range: { start: bucket.extent.range.end, end: bucket.extent.range.end }, newText: text }];
}
