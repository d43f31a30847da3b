// A cache of lint results per unit (CLI `--cache`): a unit is looked up by its own files, the settings and the
// engine build, and a stored result is used only when every other file the unit was evaluated from (child modules,
// `file()` / `templatefile()` targets, `.terraform/modules/modules.json`, folder listings) still reads the same.
// Core only records what was read; where and how results are stored (hashing, files) is the caller's.
import type { FileReader } from './parse/terraform/evaluate';
import type { Finding, ParseError } from './model';
import type { SourceFile } from './parse/unit';
import type { SuppressionComment } from './suppress';

export interface UnitIdentity {
  format: string;
  files: readonly SourceFile[];
  /** Everything else the result depends on that is not a file: settings, options, the date (ignore expiry). */
  salt: string;
}

export interface UnitResult { findings: Finding[]; errors: ParseError[]; suppressions: SuppressionComment[] }

/** What a unit's evaluation read besides its own files: path → text (undefined: absent), folder → listing. */
export interface UnitReads {
  files: Map<string, string | undefined>;
  folders: Map<string, string[] | undefined>;
}

export interface UnitCache {
  get(id: UnitIdentity): UnitResult | undefined;
  set(id: UnitIdentity, result: UnitResult, reads: UnitReads): void;
}

/** A reader that remembers every read and listing, so that a cached result can be checked against them later. */
export function recordingReader(inner: FileReader): { reader: FileReader; reads: UnitReads } {
  const reads: UnitReads = { files: new Map(), folders: new Map() };
  return {
    reads,
    reader: {
      read(p) {
        const text = inner.read(p);
        reads.files.set(p, text);
        return text;
      },
      list: inner.list
        ? (dir) => {
            const names = inner.list!(dir);
            reads.folders.set(dir, names);
            return names;
          }
        : undefined,
    },
  };
}

/** Whether a folder lists the same names as when it was recorded (absent then and now counts as the same). */
export function sameListing(now: readonly string[] | undefined, then: readonly string[] | null | undefined): boolean {
  if (!now || !then) return !now && !then;
  return now.length === then.length && now.every((n, i) => n === then[i]);
}

/** Whether every file and folder listing in `reads` still reads the same through `reader` (texts compared whole). */
export function readsUnchanged(reads: UnitReads, reader: FileReader): boolean {
  for (const [p, text] of reads.files) if (reader.read(p) !== text) return false;
  for (const [dir, names] of reads.folders) if (!sameListing(reader.list?.(dir), names)) return false;
  return true;
}
