// Where a lint runs: never in the server's main thread when a worker script is known. A parse of a 64 K module,
// or the first lint of a format (its parser and code compiled on first use), holds a thread for 100–300 ms; in the
// main thread that would hold every keystroke, code action and other file's diagnostics. So the main thread only
// routes, and two worker threads lint: a light lane for small units (the keystroke path) and a heavy lane for large
// units and units whose lint proved slow, so that one big file never holds back the diagnostics of a small one.
// A lint superseded by a newer edit is cancelled: its caller gets `LintCancelled` at once, and the worker stops at
// its next check (between parse and rules; what it parsed stays in its cache for the next lint).
import type { LintConfig } from '../core/config';
import { LintCancelled, lintSources, type LintResult } from '../core/engine';
import type { SourceFile } from '../core/parse/unit';
import { deserialize } from 'v8';
import type { Finding } from '../core/model';
import { LintWorker } from './lintWorkerClient';
import { TimeSlice } from './timeSlice';

/**
 * Units up to this many characters lint in the light lane. Measured in-process (load 2): the first lint of a
 * 34 K-char module took 66 ms, of a 65 K one 123 ms (a keystroke there 24–47 ms, at 128 K 100–150 ms).
 */
export const LIGHT_MAX_CHARS = 32 * 1024;
/** A unit whose lint took longer than this in the light lane lints in the heavy lane from then on. */
export const LIGHT_BUDGET_MS = 50;

/** `shown`: already only what the editor shows (no passes, nothing suppressed), with absolute paths (a worker's). */
export type EngineResult = Pick<LintResult, 'findings' | 'errors' | 'suppressions'> & { shown?: boolean };

export interface LintRequest {
  /** The unit (scheduler key): what the cost history is kept by. */
  unit: string;
  /** How the output channel names it. */
  label?: string;
  files: SourceFile[];
  config: Partial<LintConfig>;
  /** The files whose findings are wanted; undefined: every file's. */
  only?: ReadonlySet<string>;
  /** Files recognised by content whatever their name (`trailguard.files.include`). */
  byContent?: ReadonlySet<string>;
  maxFileSize?: number;
  /** The folder the files' relative paths start from (child modules and `file()` targets are read there). */
  root?: string;
  /** Aborted when a newer lint of the unit supersedes this one. */
  signal?: AbortSignal;
}

export type Lane = 'light' | 'heavy';

export class EngineRunner {
  private readonly lanes: Record<Lane, LintWorker> | undefined;
  /** Units that proved too slow for the light lane. */
  private readonly heavy = new Set<string>();

  /**
   * `workerScript`: the file to start as a worker (the server bundle itself), or undefined to lint in this thread
   * (in-process use). `log`: the output channel (worker lints, cancellations, lane changes).
   */
  constructor(
    workerScript: string | undefined,
    private readonly log: (line: string) => void = () => undefined,
    private readonly lightMaxChars = LIGHT_MAX_CHARS,
  ) {
    this.lanes = workerScript ? { light: new LintWorker(workerScript, 'light', log), heavy: new LintWorker(workerScript, 'heavy', log) } : undefined;
  }

  /** Starts the light lane's thread ahead of the first open (it compiles the parsers meanwhile). */
  prestart(): void {
    this.lanes?.light.prestart();
  }

  /** Which lane the next lint of this unit takes. */
  laneOf(unit: string, files: readonly SourceFile[]): Lane {
    const size = files.reduce((n, f) => n + f.text.length, 0);
    return size > this.lightMaxChars || this.heavy.has(unit) ? 'heavy' : 'light';
  }

  async lint(req: LintRequest): Promise<EngineResult> {
    if (req.signal?.aborted) throw new LintCancelled('before starting');
    if (!this.lanes) {
      return lintSources(req.files, req.config, req.only, { byContent: req.byContent, maxFileSize: req.maxFileSize, root: req.root, cancelled: () => !!req.signal?.aborted });
    }
    const lane = this.laneOf(req.unit, req.files);
    const { result, ms } = await this.lanes[lane].lint(req);
    const slice = new TimeSlice(req.signal);
    const findings: Finding[] = [];
    for (const chunk of result.chunks) {
      if (slice.dueNow()) await slice.next();
      for (const f of deserialize(chunk) as Finding[]) findings.push(f);
    }
    if (lane === 'light' && ms > LIGHT_BUDGET_MS && !this.heavy.has(req.unit)) {
      this.heavy.add(req.unit);
      this.log(`${req.label ?? req.unit} took ${Math.round(ms)} ms to lint: it lints in the heavy lane from now on`);
    }
    return { findings, errors: result.errors, suppressions: result.suppressions, shown: result.shown };
  }

  dispose(): void {
    this.lanes?.light.dispose();
    this.lanes?.heavy.dispose();
  }
}
