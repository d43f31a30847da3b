// Runs live scans for the view: one in flight at a time (a new request aborts the previous one), results cached
// per profile + regions + patterns so that switching back shows the last scan (with its time) at once. No `vscode`
// import — the scanner is injected, so cancellation and caching are unit-tested with a fake.
import { setMaxListeners } from 'events';
import type { AccountScan } from '../../live/types';

export interface ScanRequest {
  profile?: string;
  regions: string[];
  auditBucketPatterns: string[];
  /** Only ever set from a user-level setting or a workspace value the user confirmed. */
  endpointUrl?: string;
  /** Rule settings shared with linting, so the tree and the Problems panel judge alike. */
  minRetentionDays?: number;
  optIn?: string[];
  /** `trailguard.rules`: severity override or `off` per rule id. */
  ruleSettings?: Record<string, RuleSetting>;
}

export type RuleSetting = 'error' | 'warning' | 'info' | 'off';

export type ScanFn = (request: ScanRequest, signal: AbortSignal, onProgress: (message: string) => void) => Promise<AccountScan>;

export interface SessionState {
  request?: ScanRequest;
  scanning: boolean;
  /** The last finished scan for the current request (fresh or cached). */
  scan?: AccountScan;
  /** Why the last attempt for the current request failed. */
  error?: string;
  /** What the scan in flight is doing (`Listing trails in us-east-1`). */
  progress?: string;
}

export function requestKey(request: ScanRequest): string {
  return JSON.stringify([
    request.profile ?? '', [...request.regions].sort(), [...request.auditBucketPatterns].sort(), request.endpointUrl ?? '',
    request.minRetentionDays ?? null, [...(request.optIn ?? [])].sort(),
    Object.entries(request.ruleSettings ?? {}).sort(([a], [b]) => a.localeCompare(b)),
  ]);
}

export class ScanSession {
  private readonly cache = new Map<string, AccountScan>();
  private inFlight?: AbortController;
  private current: SessionState = { scanning: false };
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly scanFn: ScanFn, initialCache: Iterable<[string, AccountScan]> = []) {
    for (const [k, v] of initialCache) this.cache.set(k, v);
  }

  get state(): SessionState {
    return this.current;
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  cached(request: ScanRequest): AccountScan | undefined {
    return this.cache.get(requestKey(request));
  }

  cacheEntries(): [string, AccountScan][] {
    return [...this.cache];
  }

  /** Shows the cached result for `request` (if any) without scanning; aborts a scan for another request. */
  select(request: ScanRequest): void {
    if (this.current.request && requestKey(this.current.request) === requestKey(request)) return;
    this.abort();
    this.set({ request, scanning: false, scan: this.cached(request) });
  }

  /**
   * Scans `request`, aborting any scan in flight. Resolves with the scan, or undefined when it was superseded or
   * cancelled; a scanner error is kept in the state (shown in the tree), not thrown.
   */
  async scan(request: ScanRequest): Promise<AccountScan | undefined> {
    this.abort();
    const controller = new AbortController();
    // Every SDK call in flight listens on the signal (8 per service by default): more than Node's default of 10.
    setMaxListeners(1000, controller.signal);
    this.inFlight = controller;
    const key = requestKey(request);
    const sameRequest = this.current.request && requestKey(this.current.request) === key;
    this.set({ request, scanning: true, scan: sameRequest ? this.current.scan : this.cached(request) });
    try {
      const onProgress = (message: string): void => {
        if (this.inFlight === controller) this.set({ ...this.current, progress: message });
      };
      const scan = await this.scanFn(request, controller.signal, onProgress);
      if (this.inFlight !== controller) return undefined;
      this.inFlight = undefined;
      this.cache.set(key, scan);
      this.set({ request, scanning: false, scan });
      return scan;
    } catch (err) {
      if (this.inFlight !== controller) return undefined;
      this.inFlight = undefined;
      if (controller.signal.aborted) {
        this.set({ ...this.current, scanning: false });
        return undefined;
      }
      this.set({ request, scanning: false, scan: this.current.scan, error: errorText(err) });
      return undefined;
    }
  }

  /** Cancels the scan in flight (the tree keeps the previous result). */
  cancel(): void {
    if (!this.inFlight) return;
    this.abort();
    this.set({ ...this.current, scanning: false });
  }

  /** Forgets the current request (untrusted workspace, profile deleted). */
  clear(): void {
    this.abort();
    this.set({ scanning: false });
  }

  private abort(): void {
    const c = this.inFlight;
    this.inFlight = undefined;
    c?.abort();
  }

  private set(state: SessionState): void {
    this.current = state;
    for (const l of this.listeners) l();
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
