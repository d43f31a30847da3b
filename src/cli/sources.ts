// Reading files for the linter: strict UTF-8, a size limit, and read failures as errors rather than crashes.
import * as fs from 'fs';
import type { ParseError } from '../core/model';
import type { SourceFile } from '../core/parse/unit';
import { decodeUtf8 } from '../core/text';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export function readSources(files: string[], maxSize: number, errors: ParseError[]): SourceFile[] {
  const zero = { line: 0, character: 0 };
  const sources: SourceFile[] = [];
  for (const file of files) {
    try {
      const size = fs.statSync(file).size;
      if (size > maxSize) {
        errors.push({ file, range: { start: zero, end: zero }, message: `file is ${(size / 1048576).toFixed(1)} MB, over the ${(maxSize / 1048576).toFixed(0)} MB limit (--max-file-size): not linted` });
        continue;
      }
      sources.push({ path: file, text: decodeUtf8(fs.readFileSync(file)) });
    } catch (err) {
      errors.push({ file, range: { start: zero, end: zero }, message: `cannot read: ${(err as Error).message}` });
    }
  }
  return sources;
}
