// Content that no parser should see: binary files, and bytes that are not valid UTF-8. A U+FFFD character in
// valid UTF-8 is just a character (a comment may well contain one): invalid bytes are found while decoding.
import type { Pos } from './model';

function posAt(text: string, offset: number): Pos {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export function inspectText(text: string): { pos: Pos; message: string } | undefined {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return { pos: posAt(text, nul), message: 'binary content (NUL byte): not a text file' };
  return undefined;
}

export const INVALID_UTF8_MESSAGE = 'invalid UTF-8 byte sequence';

/**
 * Decodes file bytes strictly. Invalid UTF-8 yields the position of the first bad byte (in the decoded text) so it
 * is reported there instead of being silently replaced; valid UTF-8 — U+FFFD included — decodes as it is.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string; invalidAt?: Pos } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    return { text: new TextDecoder('utf-8').decode(bytes), invalidAt: posAt(before, before.length) };
  }
}

/** Offset of the first byte that starts no valid UTF-8 sequence (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n = 0;
    let min = 0;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0x80; } else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0x800; } else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0x10000; } else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}
