// Workspace lint across worker threads. Parsing dominates (tree-sitter's wasm parser runs ~2.7 MB/s per core),
// so a 2,000-file monorepo only meets its time budget with every core busy. Units are kept whole: the files of
// one Terraform folder always go to the same worker, because they are one module.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { LintConfig } from '../core/config';
import { cachedUnitShare, lintSources, sortFindings, type LintResult } from '../core/engine';
import type { ParseError } from '../core/model';
import type { SourceFile } from '../core/parse/unit';
import { FileUnitCache } from './lintCache';
import { readPlanContext, readSources } from './sources';
import { unitKeyOf } from '../core/formats/registry';

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
  const result = await lintSources(sources, job.config, undefined, { cache: false, named, context, includePasses: job.includePasses, unitCache: warm?.unitCache ?? (job.cache ? new FileUnitCache(job.cache.dir, job.cache.build) : undefined), maxFileSize: job.maxSize });
  return { ...result, errors: [...errors, ...result.errors] };
}

/** Warm runs: when nearly every unit's result is cached, starting workers would cost more than the misses. */
const IN_PROCESS_CACHED_SHARE = 0.9;

/** The files read and the cache looked up once, handed on to the in-process lint when the run is warm. */
function mostlyCached(job: LintJob): { sources: SourceFile[]; errors: ParseError[]; unitCache: FileUnitCache } | undefined {
  if (!job.cache || !fs.existsSync(job.cache.dir)) return undefined;
  const errors: ParseError[] = [];
  const sources = readSources(job.files, job.maxSize, errors);
  const unitCache = new FileUnitCache(job.cache.dir, job.cache.build);
  const share = cachedUnitShare(sources, job.config, { named: new Set(job.named ?? []), includePasses: job.includePasses, maxFileSize: job.maxSize, unitCache });
  return share >= IN_PROCESS_CACHED_SHARE ? { sources, errors, unitCache } : undefined;
}

/** Splits files into `n` buckets of roughly equal bytes, keeping each unit in one bucket. */
export function partition(files: string[], n: number): string[][] {
  const units = new Map<string, { files: string[]; bytes: number }>();
  for (const file of files) {
    const key = unitKeyOf(file);
    const unit = units.get(key) ?? { files: [], bytes: 0 };
    unit.files.push(file);
    try {
      unit.bytes += fs.statSync(file).size;
    } catch {
      // unreadable: the worker reports it
    }
    units.set(key, unit);
  }
  const buckets = Array.from({ length: n }, () => ({ files: [] as string[], bytes: 0 }));
  for (const unit of [...units.values()].sort((a, b) => b.bytes - a.bytes)) {
    const lightest = buckets.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.files.push(...unit.files);
    lightest.bytes += unit.bytes;
  }
  return buckets.map((b) => b.files).filter((f) => f.length);
}

/**
 * Resolves once the worker has exited, not when its result arrives: the results are merged and formatted next,
 * and the worker's heap and wasm memory must be gone by then (peak RSS is the sum of what is alive at once).
 */
function runWorker(script: string, job: LintJob): Promise<LintResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    let result: LintResult | undefined;
    worker.once('message', (r: LintResult) => { result = r; });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`lint worker exited with code ${code}`));
      else if (!result) reject(new Error('lint worker exited without a result'));
      else resolve(result);
    });
  });
}

export async function lintFiles(job: LintJob): Promise<LintResult> {
  const script = path.join(__dirname, 'lint-worker.js');
  const threads = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8));
  if (threads < 2 || job.files.length < PARALLEL_MIN_FILES || !fs.existsSync(script)) return lintJobInProcess(job);
  const warm = job.cache && mostlyCached(job);
  if (warm) return lintJobInProcess(job, warm);
  const parts = partition(job.files, threads);
  // The main thread only waits otherwise: it lints the last share itself, one worker fewer to start and to hold
  // in memory. Workers start first, so their start-up overlaps this share.
  const own = parts[parts.length - 1];
  const running = Promise.all(parts.slice(0, -1).map((files) => runWorker(script, { ...job, files })));
  // Handled below, after this thread's share; until then a failing worker must not count as unhandled.
  running.catch(() => undefined);
  const mine = await lintJobInProcess({ ...job, files: own });
  const results = [...(await running), mine];
  return {
    findings: sortFindings(results.flatMap((r) => r.findings)),
    errors: results.flatMap((r) => r.errors),
    suppressions: results.flatMap((r) => r.suppressions),
  };
}
