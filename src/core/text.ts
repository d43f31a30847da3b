// Content that no parser should see: binary files and text that was not valid UTF-8 (the decoder left U+FFFD).
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
  const bad = text.indexOf('\uFFFD');
  if (bad !== -1) return { pos: posAt(text, bad), message: 'invalid UTF-8 byte sequence' };
  return undefined;
}

/** Decodes file bytes strictly, so that invalid UTF-8 is reported instead of silently replaced. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
