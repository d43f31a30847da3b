// Organization scale through AWS Config: one configuration aggregator answers for hundreds of accounts in a few
// paginated advanced queries (trails, buckets, keys), instead of a scan of every account. The items become the
// same entities the API readers build, in the same per-region scenes, judged by the same rules; each account is a
// root of the tree. What the items do not carry (a trail's status and selectors, a key policy, a bucket's policy
// status) is read directly where a profile or the role reaches the owner account, and is otherwise unknown with
// "not recorded by AWS Config". Every result says how old its recorded data is; data older than the limit is
// never a fresh verdict (unknown, with its age and what it recorded), and is re-read directly where possible.
import pLimit from 'p-limit';
import type { Bucket, Key } from '../../core/model';
import { globMatches } from '../../core/policy/glob';
import { ruleById } from '../../core/rules';
import { AccountDirectory, type AccountAccess } from '../accountDirectory';
import { buildRegionScenes, linkTrailRefs, type DistinctTrails } from '../accountTrails';
import { assembleAccountScan } from '../assembleScan';
import type { CallResult } from '../awsSession';
import { describeTrails, readTrailState, type TrailDescription, type TrailState } from '../describeTrails';
import { evaluateRegions, ruleOptionsOf } from '../evaluateRegions';
import { resolveProfileSettings, usesAwsEndpoints, type ProfileSettings } from '../profiles';
import { readBucketConfiguration } from '../readBucketConfiguration';
import { keyArnParts, readKey } from '../readKey';
import type { ScanOptions } from '../scanAccount';
// A cycle (scanAccounts delegates to this module), used only at call time.
import { scanAccounts } from '../scanAccounts';
import { withEndpointOverride } from '../scanAccount';
import type { ResourceOwner } from '../trailResources';
import type { AccountScan, MultiAccountScan } from '../types';

const DEFAULT_ACCOUNT_CONCURRENCY = 32;
import { bucketFromConfigItem, keyFromConfigItem, NOT_RECORDED, trailDescription, type ConfigItem } from './configItems';
import { selectAggregateResources } from './selectAggregate';
import { applyRecordedAge, type RecordedAges } from './recordedAge';

export interface AggregatorSettings {
  /** Configuration aggregator name (`trailguard.aws.configAggregator`, `--aggregator`). */
  name: string;
  /** Its region (default: the first profile's region, else us-east-1). */
  region?: string;
  /** Recorded data older than this is not a verdict (default 24 h). */
  maxAgeHours?: number;
}

export const DEFAULT_MAX_AGE_HOURS = 24;

export interface AggregatorScanOptions extends Omit<ScanOptions, 'profile'> {
  profiles?: string[];
  aggregator: AggregatorSettings;
  onAccount?: (scan: AccountScan) => void;
  accountConcurrency?: number;
}

const TYPES = { trail: 'AWS::CloudTrail::Trail', bucket: 'AWS::S3::Bucket', key: 'AWS::KMS::Key' } as const;

/** Operations whose answers the configuration items stand in for; a rule resting on none of them is not judged. */
const RECORDED_SOURCES = /^(DescribeTrails|GetTrailStatus|GetEventSelectors|GetInsightSelectors|GetBucket\w+|GetObjectLockConfiguration|GetPublicAccessBlock.*|DescribeKey|GetKeyPolicy|GetKeyRotationStatus)$/;

