// Small helpers shared by the TG2xx and TG3xx rules: property names in the file's own spelling, the "which
// trail makes this an audit resource" relation, and the standard three-state handling of one attribute.
import type { Attr, Bucket, EntityBase, Key, PolicyDoc, PropName, RelatedInfo, Statement, Trail } from '../../model';
import { at, type CheckContext, type Locatable, type PeerId, type ReportExtra } from '../rule';
import { auditBucketReason, trailKeyReason, trailRelations } from '../scope';
import { statementsGrantingService } from '../../policy/grants';

/** A property in every spelling: Terraform argument, CloudFormation property, and the API field live checks read. */
export interface PropSpelling extends PropName {
  /** `GetKeyRotationStatus.KeyRotationEnabled`: a live finding names what the API returned, not a template property. */
  live: string;
}

/**
 * Property name as the user sees it: `enable_key_rotation` in Terraform, `EnableKeyRotation` in CloudFormation and
 * policy files, the API response field (`GetKeyRotationStatus.KeyRotationEnabled`) for a live resource.
 */
export function spelled(entity: EntityBase, name: PropSpelling): string {
  if (entity.format === 'terraform') return name.tf;
  if (entity.format === 'live') return name.live;
  return name.cfn;
}

/**
 * Entities read from a standalone policy file carry only their policy: the rules that need any other attribute
 * have nothing to judge there and stay silent (neither fail nor unknown).
 */
export function onlyPolicyKnown(entity: EntityBase): boolean {
  return entity.format === 'policy-json';
}

/** Relationship info for a finding: the trail(s) using this bucket / key, or why it is treated as one. */
export function relationsOf(entity: Bucket | Key, options?: Parameters<typeof auditBucketReason>[1]): RelatedInfo[] {
  const related = trailRelations(entity);
  if (related.length > 0) return related;
  const reason = entity.kind === 'bucket' ? (options ? auditBucketReason(entity, options) : undefined) : trailKeyReason(entity);
  return reason ? [{ message: `audit resource: ${reason}`, loc: entity.loc }] : [];
}

/** Reports a failure with the relation attached (every TG2xx / TG3xx finding carries it). */
export function failWithRelations(ctx: CheckContext, entity: Bucket | Key, where: Locatable, message: string, extra: ReportExtra = {}): void {
  const related = relationsOf(entity, ctx.options);
  // With `scope: all` the rule also runs on buckets and keys no trail uses: do not call those "trail" ones.
  const worded = related.length > 0 ? message : message.replace(/\btrail log bucket\b/g, 'bucket').replace(/\btrail key\b/g, 'key');
  const sentence = worded.charAt(0).toUpperCase() + worded.slice(1);
  // Written out, not spread: every TG2xx / TG3xx finding passes here (see withSuppressions in cfn/entity.ts).
  // Every key of ReportExtra is required here, so a field added to it cannot be dropped silently.
  const report: { [K in keyof Required<ReportExtra>]: ReportExtra[K] } = {
    fixes: extra.fixes,
    severity: extra.severity,
    aspect: extra.aspect,
    related: extra.related ? [...extra.related, ...related] : related,
  };
  ctx.fail(where, sentence, report);
}

export function knownString(attr: Attr<string>): string | undefined {
  return attr.state === 'known' ? attr.value : undefined;
}

export function bucketName(bucket: Bucket): string | undefined {
  return knownString(bucket.name) || undefined;
}

/** Where a policy finding goes when no statement is concerned: the policy attribute, else the resource header. */
export function policyPosition(policy: PolicyDoc, entity: EntityBase): Locatable {
  return policy.loc ? { loc: policy.loc } : entity;
}

/** Where "a statement is missing" goes: the `Statement` key, else the policy attribute, else the resource header. */
export function missingStatementPosition(policy: PolicyDoc, entity: EntityBase): Locatable {
  return policy.statementsLoc ? { loc: policy.statementsLoc } : policyPosition(policy, entity);
}

/** Where a statement finding goes: the statement, else the policy, else the header. */
export function statementPosition(stmt: Statement | undefined, policy: PolicyDoc, entity: EntityBase): Locatable {
  // `statement` lets the evaluator name the statement (Sid or position) even where it has no source location (live).
  const position = stmt?.loc ? { loc: stmt.loc } : policyPosition(policy, entity);
  // Only `loc` of the position: it may be the entity itself, whose fields a copy would all take along.
  return stmt ? { loc: position.loc, statement: stmt } as Locatable : position;
}

