// Everything TG2xx needs about one bucket, one S3 call per aspect. A "not configured" 404 is an answer (absent);
// any other failure leaves that aspect unresolved with the reason, and a bucket of another account says so.
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  type Grant,
  type PublicAccessBlockConfiguration,
  type LifecycleRule as SdkLifecycleRule,
} from '@aws-sdk/client-s3';
import type { Attr, Bucket, LifecycleRule, PolicyDoc, PublicAccessBlock } from '../core/model';
import { normalizePolicy } from '../core/policy/normalize';
import type { AwsSession, CallResult } from './awsSession';
import { responseBody } from './awsSession';
import { absent, failureReason, known, optional, recordEvidence, unresolved, type Evidence } from './liveAttr';
import { dict } from '../core/dict';

export interface BucketContext {
  /** Region to address the bucket in (its own when ListBuckets told us, else the trail's). */
  region: string;
  /** Names of the scanning account's buckets, when ListBuckets succeeded. */
  ownBuckets?: ReadonlySet<string>;
  account?: string;
  /** The account-level Public Access Block, read once per scan. */
  accountPublicAccessBlock: Bucket['accountPublicAccessBlock'];
  /**
   * The bucket's GetBucketTagging answer, when the audit-tag search already read it. No rule reads tags (only the
   * audit-tag setting does, to find buckets no trail names), so without it GetBucketTagging is not called.
   */
  tagging?: CallResult<{ TagSet?: { Key?: string; Value?: string }[] }>;
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

export async function readBucketConfiguration(session: AwsSession, name: string, ctx: BucketContext): Promise<Bucket> {
  const s3 = session.client('s3', ctx.region);
  const get = <T extends object>(operation: string, send: (signal: AbortSignal | undefined) => Promise<T>) =>
    session.call('s3', operation, async (signal) => responseBody(await send(signal)));
  const Bucket = name;
  const [versioning, objectLock, policy, pab, logging, lifecycle, encryption, acl, policyStatus] = await Promise.all([
    get('GetBucketVersioning', (abortSignal) => s3.send(new GetBucketVersioningCommand({ Bucket }), { abortSignal })),
    get('GetObjectLockConfiguration', (abortSignal) => s3.send(new GetObjectLockConfigurationCommand({ Bucket }), { abortSignal })),
    get('GetBucketPolicy', (abortSignal) => s3.send(new GetBucketPolicyCommand({ Bucket }), { abortSignal })),
    get('GetPublicAccessBlock', (abortSignal) => s3.send(new GetPublicAccessBlockCommand({ Bucket }), { abortSignal })),
    get('GetBucketLogging', (abortSignal) => s3.send(new GetBucketLoggingCommand({ Bucket }), { abortSignal })),
    get('GetBucketLifecycleConfiguration', (abortSignal) => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }), { abortSignal })),
    get('GetBucketEncryption', (abortSignal) => s3.send(new GetBucketEncryptionCommand({ Bucket }), { abortSignal })),
    get('GetBucketAcl', (abortSignal) => s3.send(new GetBucketAclCommand({ Bucket }), { abortSignal })),
    get('GetBucketPolicyStatus', (abortSignal) => s3.send(new GetBucketPolicyStatusCommand({ Bucket }), { abortSignal })),
  ]);
  const tagging = ctx.tagging;

  const results: CallResult<unknown>[] = [versioning, objectLock, policy, pab, logging, lifecycle, encryption, acl, policyStatus];
  const inaccessible = bucketInaccessible(name, results, ctx);
  // Every AccessDenied on another account's bucket is explained by the ownership, not by a missing permission.
  const reason = (r: CallResult<unknown>): string => (inaccessible && !r.ok && r.failure.kind === 'accessDenied' ? inaccessible : failureReason(r));

  const evidence: Evidence = {};
  recordEvidence(evidence, 'GetBucketVersioning', versioning);
  recordEvidence(evidence, 'GetObjectLockConfiguration', objectLock);
  recordEvidence(evidence, 'GetBucketPolicy', policy, policy.ok ? { Policy: parseJsonOr(policy.value.Policy) } : undefined);
  recordEvidence(evidence, 'GetPublicAccessBlock', pab);
  recordEvidence(evidence, 'GetBucketLogging', logging);
  recordEvidence(evidence, 'GetBucketLifecycleConfiguration', lifecycle);
  recordEvidence(evidence, 'GetBucketEncryption', encryption);
  recordEvidence(evidence, 'GetBucketAcl', acl);
  recordEvidence(evidence, 'GetBucketPolicyStatus', policyStatus);
  if (tagging) recordEvidence(evidence, 'GetBucketTagging', tagging);

  const lock = objectLock.ok ? objectLock.value.ObjectLockConfiguration : undefined;
  const retention = lock?.Rule?.DefaultRetention;
  const lockAttr = <T>(value: T | undefined): Attr<T> =>
    objectLock.ok ? optional(value) : isNotConfigured(objectLock) ? absent() : unresolved(reason(objectLock));

  return {
    kind: 'bucket',
    id: name,
    format: 'live',
    region: ctx.region,
    evidence,
    inaccessible,
    name: known(name),
    objectLockEnabled: objectLock.ok ? known(lock?.ObjectLockEnabled === 'Enabled') : isNotConfigured(objectLock) ? absent() : unresolved(reason(objectLock)),
    objectLockMode: lockAttr(retention?.Mode),
    objectLockDays: lockAttr(retention?.Days),
    objectLockYears: lockAttr(retention?.Years),
    // A bucket that was never versioned answers without a Status: for the rules that is "not enabled".
    versioning: versioning.ok ? known(versioning.value.Status ?? 'Disabled') : unresolved(reason(versioning)),
    mfaDelete: versioning.ok ? known(versioning.value.MFADelete ?? 'Disabled') : unresolved(reason(versioning)),
    publicAccessBlock: publicAccessBlock(pab, reason),
    accountPublicAccessBlock: ctx.accountPublicAccessBlock,
    acl: acl.ok ? known(cannedAclOf(acl.value.Grants ?? [])) : unresolved(reason(acl)),
    aclGrantees: acl.ok ? known(granteesOf(acl.value.Grants ?? [], acl.value.Owner?.ID)) : unresolved(reason(acl)),
    loggingTargetBucket: logging.ok ? optional(logging.value.LoggingEnabled?.TargetBucket) : unresolved(reason(logging)),
    lifecycleRules: lifecycle.ok
      ? (lifecycle.value.Rules ?? []).map(lifecycleRule)
      : isNotConfigured(lifecycle) ? [] : { unresolved: reason(lifecycle) },
    hasLifecycle: lifecycle.ok ? known((lifecycle.value.Rules ?? []).length > 0) : isNotConfigured(lifecycle) ? known(false) : unresolved(reason(lifecycle)),
    sseAlgorithm: encryption.ok
      ? optional(encryption.value.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm)
      : isNotConfigured(encryption) ? absent() : unresolved(reason(encryption)),
    sseKmsKeyId: encryption.ok
      ? optional(encryption.value.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID)
      : isNotConfigured(encryption) ? absent() : unresolved(reason(encryption)),
    policy: bucketPolicy(policy, reason),
    policyIsPublic: policyStatus.ok
      ? known(policyStatus.value.PolicyStatus?.IsPublic ?? false)
      : isNotConfigured(policyStatus) ? known(false) : unresolved(reason(policyStatus)),
    tags: !tagging
      ? unresolved('not read: only the audit-tag setting reads bucket tags, and this bucket is in scope without them')
      : tagging.ok
        ? known(dict((tagging.value.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? ''] as const)))
        : isNotConfigured(tagging) ? known({}) : unresolved(reason(tagging)),
    trails: [],
  };
}

