// Re-parsing after an edit (incremental tree-sitter parse + reuse of unchanged blocks) must give exactly what a
// fresh parse gives, ranges included.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseTerraformModule } from '../../../src/core/parse/terraform';

const dir = path.join(__dirname, '../../fixtures/terraform/v4-split');
const original = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

async function parseIn(folder: string, files: Record<string, string>) {
  const r = await parseTerraformModule(Object.entries(files).map(([f, text]) => ({ path: `${folder}/${f}`, text })));
  // Compare without the folder name and without functions (edit closures).
  return JSON.parse(JSON.stringify(r, (k, v) => (k === 'entity' ? v.id : typeof v === 'string' ? v.replace(`${folder}/`, '') : v)));
}

describe('terraform incremental parsing', () => {
  const edits: [string, (s: string) => string][] = [
    ['typing inside the first block', (s) => s.replace('"org-trail"', '"org-trail-renamed"')],
    ['deleting a line in the middle', (s) => s.replace('  include_global_service_events = true\n', '')],
    ['breaking a block, then fixing it', (s) => s.replace('is_multi_region_trail      = true', 'is_multi_region_trail      = ')],
    ['adding a block at the top', (s) => 'resource "aws_kms_key" "extra" {}\n\n' + s],
    ['adding an identical block again', (s) => 'resource "aws_kms_key" "extra" {}\n\n' + s],
    ['typing at the top again', (s) => s.replace('"extra"', '"extra2"')],
  ];

  it('gives the same scene and errors as a fresh parse after each edit', async () => {
    let current = { ...original };
    await parseIn('inc', current);
    for (const [name, change] of edits) {
      current = { ...current, 'main.tf': change(current['main.tf']) };
      const incremental = await parseIn('inc', current);
      const fresh = await parseIn(`fresh-${edits.findIndex((e) => e[0] === name)}`, current);
      assert.deepEqual(incremental, fresh, name);
    }
    // And back to the original text.
    assert.deepEqual(await parseIn('inc', original), await parseIn('fresh-original', original));
  });

  it('keeps `${...}` policy text of a shifted block sliced from the new text (tuple items move too)', async () => {
    await parseIn('shift', original);
    const s3 = original['s3.tf'].replace('ignore_public_acls  = true\n', 'ignore_public_acls  = true\n  restrict_public_buckets = true\n');
    assert.notEqual(s3, original['s3.tf']);
    const edited = { ...original, 's3.tf': s3 };
    const incremental = await parseIn('shift', edited);
    const policy = incremental.scene.buckets[0].policy;
    assert.deepEqual(policy.statements.map((st: { resources: string[] }) => st.resources), [
      ['arn:aws:s3:::acme-org-trail-logs'],
      ['arn:aws:s3:::acme-org-trail-logs/AWSLogs/${data.aws_caller_identity.current.account_id}/*'],
    ]);
    assert.deepEqual(incremental, await parseIn('fresh-shift', edited));
  });
});
