// Turns the evaluated scenes into the tree the view shows and the flat list the CLI prints: region → trail →
// log bucket → key, region-level checks, Config recorders, CloudTrail Lake event data stores, and the other
// audit buckets.
import type { EntityFinding } from '../core/evaluate';
import type { Bucket, EntityBase, EventDataStore, Key, Recorder, Scene, Trail } from '../core/model';
import { ruleById, ruleDocUrl } from '../core/rules';
import type { RemediationContext, RuleOptions } from '../core/rules/rule';
import { auditBucketReason } from '../core/rules/scope';
import { consoleUrlFor } from './consoleLinks';
import type { AccountScan, CheckResult, ResourceOwnerLabel, RegionScan, ScannedBucket, ScannedEventDataStore, ScannedKey, ScannedRecorder, ScannedTrail } from './types';
import { appendTo } from '../core/dict';

export interface RegionResult {
  region: string;
  scene: Scene;
  trails: { trail: Trail; primary: boolean }[];
  /** DescribeTrails failed: why. */
  describeError?: string;
  findings: EntityFinding[];
}

export interface AssembleInput {
  profile: string;
  account?: string;
  callerArn?: string;
  error?: string;
  regions: RegionResult[];
  startedAt: string;
  options: RuleOptions;
  /** Account-wide API answers (DescribeOrganization), shown with the account-level checks that rest on them. */
  accountEvidence?: Record<string, unknown>;
  /** How the account was reached, and its Organizations name. */
  via?: string;
  accountName?: string;
  /** Console links only for AWS itself (false: a custom endpoint such as LocalStack or the test endpoint). */
  consoleLinks?: boolean;
  /** Buckets (by name) and keys (by id) of other accounts: their owner and how they were read. */
  owners?: ReadonlyMap<string, ResourceOwnerLabel>;
}

function evidenceFor(ruleId: string, entity: EntityBase, scene: Scene, accountEvidence?: Record<string, unknown>): Record<string, unknown> | undefined {
  if (entity.kind === 'account') return { ...regionEvidence(scene), ...pick(accountEvidence ?? {}, ruleById(ruleId)?.meta.live?.evidence ?? []) };
  const all = entity.evidence;
  if (!all) return undefined;
  const calls = ruleById(ruleId)?.meta.live?.evidence;
  if (!calls) return all;
  const picked = pick(all, calls);
  return Object.keys(picked).length ? picked : all;
}

function pick(all: Record<string, unknown>, calls: string[]): Record<string, unknown> {
  return Object.fromEntries(calls.filter((c) => c in all).map((c) => [c, all[c]]));
}

/** For account-level checks (TG120, TG402...): what each visible trail and recorder looked like. */
function regionEvidence(scene: Scene): Record<string, unknown> {
  return {
    trails: scene.trails.map((t) => ({
      TrailARN: t.arn,
      HomeRegion: t.homeRegion,
      IsMultiRegionTrail: t.multiRegion.state === 'known' ? t.multiRegion.value : undefined,
      IsOrganizationTrail: t.organization.state === 'known' ? t.organization.value : undefined,
      IsLogging: t.status?.isLogging.state === 'known' ? t.status.isLogging.value : t.status?.isLogging.state === 'unresolved' ? t.status.isLogging.reason : undefined,
      EventSelectors: t.evidence?.GetEventSelectors,
    })),
    recorders: scene.recorders.map((r) => r.evidence),
  };
}

function resourceLabel(entity: EntityBase): string {
  if (entity.kind === 'trail') {
    const t = entity as Trail;
    return t.name.state === 'known' ? t.name.value : t.id;
  }
  if (entity.kind === 'key') return (entity as Key).arn ?? entity.id;
  return entity.id;
}

function toCheckResult(f: EntityFinding, scene: Scene, region: string, ctx: RemediationContext, accountEvidence?: Record<string, unknown>, owner?: string, consoleLinks = true): CheckResult {
  const { finding, entity } = f;
  const prefix = `${finding.ruleId} could not be verified: `;
  const reason = finding.reason ?? (finding.status === 'unknown' ? (finding.message.startsWith(prefix) ? finding.message.slice(prefix.length) : finding.message) : undefined);
  const live = ruleById(finding.ruleId)?.meta.live;
  const remediation = finding.status === 'fail' && typeof live?.remediation === 'function' ? live.remediation(entity, ctx, finding.message) : undefined;
  return {
    ruleId: finding.ruleId,
    title: ruleById(finding.ruleId)?.meta.title ?? finding.ruleId,
    ...(owner ? { account: owner } : {}),
    status: finding.status,
    severity: finding.severity,
    resource: resourceLabel(entity),
    region: finding.region ?? entity.region ?? region,
    message: finding.message,
    ...(finding.subject ? { subject: finding.subject } : {}),
    ...(live ? { service: live.service } : {}),
    ...(reason !== undefined ? { reason } : {}),
    evidence: evidenceFor(finding.ruleId, entity, scene, accountEvidence),
    docUrl: ruleDocUrl(finding.ruleId),
    ...(remediation ? { remediation } : {}),
    ...(consoleLinks ? { consoleUrl: consoleUrlFor(entity) } : {}),
  };
}

