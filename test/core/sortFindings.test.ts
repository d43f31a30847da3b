import * as assert from 'assert';
import { sortFindings } from '../../src/core/engine';
import type { Finding } from '../../src/core/model';

function finding(file: string | undefined, line: number, character: number, ruleId: string, message: string, status = 'fail'): Finding {
  const range = { start: { line, character }, end: { line, character: character + 1 } };
  return { ruleId, file, range, message, status } as unknown as Finding;
}

describe('sortFindings: the order findings are listed in', () => {
  it('sorts by file in the collator\'s order, then line, column and rule id', () => {
    const sorted = sortFindings([
      finding('b.tf', 1, 0, 'TG101', 'b1'),
      finding('B.tf', 0, 0, 'TG101', 'B0'),
      finding('a.tf', 3, 2, 'TG110', 'a3-110'),
      finding('a.tf', 3, 2, 'TG101', 'a3-101'),
      finding('a.tf', 3, 0, 'TG204', 'a3c0'),
      finding('a.tf', 2, 9, 'TG204', 'a2'),
      finding(undefined, 0, 0, 'TG001', 'no file'),
    ]);
    assert.deepStrictEqual(sorted.map((f) => f.message), ['no file', 'a2', 'a3c0', 'a3-101', 'a3-110', 'b1', 'B0']);
  });

  it('keeps the given order of full ties, and treats file names the collator holds equal as one file', () => {
    // "café.tf" precomposed and decomposed: different strings, equal to the collator.
    const composed = 'caf\u00e9.tf';
    const decomposed = 'cafe\u0301.tf';
    const input = [
      finding(decomposed, 4, 0, 'TG201', 'd4'),
      finding(composed, 4, 0, 'TG201', 'c4'),
      finding(composed, 5, 0, 'TG201', 'c5'),
      finding(decomposed, 1, 0, 'TG201', 'd1'),
      finding(composed, 4, 0, 'TG201', 'c4 again'),
    ];
    const sorted = sortFindings(input);
    assert.strictEqual(sorted, input, 'sorted in place');
    assert.deepStrictEqual(sorted.map((f) => f.message), ['d1', 'd4', 'c4', 'c4 again', 'c5']);
  });

  it('dedupe: keeps the first of findings equal in file, position, rule, status and message, whatever lies between them', () => {
    const composed = 'caf\u00e9.tf';
    const decomposed = 'cafe\u0301.tf';
    const first = finding('a.tf', 3, 2, 'TG208', 'no condition');
    const input = [
      first,
      finding('a.tf', 3, 2, 'TG207', 'no grant'),
      finding('a.tf', 3, 2, 'TG208', 'no condition'),
      finding('a.tf', 3, 2, 'TG208', 'no condition', 'unknown'),
      finding('a.tf', 3, 2, 'TG208', 'another message'),
      finding('a.tf', 3, 3, 'TG208', 'no condition'),
      finding('b.tf', 3, 2, 'TG208', 'no condition'),
      // Equal to the collator, so sorted as one file, but two files: neither is a duplicate of the other.
      finding(composed, 1, 0, 'TG201', 'x'),
      finding(decomposed, 1, 0, 'TG201', 'x'),
      finding(composed, 1, 0, 'TG201', 'x'),
      { ruleId: 'TG208', file: 'a.tf', message: 'no condition', status: 'fail' } as unknown as Finding,
      finding('a.tf', 3, 2, 'TG208', 'no condition'),
    ];
    const sorted = sortFindings(input, { dedupe: true });
    assert.deepStrictEqual(sorted.map((f) => `${f.file}:${f.range ? `${f.range.start.line}:${f.range.start.character}` : '-'} ${f.ruleId} ${f.status} ${f.message}`), [
      'a.tf:- TG208 fail no condition',
      'a.tf:3:2 TG207 fail no grant',
      'a.tf:3:2 TG208 fail no condition',
      'a.tf:3:2 TG208 unknown no condition',
      'a.tf:3:2 TG208 fail another message',
      'a.tf:3:3 TG208 fail no condition',
      'b.tf:3:2 TG208 fail no condition',
      `${composed}:1:0 TG201 fail x`,
      `${decomposed}:1:0 TG201 fail x`,
    ]);
    assert.strictEqual(sorted[2], first, 'the first one reported is the one kept');
    assert.strictEqual(sortFindings([...input]).length, input.length, 'without dedupe nothing is dropped');
  });
});
