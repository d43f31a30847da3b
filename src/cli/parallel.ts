// Workspace lint across worker threads. Parsing dominates (tree-sitter's wasm parser runs ~2.7 MB/s per core),
// so a 2,000-file monorepo only meets its time budget with every core busy. Units are kept whole: the files of
// one Terraform folder always go to the same worker, because they are one module.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { Worker, type WorkerOptions } from 'worker_threads';
import type { LintConfig } from '../core/config';
import { cachedUnitShare, lintSources, sortFindings, type LintResult } from '../core/engine';
import type { ParseError } from '../core/model';
import type { SourceFile } from '../core/parse/unit';
import { FileUnitCache } from './lintCache';
import { readPlanContext, readSources } from './sources';
import { isModuleUnitKey, unitKeyOf } from '../core/formats/registry';
import { calledModuleDirs } from '../core/parse/terraform/moduleTree';

export interface LintJob {
  files: string[];
  config?: Partial<LintConfig>;
  maxSize: number;
  /** Files named on the command line: recognised whatever their name, reported when no format recognises them. */
  named?: string[];
  /** Report passes, not-applicable and switched-off rules too (for --format junit). */
  includePasses?: boolean;
  /** The lint cache (--cache): its folder and the engine build its entries are keyed by; undefined: no cache. */
  cache?: { dir: string; build: string };
  /** false: findings keep their fixes' titles and kinds without the edits (LintOptions.fixEdits); default true. */
  fixEdits?: boolean;
}

/**
 * A worker's young generation. V8's default lets each isolate hold tens of megabytes of short-lived objects
 * (copied syntax trees, findings) before scavenging; with a small one the workspace lint of the benchmark peaked
 * at 516-550 MB instead of 541-673 MB, in the same time.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/** Below this many files a worker costs more to start than it saves. */
const PARALLEL_MIN_FILES = 48;

export async function lintJobInProcess(job: LintJob, warm?: { sources: SourceFile[]; errors: ParseError[]; unitCache: FileUnitCache }): Promise<LintResult> {
  const errors: ParseError[] = warm?.errors ?? [];
  const sources = warm?.sources ?? readSources(job.files, job.maxSize, errors);
  const named = new Set(job.named ?? []);
  const context = readPlanContext(sources, job.maxSize, named);
  const result = await lintSources(sources, job.config, undefined, { cache: false, named, context, includePasses: job.includePasses, unitCache: warm?.unitCache ?? (job.cache ? new FileUnitCache(job.cache.dir, job.cache.build) : undefined), maxFileSize: job.maxSize, fixEdits: job.fixEdits });
  // In the order of the files, whichever thread or part linted them (see inFileOrder).
  return { ...result, errors: inFileOrder([...errors, ...result.errors], job.files) };
}

/** Warm runs: when nearly every unit's result is cached, starting workers would cost more than the misses. */
const IN_PROCESS_CACHED_SHARE = 0.9;

/** The files read and the cache looked up once, handed on to the in-process lint when the run is warm. */
function mostlyCached(job: LintJob): { sources: SourceFile[]; errors: ParseError[]; unitCache: FileUnitCache } | undefined {
  if (!job.cache || !fs.existsSync(job.cache.dir)) return undefined;
  const errors: ParseError[] = [];
  const sources = readSources(job.files, job.maxSize, errors);
  const unitCache = new FileUnitCache(job.cache.dir, job.cache.build);
  const share = cachedUnitShare(sources, job.config, { named: new Set(job.named ?? []), includePasses: job.includePasses, maxFileSize: job.maxSize, unitCache, fixEdits: job.fixEdits });
  return share >= IN_PROCESS_CACHED_SHARE ? { sources, errors, unitCache } : undefined;
}

/** A set of files one lintSources call must see together: see `lintGroups`. */
interface FileGroup { files: string[]; bytes: number }