function isNotConfigured(r: CallResult<unknown>): boolean {
  return !r.ok && r.failure.kind === 'notConfigured';
}

/**
 * Why the bucket cannot be read as a whole: another account's (not in our ListBuckets, every call denied), or
 * gone. Undefined when at least something could be read, or when the cause is a permission of ours.
 */
function bucketInaccessible(name: string, results: CallResult<unknown>[], ctx: BucketContext): string | undefined {
  const failures = results.flatMap((r) => (r.ok ? [] : [r.failure]));
  if (failures.some((f) => f.code === 'NoSuchBucket')) return `bucket ${name} does not exist`;
  const notOurs = ctx.ownBuckets !== undefined && !ctx.ownBuckets.has(name);
  if (notOurs && failures.some((f) => f.kind === 'accessDenied')) {
    return `bucket belongs to another account (${name} is not among the buckets of ${ctx.account ?? 'this account'}); scan it with a profile of its owner account`;
  }
  return undefined;
}

function publicAccessBlock(r: CallResult<{ PublicAccessBlockConfiguration?: PublicAccessBlockConfiguration }>, reason: (r: CallResult<unknown>) => string): Bucket['publicAccessBlock'] {
  if (!r.ok) return isNotConfigured(r) ? { state: 'absent' } : { state: 'unresolved', reason: reason(r) };
  return pabFromConfig(r.value.PublicAccessBlockConfiguration ?? {});
}

