// Which scan an API answer belongs to. Sessions are shared across the accounts of one scan (another account's bucket
// or key is read through that account's session, a role is assumed from the first profile's session), so each
// session's own list of calls is not the list of answers one account's checks rest on. A scan runs inside
// `scanCallLog` with its own session; every answer recorded by another session meanwhile is added to the scan's
// `foreign` list too, so the evidence store holds cross-account answers (assumed-role reads, AssumeRole itself)
// next to the account's own.
import { AsyncLocalStorage, AsyncResource } from 'async_hooks';
import type { ApiCallRecord } from './types';

export interface ScanCallLog {
  /** The scan's own session (its calls are already in that session's list); absent before it is known. */
  session?: object;
  /** Answers recorded by other sessions on this scan's behalf. */
  foreign: ApiCallRecord[];
}

export const scanCallLog = new AsyncLocalStorage<ScanCallLog>();

/**
 * `fn` bound to the caller's scan: a queue (p-limit) starts queued work from whichever task finished last, which
 * would otherwise record the answer under that task's scan.
 */
export function inCallersScan<T>(fn: () => Promise<T>): () => Promise<T> {
  return AsyncResource.bind(fn);
}