/**
 * The files grouped by lint unit (unitKeyOf: a Terraform folder, else the file), with every Terraform folder
 * joined to the local modules it calls (`module "x" { source = "./x" }`) and to their other callers. lintSources
 * must see a caller and its child in one call: it lints a called folder only through its callers
 * (calledModuleDirs), and drops the same finding reported in a shared child file by two callers only within one
 * call (also when the child is not among `files`). Groups keep the order of `files`.
 */
export function lintGroups(files: string[]): FileGroup[] {
  const keyOfFile = files.map(unitKeyOf);
  // Union-find over unit keys: a caller's unit and each folder it calls.
  const parent = new Map<string, string>();
  const root = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(k, r);
    return r;
  };
  const folderUnit = new Map<string, string>();
  for (let i = 0; i < files.length; i++) {
    parent.set(keyOfFile[i], keyOfFile[i]);
    if (isModuleUnitKey(keyOfFile[i])) folderUnit.set(path.normalize(path.dirname(files[i])), keyOfFile[i]);
  }
  // Sizes of the files read here, so that they are not asked of the file system again below.
  const sizes = new Map<string, number>();
  for (let i = 0; i < files.length; i++) {
    if (!files[i].endsWith('.tf')) continue;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(files[i]);
    } catch {
      continue; // unreadable: the lint reports it
    }
    sizes.set(files[i], bytes.length);
    // Decoded only when it can call a module: most files cannot, and this runs before any thread lints.
    if (bytes.indexOf('module') === -1) continue;
    for (const dir of calledModuleDirs([{ path: files[i], text: bytes.toString('utf8') }])) {
      // A module outside the files joins its callers too: the findings they report in it are one set.
      const child = folderUnit.get(dir) ?? `${dir}${path.sep}`;
      if (!parent.has(child)) parent.set(child, child);
      parent.set(root(child), root(keyOfFile[i]));
    }
  }
  const groups = new Map<string, FileGroup>();
  for (let i = 0; i < files.length; i++) {
    const k = root(keyOfFile[i]);
    let group = groups.get(k);
    if (!group) groups.set(k, (group = { files: [], bytes: 0 }));
    group.files.push(files[i]);
    const known = sizes.get(files[i]);
    if (known !== undefined) group.bytes += known;
    else {
      try {
        group.bytes += fs.statSync(files[i]).size;
      } catch {
        // unreadable: the lint reports it
      }
    }
  }
  return [...groups.values()];
}

/** Parts never get smaller than this share of the bytes: each lintSources call and result message has a cost. */
const MIN_PART_SHARE = 1 / 128;

/**
 * Splits files into parts that threads claim one after another (`lintFiles`), largest first and shrinking (each
 * about the remaining bytes over 2 × threads, "guided" scheduling): the first parts keep the number of calls low,
 * the last small ones let every thread finish at nearly the same time whatever a byte costs in each format.
 * Groups (`lintGroups`) are kept whole; each part lists its files in the order of `files`.
 */
export function lintParts(files: string[], threads: number): string[][] {
  const order = new Map(files.map((f, i) => [f, i]));
  const groups = lintGroups(files).sort((a, b) => b.bytes - a.bytes);
  const total = groups.reduce((n, g) => n + g.bytes, 0);
  const parts: FileGroup[] = [];
  let remaining = total;
  let part: FileGroup | undefined;
  let target = 0;
  for (const group of groups) {
    if (!part) {
      part = { files: [], bytes: 0 };
      target = Math.max(remaining / (2 * threads), total * MIN_PART_SHARE);
    }
    part.files.push(...group.files);
    part.bytes += group.bytes;
    if (part.bytes >= target) {
      parts.push(part);
      remaining -= part.bytes;
      part = undefined;
    }
  }
  if (part) parts.push(part);
  return parts.map((p) => p.files.sort((a, b) => order.get(a)! - order.get(b)!));
}

