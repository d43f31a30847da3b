// The account's trails as the scan sees them: DescribeTrails in every scanned region with each distinct trail (by
// ARN) once, their status and selectors, the partial scan shown before any check, and one Scene per region
// holding the trail copies, buckets, keys, recorders and event data stores that region evaluates.
import type { Bucket, EntityRef, EventDataStore, Key, Recorder, Scene, Trail } from '../core/model';
import { emptyScene } from '../core/model';
import type { AccountAccess } from './accountDirectory';
import type { RegionResult } from './assembleScan';
import type { AwsSession, CallResult } from './awsSession';
import { describeTrails, readTrailState, type TrailDescription, type TrailState } from './describeTrails';
import { buildTrail } from './trailEntity';
import type { AccountScan } from './types';

/**
 * The account as soon as its trails are listed, before any check: regions and trail nodes for a tree that appears
 * at once (`partial`, so nothing in it reads as a verdict).
 */
export function partialScan(access: AccountAccess, callerArn: string | undefined, described: { region: string; result: CallResult<TrailDescription[]> }[], startedAt: string): AccountScan {
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

/** Trails of another scanned account (organization trails seen from a member): checked under their own account. */
export function checkedElsewhere(distinct: DistinctTrails, account: string, scanned: ReadonlySet<string> | undefined): Set<string> {
  const skip = new Set<string>();
  if (!scanned) return skip;
  for (const [arn, { d }] of distinct) {
    const owner = d.TrailARN?.split(':')[4];
    if (owner && owner !== account && scanned.has(owner)) skip.add(arn);
  }
  return skip;
}

export interface SceneParts {
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
export function buildRegionScenes(
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

export type DistinctTrails = Map<string, { d: TrailDescription; primaryRegion: string }>;

/**
 * DescribeTrails in every region, and each distinct trail (by ARN) once, with its primary region: its home
 * region when scanned, else the first scanned region that sees it.
 */
export async function listTrails(session: AwsSession, regions: string[]) {
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

export function trailKey(d: TrailDescription, region: string): string {
  return d.TrailARN ?? `${region}/${d.Name}`;
}

export async function readTrailStates(session: AwsSession, distinct: DistinctTrails): Promise<Map<string, TrailState>> {
  const states = new Map<string, TrailState>();
  await Promise.all([...distinct].map(async ([arn, t]) =>
    states.set(arn, await readTrailState(session, t.primaryRegion, t.d.TrailARN ?? t.d.Name ?? arn, t.d.HasInsightSelectors === true))));
  return states;
}

/** Each bucket and key records the trails that use it (why TG2xx / TG3xx apply to it). */
export function linkTrailRefs(buckets: Bucket[], keys: Key[], trails: DistinctTrails): void {
  for (const { d } of trails.values()) {
    const ref: EntityRef = { kind: 'trail', id: d.TrailARN ?? d.Name ?? 'trail' };
    for (const b of buckets) if (b.id === d.S3BucketName) b.trails.push(ref);
    for (const k of keys) if (d.KmsKeyId && (k.id === d.KmsKeyId || k.arn === d.KmsKeyId)) k.trails.push(ref);
  }
}

