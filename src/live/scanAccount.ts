// `scanAccount`: reads the account's trails, their log buckets and keys, the Config recorders and the CloudTrail
// Lake event data stores, builds one Scene per region exactly as the IaC parsers do, and runs the same rules over
// it (surface `live`, passes included), so every check ends pass, fail or unknown. Account-level rules (TG402,
// TG107) run once over all regions.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetBucketTaggingCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { evaluateSceneWithEntities, type EntityFinding } from '../core/evaluate';
import type { Bucket, EntityRef, EventDataStore, Key, Recorder, Scene, Trail } from '../core/model';
import { emptyScene } from '../core/model';
import { defaultRuleOptions, type Rule, type RuleOptions } from '../core/rules/rule';
import { TG402 } from '../core/rules/config/TG402';
import { allRules } from '../core/rules';
import { TG107 } from '../core/rules/trail/TG107';
import { assembleAccountScan, type RegionResult } from './assembleScan';
import { AwsSession, type CallResult, type SessionOptions } from './awsSession';
import { describeOrganization, type OrganizationRead } from './describeOrganization';
import { describeTrails, readTrailState, type TrailDescription, type TrailState } from './describeTrails';
import { globMatches } from '../core/policy/glob';
import { resolveProfileSettings, SERVICES, type ProfileSettings } from './profiles';
import { readAccountPublicAccessBlock, type AccountPabRead } from './readAccountPublicAccessBlock';
import { readBucketConfiguration } from './readBucketConfiguration';
import { readEventDataStores } from './readEventDataStores';
import { readKey } from './readKey';
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
}

