// Module → Scene: one entity per resource block, trails linked to their bucket and key (rules.md §2.1).
import type { AdvancedEventSelector, Aggregator, Attr, Bucket, EventDataStore, EventSelector, Key, OrgPolicy, Recorder, Scene, Trail } from '../../model';
import { emptyScene } from '../../model';
import type { Block } from './ast';
import { BlockReader, entityBase } from './attrs';
import { adaptBuckets, bucketCandidates } from './bucket';
import type { Evaluator } from './evaluate';
import { adaptKeys, keyCandidates, linkKey, type KeyCandidate } from './key';
import { blockTarget } from './insert';
import type { Candidate } from './link';
import { candidatePosition, linkTo } from './link';
import { adaptChildModules, linkAcrossModules, trailRefs } from './moduleScene';
import { readPolicy } from './policies';
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
  adaptChildModules(ev, scene, adaptModule);
  if (!ev.parent) linkAcrossModules(ev, scene);
  return scene;
}

function adaptTrail(ev: Evaluator, block: Block, bucketCands: Candidate[], buckets: Bucket[], keyCands: KeyCandidate[], keys: Key[]): Trail {
  const r = new BlockReader(ev, block);
  const b = entityBase(ev, block);
  const trail: Trail = {
    kind: 'trail',
    id: b.id,
    format: b.format,
    inaccessible: b.inaccessible,
    loc: b.loc,
    extent: b.extent,
    target: b.target,
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
    const b = entityBase(ev, block);
    const rec: Recorder = {
      kind: 'recorder',
      id: b.id, format: b.format, inaccessible: b.inaccessible, loc: b.loc, extent: b.extent, target: b.target,
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
  const b = entityBase(ev, block);
  return { kind: 'eventDataStore', id: b.id, format: b.format, inaccessible: b.inaccessible, loc: b.loc, extent: b.extent, target: b.target, kmsKeyId: new BlockReader(ev, block).str('kms_key_id') };
}

function adaptAggregator(ev: Evaluator, block: Block): Aggregator {
  const r = new BlockReader(ev, block);
  const source = r.child('account_aggregation_source') ?? r.child('organization_aggregation_source');
  const b = entityBase(ev, block);
  return { kind: 'aggregator', id: b.id, format: b.format, inaccessible: b.inaccessible, loc: b.loc, extent: b.extent, target: b.target, allRegions: source ? source.bool('all_regions') : { state: 'absent' } };
}

function adaptOrgPolicy(ev: Evaluator, block: Block): OrgPolicy {
  const r = new BlockReader(ev, block);
  const type = r.str('type');
  const b = entityBase(ev, block);
  return {
    kind: 'orgPolicy',
    id: b.id, format: b.format, inaccessible: b.inaccessible, loc: b.loc, extent: b.extent, target: b.target,
    // The provider defaults `type` to SERVICE_CONTROL_POLICY.
    policyType: type.state === 'absent' ? { state: 'known', value: 'SERVICE_CONTROL_POLICY', loc: ev.loc(block.file, block.headerSpan), format: 'terraform' } : type,
    policy: readPolicy(ev, block, 'content'),
  };
}
