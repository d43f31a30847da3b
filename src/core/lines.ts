// One line index per text: where each line starts, and an offset's line and column from it (binary search), so
// that positions are found without rescanning the text. Shared by the parsers, the fixes and syntax-error recovery.
import type { Pos } from './model';

/** Offsets where each line starts (lines end at `\n`; callers hand in LF-normalised text). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): Pos {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}
