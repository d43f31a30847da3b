// Module → Scene: one entity per resource block, trails linked to their bucket and key (rules.md §2.1).
import type {
  AdvancedEventSelector, Aggregator, Attr, Bucket, EventDataStore, EventSelector, Key, Link, Loc, OrgPolicy, Recorder, Scene, Trail,
} from '../../model';
import { emptyScene } from '../../model';
import type { Block } from './ast';
import { BlockReader } from './attrs';
import { adaptBuckets, bucketCandidates, unavailableBucket } from './bucket';
import type { Evaluator } from './evaluate';
import { blockTarget } from './insert';
import type { Candidate } from './link';
import { candidatePosition, linkTo } from './link';
import { readPolicy } from './policies';
import { applySatellite } from './registryBucketModule';
import { adaptRegistryModules } from './registryModules';

export function adaptModule(ev: Evaluator): Scene {
  const scene = emptyScene();
  const bucketCands = bucketCandidates(ev);
  scene.buckets = adaptBuckets(ev, bucketCands);
  const keyCands = keyCandidates(ev);
  scene.keys = adaptKeys(ev, keyCands);
  for (const block of ev.resourceList) {
    const type = block.labels[0];
    if (type === 'aws_cloudtrail') scene.trails.push(adaptTrail(ev, block, bucketCands, scene.buckets, keyCands, scene.keys));
    else if (type === 'aws_cloudtrail_event_data_store') scene.eventDataStores.push(adaptEventDataStore(ev, block));
    else if (type === 'aws_config_configuration_aggregator') scene.aggregators.push(adaptAggregator(ev, block));
    else if (type === 'aws_organizations_policy') scene.orgPolicies.push(adaptOrgPolicy(ev, block));
  }
  scene.recorders = adaptRecorders(ev);
  adaptRegistryModules(ev, scene);
  adaptChildModules(ev, scene);
  if (!ev.parent) linkAcrossModules(ev, scene);
  return scene;
}

// ---------------------------------------------------------------------------------------------------------------
// Child modules: their entities join the scene with `module.x.` ids and the calling `module` block as related
// information; trails link to buckets and keys across modules by following references through variables and
// outputs; satellite resources configure the buckets a module built.

/** What a trail's bucket and key attributes referred to, and in which module, for linking across modules. */
const trailRefs = new WeakMap<Trail, { ev: Evaluator; bucket?: Set<string>; key?: Set<string> }>();

type Entity = Scene[Exclude<keyof Scene, 'account'>][number];