export async function scanAggregator(opts: AggregatorScanOptions): Promise<MultiAccountScan & { aggregatorError?: string }> {
  const startedAt = new Date().toISOString();
  const names = opts.profiles?.length ? [...new Set(opts.profiles)] : [undefined];
  const settings: ProfileSettings[] = await Promise.all(names.map(async (n) => withEndpointOverride(await resolveProfileSettings(n), opts.endpointUrl)));
  const directory = new AccountDirectory(settings, opts);
  const primary = settings[0]!;
  const session = directory.profileSession(primary);
  const region = opts.aggregator.region ?? primary.region ?? 'us-east-1';
  const aggregator = opts.aggregator.name;
  try {
    opts.onProgress?.({ message: `Querying AWS Config aggregator ${aggregator}`, done: 1, total: 3 });
    const [identity, trails, buckets, keys] = await Promise.all([
      directory.identity(primary),
      selectAggregateResources(session, aggregator, region, TYPES.trail),
      selectAggregateResources(session, aggregator, region, TYPES.bucket),
      selectAggregateResources(session, aggregator, region, TYPES.key),
    ]);
    const failed = [trails, buckets, keys].find((r): r is Extract<CallResult<unknown>, { ok: false }> => !r.ok);
    if (failed || !trails.ok || !buckets.ok || !keys.ok) {
      // The aggregator cannot answer: scan directly instead (the profiles, or the organization through the role).
      const reason = `AWS Config aggregator ${aggregator} could not be queried (${failed?.failure.reason ?? 'no answer'}); scanned the accounts directly instead`;
      const { aggregator: _a, ...direct } = opts;
      return { ...(await scanAccounts({ ...direct, profiles: opts.profiles })), aggregatorError: reason };
    }
    opts.onProgress?.({ message: `Read ${trails.value.items.length} trails, ${buckets.value.items.length} buckets and ${keys.value.items.length} keys from ${aggregator}`, done: 2, total: 3 });
    const index = indexItems(trails.value.items, buckets.value.items, keys.value.items);
    // With the audit role, Organizations names the accounts (AWS Config items do not); without it, ids only.
    if (opts.assumeRole) await directory.organizationAccounts();
    const ctx: AggregatorContext = {
      directory, opts, aggregator, index, startedAt,
      callerArn: identity.ok ? identity.value.arn : undefined,
      maxAgeMs: (opts.aggregator.maxAgeHours ?? DEFAULT_MAX_AGE_HOURS) * 3_600_000,
    };
    // Accounts are built from memory; only direct reads of what the items lack wait on the network.
    const limit = pLimit(opts.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY);
    const accounts = await Promise.all(index.accounts.map((account) => limit(async () => {
      const scan = await scanRecordedAccount(ctx, account);
      opts.onAccount?.(scan);
      return scan;
    })));
    // The query pages are the organization's evidence: kept with the aggregator account's scan (or the first).
    const home = accounts.find((a) => identity.ok && a.account === identity.value.account) ?? accounts[0];
    if (home) home.apiCalls = [...session.apiCalls, ...(home.apiCalls ?? [])];
    const unreadable = trails.value.unreadable + buckets.value.unreadable + keys.value.unreadable;
    return {
      accounts,
      aggregator: { name: aggregator, region, ...(unreadable ? { unreadableItems: unreadable } : {}) },
      startedAt,
      finishedAt: new Date().toISOString(),
      findings: accounts.flatMap((a) => a.findings.map((f) => (f.account ? f : { ...f, ...(a.account ? { account: a.account } : {}) }))),
    };
  } finally {
    directory.destroy();
  }
}

interface ItemIndex {
  accounts: string[];
  /** Trail items by ARN (the home-region item when AWS Config recorded several). */
  trails: Map<string, ConfigItem>;
  /** Each account's own trail items, and the organization trails every account sees (built once, not per account). */
  trailsOf: Map<string, ConfigItem[]>;
  organizationTrails: ConfigItem[];
  buckets: Map<string, ConfigItem>;
  /** Key items by ARN and by key id. */
  keys: Map<string, ConfigItem>;
  bucketsOf: Map<string, ConfigItem[]>;
}

function indexItems(trails: ConfigItem[], buckets: ConfigItem[], keys: ConfigItem[]): ItemIndex {
  const index: ItemIndex = { accounts: [], trails: new Map(), trailsOf: new Map(), organizationTrails: [], buckets: new Map(), keys: new Map(), bucketsOf: new Map() };
  for (const t of trails) {
    const d = trailDescription(t);
    const arn = d.TrailARN ?? `${t.awsRegion}/${d.Name}`;
    const seen = index.trails.get(arn);
    if (!seen || (t.awsRegion === d.HomeRegion && seen.awsRegion !== d.HomeRegion)) index.trails.set(arn, t);
  }
  for (const t of index.trails.values()) {
    const list = index.trailsOf.get(t.accountId) ?? [];
    list.push(t);
    index.trailsOf.set(t.accountId, list);
    if (trailDescription(t).IsOrganizationTrail === true) index.organizationTrails.push(t);
  }
  for (const b of buckets) {
    const name = b.resourceName ?? b.resourceId;
    if (!name) continue;
    index.buckets.set(name, b);
    const list = index.bucketsOf.get(b.accountId) ?? [];
    list.push(b);
    index.bucketsOf.set(b.accountId, list);
  }
  for (const k of keys) {
    const key = keyFromConfigItem(k);
    if (key.arn) index.keys.set(key.arn, k);
    if (k.resourceId) index.keys.set(k.resourceId, k);
  }
  index.accounts = [...new Set([...trails, ...buckets, ...keys].map((i) => i.accountId))].sort();
  return index;
}