export async function scanAccount(opts: ScanOptions = {}): Promise<AccountScan> {
  const startedAt = new Date().toISOString();
  const settings = withEndpointOverride(await resolveProfileSettings(opts.profile), opts.endpointUrl);
  const regions = opts.regions?.length ? [...new Set(opts.regions)] : [settings.region ?? 'us-east-1'];
  const options: RuleOptions = {
    ...defaultRuleOptions,
    ...opts.ruleOptions,
    auditBucketPatterns: [...(opts.ruleOptions?.auditBucketPatterns ?? []), ...(opts.auditBucketPatterns ?? [])],
  };
  // Rule id → the setting that switched it off: reported as `off` with it, so a report says why a rule did not run.
  const disabled = new Map<string, string>([
    ...(opts.disabledRules ?? []).map((id): [string, string] => [id, `the setting ${id}: off`]),
    ...Object.entries(opts.ruleSettings ?? {}).filter(([, v]) => v === 'off').map(([id]): [string, string] => [id, `rules.${id}: off in settings`]),
  ]);
  const session = new AwsSession(settings, opts);
  let done = 0;
  const total = 3;
  const progress = (message: string) => opts.onProgress?.({ message, done: ++done, total });

  try {
    progress('Reading caller identity');
    const identity = await session.call('sts', 'GetCallerIdentity', (abortSignal) =>
      session.client('sts', regions[0]!).send(new GetCallerIdentityCommand({}), { abortSignal }));
    if (!identity.ok) {
      return assembleAccountScan({ profile: settings.name, error: identity.failure.reason, regions: [], startedAt, options });
    }
    const account = identity.value.Account;

    // Independent reads overlap, so a scan costs a few round trips, not one per phase: trails (then their status
    // and keys), the account's bucket list (then the audit buckets), and the Config recorders.
    const trailsRead = listTrails(session, regions).then((t) => { progress('Listed trails'); return t; });
    const bucketsListed = listOwnBuckets(session, regions[0]!);
    const recordersRead = Promise.all(regions.map(async (region) => [region, await readRecorders(session, region)] as const));
    const storesRead = Promise.all(regions.map(async (region) => [region, await readEventDataStores(session, region)] as const));
    // Only TG107 needs to know whether this is the organization's management account, and it is opt-in.
    const organizationRead = account && options.optIn.includes(TG107.meta.id) && !disabled.has(TG107.meta.id)
      ? describeOrganization(session, account, identity.value.Arn?.split(':')[1])
      : Promise.resolve(undefined);
    const statesRead = trailsRead.then(({ distinct }) => readTrailStates(session, distinct));
    const keysRead = trailsRead.then(({ distinct }) => readTrailKeys(session, distinct, account));
    const accountPab = account ? readAccountPublicAccessBlock(session, account, regions[0]!) : Promise.resolve(undefined);
    const bucketsRead = Promise.all([trailsRead, bucketsListed, accountPab]).then(([{ distinct }, listed, pab]) =>
      readAuditBuckets(session, { distinct, listed, options, regions, account, accountPab: pab }));
    const [{ described, distinct }, states, { keys, keyIds }, { buckets, bucketNames }, recorderList, storeList, organization] =
      await Promise.all([trailsRead, statesRead, keysRead, bucketsRead, recordersRead, storesRead, organizationRead]);
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
    return assembleAccountScan({
      profile: settings.name, account, callerArn: identity.value.Arn, regions: results, startedAt, options,
      ...(organization ? { accountEvidence: organization.evidence } : {}),
    });
  } finally {
    session.destroy();
  }
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

function withEndpointOverride(settings: ProfileSettings, endpointUrl: string | undefined): ProfileSettings {
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

async function readTrailKeys(session: AwsSession, distinct: DistinctTrails, account: string | undefined) {
  const keyIds = new Map<string, string>(); // key id → region of the scene that holds it
  for (const t of distinct.values()) if (t.d.KmsKeyId && !keyIds.has(t.d.KmsKeyId)) keyIds.set(t.d.KmsKeyId, t.primaryRegion);
  const keys = new Map<string, Key>();
  await Promise.all([...keyIds].map(async ([id, region]) => keys.set(id, await readKey(session, id, region, account))));
  return { keys, keyIds };
}

interface OwnBuckets { names?: ReadonlySet<string>; regions: Map<string, string | undefined> }

/** ListBuckets: which buckets are this account's (cross-account detection) and where they live. */
async function listOwnBuckets(session: AwsSession, region: string): Promise<OwnBuckets> {
  const listed = await session.call('s3', 'ListBuckets', (abortSignal) => session.client('s3', region).send(new ListBucketsCommand({}), { abortSignal }));
  if (!listed.ok) return { regions: new Map() };
  const list = listed.value.Buckets ?? [];
  return { names: new Set(list.map((b) => b.Name ?? '')), regions: new Map(list.map((b) => [b.Name ?? '', b.BucketRegion])) };
}

/** The trails' log buckets, plus the account's buckets marked by name pattern or audit tag. */
async function readAuditBuckets(
  session: AwsSession,
  ctx: { distinct: DistinctTrails; listed: OwnBuckets; options: RuleOptions; regions: string[]; account?: string; accountPab?: AccountPabRead },
) {
  const { distinct, listed, options, regions, account, accountPab } = ctx;
  const bucketNames = new Map<string, string>(); // name → region of the scene that holds it
  for (const t of distinct.values()) {
    if (t.d.S3BucketName && !bucketNames.has(t.d.S3BucketName)) bucketNames.set(t.d.S3BucketName, t.primaryRegion);
  }
  const sceneRegionOf = (name: string) => {
    const r = listed.regions.get(name);
    return r && regions.includes(r) ? r : regions[0]!;
  };
  const read = async (name: string, sceneRegion: string, markedAudit?: string) => {
    const bucket = await readBucketConfiguration(session, name, {
      region: listed.regions.get(name) ?? sceneRegion,
      ownBuckets: listed.names,
      account,
      accountPublicAccessBlock: accountPab?.value ?? { state: 'unresolved', reason: 'the account id is unknown' },
    });
    if (accountPab) Object.assign(bucket.evidence!, accountPab.evidence);
    if (markedAudit) bucket.markedAudit = markedAudit;
    return bucket;
  };
  const candidates = [...(listed.names ?? [])].filter((n) => !bucketNames.has(n));
  const byPattern = candidates.filter((n) => options.auditBucketPatterns.some((p) => globMatches(p, n)));
  const [trailBuckets, tagged] = await Promise.all([
    Promise.all([...bucketNames].map(([name, region]) => read(name, region))),
    options.auditBucketTag
      ? findTaggedBuckets(session, candidates.filter((n) => !byPattern.includes(n)), options.auditBucketTag, listed.regions, regions[0]!)
      : Promise.resolve([]),
  ]);
  const marked: [string, string][] = [
    ...byPattern.map((n): [string, string] => [n, 'name matches auditBucketPatterns']),
    ...tagged.map((n): [string, string] => [n, `tagged ${options.auditBucketTag}`]),
  ];
  const markedBuckets = await Promise.all(marked.map(([name, why]) => read(name, sceneRegionOf(name), why)));
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
  if (f.entity.kind !== 'account' || !f.finding.ruleId.startsWith('TG1') || (f.finding.status !== 'pass' && f.finding.status !== 'fail')) return f;
  return { ...f, finding: { ...f.finding, status: 'unknown', severity: 'info', message: `${f.finding.ruleId} could not be verified: ${reason}` } };
}