function adaptChildModules(ev: Evaluator, scene: Scene): void {
  for (const [name, call] of ev.mod.moduleCalls) {
    const first = ev.childModule(name);
    if (!first || 'unavailable' in first) continue;
    const ex = ev.existence(call);
    // One evaluation per instance (`count`, `for_each`); an unknown count: the first, every check unknown.
    const instances = ex.state === 'known' ? ex.blocks : [call];
    for (const inst of instances) {
      const child = ev.childModule(name, inst);
      if (!child || 'unavailable' in child) continue;
      const childScene = adaptModule(child);
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

function linkAcrossModules(root: Evaluator, scene: Scene): void {
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

function base(ev: Evaluator, block: Block) {
  const file = ev.mod.files.get(block.file)!;
  return {
    id: ev.prefix + ev.addressOf(block),
    format: 'terraform' as const,
    // `count` / `for_each` unknown: whether it exists at all is unknown, so every check of it is.
    inaccessible: ev.existenceProblem(block),
    loc: ev.loc(block.file, block.headerSpan),
    extent: ev.loc(block.file, block.span),
    target: blockTarget(file, block),
  };
}

function adaptTrail(ev: Evaluator, block: Block, bucketCands: Candidate[], buckets: Bucket[], keyCands: KeyCandidate[], keys: Key[]): Trail {
  const r = new BlockReader(ev, block);
  const b = base(ev, block);
  const trail: Trail = {
    kind: 'trail',
    ...b,
    name: r.str('name'),
    logFileValidation: r.bool('enable_log_file_validation'),
    multiRegion: r.bool('is_multi_region_trail'),
    globalServiceEvents: r.bool('include_global_service_events'),
    logging: r.bool('enable_logging'),
    organization: r.bool('is_organization_trail'),
    kmsKeyId: r.str('kms_key_id'),
    cloudWatchLogGroupArn: r.str('cloud_watch_logs_group_arn'),
    cloudWatchLogsRoleArn: r.str('cloud_watch_logs_role_arn'),
    snsTopicName: r.str('sns_topic_name'),
    insightSelectors: insightSelectors(r),
    s3BucketName: r.str('s3_bucket_name'),
    s3KeyPrefix: r.str('s3_key_prefix'),
    eventSelectors: eventSelectors(r),
    advancedEventSelectors: advancedEventSelectors(r),
    bucket: { state: 'absent' },
    key: { state: 'absent' },
  };
  const ref = { kind: 'trail' as const, id: b.id, loc: b.loc };
  trailRefs.set(trail, { ev, bucket: r.raw('s3_bucket_name')?.refs, key: r.raw('kms_key_id')?.refs });

  const bucketAttr = r.raw('s3_bucket_name');
  if (bucketAttr) {
    const link = linkTo(bucketAttr, bucketCands, 'bucket');
    if (link.state === 'linked') {
      const bucket = buckets[candidatePosition(bucketCands, link.candidate)];
      trail.bucket = { state: 'linked', entity: bucket, via: link.via };
      bucket.trails.push(ref);
    } else {
      trail.bucket = { state: 'unresolved', reason: link.reason, loc: ev.loc(block.file, bucketAttr.attr.span) };
    }
  }

  const keyAttr = r.raw('kms_key_id');
  if (keyAttr) {
    const link = linkKey(ev, keyAttr, keyCands, keys);
    trail.key = link.state === 'unresolved' ? { ...link, loc: ev.loc(block.file, keyAttr.attr.span) } : link;
    if (link.state === 'linked') link.entity.trails.push(ref);
  }
  return trail;
}

function insightSelectors(r: BlockReader): Attr<string[]> {
  const dyn = r.dynamicOf('insight_selector');
  if (dyn) return { state: 'unresolved', reason: dyn, loc: r.loc(r.block.headerSpan) };
  const blocks = r.children('insight_selector');
  if (!blocks.length) return { state: 'absent' };
  const out: string[] = [];
  for (const s of blocks) {
    const t = s.str('insight_type');
    if (t.state === 'unresolved') return t;
    if (t.state === 'known') out.push(t.value);
  }
  return { state: 'known', value: out, loc: blocks[0].loc(blocks[0].block.span), format: 'terraform' };
}

function eventSelectors(r: BlockReader): EventSelector[] | { unresolved: string } {
  const dyn = r.dynamicOf('event_selector');
  if (dyn) return { unresolved: dyn };
  return r.children('event_selector').map((s) => {
    const sel: EventSelector = {
      loc: s.loc(s.block.span),
      readWriteType: s.str('read_write_type'),
      includeManagementEvents: s.bool('include_management_events'),
      excludeManagementEventSources: s.strList('exclude_management_event_sources'),
      dataResources: s.children('data_resource').map((d) => ({ type: d.str('type'), values: d.strList('values'), loc: d.loc(d.block.span) })),
    };
    return sel;
  });
}

function advancedEventSelectors(r: BlockReader): AdvancedEventSelector[] | { unresolved: string } {
  const dyn = r.dynamicOf('advanced_event_selector');
  if (dyn) return { unresolved: dyn };
  return r.children('advanced_event_selector').map((s) => {
    const name = s.str('name');
    const sel: AdvancedEventSelector = { loc: s.loc(s.block.span), name: name.state === 'known' ? name.value : undefined, fieldSelectors: [] };
    const dynField = s.dynamicOf('field_selector');
    if (dynField) sel.unresolved = dynField;
    for (const f of s.children('field_selector')) {
      const field = f.str('field');
      if (field.state !== 'known') {
        sel.unresolved ??= field.state === 'unresolved' ? field.reason : 'a `field_selector` has no `field`';
        continue;
      }
      const fs: AdvancedEventSelector['fieldSelectors'][number] = { field: field.value, loc: f.loc(f.block.span) };
      for (const [tf, key] of [['equals', 'equals'], ['not_equals', 'notEquals'], ['starts_with', 'startsWith'], ['not_starts_with', 'notStartsWith'], ['ends_with', 'endsWith'], ['not_ends_with', 'notEndsWith']] as const) {
        const v = f.strList(tf);
        if (v.state === 'known') fs[key] = v.value;
        else if (v.state === 'unresolved') sel.unresolved ??= v.reason;
      }
      sel.fieldSelectors.push(fs);
    }
    return sel;
  });
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

// ---------------------------------------------------------------------------------------------------------------
// Keys.

interface KeyCandidate { block: Block; addr: string }

function keyCandidates(ev: Evaluator): KeyCandidate[] {
  return ev.resourceList.filter((b) => b.labels[0] === 'aws_kms_key').map((block) => ({ block, addr: ev.addressOf(block) }));
}

/** Key candidates' positions by address (first wins), once per list: a scan per trail was trails × keys. */
const keyAddrIndexes = new WeakMap<KeyCandidate[], Map<string, number>>();

function firstKeyByAddr(cands: KeyCandidate[], refs: Set<string>): number | undefined {
  let byAddr = keyAddrIndexes.get(cands);
  if (!byAddr) {
    byAddr = new Map();
    for (let i = cands.length - 1; i >= 0; i--) byAddr.set(cands[i].addr, i);
    keyAddrIndexes.set(cands, byAddr);
  }
  let best: number | undefined;
  for (const r of refs) {
    const i = byAddr.get(r);
    if (i !== undefined && (best === undefined || i < best)) best = i;
  }
  return best;
}

/** The key an alias / key policy / trail points at, by reference to `aws_kms_key.X` (directly or via an alias). */
function keyByRefs(ev: Evaluator, refs: Set<string>, cands: KeyCandidate[], hops = 0): { index: number; via: 'reference' | 'alias' } | undefined {
  const direct = firstKeyByAddr(cands, refs);
  if (direct !== undefined) return { index: direct, via: 'reference' };
  if (hops > 2) return undefined;
  for (const r of refs) {
    if (!r.startsWith('aws_kms_alias.')) continue;
    const alias = ev.blockAt(r);
    const target = alias && ev.attr(alias, 'target_key_id');
    const found = target && keyByRefs(ev, target.refs, cands, hops + 1);
    if (found) return { index: found.index, via: 'alias' };
  }
  return undefined;
}

function linkKey(ev: Evaluator, got: NonNullable<ReturnType<BlockReader['raw']>>, cands: KeyCandidate[], keys: Key[]): Link<Key> {
  const byRef = keyByRefs(ev, got.refs, cands);
  if (byRef) return { state: 'linked', entity: keys[byRef.index], via: byRef.via };
  const v = got.value;
  if (v.t === 'str') {
    const byAlias = keys.findIndex((k) => k.aliases.includes(v.v) || k.aliases.some((a) => v.v.endsWith(`:${a}`)));
    if (byAlias >= 0) return { state: 'linked', entity: keys[byAlias], via: 'alias' };
    return { state: 'unresolved', reason: `the key \`${v.v}\` is not declared in this module` };
  }
  if (v.t === 'unresolved') return { state: 'unresolved', reason: v.reason };
  return { state: 'unresolved', reason: '`kms_key_id` is not a key id or ARN' };
}

function adaptKeys(ev: Evaluator, cands: KeyCandidate[]): Key[] {
  const keys = cands.map(({ block }) => {
    const r = new BlockReader(ev, block);
    const spec = r.has('customer_master_key_spec') ? r.str('customer_master_key_spec') : r.str('key_spec');
    const key: Key = {
      kind: 'key',
      ...base(ev, block),
      enabled: r.bool('is_enabled'),
      keyState: { state: 'absent' },
      keySpec: spec,
      keyUsage: r.str('key_usage'),
      keyManager: { state: 'absent' },
      rotation: r.bool('enable_key_rotation'),
      policy: readPolicy(ev, block, 'policy'),
      trails: [],
      aliases: [],
    };
    return key;
  });
  for (const block of ev.resourceList) {
    const type = block.labels[0];
    if (type === 'aws_kms_alias') {
      const target = ev.attr(block, 'target_key_id');
      const found = target && keyByRefs(ev, target.refs, cands);
      const name = ev.attr(block, 'name');
      if (found && name?.value.t === 'str') keys[found.index].aliases.push(name.value.v);
    } else if (type === 'aws_kms_key_policy') {
      const target = ev.attr(block, 'key_id');
      const found = target && keyByRefs(ev, target.refs, cands);
      // The separate policy resource replaces the key's inline policy (the provider applies the last one).
      if (found) keys[found.index].policy = readPolicy(ev, block, 'policy');
    }
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------------------------
// AWS Config, CloudTrail Lake, Organizations.

function adaptRecorders(ev: Evaluator): Recorder[] {
  const blocks = ev.resourceList.filter((b) => b.labels[0] === 'aws_config_configuration_recorder');
  const cands: Candidate[] = blocks.map((block) => {
    const got = ev.attr(block, 'name');
    return {
      block, addr: ev.addressOf(block),
      name: got?.value.t === 'str' ? got.value.v : got ? undefined : 'default',
      nameVars: new Set([...(got?.refs ?? [])].filter((r) => r.startsWith('var.') || r.startsWith('local.'))),
    };
  });
  const recorders = blocks.map((block) => {
    const r = new BlockReader(ev, block);
    const group = r.child('recording_group');
    const strategy = group?.child('recording_strategy');
    const rec: Recorder = {
      kind: 'recorder',
      ...base(ev, block),
      name: r.str('name'),
      allSupported: group ? group.bool('all_supported') : { state: 'absent' },
      includeGlobalResourceTypes: group ? group.bool('include_global_resource_types') : { state: 'absent' },
      recordingStrategy: strategy ? strategy.str('use_only') : { state: 'absent' },
      roleArn: r.str('role_arn'),
      recordingGroupTarget: group ? blockTarget(ev.mod.files.get(group.file)!, group.block) : undefined,
      isEnabled: { state: 'absent' },
    };
    return rec;
  });
  for (const block of ev.resourceList) {
    if (block.labels[0] !== 'aws_config_configuration_recorder_status') continue;
    const got = ev.attr(block, 'name');
    if (!got) continue;
    const link = linkTo(got, cands, 'recorder');
    if (link.state !== 'linked') continue;
    const rec = recorders[cands.indexOf(link.candidate)];
    if (rec.statusLoc) continue;
    rec.isEnabled = new BlockReader(ev, block).bool('is_enabled');
    rec.statusLoc = ev.loc(block.file, block.headerSpan);
  }
  return recorders;
}

function adaptEventDataStore(ev: Evaluator, block: Block): EventDataStore {
  return { kind: 'eventDataStore', ...base(ev, block), kmsKeyId: new BlockReader(ev, block).str('kms_key_id') };
}

function adaptAggregator(ev: Evaluator, block: Block): Aggregator {
  const r = new BlockReader(ev, block);
  const source = r.child('account_aggregation_source') ?? r.child('organization_aggregation_source');
  return { kind: 'aggregator', ...base(ev, block), allRegions: source ? source.bool('all_regions') : { state: 'absent' } };
}

function adaptOrgPolicy(ev: Evaluator, block: Block): OrgPolicy {
  const r = new BlockReader(ev, block);
  const type = r.str('type');
  return {
    kind: 'orgPolicy',
    ...base(ev, block),
    // The provider defaults `type` to SERVICE_CONTROL_POLICY.
    policyType: type.state === 'absent' ? { state: 'known', value: 'SERVICE_CONTROL_POLICY', loc: ev.loc(block.file, block.headerSpan), format: 'terraform' } : type,
    policy: readPolicy(ev, block, 'content'),
  };
}
