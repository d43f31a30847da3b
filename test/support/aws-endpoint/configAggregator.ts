// AWS Config configuration aggregator over JSON 1.1 (`StarlingDoveService.SelectAggregateResourceConfig`): the
// configuration items of every account of an organization scenario, built from the same account state the other
// services answer (trails, buckets, keys), in the shape AWS Config records them (its published resource schema:
// camelCase `configuration`, the bucket's `supplementaryConfiguration`, `configurationItemCaptureTime`).
//
// The SQL subset answered (what the scanner sends; anything else is InvalidExpressionException):
//   SELECT <field>[, <field>...] WHERE <cond> [AND <cond>...]
//   <field>: a top-level property (resourceId, resourceName, resourceType, accountId, awsRegion, arn, configuration,
//            supplementaryConfiguration, configurationItemCaptureTime, tags) or a dotted path into one
//   <cond>:  <field> = '<value>'  |  <field> IN ('<v1>', '<v2>'...)
// Results are paged by `Limit` (at most 100, AWS's maximum) with NextToken.
import type { OrganizationScenario, ScenarioAccount } from './organization';
import type { ScenarioBucket, ScenarioKey, ScenarioTrail } from './scenario';
import { epochSeconds } from './jsonServices';
import { errorReply, requestId, type Reply } from './wireErrors';
import { canonicalId } from './s3';

/** An aggregator of the scenario: where it lives, and how old its recorded data is. */
export interface ScenarioAggregator {
  /** The account the aggregator is in (only its principals can query it). */
  account: string;
  /** Its region (default us-east-1): queried in another region, it does not exist. */
  region?: string;
  /** Capture time of every item: ISO or `now-2h` / `now-3d` (default `now-1h`). */
  capturedAt?: string;
  /** Capture time per source account (stale data from one account). */
  accountCapturedAt?: Record<string, string>;
  /** Accounts whose data the aggregator does not have (not authorized / not recording). */
  missingAccounts?: string[];
}

type Item = Record<string, unknown>;

function ok(body: unknown): Reply {
  return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId() }, body: JSON.stringify(body) };
}

function isoOf(value: string | undefined): string {
  const t = epochSeconds(value ?? 'now-1h');
  return typeof t === 'number' ? new Date(t * 1000).toISOString() : String(t);
}

const camel = (k: string) => k.charAt(0).toLowerCase() + k.slice(1);

function trailItem(account: string, region: string, t: ScenarioTrail, captured: string): Item {
  const d = t.trail;
  const configuration: Item = {};
  for (const [k, v] of Object.entries(d)) configuration[k === 'TrailARN' ? 'trailARN' : k === 'SnsTopicARN' ? 'snsTopicARN' : camel(k)] = v;
  return {
    accountId: account, awsRegion: region, resourceType: 'AWS::CloudTrail::Trail', resourceId: d.Name, resourceName: d.Name, arn: d.TrailARN,
    configurationItemCaptureTime: captured, configurationItemStatus: 'OK', configuration, supplementaryConfiguration: {}, tags: [],
  };
}

