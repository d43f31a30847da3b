// Cross-resource wiring inside one template: bucket policies → buckets, aliases → keys, trails → bucket and key
// (by reference first, then by literal name, as rules.md §2.1 recommends), and the back-references
// `bucket.trails` / `key.trails` that make TG2xx / TG3xx apply.
import type { Attr, Bucket, Key, Link, PolicyDoc, Scene, Trail } from '../../model';
import type { CfnContext } from './context';
import { entityBase } from './entity';
import { policyOnlyBucket } from './policyOnly';
import type { ResourceInfo } from './template';
import { child, entry, intrinsicName, scalarString, type Node } from './tree';

/** The logical id a value refers to: `!Ref X`, `!GetAtt X.Arn`, `!Sub '${X}'` / `'${X.Arn}'`. */
export function referencedLogicalId(node: Node | undefined): string | undefined {
  const fn = intrinsicName(node);
  if (!fn || !node || node.k !== 'map') return undefined;
  const arg = node.entries[0].value;
  if (fn === 'Ref') return scalarString(arg);
  if (fn === 'Fn::GetAtt') return arg?.k === 'seq' ? scalarString(arg.items[0]) : scalarString(arg)?.split('.')[0];
  if (fn === 'Fn::Sub') {
    const text = arg?.k === 'seq' ? scalarString(arg.items[0]) : scalarString(arg);
    const m = text ? /^\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}$/.exec(text) : null;
    return m?.[1];
  }
  return undefined;
}

/**
 * Buckets by logical id and by known name, and keys by logical id (the first one wins, as a search in template
 * order would): thousands of trails and policies each look up their bucket in constant time, not by a scan.
 */
class EntityIndex {
  readonly bucketById = new Map<string, Bucket>();
  readonly bucketByName = new Map<string, Bucket>();
  /** Every bucket of a name (a template may repeat one): a policy naming it applies to each. */
  readonly bucketsByName = new Map<string, Bucket[]>();
  readonly keyById = new Map<string, Key>();

  constructor(buckets: Bucket[], keys: Key[]) {
    for (const b of buckets) this.addBucket(b);
    for (const k of keys) if (!this.keyById.has(k.id)) this.keyById.set(k.id, k);
  }

  addBucket(b: Bucket): void {
    if (!this.bucketById.has(b.id)) this.bucketById.set(b.id, b);
    if (b.name.state === 'known' && !this.bucketByName.has(b.name.value)) this.bucketByName.set(b.name.value, b);
    if (b.name.state === 'known') {
      const same = this.bucketsByName.get(b.name.value);
      if (same) same.push(b);
      else this.bucketsByName.set(b.name.value, [b]);
    }
  }
}

export function linkScene(ctx: CfnContext, scene: Scene): void {
  const index = new EntityIndex(scene.buckets, scene.keys);
  attachBucketPolicies(ctx, scene.buckets, index);
  const aliasTargets = attachAliases(ctx, index);
  for (const trail of scene.trails) {
    const res = ctx.tpl.resources.get(trail.id);
    trail.bucket = linkBucket(index, child(res?.props, 'S3BucketName'), trail);
    trail.key = linkKey(index, aliasTargets, child(res?.props, 'KMSKeyId'), trail);
    const ref = { kind: 'trail' as const, id: trail.id, loc: trail.loc };
    if (trail.bucket.state === 'linked') trail.bucket.entity.trails.push(ref);
    if (trail.key.state === 'linked') trail.key.entity.trails.push(ref);
  }
}

function attachBucketPolicies(ctx: CfnContext, buckets: Bucket[], index: EntityIndex): void {
  for (const res of ctx.created('AWS::S3::BucketPolicy')) {
    const target = child(res.props, 'Bucket');
    const refId = referencedLogicalId(target);
    const byRef = refId ? index.bucketById.get(refId) : undefined;
    let matches = byRef ? [byRef] : [];
    if (!byRef) {
      // By literal name: every declared bucket of that name gets the policy (several, if the template repeats a
      // name); none means a bucket declared elsewhere, whose policy is still judged on its own.
      const v = ctx.ev.value(target);
      if (v.t === 'str') matches = index.bucketsByName.get(v.v) ?? [];
    }
    const doc = entry(res.props, 'PolicyDocument');
    const policy = ctx.policy(doc?.value, doc ? ctx.attrs.entryLoc(doc) : undefined);
    for (const bucket of matches) bucket.policy = policy;
    if (!matches.length) {
      const external = externalBucket(ctx, res, policy); // the policy of a bucket declared elsewhere
      buckets.push(external);
      index.addBucket(external);
    }
  }
}

