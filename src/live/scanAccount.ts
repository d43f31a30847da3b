// `scanAccount`: reads the account's trails, their log buckets and keys, the Config recorders and the CloudTrail
// Lake event data stores, builds one Scene per region exactly as the IaC parsers do, and runs the same rules over
// it (surface `live`, passes included), so every check ends pass, fail or unknown. Account-level rules (TG402,
// TG107) run once over all regions.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetBucketTaggingCommand } from '@aws-sdk/client-s3';
import { evaluateSceneWithEntities, type EntityFinding } from '../core/evaluate';
import type { Bucket, EntityRef, EventDataStore, Key, Recorder, Scene, Trail } from '../core/model';
import { emptyScene } from '../core/model';
import { defaultRuleOptions, type Rule, type RuleOptions } from '../core/rules/rule';
import { TG402 } from '../core/rules/config/TG402';
import { allRules, ruleById } from '../core/rules';
import { TG107 } from '../core/rules/trail/TG107';
import { assembleAccountScan, type RegionResult } from './assembleScan';
import { AccountDirectory, type AccountAccess, type AssumeRoleSettings, type OwnBuckets } from './accountDirectory';
import type { AwsSession, CallResult, SessionOptions } from './awsSession';
import { describeOrganization, type OrganizationRead } from './describeOrganization';
import { describeEnabledRegions } from './describeRegions';
import { describeTrails, readTrailState, type TrailDescription, type TrailState } from './describeTrails';
import { globMatches } from '../core/policy/glob';
import { resolveProfileSettings, SERVICES, usesAwsEndpoints, type ProfileSettings } from './profiles';
import type { AccountPabRead } from './readAccountPublicAccessBlock';
import { readBucketConfiguration } from './readBucketConfiguration';
import { readEventDataStores } from './readEventDataStores';
import { keyArnParts, readKey } from './readKey';
import { readRecorders } from './readRecorders';
import { buildTrail } from './trailEntity';
import type { AccountScan } from './types';

export interface ScanProgress { message: string; done: number; total: number }

export interface ScanOptions extends SessionOptions {
  /** Profile name; default: AWS_PROFILE, else `default` (through the SDK's default credential chain). */
  profile?: string;
  /** Regions to scan; default: the profile's region (AWS_REGION wins), else us-east-1. */
  regions?: string[];
  /** Bucket-name globs of audit-log buckets no trail delivers to (checked too). */
  auditBucketPatterns?: string[];
  /** Rule settings (retention, opt-in rules, scope); defaults as in the IaC lint. */
  ruleOptions?: Partial<RuleOptions>;
  /** Per-rule settings as in `.trailguard.yaml` `rules:` (severity override or `off`). */
  ruleSettings?: Record<string, 'error' | 'warning' | 'info' | 'off'>;
  /** Rules switched off (the editor's settings); same as `off` in ruleSettings. */
  disabledRules?: string[];
  /**
   * One endpoint for every AWS call, overriding the profile's and the environment's (the editor's confirmed
   * `trailguard.aws.endpointUrl`). S3 is then addressed path-style.
   */
  endpointUrl?: string;
  onProgress?: (p: ScanProgress) => void;
  /** Called once the account's trails are listed, with a `partial` scan (no checks yet): a tree that appears at once. */
  onPartial?: (scan: AccountScan) => void;
  /** Role to assume in other accounts (their buckets and keys; every account of an organization scan). */
  assumeRole?: AssumeRoleSettings;
  /** Keep each region's evaluated scene on the result (`liveScenes`): code ↔ account linking compares entities. */
  keepScenes?: boolean;
}

export async function scanAccount(opts: ScanOptions = {}): Promise<AccountScan> {
  const settings = withEndpointOverride(await resolveProfileSettings(opts.profile), opts.endpointUrl);
  const directory = new AccountDirectory([settings], opts);
  try {
    return await scanProfileAccount(directory, settings, opts);
  } finally {
    directory.destroy();
  }
}

