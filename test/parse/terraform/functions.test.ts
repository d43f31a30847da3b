// The Terraform functions real modules use around audit resources (issue 9), one row per call: the value, or the
// reason it is unknown. Values are read through a trail's `name` as `"=${jsonencode(EXPR)}"`, so lists and maps
// show as JSON (strings as they are: `jsonencode` keeps its argument's structure for policy reading).
import { strict as assert } from 'assert';
import { parseTerraformModule } from '../../../src/core/parse/terraform';

const locals = `locals {
  names   = ["audit", "access", "audit", ""]
  tags    = { team = "sec", env = "prod" }
  nested  = [["a", "b"], ["c"], []]
  no_dflt = var.unset
}
variable "unset" { type = string }
variable "nullable" { default = null }
`;

async function evalName(expr: string, extra: Record<string, string> = {}): Promise<string> {
  const files = { 'main.tf': `${locals}resource "aws_cloudtrail" "t" {\n  name = "=\${jsonencode(${expr})}"\n}\n`, ...extra };
  const unit = await parseTerraformModule(Object.entries(files).map(([path, text]) => ({ path, text })), {
    cache: false,
    files: { read: (p) => (extra[p] ?? undefined) },
  });
  const name = unit.scene.trails[0].name;
  return name.state === 'known' ? name.value.slice(1) : name.state === 'unresolved' ? `unknown: ${name.reason}` : 'absent';
}

const table: [string, string][] = [
  ['try(local.tags.owner, "none")', 'none'],
  ['try(local.no_dflt, "fallback")', 'unknown: `var.unset` has no default'],
  ['can(local.tags.owner)', 'false'],
  ['can(local.tags.team)', 'true'],
  ['coalesce(var.nullable, "", "x")', 'x'],
  ['coalescelist([], ["b"])', '["b"]'],
  ['lookup(local.tags, "env", "dev")', 'prod'],
  ['lookup(local.tags, "owner", "nobody")', 'nobody'],
  ['merge(local.tags, { env = "dev" }, null)', '{"team":"sec","env":"dev"}'],
  ['concat(local.names, ["x"])', '["audit","access","audit","","x"]'],
  ['flatten(local.nested)', '["a","b","c"]'],
  ['length(local.names)', '4'],
  ['keys(local.tags)', '["env","team"]'],
  ['values(local.tags)', '["prod","sec"]'],
  ['contains(local.names, "access")', 'true'],
  ['contains(local.names, "other")', 'false'],
  ['format("%s-%03d", "logs", 7)', 'logs-007'],
  ['join("/", ["AWSLogs", "123"])', 'AWSLogs/123'],
  ['split(",", "a,b")', '["a","b"]'],
  ['replace("org-audit", "-", "_")', 'org_audit'],
  ['replace("a1b22", "/[0-9]+/", "#")', 'a#b#'],
  ['lower("AbC")', 'abc'],
  ['upper("AbC")', 'ABC'],
  ['title("org audit-logs")', 'Org Audit-Logs'],
  ['tobool("true")', 'true'],
  ['tostring(12)', '12'],
  ['tonumber("42")', '42'],
  ['jsondecode("{\\"a\\": [1, 2]}")', '{"a":[1,2]}'],
  ['element(local.names, 5)', 'access'],
  ['one(["only"])', 'only'],
  ['one([])', ''], // null: empty in a string
  ['distinct(local.names)', '["audit","access",""]'],
  ['compact(local.names)', '["audit","access","audit"]'],
  ['file("${path.module}/policy.json")', '{\"Version\": \"2012-10-17\"}'],
  ['jsondecode(file("policy.json")).Version', '2012-10-17'],
  ['templatefile("tpl/key.json.tpl", { account = "123456789012", names = local.names })', 'arn:aws:iam::123456789012:root audit ${literal}'],
  ['file("missing.json")', 'unknown: `file("missing.json")`: the file `missing.json` is not in the workspace'],
  ['templatefile("tpl/key.json.tpl", { account = var.unset, names = [] })', 'unknown: `var.unset` has no default'],
  ['nosuchfunction(1)', 'unknown: the function `nosuchfunction()` is not evaluated'],
];

describe('terraform functions', () => {
  const extra = {
    'policy.json': '{"Version": "2012-10-17"}',
    'tpl/key.json.tpl': 'arn:aws:iam::${account}:root ${names[0]} $${literal}',
  };
  for (const [expr, want] of table) {
    it(`${expr} → ${want}`, async () => {
      assert.equal(await evalName(expr, extra), want);
    });
  }
});
