// A trail's log bucket and KMS key, whichever account owns them: this account's through its own session, another
// account's through that account's access (a profile of it, or the assumed role), plus the account's buckets
// marked as audit buckets by name pattern or tag.
import { GetBucketTaggingCommand } from '@aws-sdk/client-s3';
import type { Bucket, Key } from '../core/model';
import { globMatches } from '../core/policy/glob';
import type { RuleOptions } from '../core/rules/rule';
import type { AccountAccess, AccountDirectory, OwnBuckets } from './accountDirectory';
import type { DistinctTrails } from './accountTrails';
import { responseBody, type AwsSession } from './awsSession';
import type { AccountPabRead } from './readAccountPublicAccessBlock';
import { readBucketConfiguration, type BucketContext } from './readBucketConfiguration';
import { keyArnParts, readKey } from './readKey';

/** Who owns a bucket or key of another account, and how it was read (or why it could not be). */
export interface ResourceOwner { account: string; name?: string; via?: string }

export async function readTrailKeys(directory: AccountDirectory, access: AccountAccess, distinct: DistinctTrails, skip: ReadonlySet<string>, owners: Map<string, ResourceOwner>) {
  const keyIds = new Map<string, string>(); // key id → region of the scene that holds it
  for (const [arn, t] of distinct) if (!skip.has(arn) && t.d.KmsKeyId && !keyIds.has(t.d.KmsKeyId)) keyIds.set(t.d.KmsKeyId, t.primaryRegion);
  const keys = new Map<string, Key>();
  await Promise.all([...keyIds].map(async ([id, region]) => keys.set(id, await readKeyOfAnyAccount(directory, access, id, region, owners))));
  return { keys, keyIds };
}

/**
 * A key of this account through its own session; another account's key through that account's access (a profile
 * of it, or the assumed role). When the role cannot be assumed, the key is still tried with our own credentials
 * (its key policy may let us read it); if that fails too, the assumption failure is the reason.
 */
async function readKeyOfAnyAccount(directory: AccountDirectory, access: AccountAccess, keyId: string, region: string, owners: Map<string, ResourceOwner>): Promise<Key> {
  const keyAccount = keyArnParts(keyId).account;
  if (!keyAccount || keyAccount === access.account) return readKey(access.session, keyId, region, access.account, directory);
  const other = await directory.access(keyAccount);
  if (other.ok) {
    owners.set(keyId, { account: keyAccount, name: other.access.name, via: other.access.via });
    return readKey(other.access.session, keyId, region, keyAccount, directory);
  }
  owners.set(keyId, { account: keyAccount, name: directory.accountName(keyAccount) });
  const key = await readKey(access.session, keyId, region, access.account, directory);
  if (key.inaccessible && directory.options.assumeRole) return markInaccessible(key, other.reason);
  return key;
}

/** Every attribute that could not be read is unknown for the same reason (the failed assumption). */
export function markInaccessible<E extends Bucket | Key>(entity: E, reason: string): E {
  const out = { ...entity, inaccessible: reason } as E & Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) {
    if (v && typeof v === 'object' && (v as { state?: string }).state === 'unresolved') out[k] = { ...(v as object), reason };
  }
  return out;
}