/** What threads share: the job, every part, and the counter they claim parts with. */
export interface WorkerShare {
  job: LintJob;
  parts: string[][];
  /** Int32 [0]: the next part to claim (Atomics.add), shared by the main thread and every worker. */
  next: SharedArrayBuffer;
}

/**
 * A worker's workerData: the share without its parts. The parts follow in the worker's first message, so that
 * the worker loads its bundle and parser while the main thread is still splitting the files.
 */
export type WorkerStart = Omit<WorkerShare, 'parts'>;

/** One claimed part's result, posted by a worker as soon as the part is linted. */
export interface PartResult { part: number; result: LintResult }

/** Claims parts until none is left, linting each and handing its result on. */
export async function lintClaimedParts(share: WorkerShare, done: (r: PartResult) => void, between?: () => Promise<void>): Promise<void> {
  const next = new Int32Array(share.next);
  for (let part = Atomics.add(next, 0, 1); part < share.parts.length; part = Atomics.add(next, 0, 1)) {
    done({ part, result: await lintJobInProcess({ ...share.job, files: share.parts[part] }) });
    collectIfGrown();
    await between?.();
  }
}

/** Heap growth since the last collection after which a thread collects between two parts. */
const COLLECT_AFTER_GROWTH = 128 * 1024 * 1024;
let heapFloor = 0;
let fullGc: (() => void) | undefined;

/**
 * Between two parts a thread holds only the results so far, yet V8 sometimes sets a thread's old-generation limit
 * high after an early collection and lets the heap grow part after part: one 2,000-file lint in three to ten peaked
 * at 600-750 MB instead of 420-520. A thread whose heap grew by more than COLLECT_AFTER_GROWTH since its last
 * collection collects now, when little is alive. (`--expose-gc` set at run time gives each new context, here a
 * `vm` one, a `gc` for its thread's heap.)
 */
function collectIfGrown(): void {
  const used = v8.getHeapStatistics().used_heap_size;
  if (used - heapFloor < COLLECT_AFTER_GROWTH) return;
  if (!fullGc) {
    v8.setFlagsFromString('--expose-gc');
    fullGc = vm.runInNewContext('gc') as () => void;
  }
  fullGc();
  heapFloor = v8.getHeapStatistics().used_heap_size;
}

/** How lintFiles runs its threads; tests start workers from the TypeScript sources and choose their number. */
export interface LintThreads {
  /** Threads including the main one; default: the cores (at most 8). */
  threads?: number;
  /** Starts one worker running lintWorker.ts with these options (workerData: a WorkerStart); default: dist/lint-worker.js beside this bundle. */
  startWorker?: (options: WorkerOptions) => Worker;
  /** false: the main thread only waits for the workers (tests: every part goes through a worker). Default true. */
  mainLints?: boolean;
}

/**
 * Resolves once the worker has exited, not when its last result arrives: the results are merged and formatted
 * next, and the worker's heap and wasm memory must be gone by then (peak RSS is the sum of what is alive at once).
 */
function runWorker(worker: Worker, done: (r: PartResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.on('message', done);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`lint worker exited with code ${code}`));
      else resolve();
    });
  });
}

/**
 * A lint in one thread keeps V8's young generation at its initial size (1 MB semi-spaces) instead of letting it
 * grow to 16 MB: its syntax trees and values die young at a steady rate and die just as young in the small space
 * (peak RSS 30-80 MB lower on the worst-case benchmark inputs, the same CPU; docs/performance.md). V8 reads the
 * factor whenever it would grow the space, so setting it now takes effect. Not for a run with workers: the flag
 * is the whole process's, and the workers' 8 MB young generation (WORKER_YOUNG_GENERATION_MB) is already small.
 */
