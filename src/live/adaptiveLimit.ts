// Calls in flight per service, adapted as AWS answers: start at `initial` (8), grow by one after each run of
// `growEvery` successful calls up to `max`, halve on throttling (down to 1). The SDK's adaptive retry mode still
// retries a throttled call with its own client-side rate limiting; this decides how many calls we start at once.
export interface AdaptiveLimitOptions { initial?: number; max?: number; growEvery?: number }

export class AdaptiveLimit {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private successes = 0;
  private current: number;
  readonly max: number;
  private readonly growEvery: number;

  constructor(opts: AdaptiveLimitOptions = {}) {
    this.current = Math.max(1, opts.initial ?? 8);
    this.max = Math.max(this.current, opts.max ?? this.current * 4);
    this.growEvery = Math.max(1, opts.growEvery ?? this.current);
  }

  /** The calls allowed in flight now. */
  get limit(): number {
    return this.current;
  }

  /** Runs `fn` when a slot is free; `throttled` says whether AWS throttled it (its result, never a throw). */
  async run<T>(fn: () => Promise<T>, throttled: (result: T) => boolean): Promise<T> {
    await this.acquire();
    try {
      const result = await fn();
      if (throttled(result)) this.backOff();
      else this.succeeded();
      return result;
    } finally {
      this.active--;
      this.drain();
    }
  }

  /** A slot now, or when one is handed over (the slot is counted by whoever hands it over). */
  private acquire(): Promise<void> {
    if (this.active < this.current) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.queue.push(resolve));
  }

  private drain(): void {
    while (this.queue.length > 0 && this.active < this.current) {
      this.active++;
      this.queue.shift()!();
    }
  }

  private succeeded(): void {
    if (++this.successes < this.growEvery || this.current >= this.max) return;
    this.successes = 0;
    this.current++;
    this.drain();
  }

  private backOff(): void {
    this.successes = 0;
    this.current = Math.max(1, Math.floor(this.current / 2));
  }
}
