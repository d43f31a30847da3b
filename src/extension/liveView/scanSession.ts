// Runs live scans for the view: one in flight at a time (a new request aborts the previous one), results cached
// per profile(s) + regions + patterns so that switching back shows the last scan (with its time) at once. A scan
// of several accounts (profiles, an organization) yields one AccountScan per account, each a root of the tree;
// accounts finished while others are still scanning are shown at once. No `vscode` import — the scanner is
// injected, so cancellation and caching are unit-tested with a fake.
import { setMaxListeners } from 'events';
import type { AccountScan } from '../../live/types';

export interface ScanRequest {
  profile?: string;
  /** Several profiles, each account a root (`trailguard.aws.profiles`); wins over `profile`. */
  profiles?: string[];
  /** Role to assume in other accounts (`trailguard.aws.assumeRoleName` and its options). */
  assumeRole?: { roleName: string; externalId?: string; sessionName?: string; durationSeconds?: number };
  /** Scan every account of the organization through the role. */
  organization?: boolean;
  /** Read the accounts from this AWS Config aggregator (`trailguard.aws.configAggregator` and its options). */
  configAggregator?: { name: string; region?: string; maxAgeHours?: number };
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

/** One account's scan, or one per account; `onAccount` shows an account as soon as it is done. */
export type ScanFn = (
  request: ScanRequest, signal: AbortSignal, onProgress: (message: string) => void, onAccount?: (scan: AccountScan) => void,
) => Promise<AccountScan | AccountScan[]>;

export interface SessionState {
  request?: ScanRequest;
  scanning: boolean;
  /** The last finished scan for the current request (fresh or cached): the first account of `scans`. */
  scan?: AccountScan;
  /** Every account of the last scan (one for a single profile); while scanning, the accounts done so far. */
  scans?: AccountScan[];
  /** Why the last attempt for the current request failed. */
  error?: string;
  /** What the scan in flight is doing (`Listing trails in us-east-1`). */
  progress?: string;
}

export function requestKey(request: ScanRequest): string {
  return JSON.stringify([
    request.profile ?? '', [...(request.profiles ?? [])], request.assumeRole ?? null, request.organization ?? false, request.configAggregator ?? null, [...request.regions].sort(), [...request.auditBucketPatterns].sort(), request.endpointUrl ?? '',
    request.minRetentionDays ?? null, [...(request.optIn ?? [])].sort(),
    Object.entries(request.ruleSettings ?? {}).sort(([a], [b]) => a.localeCompare(b)),
  ]);
}

export class ScanSession {
  private readonly cache = new Map<string, AccountScan[]>();
  private inFlight?: AbortController;
  private current: SessionState = { scanning: false };
  private readonly listeners: (() => void)[] = [];

  /** Cache entries of earlier versions hold one AccountScan, later ones one per account. */
  constructor(private readonly scanFn: ScanFn, initialCache: Iterable<[string, AccountScan | AccountScan[]]> = []) {
    for (const [k, v] of initialCache) this.cache.set(k, Array.isArray(v) ? v : [v]);
  }

  get state(): SessionState {
    return this.current;
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  cached(request: ScanRequest): AccountScan | undefined {
    return this.cache.get(requestKey(request))?.[0];
  }

  cachedAll(request: ScanRequest): AccountScan[] | undefined {
    return this.cache.get(requestKey(request));
  }

  cacheEntries(): [string, AccountScan[]][] {
    return [...this.cache];
  }

  /** Shows the cached result for `request` (if any) without scanning; aborts a scan for another request. */
  select(request: ScanRequest): void {
    if (this.current.request && requestKey(this.current.request) === requestKey(request)) return;
    this.abort();
    this.set({ request, scanning: false, ...withScans(this.cachedAll(request)) });
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
    this.set({ request, scanning: true, ...withScans(sameRequest ? this.current.scans : this.cachedAll(request)) });
    try {
      const onProgress = (message: string): void => {
        if (this.inFlight === controller) this.set({ ...this.current, progress: message });
      };
      // Progressive: each account replaces its cached copy (or joins the roots) as soon as it is scanned.
      const fresh = new Map<string, AccountScan>();
      const onAccount = (scan: AccountScan): void => {
        if (this.inFlight !== controller) return;
        fresh.set(accountKey(scan), scan);
        const previous = this.current.scans ?? [];
        const merged = [...previous.map((p) => fresh.get(accountKey(p)) ?? p), ...[...fresh.values()].filter((f) => !previous.some((p) => accountKey(p) === accountKey(f)))];
        this.set({ ...this.current, ...withScans(merged) });
      };
      const result = await this.scanFn(request, controller.signal, onProgress, onAccount);
      if (this.inFlight !== controller) return undefined;
      this.inFlight = undefined;
      const scans = Array.isArray(result) ? result : [result];
      this.cache.set(key, scans);
      this.set({ request, scanning: false, ...withScans(scans) });
      return scans[0];
    } catch (err) {
      if (this.inFlight !== controller) return undefined;
      this.inFlight = undefined;
      if (controller.signal.aborted) {
        this.set({ ...this.current, scanning: false });
        return undefined;
      }
      this.set({ request, scanning: false, ...withScans(this.current.scans), error: errorText(err) });
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

function withScans(scans: AccountScan[] | undefined): Pick<SessionState, 'scan' | 'scans'> {
  return scans?.length ? { scan: scans[0], scans } : {};
}

/** One root per account (a scan that failed before knowing its account: per profile). */
function accountKey(scan: AccountScan): string {
  return scan.account ?? `profile:${scan.profile}`;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