/** A bucket this template only knows through its BucketPolicy: only the policy can be judged. */
function externalBucket(ctx: CfnContext, res: ResourceInfo, policy: PolicyDoc): Bucket {
  const base = entityBase(ctx, res, 'bucket');
  const name = ctx.attrs.str(res.props, 'Bucket');
  const named: Attr<string> = name.state === 'absent' ? { state: 'unresolved', reason: 'the bucket policy names no bucket' } : name;
  return policyOnlyBucket({ id: base.id, loc: base.loc, extent: base.extent, ignored: base.ignored }, policy, named, 'the bucket is not declared in this template');
}

/** Alias names per key, and the key each alias logical id / name stands for. */
function attachAliases(ctx: CfnContext, index: EntityIndex): Map<string, Key> {
  const targets = new Map<string, Key>();
  for (const res of ctx.created('AWS::KMS::Alias')) {
    const targetNode = child(res.props, 'TargetKeyId');
    const refId = referencedLogicalId(targetNode);
    const key = refId ? index.keyById.get(refId) : undefined;
    if (!key) continue;
    const name = ctx.attrs.str(res.props, 'AliasName');
    targets.set(res.id, key);
    if (name.state === 'known') {
      key.aliases.push(name.value);
      targets.set(name.value, key);
    }
  }
  return targets;
}

function linkBucket(index: EntityIndex, node: Node | undefined, trail: Trail): Link<Bucket> {
  if (!node) return { state: 'absent' };
  const refId = referencedLogicalId(node);
  const byRef = refId ? index.bucketById.get(refId) : undefined;
  if (byRef) return { state: 'linked', entity: byRef, via: 'reference' };
  const attr = trail.s3BucketName;
  if (attr.state === 'unresolved') return { state: 'unresolved', reason: attr.reason, loc: attr.loc };
  if (attr.state !== 'known') return { state: 'absent' };
  const byName = index.bucketByName.get(attr.value);
  if (byName) return { state: 'linked', entity: byName, via: 'name' };
  return { state: 'unresolved', reason: `bucket ${attr.value} is not declared in this template`, loc: attr.loc };
}

function linkKey(index: EntityIndex, aliases: Map<string, Key>, node: Node | undefined, trail: Trail): Link<Key> {
  if (!node) return { state: 'absent' };
  const refId = referencedLogicalId(node);
  if (refId) {
    const key = index.keyById.get(refId);
    if (key) return { state: 'linked', entity: key, via: 'reference' };
    const viaAlias = aliases.get(refId);
    if (viaAlias) return { state: 'linked', entity: viaAlias, via: 'alias' };
  }
  const attr = trail.kmsKeyId;
  if (attr.state === 'unresolved') return { state: 'unresolved', reason: attr.reason, loc: attr.loc };
  if (attr.state !== 'known' || attr.value === '') return { state: 'absent' };
  // `!Sub arn:...:key/${TrailKey}` evaluates to a key ARN around the key's placeholder.
  const placeholder = /(?:^|key\/)\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}$/.exec(attr.value)?.[1];
  const byPlaceholder = placeholder ? index.keyById.get(placeholder) : undefined;
  if (byPlaceholder) return { state: 'linked', entity: byPlaceholder, via: 'reference' };
  const aliasName = /(?:^|:)(alias\/.+)$/.exec(attr.value)?.[1];
  const viaAlias = aliasName ? aliases.get(aliasName) : undefined;
  if (viaAlias) return { state: 'linked', entity: viaAlias, via: 'alias' };
  return { state: 'unresolved', reason: `key ${attr.value} is not declared in this template`, loc: attr.loc };
}