function keepYoungGenerationSmall(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * V8's interrupt budget (how long a function runs before it is considered for optimization) in a lint that uses
 * every core. By default V8 optimizes some 1,500 functions per thread in a 2,000-file lint, compiling on background
 * threads that compete with the lint itself for the same cores. Optimizing only what stays hot halved that work.
 */
const PARALLEL_INTERRUPT_BUDGET = 600_000;

/**
 * A lint on every core leaves no core for V8's helper threads: its compiler and its parallel scavenges (each
 * split across threads that then wait for each other) only took time from the lint. 2,000-file lint, two cores:
 * helper threads 5.5-6.8 s → 2.0 s of CPU, wall time −10 to −15 % (docs/performance.md). A lint in one thread
 * keeps V8's defaults: there the helpers run on an idle core. Both flags are read when a function's budget is
 * reset and when a scavenge starts, so setting them now takes effect (unlike --single-threaded-gc, which V8
 * must have at start-up).
 */
function leaveTheCoresToTheLint(): void {
  v8.setFlagsFromString(`--interrupt-budget=${PARALLEL_INTERRUPT_BUDGET}`);
  v8.setFlagsFromString('--no-parallel-scavenge');
}

export async function lintFiles(job: LintJob, how: LintThreads = {}): Promise<LintResult> {
  const script = path.join(__dirname, 'lint-worker.js');
  const threads = how.threads ?? Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8));
  const startWorker = how.startWorker ?? (fs.existsSync(script) ? (options: WorkerOptions) => new Worker(script, options) : undefined);
  const inOneThread = threads < 2 || job.files.length < PARALLEL_MIN_FILES || !startWorker;
  const warm = !inOneThread && job.cache ? mostlyCached(job) : undefined;
  if (inOneThread || warm) {
    keepYoungGenerationSmall();
    return lintJobInProcess(job, warm);
  }
  leaveTheCoresToTheLint();
  const results: LintResult[] = [];
  const done = (r: PartResult) => { results[r.part] = r.result; };
  // The main thread lints too (one worker fewer to start and to hold in memory), claiming parts from the same
  // counter so that all threads finish together. Workers start first, so their start-up overlaps the split and
  // the main thread's first part.
  const start: WorkerStart = { job, next: new SharedArrayBuffer(4) };
  const options: WorkerOptions = { workerData: start, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } };
  const workers = Array.from({ length: threads - 1 }, () => startWorker(options));
  const running = Promise.all(workers.map((w) => runWorker(w, done)));
  // Handled below, after this thread's parts; until then a failing worker must not count as unhandled.
  running.catch(() => undefined);
  const share: WorkerShare = { ...start, parts: lintParts(job.files, threads) };
  for (const w of workers) w.postMessage(share.parts);
  // Between its parts the main thread lets the workers' results in, so that copying them overlaps the lint.
  if (how.mainLints !== false) await lintClaimedParts(share, done, () => new Promise((resolve) => setImmediate(resolve)));
  await running;
  if (results.length !== share.parts.length || results.includes(undefined as never)) throw new Error('lint worker exited without every result');
  // Merged in part order: the output does not depend on which thread linted which part.
  return {
    findings: sortFindings(results.flatMap((r) => r.findings)),
    errors: inFileOrder(results.flatMap((r) => r.errors), job.files),
    suppressions: results.flatMap((r) => r.suppressions),
  };
}

/**
 * Errors in the order of their files among `files`, then those of other files (a child module's) by name; each
 * file's errors in their own order. A lint of the same files in one part or in many gives the same list.
 */
function inFileOrder(errors: ParseError[], files: string[]): ParseError[] {
  const order = new Map(files.map((f, i) => [f, i]));
  const rank = (e: ParseError) => order.get(e.file) ?? files.length;
  return errors
    .map((e, i) => ({ e, i, rank: rank(e) }))
    .sort((a, b) => a.rank - b.rank || (a.rank === files.length && a.e.file !== b.e.file ? (a.e.file < b.e.file ? -1 : 1) : 0) || a.i - b.i)
    .map(({ e }) => e);
}