/** Scans the account of one configured profile of the directory. */
export async function scanProfileAccount(directory: AccountDirectory, settings: ProfileSettings, opts: ScanOptions, ctx: ScanContext = {}): Promise<AccountScan> {
  const startedAt = new Date().toISOString();
  opts.onProgress?.({ message: 'Reading caller identity', done: 1, total: 3 });
  const identity = await directory.identity(settings);
  const options = ruleOptionsOf(opts);
  if (!identity.ok || !identity.value.account) {
    const error = identity.ok ? 'STS GetCallerIdentity returned no account id' : identity.failure.reason;
    return { ...assembleAccountScan({ profile: settings.name, error, regions: [], startedAt, options, via: `profile ${settings.name}` }), ...customEndpoint(settings) };
  }
  const access: AccountAccess = {
    account: identity.value.account, session: directory.profileSession(settings), via: `profile ${settings.name}`, profile: settings.name,
    callerArn: identity.value.arn, name: directory.accountName(identity.value.account),
  };
  return scanReachedAccount(directory, access, opts, ctx, startedAt);
}

/** What a scan of one account knows about the other accounts scanned with it. */
export interface ScanContext {
  /**
   * Accounts this multi-account scan covers as roots: a trail of one of them seen here (an organization trail's
   * shadow copy in a member account) is checked under its own account, so its bucket and key are not read twice.
   */
  scannedAccounts?: ReadonlySet<string>;
}

function ruleOptionsOf(opts: ScanOptions): RuleOptions {
  return {
    ...defaultRuleOptions,
    ...opts.ruleOptions,
    auditBucketPatterns: [...(opts.ruleOptions?.auditBucketPatterns ?? []), ...(opts.auditBucketPatterns ?? [])],
  };
}

