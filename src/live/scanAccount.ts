// `scanAccount`: reads the account's trails, their log buckets and keys, and the Config recorders, builds one
// Scene per region exactly as the IaC parsers do, and runs the same rules over it (surface `live`, passes
// included), so every check ends pass, fail or unknown.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetBucketTaggingCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { evaluateSceneWithEntities, type EntityFinding } from '../core/evaluate';
import type { Bucket, EntityRef, Key, Recorder, Scene, Trail } from '../core/model';
import { emptyScene } from '../core/model';
import { defaultRuleOptions, type RuleOptions } from '../core/rules/rule';
import { assembleAccountScan, type RegionResult } from './assembleScan';
import { AwsSession, type SessionOptions } from './awsSession';
import { describeTrails, readTrailState, type TrailDescription, type TrailState } from './describeTrails';
import { globMatches } from '../core/policy/glob';
import { resolveProfileSettings } from './profiles';
import { readBucketConfiguration } from './readBucketConfiguration';
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
  onProgress?: (p: ScanProgress) => void;
}

/** Why the account-level PAB is not read: S3 Control needs its own client and an account-id host name. */
const ACCOUNT_PAB_UNREAD =
  'account-level Public Access Block (s3control:GetPublicAccessBlock) is not read by this scanner; check it with `aws s3control get-public-access-block --account-id <ACCOUNT_ID>`';

