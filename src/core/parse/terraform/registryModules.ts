// Calls of a few well-known registry modules → entities. `module "logs" { source = "terraform-aws-modules/s3-bucket/aws" }`
// creates one bucket whose settings are the call's inputs, so the bucket is adapted from those inputs, with the
// module defaults of the pinned version, and every attribute points at its input (the header is the module block
// header). Other module calls stay unevaluated (rules.md §2.4). KICS maps the inputs of the same modules
// (`common_lib.get_module_equivalent_key`); unlike KICS we apply the module's own logic where it changes the
// result: `policy` is attached only with `attach_policy = true`, and the Public Access Block flags default to true
// from v3.9.0 of the bucket module on.
import type { Bucket, Key, Scene } from '../../model';
import type { Evaluator } from './evaluate';
import { adaptBucketModule, attachSatellites } from './registryBucketModule';
import { registryCalls } from './registryModuleCalls';
import { adaptKeyModule } from './registryKmsModule';

/**
 * Adds the buckets and keys created by calls of known registry modules to `scene`, and links the trails whose
 * bucket or key is an output of such a call (`module.logs.s3_bucket_id`, `module.kms.key_arn`) or the bucket's name.
 */
export function adaptRegistryModules(ev: Evaluator, scene: Scene): void {
  // Idempotent: a scene that already holds these entities is left as it is.
  const present = new Set([...scene.buckets, ...scene.keys].map((e) => e.id));
  const calls = registryCalls(ev).filter((c) => !present.has(`module.${c.name}`));
  const buckets = new Map<string, Bucket>();
  const keys = new Map<string, Key>();
  for (const call of calls) {
    if (call.kind === 's3-bucket') {
      const bucket = adaptBucketModule(ev, call);
      if (!bucket) continue;
      buckets.set(call.name, bucket);
      scene.buckets.push(bucket);
    } else {
      const key = adaptKeyModule(ev, call);
      if (!key) continue;
      keys.set(call.name, key);
      scene.keys.push(key);
    }
  }
  if (buckets.size) attachSatellites(ev, buckets);
  if (buckets.size || keys.size) linkTrails(ev, scene, buckets, keys);
}

/**
 * `module.<name>` of every bucket-module call: a satellite resource whose `bucket` refers to one of these
 * configures that module's bucket, not some unknown bucket of the module.
 */
export function registryBucketRefs(ev: Evaluator): Set<string> {
  return new Set(registryCalls(ev).filter((c) => c.kind === 's3-bucket').map((c) => `module.${c.name}`));
}

// ---------------------------------------------------------------------------------------------------------------
// Trails whose bucket or key comes from one of these calls.

function linkTrails(ev: Evaluator, scene: Scene, buckets: Map<string, Bucket>, keys: Map<string, Key>): void {
  for (const trail of scene.trails) {
    const block = ev.blockAt(trail.id);
    if (!block) continue;
    const ref = { kind: 'trail' as const, id: trail.id, loc: trail.loc };
    if (trail.bucket.state !== 'linked') {
      const got = ev.attr(block, 's3_bucket_name');
      const byRef = got && [...buckets].find(([name]) => got.refs.has(`module.${name}`));
      const byName = !byRef && got?.value.t === 'str' ? [...buckets].find(([, b]) => b.name.state === 'known' && b.name.value === (got.value as { v: string }).v) : undefined;
      const found = byRef ?? byName;
      if (found) {
        trail.bucket = { state: 'linked', entity: found[1], via: byRef ? 'reference' : 'name' };
        found[1].trails.push(ref);
      }
    }
    if (trail.key.state !== 'linked') {
      const got = ev.attr(block, 'kms_key_id');
      const byRef = got && [...keys].find(([name]) => got.refs.has(`module.${name}`));
      const v = got?.value;
      const byAlias = !byRef && v?.t === 'str' ? [...keys].find(([, k]) => k.aliases.includes(v.v) || k.aliases.some((a) => v.v.endsWith(`:${a}`))) : undefined;
      const found = byRef ?? byAlias;
      if (found) {
        trail.key = { state: 'linked', entity: found[1], via: byRef ? 'reference' : 'alias' };
        found[1].trails.push(ref);
      }
    }
  }
}
