// When to lint: each unit (module folder or file) has its own short debounce, and changes that arrive while the
// unit is being linted are coalesced into one re-lint right after. So a burst of keystrokes costs at most two
// lints, and a unit that is slow to lint never holds back the queue of another unit. A change during a lint also
// aborts that lint's signal: its result would be superseded, so the runner may stop it (engineRunner.ts).
type LintFn = (key: string, signal: AbortSignal) => Promise<number>;

interface UnitState {
  timer?: NodeJS.Timeout;
  running?: Promise<number>;
  abort?: AbortController;
  /** Changed while running: lint again when the current run ends. */
  dirty: boolean;
  idleWaiters: (() => void)[];
}

export class LintScheduler {
  private readonly units = new Map<string, UnitState>();

  constructor(private delayMs: number, private readonly lint: LintFn, private readonly onError: (err: unknown) => void) {}

  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  schedule(key: string): void {
    const u = this.state(key);
    if (u.running) {
      u.dirty = true;
      u.abort?.abort();
      return;
    }
    if (u.timer) clearTimeout(u.timer);
    u.timer = setTimeout(() => {
      u.timer = undefined;
      void this.run(key);
    }, this.delayMs);
  }

  /** Whether a lint of this unit is waiting or about to repeat (its current result will be superseded). */
  isPending(key: string): boolean {
    const u = this.units.get(key);
    return !!u && (!!u.timer || u.dirty);
  }

  /** Lints now (skipping the debounce) and resolves with the number of diagnostics published. */
  async runNow(key: string): Promise<number> {
    const u = this.state(key);
    if (u.timer) {
      clearTimeout(u.timer);
      u.timer = undefined;
    }
    if (u.running) {
      await this.whenIdle(key);
    }
    return this.run(key);
  }

  /** Resolves when the unit has no lint waiting or running (code actions answer from a current result). */
  whenIdle(key: string): Promise<void> {
    const u = this.units.get(key);
    if (!u || (!u.timer && !u.running)) return Promise.resolve();
    return new Promise((resolve) => u.idleWaiters.push(resolve));
  }

  private state(key: string): UnitState {
    let u = this.units.get(key);
    if (!u) {
      u = { dirty: false, idleWaiters: [] };
      this.units.set(key, u);
    }
    return u;
  }

  private async run(key: string): Promise<number> {
    const u = this.state(key);
    u.dirty = false;
    let count = 0;
    const abort = new AbortController();
    const running = this.lint(key, abort.signal).catch((err) => {
      // A superseded lint is not a failure: the re-lint below replaces it.
      if (!abort.signal.aborted) this.onError(err);
      return 0;
    });
    u.running = running;
    u.abort = abort;
    try {
      count = await running;
    } finally {
      u.running = undefined;
      u.abort = undefined;
    }
    if (u.dirty) {
      u.dirty = false;
      return this.run(key);
    }
    if (!u.timer) {
      const waiters = u.idleWaiters.splice(0);
      for (const w of waiters) w();
    }
    return count;
  }
}
