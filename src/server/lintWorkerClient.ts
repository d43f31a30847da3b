// One lint worker thread as the server's main thread sees it: requests out, results back, a shared cancel word per
// request, a replacement thread when a cancelled lint does not stop in time, and a thread that ends when idle.
import { Worker } from 'worker_threads';
import type { LintConfig } from '../core/config';
import { LintCancelled, type LintResult } from '../core/engine';
import type { SourceFile } from '../core/parse/unit';
import type { Lane, LintRequest } from './engineRunner';

export interface WorkerRequest {
  id: number;
  files: SourceFile[];
  config: Partial<LintConfig>;
  only: string[] | null;
  byContent: string[];
  maxFileSize?: number;
  root?: string;
  /** One Int32: set to 1 by the server when the lint is superseded (read by the worker between stages). */
  cancel: SharedArrayBuffer;
}
/** A lint's result as it crosses to the main thread: findings in v8-serialized chunks (see lintWorker.ts). */
export interface WorkerResult extends Pick<LintResult, 'errors' | 'suppressions'> {
  chunks: Uint8Array[];
  /** The worker kept only what the editor shows and made its paths absolute (it was given a root). */
  shown: boolean;
}

/** `ms`: how long the lint itself took in the worker (queueing excluded). */
export type WorkerResponse =
  | { id: number; ms: number; result: WorkerResult }
  | { id: number; ms: number; error: string }
  | { id: number; ms: number; cancelled: string };

/** The heavy lane's thread is stopped after this long without work (its parse trees are large). */
const HEAVY_IDLE_MS = 60_000;
/**
 * A worker that has not reached a check this long after a cancel (one huge parse, a runaway evaluation) is
 * stopped and replaced, so that the newer lint does not wait for it.
 */
export const CANCEL_GRACE_MS = 2_000;

interface Pending {
  unit: string;
  resolve: (r: { result: WorkerResult; ms: number }) => void;
  reject: (e: Error) => void;
  cancel: Int32Array;
  /** Set when the caller was told `LintCancelled`: the worker's late answer is only logged. */
  cancelledAt?: number;
}

export class LintWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;

  constructor(private readonly script: string, private readonly lane: Lane, private readonly log: (line: string) => void) {}

  prestart(): void {
    this.ensureWorker();
  }

  lint(req: LintRequest): Promise<{ result: WorkerResult; ms: number }> {
    const worker = this.ensureWorker();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const id = this.nextId++;
    const cancel = new SharedArrayBuffer(4);
    if (this.lane === 'heavy') {
      const size = req.files.reduce((n, f) => n + f.text.length, 0);
      this.log(`linting ${req.label ?? req.unit} in the heavy lane (${req.files.length} file${req.files.length === 1 ? '' : 's'}, ${Math.round(size / 1024)} K characters)`);
    }
    return new Promise<{ result: WorkerResult; ms: number }>((resolve, reject) => {
      this.pending.set(id, { unit: req.label ?? req.unit, resolve, reject, cancel: new Int32Array(cancel) });
      req.signal?.addEventListener('abort', () => this.cancel(id), { once: true });
      const message: WorkerRequest = {
        id, cancel, files: req.files, config: req.config, only: req.only ? [...req.only] : null, byContent: [...(req.byContent ?? [])], maxFileSize: req.maxFileSize, root: req.root,
      };
      worker.postMessage(message);
    }).finally(() => {
      if (this.pending.size === 0 && this.lane === 'heavy') {
        this.idleTimer = setTimeout(() => this.dispose(), HEAVY_IDLE_MS);
        this.idleTimer.unref();
      }
    });
  }

  dispose(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** Tells the worker to stop lint `id` and releases its caller now; a worker that does not stop in time is replaced. */
  private cancel(id: number): void {
    const p = this.pending.get(id);
    if (!p || p.cancelledAt !== undefined) return;
    p.cancelledAt = performance.now();
    Atomics.store(p.cancel, 0, 1);
    p.reject(new LintCancelled('superseded'));
    this.armGrace();
  }

  /** Checks, when the oldest unanswered cancel reaches CANCEL_GRACE_MS, that the worker has stopped it. */
  private armGrace(): void {
    if (this.graceTimer) return;
    const oldest = Math.min(...[...this.pending.values()].map((q) => q.cancelledAt ?? Infinity));
    if (oldest === Infinity) return;
    this.graceTimer = setTimeout(() => {
      this.graceTimer = undefined;
      const stuck = [...this.pending.values()].some((q) => q.cancelledAt !== undefined && performance.now() - q.cancelledAt >= CANCEL_GRACE_MS - 5);
      if (stuck && this.worker) {
        this.log(`the ${this.lane} lane did not stop a superseded lint within ${CANCEL_GRACE_MS} ms: restarting its worker`);
        const w = this.worker;
        this.failAll(w, new LintCancelled('superseded (worker restarted)'));
        void w.terminate();
      }
      this.armGrace();
    }, Math.max(0, oldest + CANCEL_GRACE_MS - performance.now()));
    this.graceTimer.unref();
  }

  private failAll(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    for (const p of this.pending.values()) if (p.cancelledAt === undefined) p.reject(err);
    this.pending.clear();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: { trailguardLintWorker: true, warmUp: this.lane === 'light' } });
    worker.unref();
    worker.on('message', (msg: WorkerResponse) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (p.cancelledAt !== undefined) {
        const ms = Math.round(performance.now() - p.cancelledAt);
        this.log('cancelled' in msg
          ? `the ${this.lane} lane stopped the superseded lint of ${p.unit} ${msg.cancelled}, ${ms} ms after the cancel`
          : `the ${this.lane} lane finished the superseded lint of ${p.unit} before it saw the cancel (${ms} ms later); its result is dropped`);
        return;
      }
      if ('error' in msg) p.reject(new Error(msg.error));
      else if ('cancelled' in msg) p.reject(new LintCancelled(msg.cancelled));
      else p.resolve({ result: msg.result, ms: msg.ms });
    });
    worker.on('error', (err) => this.failAll(worker, err));
    worker.on('exit', (code) => this.failAll(worker, new Error(`lint worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
