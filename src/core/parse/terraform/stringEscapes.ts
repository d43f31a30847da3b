// Decoding of HCL string content (escapes in quoted strings and heredocs), with a map from every decoded
// character back to its source offset; shared by the HCL and JSON (`.tf.json`) converters.
import type { Seg } from './ast';

interface Decoded { text: string; segs: Seg[] }

class SegBuilder {
  text = '';
  segs: Seg[] = [];
  plain(src: number, s: string): void {
    if (!s) return;
    const last = this.segs[this.segs.length - 1];
    if (last && last.len === last.srcLen && last.src + last.srcLen === src && last.out + last.len === this.text.length) {
      last.len += s.length;
      last.srcLen += s.length;
    } else {
      this.segs.push({ out: this.text.length, src, len: s.length, srcLen: s.length });
    }
    this.text += s;
  }
  escaped(src: number, srcLen: number, s: string): void {
    this.segs.push({ out: this.text.length, src, len: s.length, srcLen });
    this.text += s;
  }
}

/** Quoted string content: `\n \t \r \" \\ \uXXXX \UXXXXXXXX`, `$${` and `%%{`. */
export function decodeQuoted(text: string, from: number, to: number): Decoded {
  // Most strings hold no escape: their content as it stands, in the one segment SegBuilder would make.
  if (!hasEscape(text, from, to)) return from < to ? { text: text.slice(from, to), segs: [{ out: 0, src: from, len: to - from, srcLen: to - from }] } : { text: '', segs: [] };
  const b = new SegBuilder();
  let run = from;
  let i = from;
  const flush = (upTo: number) => { b.plain(run, text.slice(run, upTo)); };
  while (i < to) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < to) {
      const e = text[i + 1];
      let out: string | undefined;
      let len = 2;
      if (e === 'n') out = '\n';
      else if (e === 't') out = '\t';
      else if (e === 'r') out = '\r';
      else if (e === '"') out = '"';
      else if (e === '\\') out = '\\';
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { out = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)); len = 6; }
      else if (e === 'U' && /^[0-9a-fA-F]{8}$/.test(text.slice(i + 2, i + 10))) {
        const cp = parseInt(text.slice(i + 2, i + 10), 16);
        out = cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
        len = 10;
      }
      if (out !== undefined) {
        flush(i);
        b.escaped(i, len, out);
        i += len;
        run = i;
        continue;
      }
    }
    if ((ch === '$' || ch === '%') && text[i + 1] === ch && text[i + 2] === '{') {
      flush(i);
      b.escaped(i, 3, ch + '{');
      i += 3;
      run = i;
      continue;
    }
    i++;
  }
  flush(to);
  return { text: b.text, segs: b.segs };
}

/** Whether `[from, to)` holds a backslash, `$${` or `%%{` (what decodeQuoted decodes). */
function hasEscape(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \\ */) return true;
    if ((c === 36 /* $ */ || c === 37 /* % */) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 123 /* { */) return true;
  }
  return false;
}

/** Heredoc content: only `$${` and `%%{` are escapes. */
export function decodeHeredoc(text: string, from: number, to: number): Decoded {
  const b = new SegBuilder();
  let run = from;
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if ((ch === '$' || ch === '%') && text[i + 1] === ch && text[i + 2] === '{') {
      b.plain(run, text.slice(run, i));
      b.escaped(i, 3, ch + '{');
      i += 2;
      run = i + 1;
    }
  }
  b.plain(run, text.slice(run, to));
  return { text: b.text, segs: b.segs };
}
