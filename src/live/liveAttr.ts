// Attributes as the live scanner fills them: no source location, `format: 'live'`.
import type { Attr } from '../core/model';
import type { CallResult } from './awsSession';

export function known<T>(value: T): Attr<T> {
  return { state: 'known', value, format: 'live' };
}

export function absent<T>(): Attr<T> {
  return { state: 'absent' };
}

export function unresolved<T>(reason: string): Attr<T> {
  return { state: 'unresolved', reason };
}

/** A response field that AWS omits when unset (KmsKeyId, SnsTopicName...). */
export function optional<T>(value: T | undefined | null): Attr<T> {
  return value === undefined || value === null || (value as unknown) === '' ? absent() : known(value);
}

/** Evidence keyed by API call: the response body, or what went wrong. */
export type Evidence = Record<string, unknown>;

export function recordEvidence(evidence: Evidence, operation: string, result: CallResult<unknown>, body?: unknown): void {
  if (result.ok) evidence[operation] = body ?? result.value;
  else if (result.failure.kind === 'notConfigured') evidence[operation] = { error: result.failure.code, meaning: 'not configured' };
  else evidence[operation] = { error: result.failure.code, reason: result.failure.reason };
}

/** The reason an attribute read by a failed call is unknown. */
export function failureReason(result: CallResult<unknown>): string {
  return result.ok ? '' : result.failure.kind === 'notConfigured' ? `${result.failure.code}` : result.failure.reason;
}