function bucketItem(account: string, name: string, b: ScenarioBucket, captured: string): Item {
  const supplementary: Item = {
    BucketVersioningConfiguration: { status: b.versioning?.Status ?? 'Off', isMfaDeleteEnabled: b.versioning?.MFADelete === 'Enabled' ? true : b.versioning?.MFADelete === 'Disabled' ? false : null },
    BucketLoggingConfiguration: { destinationBucketName: b.logging?.TargetBucket ?? null, logFilePrefix: b.logging?.TargetPrefix ?? null },
    // AWS Config records the policy as its JSON text (null without a policy) and the ACL as a JSON string.
    BucketPolicy: { policyText: b.policy ? JSON.stringify(b.policy) : null },
    AccessControlList: JSON.stringify({
      grantSet: null,
      grantList: [{ grantee: { id: canonicalId(account), displayName: null }, permission: 'FullControl' },
        ...(b.aclGrants ?? []).map((g) => ({ grantee: g.URI ? g.URI.replace(/.*\/global\//, '') : { id: g.ID, displayName: null }, permission: aclPermission(g.Permission) }))],
      owner: { displayName: null, id: canonicalId(account) },
      isRequesterCharged: false,
    }),
    IsRequesterPaysEnabled: false,
  };
  if (b.publicAccessBlock) {
    const p = b.publicAccessBlock;
    supplementary.PublicAccessBlockConfiguration = { blockPublicAcls: p.BlockPublicAcls, ignorePublicAcls: p.IgnorePublicAcls, blockPublicPolicy: p.BlockPublicPolicy, restrictPublicBuckets: p.RestrictPublicBuckets };
  }
  if (b.objectLock) {
    const r = b.objectLock.Rule?.DefaultRetention;
    supplementary.ObjectLockConfiguration = { objectLockEnabled: b.objectLock.ObjectLockEnabled, ...(r ? { rule: { defaultRetention: { mode: r.Mode, days: r.Days ?? null, years: r.Years ?? null } } } : {}) };
  }
  if (b.encryption) {
    supplementary.ServerSideEncryptionConfiguration = { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: b.encryption.SSEAlgorithm, kmsMasterKeyID: b.encryption.KMSMasterKeyID ?? null }, bucketKeyEnabled: true }] };
  }
  if (b.lifecycle?.length) {
    supplementary.BucketLifecycleConfiguration = {
      rules: b.lifecycle.map((r) => ({
        id: r.ID ?? null, status: r.Status, filter: { predicate: { type: 'LifecyclePrefixPredicate', prefix: r.Prefix ?? '' } },
        expirationInDays: r.ExpirationDays ?? -1, noncurrentVersionExpirationInDays: r.NoncurrentDays ?? -1,
      })),
    };
  }
  return {
    accountId: account, awsRegion: b.region ?? 'us-east-1', resourceType: 'AWS::S3::Bucket', resourceId: name, resourceName: name, arn: `arn:aws:s3:::${name}`,
    configurationItemCaptureTime: captured, configurationItemStatus: 'OK',
    configuration: { name, owner: { displayName: null, id: canonicalId(account) }, creationDate: '2024-01-15T10:00:00.000Z' },
    supplementaryConfiguration: supplementary,
    tags: Object.entries(b.tags ?? {}).map(([key, value]) => ({ key, value, tag: `${key}=${value}` })),
  };
}

function aclPermission(p: string): string {
  return ({ FULL_CONTROL: 'FullControl', READ: 'Read', WRITE: 'Write', READ_ACP: 'ReadAcp', WRITE_ACP: 'WriteAcp' } as Record<string, string>)[p] ?? p;
}

function keyItem(account: string, arn: string, k: ScenarioKey, captured: string): Item {
  const m = k.metadata;
  const configuration: Item = { awsaccountId: account, creationDate: '2024-01-15T10:00:00.000Z', enabled: true, keyState: 'Enabled', keyUsage: 'ENCRYPT_DECRYPT', keyManager: 'CUSTOMER', origin: 'AWS_KMS', keySpec: 'SYMMETRIC_DEFAULT' };
  for (const [key, v] of Object.entries(m)) configuration[camel(key)] = v;
  configuration.arn = m.Arn ?? arn;
  return {
    accountId: account, awsRegion: /^arn:aws[\w-]*:kms:([^:]+):/.exec(arn)?.[1] ?? 'us-east-1', resourceType: 'AWS::KMS::Key',
    resourceId: m.KeyId ?? arn.split('/').pop(), resourceName: null, arn, configurationItemCaptureTime: captured, configurationItemStatus: 'OK',
    configuration, supplementaryConfiguration: { KeyRotationStatus: k.rotation ?? false }, tags: [],
  };
}

/** Every configuration item the aggregator holds, built once per scenario. */
export function aggregatorItems(org: OrganizationScenario, aggregator: ScenarioAggregator): Item[] {
  const items: Item[] = [];
  for (const [account, s] of Object.entries(org.accounts) as [string, ScenarioAccount][]) {
    if (aggregator.missingAccounts?.includes(account)) continue;
    const captured = isoOf(aggregator.accountCapturedAt?.[account] ?? aggregator.capturedAt);
    for (const [region, r] of Object.entries(s.regions)) for (const t of r.trails ?? []) items.push(trailItem(account, region, t, captured));
    for (const [name, b] of Object.entries(s.buckets ?? {})) if (!b.owner || b.owner === account) items.push(bucketItem(account, name, b, captured));
    for (const [arn, k] of Object.entries(s.keys ?? {})) items.push(keyItem(account, arn, k, captured));
  }
  return items;
}

interface Query { fields: string[]; conditions: { field: string; values: string[] }[] }

const FIELD = /^[A-Za-z][\w]*(\.[A-Za-z][\w]*)*$/;

/** The SQL subset above, or undefined. */
export function parseQuery(expression: string): Query | undefined {
  const m = /^\s*SELECT\s+(.+?)\s+WHERE\s+(.+?)\s*$/is.exec(expression);
  if (!m) return undefined;
  const fields = m[1]!.split(',').map((f) => f.trim());
  if (fields.some((f) => !FIELD.test(f))) return undefined;
  const conditions: Query['conditions'] = [];
  for (const part of m[2]!.split(/\s+AND\s+/i)) {
    const eq = /^([\w.]+)\s*=\s*'([^']*)'$/.exec(part.trim());
    const inList = /^([\w.]+)\s+IN\s*\(\s*('[^']*'(?:\s*,\s*'[^']*')*)\s*\)$/i.exec(part.trim());
    if (eq) conditions.push({ field: eq[1]!, values: [eq[2]!] });
    else if (inList) conditions.push({ field: inList[1]!, values: [...inList[2]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!) });
    else return undefined;
  }
  return { fields, conditions };
}