interface AggregatorContext {
  directory: AccountDirectory;
  opts: AggregatorScanOptions;
  aggregator: string;
  index: ItemIndex;
  startedAt: string;
  callerArn?: string;
  maxAgeMs: number;
}

const notRecordedCall = (what: string): CallResult<never> => ({ ok: false, failure: { kind: 'other', code: 'NotRecordedByConfig', reason: `${what} ${NOT_RECORDED}` } });

function isStale(ci: ConfigItem, maxAgeMs: number): boolean {
  const t = Date.parse(ci.configurationItemCaptureTime ?? '');
  return Number.isNaN(t) || Date.now() - t > maxAgeMs;
}

async function scanRecordedAccount(ctx: AggregatorContext, account: string): Promise<AccountScan> {
  const { directory, opts, index, aggregator } = ctx;
  const options = ruleOptionsOf(opts);
  const via = `AWS Config aggregator ${aggregator}`;
  const ages: RecordedAges = { trails: new Map(), buckets: new Map(), keys: new Map() };
  const owners = new Map<string, ResourceOwner>();
  const reach = async (owner: string) => {
    const r = await directory.access(owner);
    return r.ok ? r.access : undefined;
  };

  // The trails this account sees: its own, and the organization trails of other accounts (shadow copies there).
  const own = index.trailsOf.get(account) ?? [];
  const orgTrails = index.organizationTrails.filter((t) => t.accountId !== account);
  const visible = [...own, ...orgTrails];
  const homeRegions = [...new Set(visible.map((t) => trailDescription(t).HomeRegion ?? t.awsRegion))];
  const regions = opts.regions?.length ? [...new Set(opts.regions)] : homeRegions.length ? homeRegions.sort() : [opts.aggregator.region ?? 'us-east-1'];

  const distinct: DistinctTrails = new Map();
  const states = new Map<string, TrailState>();
  const skip = new Set<string>();
  const direct = await reach(account);
  await Promise.all(visible.map(async (ci) => {
    let d = trailDescription(ci);
    const arn = d.TrailARN ?? `${ci.awsRegion}/${d.Name}`;
    const home = d.HomeRegion ?? ci.awsRegion;
    distinct.set(arn, { d, primaryRegion: regions.includes(home) ? home : regions[0]! });
    if (ci.accountId !== account) {
      skip.add(arn);
      states.set(arn, { status: notRecordedCall('the trail status'), selectors: notRecordedCall('the event selectors') });
      return;
    }
    if (direct) {
      // What the item lacks (status, selectors) from CloudTrail; a stale item is replaced by DescribeTrails too.
      if (isStale(ci, ctx.maxAgeMs)) {
        const listed = await describeTrails(direct.session, home);
        const fresh = listed.ok ? listed.value.find((t) => t.TrailARN === arn) : undefined;
        if (fresh) {
          d = fresh;
          distinct.set(arn, { d, primaryRegion: distinct.get(arn)!.primaryRegion });
        } else ages.trails.set(arn, ci);
      } else {
        ages.trails.set(arn, ci);
      }
      states.set(arn, await readTrailState(direct.session, home, arn, d.HasInsightSelectors === true));
    } else {
      ages.trails.set(arn, ci);
      states.set(arn, {
        status: notRecordedCall('the trail status (logging on or off, delivery)'),
        selectors: notRecordedCall('the event selectors'),
        ...(d.HasInsightSelectors ? { insights: notRecordedCall('the insight selectors') } : {}),
      });
    }
  }));

  const buckets = new Map<string, Bucket>();
  const bucketNames = new Map<string, string>();
  const keys = new Map<string, Key>();
  const keyIds = new Map<string, string>();
  await Promise.all([...distinct].filter(([arn]) => !skip.has(arn)).map(async ([, { d, primaryRegion }]) => {
    if (d.S3BucketName && !bucketNames.has(d.S3BucketName)) {
      bucketNames.set(d.S3BucketName, primaryRegion);
      buckets.set(d.S3BucketName, await recordedBucket(ctx, d.S3BucketName, account, owners, ages, reach));
    }
    if (d.KmsKeyId && !keyIds.has(d.KmsKeyId)) {
      keyIds.set(d.KmsKeyId, primaryRegion);
      keys.set(d.KmsKeyId, await recordedKey(ctx, d.KmsKeyId, account, owners, ages, reach));
    }
  }));
  // The account's other buckets marked as audit buckets (name pattern, audit tag), from their items alone.
  const tag = options.auditBucketTag;
  for (const ci of index.bucketsOf.get(account) ?? []) {
    const name = ci.resourceName ?? ci.resourceId!;
    if (bucketNames.has(name)) continue;
    const byPattern = options.auditBucketPatterns.some((p) => globMatches(p, name));
    const bucket = bucketFromConfigItem(ci);
    const tags = bucket.tags.state === 'known' ? bucket.tags.value : {};
    const tagged = tag ? (tag.includes('=') ? tags[tag.slice(0, tag.indexOf('='))] === tag.slice(tag.indexOf('=') + 1) : tag in tags) : false;
    if (!byPattern && !tagged) continue;
    bucket.markedAudit = byPattern ? 'name matches auditBucketPatterns' : `tagged ${tag}`;
    buckets.set(name, bucket);
    bucketNames.set(name, regions.includes(ci.awsRegion) ? ci.awsRegion : regions[0]!);
    ages.buckets.set(name, ci);
  }

  const described = regions.map((r) => ({
    region: r,
    result: visible.length
      ? { ok: true as const, value: visibleIn(distinct, r) }
      : { ok: false as const, failure: { kind: 'other' as const, code: 'NotRecordedByConfig', reason: `no trail of account ${account} is recorded by AWS Config aggregator ${aggregator} (none exists, or trails are not recorded there)` } },
  }));
  const results = buildRegionScenes(described, account, { distinct, states, buckets, bucketNames, keys, keyIds, recorders: new Map(), eventDataStores: new Map() });
  linkTrailRefs([...buckets.values()], [...keys.values()], distinct);
  evaluateRegions(results, { id: account, organization: undefined }, opts);
  for (const r of results) r.findings = r.findings.map((f) => notReadFromAggregator(f, aggregator));

  const scan = assembleAccountScan({
    profile: directory.primary.name, account, accountName: directory.accountName(account), via, callerArn: ctx.callerArn,
    regions: results, startedAt: ctx.startedAt, options, owners, consoleLinks: usesAwsEndpoints(directory.primary),
  });
  const oldest = applyRecordedAge(scan, ages, { aggregator, maxAgeMs: ctx.maxAgeMs });
  return { ...scan, source: { kind: 'config', aggregator, ...(oldest ? { oldestCapture: oldest } : {}), maxAgeHours: ctx.maxAgeMs / 3_600_000 } };
}