export async function scanAccount(opts: ScanOptions = {}): Promise<AccountScan> {
  const startedAt = new Date().toISOString();
  const settings = await resolveProfileSettings(opts.profile);
  const regions = opts.regions?.length ? [...new Set(opts.regions)] : [settings.region ?? 'us-east-1'];
  const options: RuleOptions = {
    ...defaultRuleOptions,
    ...opts.ruleOptions,
    auditBucketPatterns: [...(opts.ruleOptions?.auditBucketPatterns ?? []), ...(opts.auditBucketPatterns ?? [])],
  };
  const session = new AwsSession(settings, opts);
  let done = 0;
  const total = 3 + regions.length * 2;
  const progress = (message: string) => opts.onProgress?.({ message, done: ++done, total });

  try {
    progress('Reading caller identity');
    const identity = await session.call('sts', 'GetCallerIdentity', (abortSignal) =>
      session.client('sts', regions[0]!).send(new GetCallerIdentityCommand({}), { abortSignal }));
    if (!identity.ok) {
      return assembleAccountScan({ profile: settings.name, error: identity.failure.reason, regions: [], startedAt, options, session });
    }
    const account = identity.value.Account;

    // Trails per region, then one status/selector read per distinct trail.
    const described = await Promise.all(regions.map(async (region) => {
      const r = await describeTrails(session, region);
      progress(`Listing trails in ${region}`);
      return { region, result: r };
    }));
    const distinct = new Map<string, { d: TrailDescription; primaryRegion: string; readRegion: string }>();
    for (const { region, result } of described) {
      if (!result.ok) continue;
      for (const d of result.value) {
        const arn = d.TrailARN ?? `${region}/${d.Name}`;
        if (distinct.has(arn)) continue;
        const home = d.HomeRegion && regions.includes(d.HomeRegion) ? d.HomeRegion : region;
        distinct.set(arn, { d, primaryRegion: home, readRegion: home });
      }
    }
    const states = new Map<string, TrailState>();
    await Promise.all([...distinct].map(async ([arn, t]) => states.set(arn, await readTrailState(session, t.readRegion, t.d.TrailARN ?? t.d.Name ?? arn))));

    // Buckets: the trails' log buckets and those matching the audit patterns.
    const listed = await session.call('s3', 'ListBuckets', async (abortSignal) => session.client('s3', regions[0]!).send(new ListBucketsCommand({}), { abortSignal }));
    const ownBuckets = listed.ok ? new Set((listed.value.Buckets ?? []).map((b) => b.Name ?? '')) : undefined;
    const bucketRegions = new Map(listed.ok ? (listed.value.Buckets ?? []).map((b) => [b.Name ?? '', b.BucketRegion]) : []);
    const bucketNames = new Map<string, string>(); // name → region of the scene that holds it
    for (const t of distinct.values()) {
      if (t.d.S3BucketName && !bucketNames.has(t.d.S3BucketName)) bucketNames.set(t.d.S3BucketName, t.primaryRegion);
    }
    const patternBuckets = options.auditBucketPatterns.length && ownBuckets
      ? [...ownBuckets].filter((n) => !bucketNames.has(n) && options.auditBucketPatterns.some((p) => globMatches(p, n)))
      : [];
    const taggedBuckets = ownBuckets && options.auditBucketTag
      ? await findTaggedBuckets(session, [...ownBuckets].filter((n) => !bucketNames.has(n) && !patternBuckets.includes(n)), options.auditBucketTag, bucketRegions, regions[0]!)
      : [];
    const marked = new Map<string, string>([
      ...patternBuckets.map((n): [string, string] => [n, 'name matches auditBucketPatterns']),
      ...taggedBuckets.map((n): [string, string] => [n, `tagged ${options.auditBucketTag}`]),
    ]);
    for (const n of marked.keys()) bucketNames.set(n, bucketRegions.get(n) && regions.includes(bucketRegions.get(n)!) ? bucketRegions.get(n)! : regions[0]!);
    progress('Reading log buckets');
    const buckets = new Map<string, Bucket>();
    await Promise.all([...bucketNames].map(async ([name, sceneRegion]) => {
      const bucket = await readBucketConfiguration(session, name, {
        region: bucketRegions.get(name) ?? sceneRegion,
        ownBuckets,
        account,
        accountPublicAccessBlock: { state: 'unresolved', reason: ACCOUNT_PAB_UNREAD },
      });
      const why = marked.get(name);
      if (why) bucket.markedAudit = why;
      buckets.set(name, bucket);
    }));

    // Keys the trails encrypt with.
    progress('Reading trail keys');
    const keyIds = new Map<string, string>();
    for (const t of distinct.values()) if (t.d.KmsKeyId && !keyIds.has(t.d.KmsKeyId)) keyIds.set(t.d.KmsKeyId, t.primaryRegion);
    const keys = new Map<string, Key>();
    await Promise.all([...keyIds].map(async ([id, region]) => keys.set(id, await readKey(session, id, region, account))));

    const recorders = new Map<string, Recorder[]>();
    await Promise.all(regions.map(async (region) => {
      recorders.set(region, await readRecorders(session, region));
      progress(`Reading AWS Config in ${region}`);
    }));

    // One scene per region. The per-trail copy in its primary region carries `region = homeRegion` so that the
    // rules treat it as the trail's own copy; other regions hold shadow copies for coverage only.
    const results: RegionResult[] = [];
    for (const { region, result } of described) {
      const scene: Scene = { ...emptyScene(), account: { id: account, region } };
      const trailsHere: { trail: Trail; primary: boolean }[] = [];
      for (const d of result.ok ? result.value : []) {
        const arn = d.TrailARN ?? `${region}/${d.Name}`;
        const info = distinct.get(arn)!;
        const primary = info.primaryRegion === region;
        const bucket = d.S3BucketName ? buckets.get(d.S3BucketName) : undefined;
        const key = d.KmsKeyId ? keys.get(d.KmsKeyId) : undefined;
        const trail = buildTrail(info.d, states.get(arn)!, primary ? (d.HomeRegion ?? region) : region, {
          bucket: bucket ? { state: 'linked', entity: bucket, via: 'name' } : { state: 'absent' },
          key: key ? { state: 'linked', entity: key, via: 'arn' } : { state: 'absent' },
        });
        scene.trails.push(trail);
        trailsHere.push({ trail, primary });
      }
      for (const [name, sceneRegion] of bucketNames) if (sceneRegion === region) scene.buckets.push(buckets.get(name)!);
      for (const [id, sceneRegion] of keyIds) if (sceneRegion === region) scene.keys.push(keys.get(id)!);
      scene.recorders.push(...(recorders.get(region) ?? []));
      results.push({ region, scene, trails: trailsHere, describeError: result.ok ? undefined : result.failure.reason, findings: [] });
    }
    linkTrailRefs([...buckets.values()], [...keys.values()], distinct);

    const disabled = new Set(Object.entries(opts.ruleSettings ?? {}).filter(([, v]) => v === 'off').map(([id]) => id));
    for (const r of results) {
      r.findings = evaluateSceneWithEntities(r.scene, options, { surface: 'live', includePasses: true, disabled })
        .map((f) => withSeverityOverride(f, opts.ruleSettings));
      if (r.describeError) r.findings = r.findings.map((f) => explainUnlistedTrails(f, r.describeError!));
    }
    progress('Done');
    return assembleAccountScan({ profile: settings.name, account, regions: results, startedAt, options, session });
  } finally {
    session.destroy();
  }
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
function linkTrailRefs(buckets: Bucket[], keys: Key[], trails: Map<string, { d: TrailDescription }>): void {
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
  if (f.entity.kind !== 'account' || !f.finding.ruleId.startsWith('TG1') || f.finding.status === 'unknown') return f;
  return { ...f, finding: { ...f.finding, status: 'unknown', severity: 'info', message: `${f.finding.ruleId} could not be verified: ${reason}` } };
}
