// Which buckets and keys the TG2xx / TG3xx rules look at (rules.md "How to read": "Where a rule applies").
// By default only the audit-log ones: linked from a trail, granted to CloudTrail by their own policy, or marked by
// the user (name pattern, tag, live marking). `scope: 'all'` widens to every bucket and key, as generic peers do.
import type { Bucket, Key, RelatedInfo, Scene } from '../model';
import { globMatches } from '../policy/glob';
import { policyMentionsConditionKey, policyNamesService, statementsGrantingService } from '../policy/grants';
import type { RuleOptions } from './rule';

export const CLOUDTRAIL_SERVICE = 'cloudtrail.amazonaws.com';
export const CLOUDTRAIL_CONTEXT_KEY = 'kms:EncryptionContext:aws:cloudtrail:arn';

type ScopeOptions = Pick<RuleOptions, 'scope' | 'auditBucketPatterns' | 'auditBucketTag'>;

/** Why a bucket counts as an audit-log bucket, or undefined when it does not (whatever the scope). */
export function auditBucketReason(bucket: Bucket, options: ScopeOptions): string | undefined {
  if (bucket.trails.length > 0) return `log bucket of ${bucket.trails.map((t) => t.id).join(', ')}`;
  if (statementsGrantingService(bucket.policy, CLOUDTRAIL_SERVICE, 's3:PutObject').length > 0) {
    return `its policy lets ${CLOUDTRAIL_SERVICE} write objects`;
  }
  const name = bucket.name.state === 'known' ? bucket.name.value : undefined;
  const pattern = name === undefined ? undefined : options.auditBucketPatterns.find((p) => globMatches(p, name));
  if (pattern !== undefined) return `name matches the audit bucket pattern ${pattern}`;
  if (hasAuditTag(bucket, options.auditBucketTag)) return `tagged ${options.auditBucketTag}`;
  if (bucket.markedAudit) return bucket.markedAudit;
  return undefined;
}

/** `trailguard:audit` (any value) or `trailguard:audit=true` (that value). */
function hasAuditTag(bucket: Bucket, tagSpec: string): boolean {
  if (!tagSpec || bucket.tags.state !== 'known') return false;
  const eq = tagSpec.indexOf('=');
  const key = eq < 0 ? tagSpec : tagSpec.slice(0, eq);
  const tags = bucket.tags.value;
  if (!(key in tags)) return false;
  return eq < 0 || tags[key] === tagSpec.slice(eq + 1);
}

/**
 * The target lists of the evaluation under way, each computed once. A dozen rules ask for the same buckets or
 * keys, and deciding every bucket's reason again per rule (its policy's grants, name patterns, tags, a reason
 * string) was a sixth of a lint of 20,000 buckets. Only while evaluate.ts runs the rules over one scene with one
 * set of options (`duringEvaluation`): nothing changes the scene meanwhile. Callers never change a list.
 */
let evaluation: { scene: Scene; options: object; lists: Map<string, readonly object[]> } | undefined;

export function duringEvaluation<T>(scene: Scene, options: object, run: () => T): T {
  const outer = evaluation;
  evaluation = { scene, options, lists: new Map() };
  try {
    return run();
  } finally {
    evaluation = outer;
  }
}

function once<T extends object>(list: string, scene: Scene, options: object | undefined, compute: () => T[]): T[] {
  if (!evaluation || evaluation.scene !== scene || (options !== undefined && evaluation.options !== options)) return compute();
  let got = evaluation.lists.get(list) as T[] | undefined;
  if (!got) evaluation.lists.set(list, (got = compute()));
  return got;
}

/** The buckets TG2xx rules evaluate. */
export function trailBuckets(scene: Scene, options: ScopeOptions): Bucket[] {
  if (options.scope === 'all') return scene.buckets;
  return once('trailBuckets', scene, options, () => scene.buckets.filter((b) => auditBucketReason(b, options) !== undefined));
}

/**
 * Why CloudTrail delivers (or is set up to deliver) to this bucket: a trail names it, or its policy grants
 * `cloudtrail.amazonaws.com` the delivery actions. Undefined for a bucket that is an audit bucket only by name
 * pattern, tag or live marking: nothing is meant to deliver there, so "CloudTrail cannot deliver" would be noise.
 */
export function cloudTrailDeliveryReason(bucket: Bucket): string | undefined {
  if (bucket.trails.length > 0) return `log bucket of ${bucket.trails.map((t) => t.id).join(', ')}`;
  const granted = CLOUDTRAIL_DELIVERY_ACTIONS.filter((a) => statementsGrantingService(bucket.policy, CLOUDTRAIL_SERVICE, a).length > 0);
  return granted.length ? `its policy grants ${CLOUDTRAIL_SERVICE} ${granted.join(' and ')}` : undefined;
}

const CLOUDTRAIL_DELIVERY_ACTIONS = ['s3:GetBucketAcl', 's3:PutObject'];

/**
 * The buckets of the CloudTrail delivery rules (TG207, TG208, TG213), whatever the scope and the audit marks:
 * `scope: 'all'` does not extend them to unrelated buckets, nor do name patterns and audit tags.
 */
export function cloudTrailDeliveryBuckets(scene: Scene): Bucket[] {
  return once('cloudTrailDeliveryBuckets', scene, undefined, () => scene.buckets.filter((b) => cloudTrailDeliveryReason(b) !== undefined));
}

/** Why a key counts as a trail key, or undefined. */
export function trailKeyReason(key: Key): string | undefined {
  if (key.trails.length > 0) return `encryption key of ${key.trails.map((t) => t.id).join(', ')}`;
  if (policyNamesService(key.policy, CLOUDTRAIL_SERVICE)) return `its policy names ${CLOUDTRAIL_SERVICE}`;
  if (policyMentionsConditionKey(key.policy, CLOUDTRAIL_CONTEXT_KEY)) return `its policy uses the ${CLOUDTRAIL_CONTEXT_KEY} context`;
  return undefined;
}

/** The keys TG3xx rules evaluate. */
export function trailKeys(scene: Scene, options: Pick<RuleOptions, 'scope'>): Key[] {
  if (options.scope === 'all') return scene.keys;
  return once('trailKeys', scene, undefined, () => scene.keys.filter((k) => trailKeyReason(k) !== undefined));
}

/** Keys CloudTrail encrypts with, whatever the scope (TG301 / TG302 only make sense there). */
export function cloudTrailKeys(scene: Scene): Key[] {
  return trailKeys(scene, { scope: 'trail' });
}

/**
 * Relationship info carried on every TG2xx / TG3xx finding: which trail makes this an audit resource, at which
 * file and line ("log bucket of aws_cloudtrail.org").
 */
export function trailRelations(entity: Bucket | Key): RelatedInfo[] {
  const memo = relationsMemo.get(entity);
  if (memo && memo.trails === entity.trails && memo.count === entity.trails.length) return memo.related;
  const role = entity.kind === 'bucket' ? 'log bucket of' : 'encryption key of';
  const related = entity.trails.map((t) => ({ message: `${role} ${t.id}`, loc: t.loc }));
  relationsMemo.set(entity, { trails: entity.trails, count: entity.trails.length, related });
  return related;
}

/**
 * The relation info made once per entity and its list of trails: a trail's bucket gets about eight findings,
 * and a copy of the same info in each was a tenth of what 70,000 findings kept alive. Callers copy the list,
 * never the items, and nothing changes an item.
 */
const relationsMemo = new WeakMap<Bucket | Key, { trails: readonly unknown[]; count: number; related: RelatedInfo[] }>();
