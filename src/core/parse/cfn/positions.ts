// Offsets → LSP positions. JavaScript strings are UTF-16, so a string offset minus its line start is already
// the LSP `character`; only the line needs a lookup.
import type { Loc, Pos, Range } from '../../model';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly file: string, readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  pos(offset: number): Pos {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.pos(start), end: this.pos(end) };
  }

  loc(start: number, end: number): Loc {
    return { file: this.file, range: this.range(start, end) };
  }
}
