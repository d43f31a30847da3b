// Child modules in the scene: their entities join it with `module.x.` ids and the calling `module` block as
// related information; trails link to buckets and keys across modules by following references through variables
// and outputs; satellite resources configure the buckets a module built.
import type { Bucket, Key, Loc, Scene, Trail } from '../../model';
import { unavailableBucket } from './bucket';
import { adaptChild } from './childCache';
import type { Evaluator } from './evaluate';
import { applySatellite } from './registryBucketModule';

/** What a trail's bucket and key attributes referred to, and in which module, for linking across modules. */
export const trailRefs = new WeakMap<Trail, { ev: Evaluator; bucket?: Set<string>; key?: Set<string> }>();

type Entity = Scene[Exclude<keyof Scene, 'account'>][number];

/** Adds the entities of every loaded child module instance (adapted with `adapt`) to `scene`. */
export function adaptChildModules(ev: Evaluator, scene: Scene, adapt: (child: Evaluator) => Scene): void {
  for (const [name, call] of ev.mod.moduleCalls) {
    const first = ev.childModule(name);
    if (!first || 'unavailable' in first) continue;
    const ex = ev.existence(call);
    // One evaluation per instance (`count`, `for_each`); an unknown count: the first, every check unknown.
    const instances = ex.state === 'known' ? ex.blocks : [call];
    for (const inst of instances) {
      const child = ev.childModule(name, inst);
      if (!child || 'unavailable' in child) continue;
      // Reused from the last keystroke when nothing the child read changed (editor path; childCache.ts).
      const childScene = adaptChild(child, adapt);
      const source = ev.tree?.calls.get(name)?.source ?? '';
      const label = child.prefix.slice(ev.prefix.length, -1);
      const via = { message: `created by \`${label === `module.${name}` ? `module "${name}"` : label}\` (source \`${source}\`)`, loc: ev.loc(call.file, call.headerSpan) };
      const all: Entity[] = [
        ...childScene.trails, ...childScene.buckets, ...childScene.keys, ...childScene.recorders,
        ...childScene.eventDataStores, ...childScene.aggregators, ...childScene.orgPolicies,
      ];
      for (const entity of all) {
        entity.via = [via, ...(entity.via ?? [])];
        if (ex.state === 'unknown') entity.inaccessible ??= ex.reason;
      }
      scene.trails.push(...childScene.trails);
      scene.buckets.push(...childScene.buckets);
      scene.keys.push(...childScene.keys);
      scene.recorders.push(...childScene.recorders);
      scene.eventDataStores.push(...childScene.eventDataStores);
      scene.aggregators.push(...childScene.aggregators);
      scene.orgPolicies.push(...childScene.orgPolicies);
    }
  }
}

/** Every evaluator of the tree that has been adapted (the root and its loaded children, depth first). */
function evaluators(ev: Evaluator, out: Evaluator[] = []): Evaluator[] {
  out.push(ev);
  for (const [name, call] of ev.mod.moduleCalls) {
    const ex = ev.existence(call);
    for (const inst of ex.state === 'known' ? ex.blocks : [call]) {
      const child = ev.childModule(name, inst);
      if (child && !('unavailable' in child)) evaluators(child, out);
    }
  }
  return out;
}

