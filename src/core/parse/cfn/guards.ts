// Checks before any parsing: input that is not text, is too large, or was not valid UTF-8 is reported as a
// parse error (with a position) instead of being fed to a parser.
import type { ParseError } from '../../model';
import type { SourceFile } from '../unit';
import { LineIndex } from './positions';
import { DEFAULT_MAX_FILE_SIZE, tooLargeMessage, utf8SizeOver } from '../../limits';


export interface Screened {
  /** Set when the file must not be parsed at all. */
  fatal?: ParseError;
  /** Problems that still leave the rest of the file readable. */
  errors: ParseError[];
}

const ORIGIN = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** `maxFileSize`: larger files (UTF-8 bytes) are reported, not parsed (limits.ts). */
export function screenText(file: SourceFile, maxFileSize = DEFAULT_MAX_FILE_SIZE): Screened {
  const { path, text } = file;
  const size = utf8SizeOver(text, maxFileSize);
  if (size !== undefined) return { fatal: { file: path, range: ORIGIN, message: tooLargeMessage(size, maxFileSize) }, errors: [] };
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const lines = new LineIndex(path, text);
    return { fatal: { file: path, range: lines.range(nul, nul + 1), message: 'binary content (NUL byte): not a text file' }, errors: [] };
  }
  // U+FFFD is a valid character: invalid UTF-8 is found where bytes are decoded (core/text.ts), not guessed here.
  return { errors: [] };
}
