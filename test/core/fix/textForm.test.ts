import * as assert from 'assert';
import { fromWorkingText, toWorkingText } from '../../../src/core/fix/textForm';

describe('text form (BOM, line endings, final newline)', () => {
  const cases: [string, string, string][] = [
    ['LF', 'a\nb\n', 'a\nb\n'],
    ['CRLF with BOM', '\uFEFFa\r\nb\r\n', 'a\nb\n'],
    ['CR only', 'a\rb\r', 'a\nb\n'],
    ['no final newline', 'a\r\nb', 'a\nb'],
    ['mixed (kept as it is)', 'a\r\nb\nc', 'a\r\nb\nc'],
  ];
  for (const [label, raw, working] of cases) {
    it(`${label}: LF working text, and back to the same bytes`, () => {
      const { text, form } = toWorkingText(raw);
      assert.strictEqual(text, working);
      assert.strictEqual(fromWorkingText(text, form), raw);
    });
  }

  it('writes inserted lines with the file line ending and keeps the final newline as it was', () => {
    const crlf = toWorkingText('\uFEFFa\r\nb\r\n');
    assert.strictEqual(fromWorkingText('a\nnew\nb', crlf.form), '\uFEFFa\r\nnew\r\nb\r\n');
    const cr = toWorkingText('a\rb');
    assert.strictEqual(fromWorkingText('a\nb\nnew\n', cr.form), 'a\rb\rnew');
  });
});
