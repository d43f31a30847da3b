// Work on the server's main thread done in slices: a large unit's result (thousands of findings) is converted to
// diagnostics a few milliseconds at a time, so that keystrokes in other files are taken in between.
import { LintCancelled } from '../core/engine';

/** Longest stretch of work between two turns of the event loop. */
export const SLICE_MS = 8;

export class TimeSlice {
  private since = performance.now();
  private calls = 0;

  constructor(private readonly signal?: AbortSignal, private readonly sliceMs = SLICE_MS) {}

  /** Whether the current slice is used up (cheap: call it per item, `await next()` only when true). */
  due(): boolean {
    // The clock is read every 16th call: per item it cost more than the items themselves.
    if (++this.calls % 16 !== 1) return false;
    return this.dueNow();
  }

  /** The same, reading the clock every time (for items that each take a millisecond or more). */
  dueNow(): boolean {
    return performance.now() - this.since >= this.sliceMs;
  }

  /** Lets the event loop turn; throws LintCancelled when the work was superseded meanwhile. */
  async next(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.signal?.aborted) throw new LintCancelled('while publishing');
    this.since = performance.now();
  }

  /** `items.map(fn)`, a slice at a time. */
  async map<T, U>(items: readonly T[], fn: (item: T) => U): Promise<U[]> {
    const out: U[] = [];
    for (const item of items) {
      if (this.due()) await this.next();
      out.push(fn(item));
    }
    return out;
  }
}
