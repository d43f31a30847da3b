// The docs a diagnostic links to are generated from the rules' metadata: they must be current and complete.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allRules } from '../../src/core/rules';
import { renderRuleDoc, updateReadme } from '../../scripts/gen-docs';

const root = path.join(__dirname, '..', '..');

describe('rule docs', () => {
  it('every rule has a current docs/rules/<id>.md (run `npm run docs`)', () => {
    for (const { meta } of allRules) {
      const file = path.join(root, 'docs', 'rules', `${meta.id}.md`);
      assert.ok(fs.existsSync(file), `${file} is missing`);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), renderRuleDoc(meta), `${meta.id}.md is stale`);
    }
  });

  it('README lists every rule with its severity and fixability (run `npm run docs`)', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.strictEqual(readme, updateReadme(readme));
    for (const { meta } of allRules) assert.ok(readme.includes(`[${meta.id}](docs/rules/${meta.id}.md)`), meta.id);
  });

  it('every rule documents a failing and a passing example and its references', () => {
    for (const { meta } of allRules) {
      const d = meta.doc;
      assert.ok(d.summary && d.why && d.fix, `${meta.id}: summary, why and fix`);
      // Live-only rules (TG121) have no source form to show.
      const hasSourceForm = meta.surfaces.some((s) => s !== 'live');
      if (hasSourceForm) assert.ok(Object.values(d.failing).some(Boolean) && Object.values(d.passing).some(Boolean), `${meta.id}: examples`);
      assert.ok(d.references.length > 0, `${meta.id}: references`);
    }
  });
});
