// What a failed AWS call means for a check. "Not configured" 404s are answers (the setting is absent, so the
// check can fail); everything else leaves the attribute unknown, with a reason the user can act on.
import { SERVICE_LABELS } from './responseGuard';

export type CallFailure =
  | { kind: 'notConfigured'; code: string; reason: string }
  | { kind: 'accessDenied'; code: string; reason: string }
  | { kind: 'throttled'; code: string; reason: string }
  | { kind: 'expired'; code: string; reason: string }
  | { kind: 'aborted'; code: string; reason: string }
  | { kind: 'other'; code: string; reason: string };

/** Error codes that mean "this configuration does not exist" (the bucket/key itself does). */
export const NOT_CONFIGURED_CODES = new Set([
  'ObjectLockConfigurationNotFoundError',
  'NoSuchPublicAccessBlockConfiguration',
  'NoSuchBucketPolicy',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchLifecycleConfiguration',
  'NoSuchTagSet',
  'InsightNotEnabledException',
  // DescribeOrganization: the account is in no organization (so it is no management account either).
  'AWSOrganizationsNotInUseException',
]);

const ACCESS_DENIED_CODES = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AllAccessDisabled']);
const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const THROTTLING_CODES = new Set(['Throttling', 'ThrottlingException', 'SlowDown', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'RequestThrottledException']);

/** IAM action names that differ from the S3 API operation names. */
const S3_IAM_ACTIONS: Record<string, string> = {
  GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  GetObjectLockConfiguration: 'GetBucketObjectLockConfiguration',
  ListBuckets: 'ListAllMyBuckets',
  ListObjectsV2: 'ListBucket',
};

export function iamAction(service: string, operation: string): string {
  // S3 Control's actions live in the s3 namespace.
  if (service === 's3control') return `s3:${operation === 'GetPublicAccessBlock' ? 'GetAccountPublicAccessBlock' : operation}`;
  const prefix = service;
  return `${prefix}:${service === 's3' ? S3_IAM_ACTIONS[operation] ?? operation : operation}`;
}

interface SdkErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

export function errorCode(err: unknown): string {
  const e = err as SdkErrorLike;
  return e?.Code ?? e?.name ?? e?.code ?? 'Error';
}

/** Access key ids in messages are not secrets, but nothing credential-shaped leaves the scanner. */
export function redactSecrets(text: string): string {
  return text.replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '<access key id>').replace(/(Signature=)[0-9a-f]+/g, '$1<redacted>');
}

/** How to get fresh credentials for the profile: SSO profiles log in again, others refresh their source. */
export interface CredentialSource { profile: string; sso: boolean }

export function expiredReason(source: CredentialSource): string {
  return source.sso
    ? `credentials expired — run \`aws sso login --profile ${source.profile}\``
    : `credentials expired — refresh the session credentials of profile ${source.profile} (for an SSO profile: \`aws sso login --profile ${source.profile}\`)`;
}

/** The SDK's own "SSO token expired / invalid" credential errors, thrown before any request is sent. */
const SSO_TOKEN_EXPIRED = /(sso|token).{0,80}(expired|refresh)|(expired|invalid).{0,40}sso/i;

/** Socket-level failures by their system error code: said as they are, never as a timeout. */
const CONNECTION_ERRORS: Record<string, string> = {
  ECONNRESET: 'the connection was reset by the endpoint',
  EPIPE: 'the endpoint closed the connection',
  ECONNREFUSED: 'the endpoint refused the connection',
  ENOTFOUND: 'the endpoint host name does not resolve',
  EAI_AGAIN: 'the endpoint host name could not be resolved (DNS)',
  EHOSTUNREACH: 'the endpoint host is unreachable',
};

/**
 * `elapsedMs`: the real time the call took, retries included (what a timeout reports). Every reason leaves here
 * cleaned of credential-shaped text; the session also removes its own secret values.
 */
export function classifyFailure(err: unknown, service: string, operation: string, source: CredentialSource, timeoutMs?: number, elapsedMs?: number): CallFailure {
  const e = err as SdkErrorLike & { code?: string };
  const code = errorCode(err);
  const profile = source.profile;
  const attempts = e?.$metadata?.attempts;
  if (code === 'ResponseTooLarge' || code === 'UnexpectedResponse') {
    const label = `${SERVICE_LABELS[service] ?? service} ${operation}`;
    return { kind: 'other', code, reason: code === 'UnexpectedResponse' ? `unexpected response from ${label}` : `${redactSecrets(e?.message ?? 'response too large')} from ${label}` };
  }
  const connection = typeof e?.code === 'string' ? CONNECTION_ERRORS[e.code] : undefined;
  if (connection) {
    return { kind: 'other', code: e.code!, reason: `${iamAction(service, operation)} failed: ${connection}${attempts && attempts > 1 ? ` (${attempts} attempts)` : ''}` };
  }
  if (NOT_CONFIGURED_CODES.has(code)) return { kind: 'notConfigured', code, reason: `${code}: not configured` };
  if (ACCESS_DENIED_CODES.has(code)) return { kind: 'accessDenied', code, reason: `missing IAM permission ${iamAction(service, operation)}` };
  if (EXPIRED_CODES.has(code)) {
    return { kind: 'expired', code, reason: expiredReason(source) };
  }
  if (THROTTLING_CODES.has(code) || e?.$metadata?.httpStatusCode === 429) {
    const retries = Math.max(0, (e.$metadata?.attempts ?? 1) - 1);
    return { kind: 'throttled', code, reason: `${iamAction(service, operation)} throttled after ${retries} ${retries === 1 ? 'retry' : 'retries'}` };
  }
  if (code === 'AbortError') return { kind: 'aborted', code, reason: 'scan cancelled' };
  if (code === 'TimeoutError' || code === 'RequestTimeout' || /timed? ?out/i.test(e?.message ?? '')) {
    const spent = elapsedMs !== undefined ? ` after ${(elapsedMs / 1000).toFixed(1)} s` : timeoutMs ? ` after ${timeoutMs / 1000} s` : '';
    const tries = attempts && attempts > 1 ? ` (${attempts} attempts of up to ${(timeoutMs ?? 0) / 1000} s each)` : '';
    return { kind: 'other', code, reason: `${iamAction(service, operation)} timed out${spent}${tries}` };
  }
  if (code === 'CredentialsProviderError' && SSO_TOKEN_EXPIRED.test(e?.message ?? '')) {
    return { kind: 'expired', code, reason: expiredReason({ ...source, sso: true }) };
  }
  if (code === 'CredentialsProviderError' || /could not load credentials|credential/i.test(e?.message ?? '') && !e?.$metadata?.httpStatusCode) {
    return { kind: 'other', code, reason: `no usable credentials for profile ${profile}: ${redactSecrets(e?.message ?? code)}` };
  }
  const message = e?.message && e.message !== code ? `: ${redactSecrets(e.message)}` : '';
  return { kind: 'other', code, reason: `${iamAction(service, operation)} failed (${code}${message})` };
}
