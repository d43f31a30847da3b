// Applies LSP-shaped edits to text. Used by `--fix`, Fix All, the rule tester and the fix-invariant tests.
// Positions are resolved through one line index per text (linear), never by rescanning the text per edit.
import type { FileEdit, Pos, Range } from '../model';

import { lineStarts, positionAt } from '../lines';

export { lineStarts, positionAt } from '../lines';

function offsetIn(starts: number[], text: string, pos: Pos): number {
  if (pos.line >= starts.length) return text.length;
  const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] - 1 : text.length;
  return Math.min(starts[pos.line] + pos.character, lineEnd);
}

export function offsetAt(text: string, pos: Pos): number {
  return offsetIn(lineStarts(text), text, pos);
}

/**
 * Applies edits to one file's text. Edits that overlap an edit already taken are skipped and returned, so a caller
 * can apply them in a later pass after re-linting. Insertions at one point are kept in the order given.
 */
export function applyEdits(text: string, edits: FileEdit[]): { text: string; skipped: FileEdit[] } {
  const starts = lineStarts(text);
  // Identical edits are one change (two fixes adding the same `data "aws_caller_identity"` block): applied once.
  const seen = new Set<string>();
  const unique = edits.filter((e) => {
    const k = JSON.stringify([e.range, e.newText]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const withOffsets = unique
    .map((e, i) => ({ e, i, start: offsetIn(starts, text, e.range.start), end: offsetIn(starts, text, e.range.end) }))
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
  const parts: string[] = [];
  let at = 0;
  for (const x of taken) {
    parts.push(text.slice(at, x.start), x.e.newText);
    at = Math.max(at, x.end);
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), skipped };
}

function compare(a: Pos, b: Pos): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * Whether edits of two different fixes touch: they overlap, or one starts where the other ends. Touching edits
 * of different fixes never land in one pass: two insertions at one point (a statement appended after the last
 * statement, and a condition added to that statement) would otherwise nest one inside the other.
 */
export function rangesTouch(a: Range, b: Range): boolean {
  return compare(a.start, b.end) <= 0 && compare(b.start, a.end) <= 0;
}

/** One edit that turns `before` into `after`: the span between their common prefix and suffix. */
export function minimalEdit(file: string, before: string, after: string): FileEdit {
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Never split a CRLF pair: an editor would see a lone CR.
  if (prefix > 0 && before[prefix - 1] === '\r' && (before[prefix] === '\n' || after[prefix] === '\n')) prefix--;
  const starts = lineStarts(before);
  return {
    file,
    range: { start: positionAt(starts, prefix), end: positionAt(starts, before.length - suffix) },
    newText: after.slice(prefix, after.length - suffix),
  };
}
