// Values as Terraform gives them (issue 9): null is "not set", `dynamic` blocks expand over a known collection,
// one failing expression leaves the rest of the module checked, and one evaluation budget per module (issue 8).
import { strict as assert } from 'assert';
import { lintSources } from '../../../src/core/engine';
import { BUDGET_REASON } from '../../../src/core/parse/terraform/values';
import { scene } from './helpers';

async function lint(files: Record<string, string>, rules: string[]): Promise<string[]> {
  const r = await lintSources(Object.entries(files).map(([path, text]) => ({ path, text })));
  return r.findings
    .filter((f) => rules.includes(f.ruleId))
    .map((f) => `${f.ruleId} ${f.status} ${f.file}:${f.range!.start.line + 1}:${f.range!.start.character + 1}-${f.range!.end.line + 1}:${f.range!.end.character + 1}${f.status === 'unknown' ? ` ${f.message}` : ''}`);
}

const keyTrail = `resource "aws_cloudtrail" "org" {
  name                       = "org"
  s3_bucket_name             = "org-audit-logs"
  kms_key_id                 = aws_kms_key.trail.arn
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
`;

describe('terraform values', () => {
  it('null means absent: `is_enabled = var.x` with a null default is an enabled key (TG305 passes)', async () => {
    const files = {
      'main.tf': `variable "key_enabled" {\n  default = null\n}\nresource "aws_kms_key" "trail" {\n  is_enabled          = var.key_enabled\n  enable_key_rotation = true\n}\n${keyTrail}`,
    };
    assert.deepEqual(await lint(files, ['TG305', 'TG303']), []);
    const k = (await scene(files)).keys[0];
    assert.deepEqual(k.enabled, { state: 'absent' });
  });

  it('an explicit false through a variable still fails (TG305 on the attribute)', async () => {
    const files = {
      'main.tf': `variable "key_enabled" {\n  default = false\n}\nresource "aws_kms_key" "trail" {\n  is_enabled          = var.key_enabled\n  enable_key_rotation = true\n}\n${keyTrail}`,
    };
    assert.deepEqual((await lint(files, ['TG305'])).map((l) => l.split(' ').slice(0, 3).join(' ')), ['TG305 fail main.tf:5:3-5:40']);
  });

  const selectorTrail = (dyn: string) => `variable "advanced_event_selectors" {
  default = []
}
variable "selectors" {
  default = [{ rw = "ReadOnly" }]
}
resource "aws_cloudtrail" "org" {
  name                       = "org"
  s3_bucket_name             = "org-audit-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
${dyn}
}
`;

  it('a dynamic block over an empty default yields no block: all management events are recorded (TG109 passes)', async () => {
    const files = {
      'main.tf': selectorTrail(`  dynamic "advanced_event_selector" {
    for_each = var.advanced_event_selectors
    content {
      name = advanced_event_selector.value.name
    }
  }`),
    };
    assert.deepEqual(await lint(files, ['TG109']), []);
    const t = (await scene(files)).trails[0];
    assert.deepEqual(t.advancedEventSelectors, []);
  });

  it('a dynamic block over a known list expands, with its iterator, into blocks the rules read (TG109 fails)', async () => {
    const files = {
      'main.tf': selectorTrail(`  dynamic "event_selector" {
    for_each = var.selectors
    iterator = sel
    content {
      read_write_type           = sel.value.rw
      include_management_events = true
    }
  }`),
    };
    assert.deepEqual((await lint(files, ['TG109'])).map((l) => l.split(' ').slice(0, 3).join(' ')), ['TG109 fail main.tf:16:7-16:47']);
  });

  it('a dynamic block over an unknown collection is unknown with the reason', async () => {
    const files = {
      'main.tf': selectorTrail(`  dynamic "event_selector" {
    for_each = var.nope
    content {
      read_write_type = "All"
    }
  }`) + 'variable "nope" {\n  type = list(any)\n}\n',
    };
    const t = (await scene(files)).trails[0];
    assert.deepEqual(t.eventSelectors, { unresolved: 'the `dynamic "event_selector"` blocks are not known: `for_each = var.nope` is not known (`var.nope` has no default)' });
  });

  it('isolation: one expression that cannot be evaluated leaves the other findings of the module', async () => {
    const files = {
      'main.tf': `resource "aws_cloudtrail" "org" {
  name                       = "org"
  s3_bucket_name             = "org-audit-logs"
  is_multi_region_trail      = local.broken.flag
  enable_log_file_validation = false
}
locals {
  broken = { other = true }
}
`,
    };
    assert.deepEqual((await lint(files, ['TG101', 'TG102'])), [
      'TG102 unknown main.tf:4:3-4:49 TG102 could not be verified: `is_multi_region_trail`: `local.broken.flag` has no `flag`',
      'TG101 fail main.tf:5:3-5:37',
    ].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])));
  });

  it('budget: five nested `for` expressions over 100 items stop quickly and are unknown with the reason', async () => {
    const files = {
      'main.tf': `locals {
  items = range(100)
  xs    = [for i in local.n100 : [for j in local.n100 : [for k in local.n100 : [for l in local.n100 : [for m in local.n100 : "\${i}\${j}\${k}\${l}\${m}"]]]]]
  n100  = [${Array.from({ length: 100 }, (_, i) => i).join(', ')}]
}
resource "aws_cloudtrail" "org" {
  name                       = join(",", flatten(local.xs))
  s3_bucket_name             = "org-audit-logs"
  enable_log_file_validation = true
}
`,
    };
    const started = Date.now();
    const t = (await scene(files)).trails[0];
    const elapsed = Date.now() - started;
    assert.deepEqual(t.name.state === 'unresolved' && t.name.reason, BUDGET_REASON);
    // Not a timing test (the benchmark measures speed): only a guard against the old behaviour of never finishing.
    assert.ok(elapsed < 60000, `took ${elapsed} ms`);
    assert.equal(t.logFileValidation.state, 'known');
  });
});