function valueAt(item: Item, path: string): unknown {
  let v: unknown = item;
  for (const p of path.split('.')) v = v && typeof v === 'object' ? (v as Item)[p] : undefined;
  return v;
}

/** The selected fields as AWS Config returns them: dotted paths nested, absent values left out. */
function project(item: Item, fields: string[]): Item {
  const out: Item = {};
  for (const f of fields) {
    const v = valueAt(item, f);
    if (v === undefined) continue;
    const parts = f.split('.');
    let at = out;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Item;
    at[parts[parts.length - 1]!] = v;
  }
  return out;
}

export function answerSelectAggregate(org: OrganizationScenario & { aggregators?: Record<string, ScenarioAggregator> }, callerAccount: string, region: string, body: Record<string, unknown>, cache: Map<string, Item[]>): Reply {
  const name = String(body.ConfigurationAggregatorName ?? '');
  const aggregator = org.aggregators?.[name];
  if (!aggregator || aggregator.account !== callerAccount || (aggregator.region ?? 'us-east-1') !== region) {
    return errorReply('json', 'NoSuchConfigurationAggregatorException', 400, `The configuration aggregator does not exist. Check the configuration aggregator name and try again.`);
  }
  const query = parseQuery(String(body.Expression ?? ''));
  if (!query) return errorReply('json', 'InvalidExpressionException', 400, 'The syntax of the query is incorrect.');
  const limit = Math.min(Number(body.Limit ?? body.MaxResults ?? 100) || 100, 100);
  let items = cache.get(name);
  if (!items) {
    items = aggregatorItems(org, aggregator);
    cache.set(name, items);
  }
  const matching = items.filter((item) => query.conditions.every((c) => c.values.includes(String(valueAt(item, c.field)))));
  const start = Number(body.NextToken ?? 0) || 0;
  const page = matching.slice(start, start + limit).map((item) => JSON.stringify(project(item, query.fields)));
  return ok({
    Results: page,
    QueryInfo: { SelectFields: query.fields.map((Name) => ({ Name })) },
    ...(start + limit < matching.length ? { NextToken: String(start + limit) } : {}),
  });
}