/** Reports `unknown` for an unresolved attribute and returns true, so callers can `if (isUnresolved(...)) return`. */
export function reportIfUnresolved<T>(attr: Attr<T>, entity: Locatable, ctx: CheckContext): attr is Extract<Attr<T>, { state: 'unresolved' }> {
  if (attr.state !== 'unresolved') return false;
  ctx.unknown(at(attr, entity), attr.reason);
  return true;
}

/** Days of an Object Lock default retention (`years` × 365), or undefined when neither is known. */
export function retentionDays(bucket: Bucket): number | undefined {
  if (bucket.objectLockDays.state === 'known') return bucket.objectLockDays.value;
  if (bucket.objectLockYears.state === 'known') return bucket.objectLockYears.value * 365;
  return undefined;
}

/** A CloudTrail trail entity of the scene by id (to read its key prefix, name and organization flag). */
export function trailsOf(entity: Bucket | Key, scene: CheckContext['scene']) {
  if (entity.trails.length === 0) return [];
  // Positions of the scene's trails by id, built once per scene: a scan per bucket was buckets × trails.
  let index = trailPositions.get(scene.trails);
  if (!index || index.length !== scene.trails.length) {
    const byId = new Map<string, number[]>();
    scene.trails.forEach((t, i) => {
      const list = byId.get(t.id);
      if (list) list.push(i);
      else byId.set(t.id, [i]);
    });
    index = { length: scene.trails.length, byId };
    trailPositions.set(scene.trails, index);
  }
  const positions = new Set<number>();
  for (const t of entity.trails) for (const i of index.byId.get(t.id) ?? []) positions.add(i);
  return [...positions].sort((a, b) => a - b).map((i) => scene.trails[i]);
}

const trailPositions = new WeakMap<readonly Trail[], { length: number; byId: Map<string, number[]> }>();

/**
 * A peer that checks only part of what the rule checks (one Public Access Block flag of four, write actions
 * only, any encryption rather than SSE-KMS): the conformance report does not hold its negatives against the rule.
 */
export function partialPeer(tool: PeerId['tool'], id: string, aspects?: string[]): PeerId {
  return { tool, id, partial: true, ...(aspects ? { aspects } : {}) };
}

const LOG_DELIVERY_GROUP = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/**
 * A bucket that receives other buckets' S3 server access logs (ACL `log-delivery-write` or a grant to the LogDelivery group, a
 * bucket policy letting `logging.s3.amazonaws.com` put objects — the method AWS recommends over the ACL — or the target
 * of a logging configuration in the scene) and no trail logs. Access logging into it would loop, and S3 cannot
 * deliver access logs to an SSE-KMS bucket, so TG209 and TG211 leave it alone (as Trivy does).
 */
export function isAccessLogBucket(bucket: Bucket, scene: CheckContext['scene']): boolean {
  if (bucket.trails.length > 0) return false;
  if (bucket.acl.state === 'known' && bucket.acl.value.toLowerCase().replace(/[-_]/g, '') === 'logdeliverywrite') return true;
  if (bucket.aclGrantees.state === 'known' && bucket.aclGrantees.value.includes(LOG_DELIVERY_GROUP)) return true;
  if (bucket.policy.state === 'known' && statementsGrantingService(bucket.policy, 'logging.s3.amazonaws.com', 's3:PutObject').length > 0) return true;
  const name = bucketName(bucket);
  const loggers = loggersByTarget(scene.buckets);
  const other = (target: string | undefined) => (target !== undefined && loggers.get(target)?.some((b) => b !== bucket)) ?? false;
  return other(name) || other(bucket.id);
}

/**
 * The scene's buckets by the bucket they log into (known logging targets), built once per scene: a scan of every
 * bucket per bucket asked about made TG209 / TG211 quadratic (cubic through TG209's fix) in the number of buckets.
 */
const loggersMemo = new WeakMap<readonly Bucket[], { length: number; byTarget: Map<string, Bucket[]> }>();
function loggersByTarget(buckets: readonly Bucket[]): Map<string, Bucket[]> {
  const hit = loggersMemo.get(buckets);
  if (hit && hit.length === buckets.length) return hit.byTarget;
  const byTarget = new Map<string, Bucket[]>();
  for (const b of buckets) {
    if (b.loggingTargetBucket.state !== 'known') continue;
    const list = byTarget.get(b.loggingTargetBucket.value);
    if (list) list.push(b);
    else byTarget.set(b.loggingTargetBucket.value, [b]);
  }
  loggersMemo.set(buckets, { length: buckets.length, byTarget });
  return byTarget;
}
