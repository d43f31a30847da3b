// Where a lint runs. Small units lint in the server's own thread (no copying, warm parser cache: the keystroke
// path). A large unit goes to a worker thread, so that one big file being parsed does not hold back the
// diagnostics of every other file the user is typing in.
import { Worker } from 'worker_threads';
import type { LintConfig } from '../core/config';
import { lintSources, type LintResult } from '../core/engine';
import type { SourceFile } from '../core/parse/unit';

/**
 * Units above this many characters lint off the main thread. Measured in-process (load 3): re-linting a 500 K-char
 * module after a one-character edit took 144 ms, a 256 K one 73 ms, so above 256 K a keystroke would hold the
 * main thread (and every other file's diagnostics) for more than 100 ms.
 */
export const WORKER_THRESHOLD_CHARS = 256 * 1024;
/** An idle worker is stopped after this long (its parser cache is only worth keeping while someone edits). */
const WORKER_IDLE_MS = 60_000;

export interface WorkerRequest { id: number; files: SourceFile[]; config: Partial<LintConfig>; only: string[]; byContent: string[]; maxFileSize?: number }
export type WorkerResponse = { id: number; result: LintResult } | { id: number; error: string };

type EngineResult = Pick<LintResult, 'findings' | 'errors' | 'suppressions'>;

export class EngineRunner {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: EngineResult) => void; reject: (e: Error) => void }>();
  private idleTimer: NodeJS.Timeout | undefined;

  /** `workerScript`: the file to start as the worker (the server bundle itself), or undefined to never use one. */
  constructor(private readonly workerScript: string | undefined, private readonly threshold = WORKER_THRESHOLD_CHARS) {}

  /** `byContent`: files recognised by content whatever their name (`trailguard.files.include`). */
  lint(files: SourceFile[], config: Partial<LintConfig>, only: ReadonlySet<string>, byContent: ReadonlySet<string> = new Set(), maxFileSize?: number): Promise<EngineResult> {
    const size = files.reduce((n, f) => n + f.text.length, 0);
    if (!this.workerScript || size < this.threshold) return lintSources(files, config, only, { byContent, maxFileSize });
    return this.inWorker({ files, config, only: [...only], byContent: [...byContent], maxFileSize });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private inWorker(request: Omit<WorkerRequest, 'id'>): Promise<EngineResult> {
    const worker = this.ensureWorker();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const id = this.nextId++;
    return new Promise<EngineResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...request } satisfies WorkerRequest);
    }).finally(() => {
      if (this.pending.size === 0) {
        this.idleTimer = setTimeout(() => this.dispose(), WORKER_IDLE_MS);
        this.idleTimer.unref();
      }
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript!, { workerData: { trailguardLintWorker: true } });
    worker.unref();
    worker.on('message', (msg: WorkerResponse) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if ('error' in msg) p.reject(new Error(msg.error));
      else p.resolve(msg.result);
    });
    const failAll = (err: Error) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      if (this.worker === worker) this.worker = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`lint worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