/** The trails' log buckets, plus the account's buckets marked by name pattern or audit tag. */
export async function readAuditBuckets(
  directory: AccountDirectory,
  access: AccountAccess,
  ctx: {
    distinct: DistinctTrails; skip: ReadonlySet<string>; listed: OwnBuckets; options: RuleOptions; regions: string[];
    accountPab: AccountPabRead; owners: Map<string, ResourceOwner>;
  },
) {
  const { distinct, skip, listed, options, regions, accountPab, owners } = ctx;
  const session = access.session;
  const bucketNames = new Map<string, string>(); // name → region of the scene that holds it
  const keyAccounts = new Map<string, string>(); // bucket → the account of its trail's key (where the owner may be)
  for (const [arn, t] of distinct) {
    if (skip.has(arn) || !t.d.S3BucketName) continue;
    if (!bucketNames.has(t.d.S3BucketName)) bucketNames.set(t.d.S3BucketName, t.primaryRegion);
    const keyAccount = t.d.KmsKeyId ? keyArnParts(t.d.KmsKeyId).account : undefined;
    if (keyAccount) keyAccounts.set(t.d.S3BucketName, keyAccount);
  }
  const sceneRegionOf = (name: string) => {
    const r = listed.regions.get(name);
    return r && regions.includes(r) ? r : regions[0]!;
  };
  const readOwn = async (name: string, sceneRegion: string, markedAudit?: string, tagging?: TaggingResult) => {
    const bucket = await readBucketConfiguration(session, name, {
      region: listed.regions.get(name) ?? sceneRegion,
      ownBuckets: listed.names,
      account: access.account,
      accountPublicAccessBlock: accountPab.value,
      tagging,
    });
    Object.assign(bucket.evidence!, accountPab.evidence);
    if (markedAudit) bucket.markedAudit = markedAudit;
    return bucket;
  };
  /** A trail bucket that is not ours: read through its owner account when we can reach it. */
  const readTrailBucket = async (name: string, sceneRegion: string): Promise<Bucket> => {
    if (!listed.names || listed.names.has(name)) return readOwn(name, sceneRegion);
    const owner = await directory.bucketOwner(name, access.account, [...new Set([keyAccounts.get(name)].filter((a): a is string => Boolean(a)))], regions[0]!);
    if (!owner) return readOwn(name, sceneRegion);
    const [theirs, pab] = await Promise.all([directory.ownBuckets(owner.session, regions[0]!), directory.accountPublicAccessBlock(owner, regions[0]!)]);
    owners.set(name, { account: owner.account, name: owner.name, via: owner.via });
    const bucket = await readBucketConfiguration(owner.session, name, {
      region: theirs.regions.get(name) ?? sceneRegion, ownBuckets: theirs.names, account: owner.account, accountPublicAccessBlock: pab.value,
    });
    Object.assign(bucket.evidence!, pab.evidence);
    return bucket;
  };
  const candidates = [...(listed.names ?? [])].filter((n) => !bucketNames.has(n));
  const byPattern = candidates.filter((n) => options.auditBucketPatterns.some((p) => globMatches(p, n)));
  const [trailBuckets, tagged] = await Promise.all([
    Promise.all([...bucketNames].map(([name, region]) => readTrailBucket(name, region))),
    options.auditBucketTag
      ? findTaggedBuckets(session, candidates.filter((n) => !byPattern.includes(n)), options.auditBucketTag, listed.regions, regions[0]!)
      : Promise.resolve(new Map<string, TaggingResult>()),
  ]);
  const marked: [string, string, TaggingResult?][] = [
    ...byPattern.map((n): [string, string] => [n, 'name matches auditBucketPatterns']),
    ...[...tagged].map(([n, tagging]): [string, string, TaggingResult] => [n, `tagged ${options.auditBucketTag}`, tagging]),
  ];
  const markedBuckets = await Promise.all(marked.map(([name, why, tagging]) => readOwn(name, sceneRegionOf(name), why, tagging)));
  for (const [name] of marked) bucketNames.set(name, sceneRegionOf(name));
  const buckets = new Map<string, Bucket>([...trailBuckets, ...markedBuckets].map((b) => [b.id, b]));
  return { buckets, bucketNames };
}

type TaggingResult = NonNullable<BucketContext['tagging']>;

/**
 * Buckets of the account carrying the audit tag (`key` or `key=value`), with the answer that showed it (the
 * bucket's evidence, not asked again): one GetBucketTagging per bucket. No rule reads tags.
 */
async function findTaggedBuckets(session: AwsSession, names: string[], tagSpec: string, bucketRegions: Map<string, string | undefined>, fallbackRegion: string): Promise<Map<string, TaggingResult>> {
  const eq = tagSpec.indexOf('=');
  const key = eq < 0 ? tagSpec : tagSpec.slice(0, eq);
  const value = eq < 0 ? undefined : tagSpec.slice(eq + 1);
  const tagged = await Promise.all(names.map(async (Bucket) => {
    const r = await session.call('s3', 'GetBucketTagging', async (abortSignal) =>
      responseBody(await session.client('s3', bucketRegions.get(Bucket) ?? fallbackRegion).send(new GetBucketTaggingCommand({ Bucket }), { abortSignal })));
    const tag = r.ok ? (r.value.TagSet ?? []).find((t) => t.Key === key) : undefined;
    return tag && (value === undefined || tag.Value === value) ? ([Bucket, r] as const) : undefined;
  }));
  return new Map(tagged.filter((t) => t !== undefined));
}

