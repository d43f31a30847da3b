// Checks before any parsing: input that is not text, is too large, or was not valid UTF-8 is reported as a
// parse error (with a position) instead of being fed to a parser.
import type { ParseError } from '../../model';
import type { SourceFile } from '../unit';
import { LineIndex } from './positions';

/** Larger files are reported, not parsed: no real template comes close (CloudFormation's own limit is 1 MB). */
export const MAX_TEXT_LENGTH = 5 * 1024 * 1024;

export interface Screened {
  /** Set when the file must not be parsed at all. */
  fatal?: ParseError;
  /** Problems that still leave the rest of the file readable. */
  errors: ParseError[];
}

const ORIGIN = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function screenText(file: SourceFile): Screened {
  const { path, text } = file;
  if (text.length > MAX_TEXT_LENGTH) {
    const mb = (text.length / (1024 * 1024)).toFixed(1);
    return { fatal: { file: path, range: ORIGIN, message: `file is too large to lint (${mb} MB; the limit is ${MAX_TEXT_LENGTH / (1024 * 1024)} MB)` }, errors: [] };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const lines = new LineIndex(path, text);
    return { fatal: { file: path, range: lines.range(nul, nul + 1), message: 'binary content (NUL byte): not a text file' }, errors: [] };
  }
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    const lines = new LineIndex(path, text);
    return { errors: [{ file: path, range: lines.range(bad, bad + 1), message: 'invalid UTF-8 byte sequence' }] };
  }
  return { errors: [] };
}