/** Scans one account through `access` (a profile, or an assumed role); cross-account resources go through `directory`. */
export async function scanReachedAccount(directory: AccountDirectory, access: AccountAccess, opts: ScanOptions, ctx: ScanContext = {}, startedAt = new Date().toISOString()): Promise<AccountScan> {
  const { session, account } = access;
  const settings = session.profile;
  const regions = opts.regions?.length ? [...new Set(opts.regions)] : [settings.region ?? 'us-east-1'];
  const options = ruleOptionsOf(opts);
  // Rule id → the setting that switched it off: reported as `off` with it, so a report says why a rule did not run.
  const disabled = new Map<string, string>([
    ...(opts.disabledRules ?? []).map((id): [string, string] => [id, `the setting ${id}: off`]),
    ...Object.entries(opts.ruleSettings ?? {}).filter(([, v]) => v === 'off').map(([id]): [string, string] => [id, `rules.${id}: off in settings`]),
  ]);
  let done = 1;
  const total = 3;
  const progress = (message: string) => opts.onProgress?.({ message, done: ++done, total });
  const label = { via: access.via, ...(access.name ? { accountName: access.name } : {}) };

  let callerArn = access.callerArn;
  if (!access.via.startsWith('profile ')) {
    // An assumed role: the identity the reads run as is the role session (evidence of who looked).
    const identity = await session.call('sts', 'GetCallerIdentity', (abortSignal) =>
      session.client('sts', regions[0]!).send(new GetCallerIdentityCommand({}), { abortSignal }));
    if (!identity.ok) {
      return { ...assembleAccountScan({ profile: access.profile, account, error: identity.failure.reason, regions: [], startedAt, options, ...label }), ...customEndpoint(settings) };
    }
    callerArn = identity.value.Arn ?? callerArn;
  }

  // Independent reads overlap, so a scan costs a few round trips, not one per phase: trails (then their status
  // and keys), the account's bucket list (then the audit buckets), and the Config recorders.
  const trailsRead = listTrails(session, regions).then((t) => {
    progress('Listed trails');
    if (opts.onPartial) opts.onPartial(partialScan(access, callerArn, t.described, startedAt));
    return { ...t, checkedElsewhere: checkedElsewhere(t.distinct, account, ctx.scannedAccounts) };
  });
  const bucketsListed = directory.ownBuckets(session, regions[0]!);
  const recordersRead = Promise.all(regions.map(async (region) => [region, await readRecorders(session, region)] as const));
  const storesRead = Promise.all(regions.map(async (region) => [region, await readEventDataStores(session, region)] as const));
  const enabledRegionsRead = describeEnabledRegions(session, regions[0]!);
  // Only TG107 needs to know whether this is the organization's management account, and it is opt-in.
  const organizationRead = options.optIn.includes(TG107.meta.id) && !disabled.has(TG107.meta.id)
    ? describeOrganization(session, account, callerArn?.split(':')[1])
    : Promise.resolve(undefined);
  const statesRead = trailsRead.then(({ distinct }) => readTrailStates(session, distinct));
  const owners = new Map<string, ResourceOwner>();
  // With a role to assume, the organization's accounts name the owners (and are where another account's bucket is).
  const named = directory.options.assumeRole ? directory.organizationAccounts() : Promise.resolve(undefined);
  const keysRead = trailsRead.then(({ distinct, checkedElsewhere: skip }) => readTrailKeys(directory, access, distinct, skip, owners));
  const accountPab = directory.accountPublicAccessBlock(access, regions[0]!);
  const bucketsRead = Promise.all([trailsRead, bucketsListed, accountPab]).then(([{ distinct, checkedElsewhere: skip }, listed, pab]) =>
    readAuditBuckets(directory, access, { distinct, skip, listed, options, regions, accountPab: pab, owners }));
  const [{ described, distinct }, states, { keys, keyIds }, { buckets, bucketNames }, recorderList, storeList, organization] =
    await Promise.all([trailsRead, statesRead, keysRead, bucketsRead, recordersRead, storesRead, organizationRead, named]);
  for (const [id, owner] of owners) {
    const name = owner.name ?? directory.accountName(owner.account);
    owners.set(id, { account: owner.account, ...(name ? { name } : {}), ...(owner.via ? { via: owner.via } : {}) });
  }
  const recorders = new Map<string, Recorder[]>(recorderList);
  const eventDataStores = new Map<string, EventDataStore[]>(storeList);
  progress('Read trails, buckets, keys, recorders and event data stores');

  const results = buildRegionScenes(described, account, { distinct, states, buckets, bucketNames, keys, keyIds, recorders, eventDataStores });
  linkTrailRefs([...buckets.values()], [...keys.values()], distinct);

  const perRegion = allRules.filter((r) => !ACCOUNT_LEVEL_RULES.includes(r));
  for (const r of results) {
    r.findings = evaluateSceneWithEntities(r.scene, options, { surface: 'live', includePasses: true, disabled, rules: perRegion })
      .map((f) => withSeverityOverride(f, opts.ruleSettings));
    if (r.describeError) r.findings = r.findings.map((f) => explainUnlistedTrails(f, r.describeError!));
  }
  const describeError = results.find((r) => r.describeError)?.describeError;
  for (const f of evaluateAccountLevel(results, { id: account, organization }, options, disabled)) {
    const home = results.find((r) => r.region === f.entity.region) ?? results[0];
    home?.findings.push(withSeverityOverride(describeError ? explainUnlistedTrails(f, describeError) : f, opts.ruleSettings));
  }
  const scan = assembleAccountScan({
    profile: access.profile, account, callerArn, regions: results, startedAt, options, owners, ...label,
    consoleLinks: usesAwsEndpoints(settings),
    ...(organization ? { accountEvidence: organization.evidence } : {}),
  });
  // For the evidence report: what AWS answered, where the calls went, and which regions the scan left out.
  return {
    ...scan, apiCalls: session.apiCalls, enabledRegions: await enabledRegionsRead, ...customEndpoint(settings),
    ...(opts.keepScenes ? { liveScenes: results.map((r) => ({ region: r.region, scene: r.scene, findings: r.findings })) } : {}),
  };
}

/** The endpoint the scan's calls went to when it is not AWS's default (one URL when all services share it). */
function customEndpoint(settings: ProfileSettings): { endpoint?: string } {
  const urls = [...new Set(Object.values(settings.endpoints).filter((u): u is string => Boolean(u)))];
  return urls.length ? { endpoint: urls.join(', ') } : {};
}

/**
 * The account as soon as its trails are listed, before any check: regions and trail nodes for a tree that appears
 * at once (`partial`, so nothing in it reads as a verdict).
 */