export function pabFromConfig(c: PublicAccessBlockConfiguration): PublicAccessBlock {
  return {
    blockPublicAcls: known(c.BlockPublicAcls ?? false),
    blockPublicPolicy: known(c.BlockPublicPolicy ?? false),
    ignorePublicAcls: known(c.IgnorePublicAcls ?? false),
    restrictPublicBuckets: known(c.RestrictPublicBuckets ?? false),
  };
}

function bucketPolicy(r: CallResult<{ Policy?: string }>, reason: (r: CallResult<unknown>) => string): PolicyDoc {
  if (!r.ok) return isNotConfigured(r) ? { state: 'absent', statements: [] } : { state: 'unresolved', reason: reason(r), statements: [] };
  return normalizePolicy({ t: 'str', v: r.value.Policy ?? '' });
}

/** The canned ACL the grants amount to (what TG212 compares against). */
function cannedAclOf(grants: Grant[]): string {
  const to = (uri: string, perm: string) => grants.some((g) => g.Grantee?.URI === uri && (g.Permission === perm || g.Permission === 'FULL_CONTROL'));
  if (to(ALL_USERS, 'WRITE')) return 'public-read-write';
  if (to(ALL_USERS, 'READ')) return 'public-read';
  if (to(AUTHENTICATED_USERS, 'READ')) return 'authenticated-read';
  return 'private';
}

/** Grantees other than the owner: group URIs, canonical ids, emails. */
function granteesOf(grants: Grant[], ownerId: string | undefined): string[] {
  return grants
    .map((g) => g.Grantee?.URI ?? g.Grantee?.ID ?? g.Grantee?.EmailAddress ?? '')
    .filter((id) => id !== '' && id !== ownerId);
}

function lifecycleRule(r: SdkLifecycleRule): LifecycleRule {
  const filter = r.Filter;
  const tagFiltered = Boolean(filter?.Tag || filter?.And?.Tags?.length);
  const prefix = filter?.Prefix ?? filter?.And?.Prefix ?? r.Prefix ?? '';
  return {
    id: r.ID,
    enabled: known(r.Status === 'Enabled'),
    prefix: tagFiltered ? unresolved(`lifecycle rule ${r.ID ?? ''} filters on object tags`.replace('  ', ' ')) : known(prefix),
    expirationDays: optional(r.Expiration?.Days),
    noncurrentExpirationDays: optional(r.NoncurrentVersionExpiration?.NoncurrentDays),
  };
}

function parseJsonOr(text: string | undefined): unknown {
  try { return JSON.parse(text ?? ''); } catch { return text; }
}
