// Applies LSP-shaped edits to text. Used by `--fix`, the fix-invariant tests and the language server's fixAll.
import type { FileEdit, Pos } from '../model';

export function offsetAt(text: string, pos: Pos): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  return Math.min(offset + pos.character, lineEnd === -1 ? text.length : lineEnd);
}

/**
 * Applies edits to one file's text. Edits that overlap an edit already taken are skipped and returned, so a caller
 * can apply them in a later pass after re-linting.
 */
export function applyEdits(text: string, edits: FileEdit[]): { text: string; skipped: FileEdit[] } {
  const withOffsets = edits
    .map((e, i) => ({ e, i, start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  const taken: typeof withOffsets = [];
  const skipped: FileEdit[] = [];
  let lastEnd = -1;
  for (const x of withOffsets) {
    // Two inserts at the same point are fine (kept in order); anything else overlapping is deferred.
    if (x.start < lastEnd || (x.start === lastEnd && taken.length && taken[taken.length - 1].start !== x.start && x.start !== x.end)) {
      skipped.push(x.e);
      continue;
    }
    taken.push(x);
    lastEnd = Math.max(lastEnd, x.end);
  }
  let out = text;
  for (const x of taken.reverse()) out = out.slice(0, x.start) + x.e.newText + out.slice(x.end);
  return { text: out, skipped };
}
