// `trailguard lint --cache`: lint results per unit, on disk, so that a warm re-lint of a monorepo only evaluates
// what changed. An entry is keyed by the unit's files (path and content), the settings and the engine build (the
// running bundle's hash, so a different TrailGuard never reads another's results), and holds what else the unit
// read; it is used only when all of that still reads the same (see core/unitCache.ts).
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { FileReader } from '../core/parse/terraform/evaluate';
import { diskReader } from '../core/parse/terraform/workspaceFiles';
import { sameListing, type UnitCache, type UnitIdentity, type UnitReads, type UnitResult } from '../core/unitCache';
import { version } from './version';

/** Bumped when the entry layout changes. */
const ENTRY_FORMAT = 1;

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

let engineBuild: string | undefined;
/**
 * The code that produced a result: the hash of the bundle this runs from (dist/cli.js holds the whole engine).
 * Run from sources (tests, esbuild-register) there is no single file to hash, so the id is new in every process:
 * results are reused within a run, never across edits of the code.
 */
export function engineId(): string {
  if (engineBuild === undefined) {
    try {
      engineBuild = __filename.endsWith('.js') ? sha(fs.readFileSync(__filename, 'utf8')) : `dev-${process.pid}-${Date.now()}`;
    } catch {
      engineBuild = `dev-${process.pid}-${Date.now()}`;
    }
  }
  return `${version}:${engineBuild}`;
}

/** Where the cache lives by default: node_modules/.cache/trailguard when there is a node_modules, else .trailguard-cache. */
export function defaultCacheLocation(cwd = process.cwd()): string {
  return fs.existsSync(path.join(cwd, 'node_modules')) ? path.join(cwd, 'node_modules', '.cache', 'trailguard') : path.join(cwd, '.trailguard-cache');
}

interface Entry {
  format: number;
  files: [string, string | null][];
  folders: [string, string[] | null][];
  result: UnitResult;
}

export class FileUnitCache implements UnitCache {
  hits = 0;
  misses = 0;
  /** Entries read in this run (a warm run looks each up twice: to decide on workers, then to use it). */
  private readonly read = new Map<string, Entry | undefined>();
  private readonly reader: FileReader = diskReader();

  constructor(private readonly dir: string, private readonly build: string) {}

  private keyOf(id: UnitIdentity): string {
    return sha(JSON.stringify([ENTRY_FORMAT, this.build, id.format, id.salt, id.files.map((f) => [f.path, sha(f.text)])]));
  }

  private fileOf(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(id: UnitIdentity): UnitResult | undefined {
    const key = this.keyOf(id);
    if (!this.read.has(key)) {
      try {
        this.read.set(key, JSON.parse(fs.readFileSync(this.fileOf(key), 'utf8')) as Entry);
      } catch {
        this.read.set(key, undefined);
      }
    }
    const entry = this.read.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    const same =
      entry.format === ENTRY_FORMAT &&
      entry.files.every(([p, hash]) => {
        const text = this.reader.read(p);
        return (text === undefined ? null : sha(text)) === hash;
      }) &&
      entry.folders.every(([dir, names]) => sameListing(this.reader.list!(dir), names));
    if (!same) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return entry.result;
  }

  set(id: UnitIdentity, result: UnitResult, reads: UnitReads): void {
    const entry: Entry = {
      format: ENTRY_FORMAT,
      files: [...reads.files].map(([p, text]) => [p, text === undefined ? null : sha(text)]),
      folders: [...reads.folders].map(([dir, names]) => [dir, names ?? null]),
      result,
    };
    const file = this.fileOf(this.keyOf(id));
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Written whole, then renamed: a concurrent or interrupted run never reads half an entry.
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(entry));
      fs.renameSync(tmp, file);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
}