function partialScan(access: AccountAccess, callerArn: string | undefined, described: { region: string; result: CallResult<TrailDescription[]> }[], startedAt: string): AccountScan {
  return {
    profile: access.profile,
    account: access.account,
    ...(access.name ? { accountName: access.name } : {}),
    via: access.via,
    ...(callerArn ? { callerArn } : {}),
    partial: true,
    regions: described.map(({ region, result }) => ({
      region,
      trails: (result.ok ? result.value : []).map((d) => ({
        name: d.Name ?? d.TrailARN ?? 'trail',
        arn: d.TrailARN ?? `${region}/${d.Name}`,
        homeRegion: d.HomeRegion ?? region,
        shadow: (d.HomeRegion !== undefined && d.HomeRegion !== region) || d.TrailARN?.split(':')[4] !== access.account,
        isOrganizationTrail: d.IsOrganizationTrail === true,
        checks: [],
      })),
      checks: [],
      recorders: [],
      ...(result.ok ? {} : { error: `trails could not be listed: ${result.failure.reason}` }),
    })),
    otherBuckets: [],
    startedAt,
    finishedAt: startedAt,
    findings: [],
  };
}

/** Who owns a bucket or key of another account, and how it was read (or why it could not be). */
export interface ResourceOwner { account: string; name?: string; via?: string }

/** Trails of another scanned account (organization trails seen from a member): checked under their own account. */
function checkedElsewhere(distinct: DistinctTrails, account: string, scanned: ReadonlySet<string> | undefined): Set<string> {
  const skip = new Set<string>();
  if (!scanned) return skip;
  for (const [arn, { d }] of distinct) {
    const owner = d.TrailARN?.split(':')[4];
    if (owner && owner !== account && scanned.has(owner)) skip.add(arn);
  }
  return skip;
}

/**
 * Rules whose verdict is about the account, not one region: AWS Config must record global resource types in
 * exactly one region, so TG402 judges every scanned region's recorders together (one region recording them
 * passes the others; several get an Information finding); an organization trail anywhere satisfies TG107, which
 * is reported once for the account.
 */
const ACCOUNT_LEVEL_RULES: readonly Rule[] = [TG402 as Rule, TG107];

/**
 * The account-level rules over one scene holding every region's recorders and every distinct trail (by ARN);
 * findings keep the recorder's region, account findings go to the first scanned region.
 */
function evaluateAccountLevel(
  results: RegionResult[],
  account: { id: string | undefined; organization: OrganizationRead | undefined },
  options: RuleOptions,
  disabled: ReadonlyMap<string, string>,
): EntityFinding[] {
  const trails = new Map<string, Trail>();
  for (const { trail } of results.flatMap((r) => r.trails)) if (!trails.has(trail.arn ?? trail.id)) trails.set(trail.arn ?? trail.id, trail);
  const scene: Scene = {
    ...emptyScene(),
    account: { id: account.id, ...(account.organization ? { isOrgManagement: account.organization.isOrgManagement } : {}) },
    recorders: results.flatMap((r) => r.scene.recorders),
    trails: [...trails.values()],
  };
  return evaluateSceneWithEntities(scene, options, { surface: 'live', includePasses: true, disabled, rules: ACCOUNT_LEVEL_RULES });
}

export function withEndpointOverride(settings: ProfileSettings, endpointUrl: string | undefined): ProfileSettings {
  if (!endpointUrl) return settings;
  const endpoints = Object.fromEntries(Object.keys(SERVICES).map((service) => [service, endpointUrl]));
  return { ...settings, endpoints };
}

interface SceneParts {
  distinct: DistinctTrails;
  states: Map<string, TrailState>;
  buckets: Map<string, Bucket>;
  /** Bucket name / key id → the region whose scene holds it (each is evaluated once). */
  bucketNames: Map<string, string>;
  keys: Map<string, Key>;
  keyIds: Map<string, string>;
  recorders: Map<string, Recorder[]>;
  eventDataStores: Map<string, EventDataStore[]>;
}

/**
 * One scene per region. Every region lists the trails DescribeTrails showed there, so coverage checks (TG120)
 * count multi-region and organization trails homed elsewhere; the copy in the trail's primary region carries
 * `region = homeRegion`, which makes it the trail's own copy for the per-trail rules (`ownTrails`), the other
 * copies are shadows.
 */