export function assembleAccountScan(input: AssembleInput): AccountScan {
  const ctx: RemediationContext = { profile: input.profile, account: input.account, minRetentionDays: input.options.minRetentionDays };
  const findings: CheckResult[] = [];
  const consoleUrl = (e: EntityBase): string | undefined => (input.consoleLinks === false ? undefined : consoleUrlFor(e));
  const ownerOf = (e: EntityBase): ResourceOwnerLabel | undefined =>
    e.kind === 'bucket' ? input.owners?.get(e.id) : e.kind === 'key' ? input.owners?.get(e.id) ?? input.owners?.get((e as Key).arn ?? '') : undefined;
  const checksOf = new Map<EntityBase, CheckResult[]>();
  const regionChecks = new Map<string, CheckResult[]>();
  for (const r of input.regions) {
    regionChecks.set(r.region, []);
    for (const f of r.findings) {
      const check = toCheckResult(f, r.scene, r.region, ctx, input.accountEvidence, ownerOf(f.entity)?.account ?? input.account, input.consoleLinks !== false);
      findings.push(check);
      if (f.entity.kind === 'account') regionChecks.get(r.region)!.push(check);
      else appendTo(checksOf, f.entity, check);
    }
  }

  const scannedBuckets = new Map<Bucket, ScannedBucket>();
  const bucketNode = (b: Bucket): ScannedBucket => {
    let node = scannedBuckets.get(b);
    if (!node) {
      node = {
        name: b.id,
        ...(ownerOf(b) ? { owner: ownerOf(b) } : {}),
        why: auditBucketReason(b, input.options) ?? 'in scope',
        ...(b.inaccessible ? { inaccessible: b.inaccessible } : {}),
        checks: checksOf.get(b) ?? [],
        consoleUrl: consoleUrl(b),
      };
      scannedBuckets.set(b, node);
    }
    return node;
  };
  const keyNode = (k: Key): ScannedKey => ({
    arn: k.arn ?? k.id,
    ...(ownerOf(k) ? { owner: ownerOf(k) } : {}),
    ...(k.inaccessible ? { inaccessible: k.inaccessible } : {}),
    checks: checksOf.get(k) ?? [],
    consoleUrl: consoleUrl(k),
  });

  const regions: RegionScan[] = input.regions.map((r) => ({
    region: r.region,
    trails: r.trails.map(({ trail, primary }): ScannedTrail => ({
      name: trail.name.state === 'known' ? trail.name.value : trail.id,
      arn: trail.arn ?? trail.id,
      homeRegion: trail.homeRegion ?? r.region,
      shadow: !primary || trail.homeRegion !== r.region || isOtherAccount(trail, input.account),
      isOrganizationTrail: trail.organization.state === 'known' && trail.organization.value === true,
      checks: primary ? checksOf.get(trail) ?? [] : [],
      ...(primary && trail.bucket.state === 'linked' ? { bucket: bucketNode(trail.bucket.entity) } : {}),
      ...(primary && trail.key.state === 'linked' ? { key: keyNode(trail.key.entity) } : {}),
      consoleUrl: consoleUrl(trail),
    })),
    checks: regionChecks.get(r.region) ?? [],
    recorders: r.scene.recorders.map((rec: Recorder): ScannedRecorder => ({ name: rec.id, checks: checksOf.get(rec) ?? [] })),
    eventDataStores: r.scene.eventDataStores.map((store: EventDataStore): ScannedEventDataStore => ({
      name: storeName(store),
      ...(store.id.startsWith('arn:') ? { arn: store.id } : {}),
      checks: checksOf.get(store) ?? [],
    })),
    ...(r.describeError ? { error: `trails could not be listed: ${r.describeError}` } : {}),
  }));

  const otherBuckets = input.regions
    .flatMap((r) => r.scene.buckets)
    .filter((b) => b.trails.length === 0)
    .map(bucketNode);

  return {
    profile: input.profile,
    ...(input.account ? { account: input.account } : {}),
    ...(input.accountName ? { accountName: input.accountName } : {}),
    ...(input.via ? { via: input.via } : {}),
    ...(input.callerArn ? { callerArn: input.callerArn } : {}),
    ...(input.error ? { error: input.error } : {}),
    regions,
    otherBuckets,
    startedAt: input.startedAt,
    finishedAt: new Date().toISOString(),
    findings,
  };
}

/** `arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/<id>` has no name: the list answer gives it. */
function storeName(store: EventDataStore): string {
  const listed = store.evidence?.ListEventDataStores as { Name?: string } | undefined;
  return listed?.Name ?? store.id;
}

function isOtherAccount(trail: Trail, account: string | undefined): boolean {
  const owner = trail.arn?.split(':')[4];
  return Boolean(account && owner && owner !== account);
}
