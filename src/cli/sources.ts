// Reading files for the linter: strict UTF-8, a size limit, and read failures as errors rather than crashes.
import * as fs from 'fs';
import type { ParseError } from '../core/model';
import type { SourceFile } from '../core/parse/unit';
import { decodeUtf8, INVALID_UTF8_MESSAGE } from '../core/text';
import { DEFAULT_MAX_FILE_SIZE, tooLargeMessage } from '../core/limits';
import * as path from 'path';
import { detectFormat, formatByName } from '../core/formats/registry';
import { planCompanionDirs } from '../core/parse/plan/definitions';

export { DEFAULT_MAX_FILE_SIZE };

export function readSources(files: string[], maxSize: number, errors: ParseError[]): SourceFile[] {
  const zero = { line: 0, character: 0 };
  const sources: SourceFile[] = [];
  for (const file of files) {
    try {
      const size = fs.statSync(file).size;
      if (size > maxSize) {
        errors.push({ file, range: { start: zero, end: zero }, message: tooLargeMessage(size, maxSize) });
        continue;
      }
      const { text, invalidAt } = decodeUtf8(fs.readFileSync(file));
      // Binary content (a NUL byte) is reported as such by the engine; other invalid bytes here, at the first one.
      if (invalidAt && !text.includes('\u0000')) errors.push({ file, range: { start: invalidAt, end: invalidAt }, message: INVALID_UTF8_MESSAGE });
      else sources.push({ path: file, text });
    } catch (err) {
      errors.push({ file, range: { start: zero, end: zero }, message: `cannot read: ${(err as Error).message}` });
    }
  }
  return sources;
}

/**
 * The Terraform files a plan's findings point into (related information to each resource's definition) that are
 * not among `sources`: the `.tf` files of the plan's root module folder and of its local modules. Read, never
 * linted; unreadable or oversized ones are simply left out.
 */
export function readPlanContext(sources: SourceFile[], maxSize: number, named: ReadonlySet<string>): SourceFile[] {
  const have = new Set(sources.map((s) => path.resolve(s.path)));
  const out: SourceFile[] = [];
  for (const s of sources) {
    if (detectFormat(s.path, s.text, { anyName: named.has(s.path) })?.id !== 'terraform-plan') continue;
    for (const dir of planCompanionDirs(s.path, s.text)) {
      let names: string[];
      try {
        names = fs.readdirSync(dir).filter((n) => formatByName(n)?.id === 'terraform');
      } catch {
        continue;
      }
      for (const name of names) {
        const file = path.join(dir, name);
        if (have.has(path.resolve(file))) continue;
        have.add(path.resolve(file));
        try {
          if (fs.statSync(file).size <= maxSize) out.push({ path: file, text: decodeUtf8(fs.readFileSync(file)).text });
        } catch {
          // not there after all: no related information
        }
      }
    }
  }
  return out;
}
