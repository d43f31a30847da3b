// The plan section of the conformance report (scripts/conformancePlan.ts): on every plan fixture, the plan leaves
// nothing unknown, finds every rule the source finds, and relates its findings to their `.tf` definitions.
import * as assert from 'assert';
import * as path from 'path';
import { measurePlans, planSection } from '../../scripts/conformancePlan';

describe('conformance: Terraform plan JSON', function () {
  this.timeout(60000);
  const repoRoot = path.join(__dirname, '../..');

  it('the plan decides what the source leaves unknown, and misses no rule its root module fails', async () => {
    const rows = await measurePlans(repoRoot);
    assert.ok(rows.length >= 1, 'a plan fixture');
    for (const row of rows) {
      assert.deepStrictEqual(row.plan.errors, [], row.fixture);
      assert.deepStrictEqual(row.plan.unknown.map((f) => `${f.ruleId} ${f.message}`), [], `${row.fixture}: unknown in the plan`);
      const planRules = new Set(row.plan.fail.map((f) => f.ruleId));
      assert.deepStrictEqual([...new Set(row.root.fail.map((f) => f.ruleId))].filter((id) => !planRules.has(id)), [], `${row.fixture}: failing in the root module, not in the plan`);
      assert.strictEqual(row.plan.related, row.plan.fail.length, `${row.fixture}: every plan finding relates to its definition`);
    }
  });

  it('renders one source row and one plan row per fixture', async () => {
    const lines = await planSection(repoRoot);
    assert.strictEqual(lines[0], '## Terraform plan JSON');
    assert.ok(lines.some((l) => /^\| `test\/fixtures\/plan` \| `\.tf` source \| \d+ \| \d+ \|/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^\| \| `plan\.json` \| \d+ \| 0 \| (\d+) of \1 \| — \|$/.test(l)), lines.join('\n'));
  });
});