/** The trails DescribeTrails would list in `region`: those homed there, multi-region and organization trails. */
function visibleIn(distinct: DistinctTrails, region: string): TrailDescription[] {
  return [...distinct.values()].map(({ d }) => d).filter((d) => d.HomeRegion === region || d.IsMultiRegionTrail === true || d.IsOrganizationTrail === true);
}

type Reach = (account: string) => Promise<AccountAccess | undefined>;

/** A trail's bucket from its item (any account's), gaps and stale data read directly where its owner is reachable. */
async function recordedBucket(ctx: AggregatorContext, name: string, account: string, owners: Map<string, ResourceOwner>, ages: RecordedAges, reach: Reach): Promise<Bucket> {
  const ci = ctx.index.buckets.get(name);
  const ownerAccount = ci?.accountId;
  if (ownerAccount && ownerAccount !== account) owners.set(name, { account: ownerAccount, ...(ctx.directory.accountName(ownerAccount) ? { name: ctx.directory.accountName(ownerAccount) } : {}), via: `AWS Config aggregator ${ctx.aggregator}` });
  const recorded = ci ? bucketFromConfigItem(ci) : { ...bucketFromConfigItem({ accountId: account, awsRegion: 'us-east-1', resourceType: TYPES.bucket, resourceName: name }), inaccessible: `bucket ${name} is not recorded by AWS Config aggregator ${ctx.aggregator}` };
  const owner = ownerAccount ? await reach(ownerAccount) : undefined;
  if (!owner) {
    if (ci) ages.buckets.set(name, ci);
    return recorded;
  }
  if (ownerAccount !== account) owners.set(name, { account: owner.account, ...(owner.name ? { name: owner.name } : {}), via: owner.via });
  const pab = await ctx.directory.accountPublicAccessBlock(owner, ci?.awsRegion ?? 'us-east-1');
  const read = await readBucketConfiguration(owner.session, name, { region: ci?.awsRegion ?? 'us-east-1', account: owner.account, accountPublicAccessBlock: pab.value });
  Object.assign(read.evidence!, pab.evidence);
  if (!ci || isStale(ci, ctx.maxAgeMs)) return read;
  ages.buckets.set(name, ci);
  return fillGaps(recorded, read);
}