function buildRegionScenes(
  described: { region: string; result: CallResult<TrailDescription[]> }[],
  account: string | undefined,
  parts: SceneParts,
): RegionResult[] {
  return described.map(({ region, result }): RegionResult => {
    const scene: Scene = { ...emptyScene(), account: { id: account, region } };
    const trailsHere: { trail: Trail; primary: boolean }[] = [];
    for (const d of result.ok ? result.value : []) {
      const arn = trailKey(d, region);
      const info = parts.distinct.get(arn)!;
      const primary = info.primaryRegion === region;
      const bucket = d.S3BucketName ? parts.buckets.get(d.S3BucketName) : undefined;
      const key = d.KmsKeyId ? parts.keys.get(d.KmsKeyId) : undefined;
      const trail = buildTrail(info.d, parts.states.get(arn)!, primary ? (d.HomeRegion ?? region) : region, {
        bucket: bucket ? { state: 'linked', entity: bucket, via: 'name' } : { state: 'absent' },
        key: key ? { state: 'linked', entity: key, via: 'arn' } : { state: 'absent' },
      });
      scene.trails.push(trail);
      trailsHere.push({ trail, primary });
    }
    for (const [name, sceneRegion] of parts.bucketNames) if (sceneRegion === region) scene.buckets.push(parts.buckets.get(name)!);
    for (const [id, sceneRegion] of parts.keyIds) if (sceneRegion === region) scene.keys.push(parts.keys.get(id)!);
    scene.recorders.push(...(parts.recorders.get(region) ?? []));
    scene.eventDataStores.push(...(parts.eventDataStores.get(region) ?? []));
    return { region, scene, trails: trailsHere, describeError: result.ok ? undefined : result.failure.reason, findings: [] };
  });
}

type DistinctTrails = Map<string, { d: TrailDescription; primaryRegion: string }>;

/**
 * DescribeTrails in every region, and each distinct trail (by ARN) once, with its primary region: its home
 * region when scanned, else the first scanned region that sees it.
 */
async function listTrails(session: AwsSession, regions: string[]) {
  const described = await Promise.all(regions.map(async (region) => ({ region, result: await describeTrails(session, region) })));
  const distinct: DistinctTrails = new Map();
  for (const { region, result } of described) {
    if (!result.ok) continue;
    for (const d of result.value) {
      const arn = trailKey(d, region);
      if (distinct.has(arn)) continue;
      distinct.set(arn, { d, primaryRegion: d.HomeRegion && regions.includes(d.HomeRegion) ? d.HomeRegion : region });
    }
  }
  return { described, distinct };
}

function trailKey(d: TrailDescription, region: string): string {
  return d.TrailARN ?? `${region}/${d.Name}`;
}

async function readTrailStates(session: AwsSession, distinct: DistinctTrails): Promise<Map<string, TrailState>> {
  const states = new Map<string, TrailState>();
  await Promise.all([...distinct].map(async ([arn, t]) =>
    states.set(arn, await readTrailState(session, t.primaryRegion, t.d.TrailARN ?? t.d.Name ?? arn, t.d.HasInsightSelectors === true))));
  return states;
}

async function readTrailKeys(directory: AccountDirectory, access: AccountAccess, distinct: DistinctTrails, skip: ReadonlySet<string>, owners: Map<string, ResourceOwner>) {
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
  if (!keyAccount || keyAccount === access.account) return readKey(access.session, keyId, region, access.account);
  const other = await directory.access(keyAccount);
  if (other.ok) {
    owners.set(keyId, { account: keyAccount, name: other.access.name, via: other.access.via });
    return readKey(other.access.session, keyId, region, keyAccount);
  }
  owners.set(keyId, { account: keyAccount, name: directory.accountName(keyAccount) });
  const key = await readKey(access.session, keyId, region, access.account);
  if (key.inaccessible && directory.options.assumeRole) return markInaccessible(key, other.reason);
  return key;
}

