import * as assert from 'assert';
import { lintSources } from '../../../src/core/engine';

// A lint that applies no fix (the CLI without --fix) decides whether an insertion fix exists without rendering it
// (BlockTarget.inserts); it must name exactly the fixes a lint that renders them names.
const trail = (body: string) => `resource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n}\n\nresource "aws_cloudtrail" "t" ${body}\n`;

const cases: Record<string, string> = {
  'a multi-line body': trail('{\n  name           = "t"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}'),
  'an empty one-line body': trail('{}'),
  'a one-line body with an attribute': trail('{ s3_bucket_name = aws_s3_bucket.logs.id }'),
  'a nested block and no attribute': trail('{\n  event_selector {\n    read_write_type = "All"\n  }\n}'),
  // `null` is the provider default (absent to the rules), but the name is taken: nothing can be inserted.
  'attributes set to null': trail('{\n  s3_bucket_name                = aws_s3_bucket.logs.id\n  is_multi_region_trail         = null\n  enable_log_file_validation    = null\n  include_global_service_events = null\n  kms_key_id                    = null\n  cloud_watch_logs_group_arn    = null\n}'),
  'one of the two CloudWatch settings taken': trail('{\n  s3_bucket_name            = aws_s3_bucket.logs.id\n  cloud_watch_logs_role_arn = null\n}'),
};

describe('fixes of a lint that keeps no edits', () => {
  for (const [name, text] of Object.entries(cases)) {
    it(`names the fixes a full lint names: ${name}`, async () => {
      const sources = [{ path: 'main.tf', text }];
      const full = await lintSources(sources, {}, undefined, { cache: false });
      const slim = await lintSources(sources, {}, undefined, { cache: false, fixEdits: false });
      const named = (r: typeof full) => r.findings.map((f) => `${f.ruleId} ${f.range?.start.line}: ${f.fixes.map((x) => `${x.kind} ${x.title}`).join(' | ') || 'no fix'}`);
      assert.deepStrictEqual(named(slim), named(full));
      assert.ok(slim.findings.every((f) => f.fixes.every((x) => x.edits.length === 0)));
    });
  }

  it('still tells a finding with an insertion fix from one without', async () => {
    const sources = [{ path: 'main.tf', text: cases['attributes set to null'] }, { path: 'b/main.tf', text: cases['a multi-line body'] }];
    const slim = await lintSources(sources, {}, undefined, { cache: false, fixEdits: false });
    const fixable = (file: string, rule: string) => slim.findings.find((f) => f.file === file && f.ruleId === rule)?.fixes.length;
    assert.strictEqual(fixable('main.tf', 'TG102'), 0);
    assert.strictEqual(fixable('b/main.tf', 'TG102'), 1);
    assert.strictEqual(fixable('main.tf', 'TG106'), 0);
    assert.strictEqual(fixable('b/main.tf', 'TG106'), 1);
  });
});