/** A trail's key from its item; the key policy (never recorded) and stale data read directly where reachable. */
async function recordedKey(ctx: AggregatorContext, keyId: string, account: string, owners: Map<string, ResourceOwner>, ages: RecordedAges, reach: Reach): Promise<Key> {
  const ci = ctx.index.keys.get(keyId);
  const ownerAccount = ci?.accountId ?? keyArnParts(keyId).account;
  if (ownerAccount && ownerAccount !== account) owners.set(keyId, { account: ownerAccount, ...(ctx.directory.accountName(ownerAccount) ? { name: ctx.directory.accountName(ownerAccount) } : {}), via: `AWS Config aggregator ${ctx.aggregator}` });
  const recorded = ci ? keyFromConfigItem(ci) : { ...keyFromConfigItem({ accountId: account, awsRegion: keyArnParts(keyId).region ?? 'us-east-1', resourceType: TYPES.key, arn: keyId }), inaccessible: `key ${keyId} is not recorded by AWS Config aggregator ${ctx.aggregator}` };
  const owner = ownerAccount ? await reach(ownerAccount) : undefined;
  if (!owner) {
    if (ci) ages.keys.set(recorded.arn ?? keyId, ci);
    return recorded;
  }
  if (ownerAccount !== account) owners.set(keyId, { account: owner.account, ...(owner.name ? { name: owner.name } : {}), via: owner.via });
  const read = await readKey(owner.session, keyId, ci?.awsRegion ?? keyArnParts(keyId).region ?? 'us-east-1', owner.account, ctx.directory);
  if (!ci || isStale(ci, ctx.maxAgeMs)) return read;
  ages.keys.set(recorded.arn ?? keyId, ci);
  return fillGaps(recorded, read);
}

/** The recorded entity with every member AWS Config did not record taken from the direct read (its evidence too). */
function fillGaps<E extends Bucket | Key>(recorded: E, read: E): E {
  const out = { ...recorded, evidence: { ...recorded.evidence, ...read.evidence } } as E & Record<string, unknown>;
  const source = read as E & Record<string, unknown>;
  for (const [k, v] of Object.entries(recorded)) {
    const reason = v && typeof v === 'object' ? (v as { reason?: unknown; unresolved?: unknown }).reason ?? (v as { unresolved?: unknown }).unresolved : undefined;
    if (typeof reason === 'string' && reason.includes(NOT_RECORDED) && source[k] !== undefined) out[k] = source[k];
  }
  return out;
}

/** Rules resting on nothing the aggregator records (recorders, event data stores) are unknown, never judged on absence. */
function notReadFromAggregator<F extends { finding: { ruleId: string; status: string; severity: string; message: string; reason?: string } }>(f: F, aggregator: string): F {
  const live = ruleById(f.finding.ruleId)?.meta.live;
  if (!live || f.finding.status === 'off' || f.finding.status === 'optInNotEnabled' || f.finding.status === 'unknown') return f;
  if (live.evidence.some((e) => RECORDED_SOURCES.test(e))) return f;
  const reason = `not read from AWS Config aggregator ${aggregator} (${live.evidence.join(', ')}): scan the account directly`;
  return { ...f, finding: { ...f.finding, status: 'unknown', severity: 'info', reason, message: `${f.finding.ruleId} could not be verified: ${reason}` } };
}