/** Every attribute that could not be read is unknown for the same reason (the failed assumption). */
function markInaccessible<E extends Bucket | Key>(entity: E, reason: string): E {
  const out = { ...entity, inaccessible: reason } as E & Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) {
    if (v && typeof v === 'object' && (v as { state?: string }).state === 'unresolved') out[k] = { ...(v as object), reason };
  }
  return out;
}

/** The trails' log buckets, plus the account's buckets marked by name pattern or audit tag. */
async function readAuditBuckets(
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
  const readOwn = async (name: string, sceneRegion: string, markedAudit?: string) => {
    const bucket = await readBucketConfiguration(session, name, {
      region: listed.regions.get(name) ?? sceneRegion,
      ownBuckets: listed.names,
      account: access.account,
      accountPublicAccessBlock: accountPab.value,
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
      : Promise.resolve([]),
  ]);
  const marked: [string, string][] = [
    ...byPattern.map((n): [string, string] => [n, 'name matches auditBucketPatterns']),
    ...tagged.map((n): [string, string] => [n, `tagged ${options.auditBucketTag}`]),
  ];
  const markedBuckets = await Promise.all(marked.map(([name, why]) => readOwn(name, sceneRegionOf(name), why)));
  for (const [name] of marked) bucketNames.set(name, sceneRegionOf(name));
  const buckets = new Map<string, Bucket>([...trailBuckets, ...markedBuckets].map((b) => [b.id, b]));
  return { buckets, bucketNames };
}

/** Buckets of the account carrying the audit tag (`key` or `key=value`): one GetBucketTagging per bucket. */
async function findTaggedBuckets(session: AwsSession, names: string[], tagSpec: string, bucketRegions: Map<string, string | undefined>, fallbackRegion: string): Promise<string[]> {
  const eq = tagSpec.indexOf('=');
  const key = eq < 0 ? tagSpec : tagSpec.slice(0, eq);
  const value = eq < 0 ? undefined : tagSpec.slice(eq + 1);
  const tagged = await Promise.all(names.map(async (Bucket) => {
    const r = await session.call('s3', 'GetBucketTagging', (abortSignal) =>
      session.client('s3', bucketRegions.get(Bucket) ?? fallbackRegion).send(new GetBucketTaggingCommand({ Bucket }), { abortSignal }));
    const tag = r.ok ? (r.value.TagSet ?? []).find((t) => t.Key === key) : undefined;
    return tag && (value === undefined || tag.Value === value) ? Bucket : undefined;
  }));
  return tagged.filter((n): n is string => n !== undefined);
}

/** Each bucket and key records the trails that use it (why TG2xx / TG3xx apply to it). */
function linkTrailRefs(buckets: Bucket[], keys: Key[], trails: DistinctTrails): void {
  for (const { d } of trails.values()) {
    const ref: EntityRef = { kind: 'trail', id: d.TrailARN ?? d.Name ?? 'trail' };
    for (const b of buckets) if (b.id === d.S3BucketName) b.trails.push(ref);
    for (const k of keys) if (d.KmsKeyId && (k.id === d.KmsKeyId || k.arn === d.KmsKeyId)) k.trails.push(ref);
  }
}

/** A severity set in settings applies to passes and failures; unknown stays Information. */
function withSeverityOverride(f: EntityFinding, settings: ScanOptions['ruleSettings']): EntityFinding {
  const setting = settings?.[f.finding.ruleId];
  if (!setting || setting === 'off' || f.finding.status === 'unknown') return f;
  return { ...f, finding: { ...f.finding, severity: setting } };
}

/**
 * When DescribeTrails failed, the scene has no trails: an account-level "no trail" verdict would be a false
 * fail, so it becomes unknown with the reason the trails could not be listed.
 */
function explainUnlistedTrails(f: EntityFinding, reason: string): EntityFinding {
  if (f.entity.kind !== 'account' || !ruleById(f.finding.ruleId)?.meta.live?.evidence.includes('DescribeTrails') || (f.finding.status !== 'pass' && f.finding.status !== 'fail')) return f;
  return { ...f, finding: { ...f.finding, status: 'unknown', severity: 'info', message: `${f.finding.ruleId} could not be verified: ${reason}` } };
}