/** In the root module: links trails to buckets and keys built in other modules, and applies satellites to them. */
export function linkAcrossModules(root: Evaluator, scene: Scene): void {
  if (!root.mod.moduleCalls.size) return;
  // Placeholders for unavailable modules are added below; the maps hold the evaluated entities.
  const buckets = new Map(scene.buckets.map((b) => [b.id, b]));
  const keys = new Map(scene.keys.map((k) => [k.id, k]));
  const find = <T>(refs: Set<string>, byId: Map<string, T>): T | undefined => {
    for (const r of refs) {
      const hit = byId.get(r);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const ev of evaluators(root)) {
    for (const { block, type } of ev.moduleSatellites) {
      const got = ev.attr(block, 'bucket');
      const bucket = got && find(ev.globalRefs(got.refs), buckets);
      if (bucket) applySatellite(ev, bucket, type as Parameters<typeof applySatellite>[2], block);
    }
  }
  const placeholders = new Map<string, Bucket | Key>();
  for (const trail of scene.trails) {
    const info = trailRefs.get(trail);
    if (!info) continue;
    const ref = { kind: 'trail' as const, id: trail.id, loc: trail.loc };
    linkUnavailable(info.ev, trail, ref, info, scene, placeholders);
    if (trail.bucket.state !== 'linked' && info.bucket) {
      const refs = info.ev.globalRefs(info.bucket);
      const name = trail.s3BucketName.state === 'known' ? trail.s3BucketName.value : undefined;
      const bucket = find(refs, buckets) ?? (name !== undefined ? scene.buckets.find((b) => b.name.state === 'known' && b.name.value === name) : undefined);
      if (bucket) {
        trail.bucket = { state: 'linked', entity: bucket, via: find(refs, buckets) ? 'reference' : 'name' };
        bucket.trails.push(ref);
      }
    }
    if (trail.key.state !== 'linked' && info.key) {
      const refs = info.ev.globalRefs(info.key);
      const id = trail.kmsKeyId.state === 'known' ? trail.kmsKeyId.value : undefined;
      const key = find(refs, keys) ?? (id !== undefined ? scene.keys.find((k) => k.aliases.includes(id) || k.aliases.some((a) => id.endsWith(`:${a}`))) : undefined);
      if (key) {
        trail.key = { state: 'linked', entity: key, via: find(refs, keys) ? 'reference' : 'alias' };
        key.trails.push(ref);
      }
    }
  }
}

/**
 * A trail whose bucket or key is built by a module that is not available (not downloaded, folder missing): the
 * bucket / key is an entity that every rule reports unknown, with the reason and what to do, at the call.
 */
function linkUnavailable(ev: Evaluator, trail: Trail, ref: { kind: 'trail'; id: string; loc?: Loc }, info: { bucket?: Set<string>; key?: Set<string> }, scene: Scene, placeholders: Map<string, Bucket | Key>): void {
  const unavailable = (refs: Set<string> | undefined) => {
    for (const r of refs ?? []) {
      if (!r.startsWith('module.')) continue;
      const name = r.split('.')[1];
      const child = ev.childModule(name);
      const call = ev.mod.moduleCalls.get(name);
      if (child && 'unavailable' in child && call) return { id: `${ev.prefix}module.${name}`, reason: child.unavailable, call };
    }
    return undefined;
  };
  const b = trail.bucket.state !== 'linked' ? unavailable(info.bucket) : undefined;
  if (b) {
    let bucket = placeholders.get(`b:${b.id}`) as Bucket | undefined;
    if (!bucket) {
      bucket = unavailableBucket(b.id, ev.loc(b.call.file, b.call.headerSpan), ev.loc(b.call.file, b.call.span), b.reason);
      placeholders.set(`b:${b.id}`, bucket);
      scene.buckets.push(bucket);
    }
    trail.bucket = { state: 'linked', entity: bucket, via: 'reference' };
    bucket.trails.push(ref);
  }
  const k = trail.key.state !== 'linked' ? unavailable(info.key) : undefined;
  if (k) {
    let key = placeholders.get(`k:${k.id}`) as Key | undefined;
    if (!key) {
      const un = { state: 'unresolved' as const, reason: k.reason };
      key = {
        kind: 'key', id: k.id, format: 'terraform', loc: ev.loc(k.call.file, k.call.headerSpan), extent: ev.loc(k.call.file, k.call.span),
        inaccessible: k.reason, enabled: un, keyState: un, keySpec: un, keyUsage: un, keyManager: un, rotation: un,
        policy: { state: 'unresolved', reason: k.reason, statements: [] }, trails: [], aliases: [],
      };
      placeholders.set(`k:${k.id}`, key);
      scene.keys.push(key);
    }
    trail.key = { state: 'linked', entity: key, via: 'reference' };
    key.trails.push(ref);
  }
}
