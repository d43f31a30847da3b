// Composition of safe fixes (Fix All, --fix): a fix that would break the file, add a finding or not remove its own
// finding is dropped and reported, and the others still land. The faulty fixes are injected into the real engine's
// findings, as a buggy fix builder would produce them.
import * as assert from 'assert';
import { lintSources } from '../../../src/core/engine';
import type { Finding } from '../../../src/core/model';
import type { SourceFile } from '../../../src/core/parse/unit';
import { detectFormat } from '../../../src/core/formats/registry';
import { composeFixes } from '../../../src/core/fix/compose';

const template = `Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: some-bucket
      IsLogging: true
      IsMultiRegionTrail: true
      EnableLogFileValidation: false
`;

/** The real engine, with TG101's safe fix replaced by one edit (zero-based positions). */
function lintWithBrokenTg101(newText: string, line: number, from: number, to: number, endLine = line) {
  return async (files: SourceFile[]) => {
    const result = await lintSources(files, {});
    for (const f of result.findings) {
      if (f.ruleId !== 'TG101') continue;
      const fix = f.fixes.find((x) => x.kind === 'safe')!;
      fix.edits = [{ file: f.file!, range: { start: { line, character: from }, end: { line: endLine, character: to } }, newText }];
    }
    return result;
  };
}

async function compose(lint: (files: SourceFile[]) => Promise<{ findings: Finding[]; errors: [] | unknown[] }>, text = template) {
  return composeFixes([{ path: 'template.yaml', text }], { lint: lint as never, kindOf: (s) => detectFormat(s.path, s.text)?.id });
}

describe('composeFixes', () => {
  it('applies a sound fix and reports nothing dropped', async () => {
    const r = await compose((files) => lintSources(files, {}));
    assert.strictEqual(r.files[0].text, template.replace('EnableLogFileValidation: false', 'EnableLogFileValidation: true'));
    assert.deepStrictEqual(r.applied.map((a) => a.ruleId), ['TG101']);
    assert.deepStrictEqual(r.dropped, []);
    assert.strictEqual(r.converged, true);
  });

  it('drops a fix whose result has a duplicate key, with the reason', async () => {
    // "true" written as a second EnableLogFileValidation key after the first.
    const r = await compose(lintWithBrokenTg101('\n      EnableLogFileValidation: true', 7, 36, 36));
    assert.strictEqual(r.files[0].text, template);
    assert.deepStrictEqual(r.applied, []);
    assert.deepStrictEqual(r.dropped.map((d) => [d.ruleId, d.line, d.reason]), [
      ['TG101', 7, 'the result would not parse: template.yaml:9: Map keys must be unique'],
    ]);
  });

  it('drops a fix that adds a finding', async () => {
    // Validation turned on, but the trail made single-region on the way.
    const r = await compose(lintWithBrokenTg101('false\n      EnableLogFileValidation: true', 6, 26, 36, 7));
    assert.strictEqual(r.files[0].text, template);
    assert.strictEqual(r.dropped.length, 1);
    assert.match(r.dropped[0].reason, /^it would add a finding: TG120 Trail at template\.yaml:2: No trail in this template is a logging multi-region trail/);
  });

  it('drops a fix that does not remove its finding instead of applying it again on every pass', async () => {
    const r = await compose(lintWithBrokenTg101('# validation: see below\n', 1, 0, 0));
    assert.strictEqual(r.files[0].text, template);
    assert.deepStrictEqual(r.dropped.map((d) => d.reason), ['it does not remove its finding']);
    assert.strictEqual(r.converged, true);
  });

  it('leaves a unit with a parse error untouched', async () => {
    const broken = template + '  Broken: [\n';
    const r = await compose((files) => lintSources(files, {}), broken);
    assert.strictEqual(r.files[0].text, broken);
    assert.match(r.untouched!, /^it has parse errors \(template\.yaml:\d+: .*\); fix them first$/);
  });

  it('leaves a unit that only a strict reader rejects (duplicate key) untouched', async () => {
    const dup = template.replace('      IsLogging: true\n', '      IsLogging: true\n      IsLogging: true\n');
    const r = await compose((files) => lintSources(files, {}), dup);
    assert.strictEqual(r.files[0].text, dup);
    assert.strictEqual(r.untouched, 'template.yaml:7: Map keys must be unique; fix it first');
  });
});

describe('composeFixes: fixes outside the unit', () => {
  it('reports a fix that edits a file outside the unit instead of skipping it silently', async () => {
    const r = await composeFixes([{ path: 'template.yaml', text: template }], {
      lint: async (files) => {
        const result = await lintSources(files, {});
        for (const f of result.findings) if (f.ruleId === 'TG101') f.fixes.find((x) => x.kind === 'safe')!.edits[0].file = 'params.yaml';
        return result;
      },
      kindOf: (s) => detectFormat(s.path, s.text)?.id,
    });
    assert.strictEqual(r.files[0].text, template);
    assert.deepStrictEqual(r.dropped.map((d) => [d.ruleId, d.reason]), [['TG101', 'it edits params.yaml, which is not part of this lint unit']]);
  });
});
