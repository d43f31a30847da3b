// Trails, buckets and keys built from AWS Config configuration items, as AWS Config records them (its published
// resource schema: camelCase `configuration`, the bucket's `supplementaryConfiguration`, whose members may arrive as
// JSON text). One builder per resource type, like the API readers: a member the item does not carry is unknown
// with "not recorded by AWS Config", never a default that could pass.
import type { Attr, Bucket, Key, LifecycleRule, PolicyDoc, PublicAccessBlock } from '../../core/model';
import { normalizePolicy } from '../../core/policy/normalize';
import { dict } from '../../core/dict';
import { known, optional, unresolved } from '../liveAttr';
import type { TrailDescription } from '../describeTrails';

export const NOT_RECORDED = 'not recorded by AWS Config';

/** One configuration item as SelectAggregateResourceConfig returns it (the fields the scanner selects). */
export interface ConfigItem {
  accountId: string;
  awsRegion: string;
  resourceType: string;
  resourceId?: string;
  resourceName?: string;
  arn?: string;
  configurationItemCaptureTime?: string;
  configuration?: Record<string, unknown>;
  supplementaryConfiguration?: Record<string, unknown>;
  tags?: unknown;
}

/** A parsed result row, or undefined when it is not a configuration item (a hostile or broken answer). */
export function parseConfigItem(text: string): ConfigItem | undefined {
  let v: unknown;
  try { v = JSON.parse(text); } catch { return undefined; }
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.accountId !== 'string' || !/^\d{12}$/.test(o.accountId) || typeof o.resourceType !== 'string' || typeof o.awsRegion !== 'string') return undefined;
  return {
    accountId: o.accountId, awsRegion: o.awsRegion, resourceType: o.resourceType,
    ...(typeof o.resourceId === 'string' ? { resourceId: o.resourceId } : {}),
    ...(typeof o.resourceName === 'string' ? { resourceName: o.resourceName } : {}),
    ...(typeof o.arn === 'string' ? { arn: o.arn } : {}),
    ...(typeof o.configurationItemCaptureTime === 'string' ? { configurationItemCaptureTime: o.configurationItemCaptureTime } : {}),
    configuration: record(o.configuration),
    supplementaryConfiguration: record(o.supplementaryConfiguration),
    tags: o.tags,
  };
}

