// .trailguard.yaml problems at their position, and the JSON Schema the YAML extension validates the file with.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkConfigText, configSchema } from '../../src/core/configCheck';

const at = (text: string) => checkConfigText(text).map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1}-${p.range.end.line + 1}:${p.range.end.character + 1} ${p.severity} ${p.message}`);

describe('.trailguard.yaml check', () => {
  const table: { name: string; text: string; problems: string[] }[] = [
    { name: 'a valid file', text: 'rules:\n  TG204: warning\n  TG108: off\noptIn: [TG107]\nscope: all\nminRetentionDays: 400\nignore:\n  - path: legacy/**\n    rules: [TG201]\n    reason: migrating\n    expires: 2027-01-31\n', problems: [] },
    { name: 'an empty file', text: '', problems: [] },
    { name: 'a typo in a rule id', text: 'rules:\n  TG2044: warning\n', problems: ['2:3-2:9 error unknown rule id "TG2044" (did you mean TG204?)'] },
    { name: 'a typo in a severity', text: 'rules:\n  TG204: warnign\n', problems: ['2:10-2:17 error severity "warnign" is not one of error, warning, info, off (did you mean warning?)'] },
    { name: 'an unknown setting', text: 'optin: [TG107]\n', problems: ['1:1-1:6 warning unknown setting "optin" (did you mean optIn?): it is ignored'] },
    { name: 'an opt-in list with an unknown and an always-on rule', text: 'optIn:\n  - TG999\n  - TG101\n', problems: ['2:5-2:10 error unknown rule id "TG999"', '3:5-3:10 warning TG101 is on by default: optIn has no effect (set its severity under rules instead)'] },
    { name: 'a wrong scope', text: 'scope: every\n', problems: ['1:8-1:13 error scope must be "trail" or "all"'] },
    { name: 'an ignore entry without a path', text: 'ignore:\n  - rules: [TG201]\n', problems: ['2:5-3:1 error an ignore entry needs a path'] },
    { name: 'a YAML syntax error', text: 'rules: [\n', problems: ['2:1-2:2 error .trailguard.yaml: Flow sequence in block collection must be sufficiently indented and end with a ]'] },
    { name: 'a duplicate key', text: 'scope: all\nscope: trail\n', problems: ['2:1-2:2 error .trailguard.yaml: Map keys must be unique'] },
    { name: '__proto__ is an ordinary unknown key', text: '__proto__: {}\n', problems: ['1:1-1:10 warning unknown setting "__proto__": it is ignored'] },
  ];
  for (const row of table) {
    it(row.name, () => assert.deepEqual(at(row.text), row.problems));
  }
});

describe('schemas/trailguard-config.schema.json', () => {
  it('is the schema the checker describes (regenerate with npm run docs)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/trailguard-config.schema.json'), 'utf8'));
    assert.deepEqual(committed, configSchema());
  });

  it('is contributed to the YAML extension for .trailguard.yaml', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: ['.trailguard.yaml', '.trailguard.yml'], url: './schemas/trailguard-config.schema.json' }]);
  });
});
