// The fix invariant over this area's fixtures, through the whole engine: applying any fix of a finding leaves a
// file that re-parses without errors, the finding is gone, and no finding appears that was not there before.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintSources } from '../../../src/core/engine';
import type { Finding } from '../../../src/core/model';
import { applyEdits } from './helpers';

const FIXTURES = [
  'cfn/audit-trail.yaml',
  'cfn/audit-trail.json',
  'policy/trail-bucket-policy.json',
  'policy/trail-key-policy.json',
];

const identity = (f: Finding) => `${f.ruleId}|${f.status}|${f.message}`;

describe('CloudFormation / policy fixtures: fix invariant', () => {
  for (const name of FIXTURES) {
    it(name, async () => {
      const file = `fixtures/${name}`;
      const text = fs.readFileSync(path.join(__dirname, '../..', file), 'utf8');
      const before = await lintSources([{ path: file, text }]);
      assert.deepEqual(before.errors, []);
      const fixable = before.findings.filter((f) => f.fixes.length);
      assert.ok(fixable.length > 0, 'fixture has fixable findings');
      const known = new Set(before.findings.map(identity));
      for (const finding of fixable) {
        for (const fix of finding.fixes) {
          const fixed = applyEdits(text, fix.edits);
          const after = await lintSources([{ path: file, text: fixed }]);
          const label = `${finding.ruleId} "${fix.title}"`;
          assert.deepEqual(after.errors, [], label);
          // A snippet that still holds a placeholder to fill in (`<ORG_ID>`) cannot settle the finding yet: the
          // finding staying until the user fills it in is the reminder.
          const placeholder = fix.kind === 'snippet' && fix.edits.some((e) => /<[A-Z_]+>/.test(e.newText));
          if (!placeholder) {
            assert.ok(!after.findings.some((f) => f.ruleId === finding.ruleId && f.message === finding.message &&
              f.range?.start.line === finding.range?.start.line), `${label}: finding still there`);
          }
          // Nor can it keep its placeholders from being reported: "... still holds `<ACCOUNT_ID>`: replace it".
          const reminder = (f: Finding) => placeholder && /still holds? .*`<[A-Z_]+>`/.test(f.message);
          assert.deepEqual(after.findings.filter((f) => !known.has(identity(f)) && !reminder(f)).map(identity), [], `${label}: new findings`);
        }
      }
    });
  }
});