/** An object member, also when AWS Config hands it over as JSON text. */
function record(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') {
    try { v = JSON.parse(v); } catch { return {}; }
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/** The DescribeTrails member names from an AWS::CloudTrail::Trail item (the rules' trail builder reads those). */
export function trailDescription(ci: ConfigItem): TrailDescription {
  const c = ci.configuration ?? {};
  return {
    Name: str(c.name) ?? ci.resourceName,
    TrailARN: str(c.trailARN) ?? ci.arn,
    HomeRegion: str(c.homeRegion) ?? ci.awsRegion,
    S3BucketName: str(c.s3BucketName),
    S3KeyPrefix: str(c.s3KeyPrefix),
    SnsTopicName: str(c.snsTopicName),
    SnsTopicARN: str(c.snsTopicARN),
    IncludeGlobalServiceEvents: bool(c.includeGlobalServiceEvents),
    IsMultiRegionTrail: bool(c.isMultiRegionTrail),
    LogFileValidationEnabled: bool(c.logFileValidationEnabled),
    CloudWatchLogsLogGroupArn: str(c.cloudWatchLogsLogGroupArn),
    CloudWatchLogsRoleArn: str(c.cloudWatchLogsRoleArn),
    KmsKeyId: str(c.kmsKeyId),
    HasCustomEventSelectors: bool(c.hasCustomEventSelectors),
    HasInsightSelectors: bool(c.hasInsightSelectors),
    IsOrganizationTrail: bool(c.isOrganizationTrail),
  };
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

/** An AWS::S3::Bucket item as the rules' Bucket; `accountPublicAccessBlock` is not part of the item. */
export function bucketFromConfigItem(ci: ConfigItem): Bucket {
  const s = ci.supplementaryConfiguration ?? {};
  const has = (k: string) => s[k] !== undefined && s[k] !== null;
  const part = (k: string) => record(s[k]);
  const name = str(ci.resourceName) ?? str(ci.configuration?.name) ?? ci.resourceId ?? 'bucket';
  const notRecorded = <T>(what: string): Attr<T> => unresolved(`${what} ${NOT_RECORDED}`);

  const versioning = part('BucketVersioningConfiguration');
  const lock = part('ObjectLockConfiguration');
  const retention = record(record(lock.rule).defaultRetention);
  const lockAttr = <T>(value: T | undefined): Attr<T> => (has('ObjectLockConfiguration') ? optional(value) : notRecorded('Object Lock'));
  const logging = part('BucketLoggingConfiguration');
  const sse = record(record((part('ServerSideEncryptionConfiguration').rules as unknown[] | undefined)?.[0]).applyServerSideEncryptionByDefault);
  const lifecycle = Array.isArray(part('BucketLifecycleConfiguration').rules) ? (part('BucketLifecycleConfiguration').rules as unknown[]) : [];
  const acl = aclOf(s.AccessControlList);

  return {
    kind: 'bucket',
    id: name,
    format: 'live',
    region: ci.awsRegion,
    evidence: { [`AWS Config ${ci.resourceType}`]: ci },
    name: known(name),
    objectLockEnabled: has('ObjectLockConfiguration') ? known(str(lock.objectLockEnabled) === 'Enabled') : notRecorded('Object Lock'),
    objectLockMode: lockAttr(str(retention.mode)),
    objectLockDays: lockAttr(num(retention.days)),
    objectLockYears: lockAttr(num(retention.years)),
    // AWS Config says `Off` for a bucket that was never versioned: for the rules that is "not enabled".
    versioning: has('BucketVersioningConfiguration') ? known(str(versioning.status) === 'Off' ? 'Disabled' : str(versioning.status) ?? 'Disabled') : notRecorded('versioning'),
    mfaDelete: has('BucketVersioningConfiguration') ? known(bool(versioning.isMfaDeleteEnabled) === true ? 'Enabled' : 'Disabled') : notRecorded('MFA Delete'),
    publicAccessBlock: has('PublicAccessBlockConfiguration')
      ? publicAccessBlockOf(part('PublicAccessBlockConfiguration'))
      : { state: 'unresolved', reason: `the bucket's Public Access Block ${NOT_RECORDED}` },
    accountPublicAccessBlock: { state: 'unresolved', reason: `the account's Public Access Block ${NOT_RECORDED}` },
    acl: acl ? known(acl.canned) : notRecorded('the ACL'),
    aclGrantees: acl ? known(acl.grantees) : notRecorded('the ACL'),
    loggingTargetBucket: has('BucketLoggingConfiguration') ? optional(str(logging.destinationBucketName)) : notRecorded('server access logging'),
    lifecycleRules: has('BucketLifecycleConfiguration') ? lifecycle.map((r) => lifecycleRule(record(r))) : { unresolved: `lifecycle ${NOT_RECORDED}` },
    hasLifecycle: has('BucketLifecycleConfiguration') ? known(lifecycle.length > 0) : notRecorded('lifecycle'),
    sseAlgorithm: has('ServerSideEncryptionConfiguration') ? optional(str(sse.sseAlgorithm)) : notRecorded('default encryption'),
    sseKmsKeyId: has('ServerSideEncryptionConfiguration') ? optional(str(sse.kmsMasterKeyID)) : notRecorded('default encryption'),
    policy: policyOf(s),
    policyIsPublic: notRecorded('the policy status'),
    tags: known(tagsOf(ci.tags)),
    trails: [],
  };
}

function publicAccessBlockOf(p: Record<string, unknown>): PublicAccessBlock {
  return {
    blockPublicAcls: known(bool(p.blockPublicAcls) ?? false),
    ignorePublicAcls: known(bool(p.ignorePublicAcls) ?? false),
    blockPublicPolicy: known(bool(p.blockPublicPolicy) ?? false),
    restrictPublicBuckets: known(bool(p.restrictPublicBuckets) ?? false),
  };
}

function policyOf(s: Record<string, unknown>): PolicyDoc {
  if (s.BucketPolicy === undefined || s.BucketPolicy === null) return { state: 'unresolved', reason: `the bucket policy ${NOT_RECORDED}`, statements: [] };
  const text = record(s.BucketPolicy).policyText;
  if (text === null || text === undefined) return { state: 'absent', statements: [] };
  return normalizePolicy({ t: 'str', v: typeof text === 'string' ? text : JSON.stringify(text) });
}

/** The canned ACL and the non-owner grantees of AWS Config's AccessControlList (JSON text with a grantList). */
function aclOf(v: unknown): { canned: string; grantees: string[] } | undefined {
  if (v === undefined || v === null) return undefined;
  const acl = record(v);
  const owner = str(record(acl.owner).id);
  const grants = (Array.isArray(acl.grantList) ? acl.grantList : []).map((g) => record(g));
  const granteeOf = (g: Record<string, unknown>): string => {
    const grantee = g.grantee;
    if (typeof grantee === 'string') return grantee.startsWith('http') ? grantee : `http://acs.amazonaws.com/groups/global/${grantee}`;
    const o = record(grantee);
    return str(o.uri) ?? str(o.id) ?? str(o.identifier) ?? '';
  };
  const to = (uri: string, perm: string) => grants.some((g) => granteeOf(g) === uri && (str(g.permission) === perm || str(g.permission) === 'FullControl'));
  const canned = to(ALL_USERS, 'Write') ? 'public-read-write' : to(ALL_USERS, 'Read') ? 'public-read' : to(AUTHENTICATED_USERS, 'Read') ? 'authenticated-read' : 'private';
  return { canned, grantees: grants.map(granteeOf).filter((id) => id !== '' && id !== owner) };
}

function lifecycleRule(r: Record<string, unknown>): LifecycleRule {
  const predicate = record(record(r.filter).predicate);
  const type = str(predicate.type);
  const tagFiltered = type === 'LifecycleTagPredicate' || (type === 'LifecycleAndOperator' && Array.isArray(predicate.operands) && predicate.operands.some((o) => str(record(o).type) === 'LifecycleTagPredicate'));
  const id = str(r.id);
  const prefix = str(predicate.prefix) ?? str(r.prefix) ?? '';
  return {
    id,
    enabled: known(str(r.status) === 'Enabled'),
    prefix: tagFiltered ? unresolved(`lifecycle rule ${id ?? ''} filters on object tags`.replace('  ', ' ')) : known(prefix),
    // AWS Config records "no expiration" as -1.
    expirationDays: optional(num(r.expirationInDays) || undefined),
    noncurrentExpirationDays: optional(num(r.noncurrentVersionExpirationInDays) || undefined),
  };
}

function tagsOf(v: unknown): Record<string, string> {
  if (Array.isArray(v)) return dict(v.map((t) => record(t)).filter((t) => typeof t.key === 'string').map((t) => [String(t.key), String(t.value ?? '')] as const));
  const o = record(v);
  return dict(Object.entries(o).filter(([, value]) => typeof value === 'string').map(([k, value]) => [k, value as string] as const));
}

/** An AWS::KMS::Key item as the rules' Key; its key policy is not part of the item. */
export function keyFromConfigItem(ci: ConfigItem): Key {
  const c = ci.configuration ?? {};
  const arn = str(c.arn) ?? ci.arn;
  const rotation = bool(ci.supplementaryConfiguration?.KeyRotationStatus);
  return {
    kind: 'key',
    id: arn ?? ci.resourceId ?? 'key',
    ...(arn ? { arn } : {}),
    format: 'live',
    region: ci.awsRegion,
    evidence: { [`AWS Config ${ci.resourceType}`]: ci },
    enabled: optional(bool(c.enabled)),
    keyState: optional(str(c.keyState)),
    keySpec: optional(str(c.keySpec) ?? str(c.customerMasterKeySpec)),
    keyUsage: optional(str(c.keyUsage)),
    keyManager: optional(str(c.keyManager)),
    rotation: rotation === undefined ? unresolved(`key rotation ${NOT_RECORDED}`) : known(rotation),
    policy: { state: 'unresolved', reason: `the key policy ${NOT_RECORDED}`, statements: [] },
    trails: [],
    aliases: [],
  };
}

