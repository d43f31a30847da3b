// terraform-aws-modules/s3-bucket/aws → a Bucket, and the satellite resources that configure a module's bucket.
import type { Attr, Bucket, LValue, LifecycleRule, Loc, PolicyDoc, PublicAccessBlock, Statement } from '../../model';
import { normalizePolicy, normalizeStatement } from '../../policy/normalize';
import type { Block } from './ast';
import { BlockReader } from './attrs';
import type { Evaluator } from './evaluate';
import { blockTarget } from './insert';
import { readPolicy } from './policies';
import { atLeast, type RegistryCall, type Version } from './registryModuleCalls';
import { asBool, asNum, asStr, attrOf, defaulted, derivedAttr, mapOfBlock, mapOfValue, ModuleInputs, switchState, type MapInput, type Slot } from './registryModuleInputs';
import { dict } from '../../dict';

/** The first bucket-module release whose four Public Access Block flags default to true (v3.9.0, April 2023). */
const PAB_DEFAULT_TRUE_SINCE: Version = [3, 9, 0];

export function adaptBucketModule(ev: Evaluator, call: RegistryCall): Bucket | undefined {
  const inputs = new ModuleInputs(ev, call.block);
  const header = inputs.header;
  const id = `module.${call.name}`;
  // `create_bucket = false` creates nothing.
  const create = attrOf(inputs.get('create_bucket'), asBool, 'a boolean');
  if (create.state === 'known' && !create.value) return undefined;

  const name: Attr<string> = inputs.get('bucket')
    ? attrOf(inputs.get('bucket'), asStr, 'a string')
    : inputs.get('bucket_prefix')
      ? { state: 'unresolved', reason: `\`${id}\` creates the bucket with a generated name (\`bucket_prefix\`)`, loc: inputs.get('bucket_prefix')!.loc }
      : { state: 'absent' };

  // Versioning: `enabled` or `status`, and `mfa_delete`; the module writes no versioning without a status.
  const versioningMap = inputs.map('versioning');
  let versioning: Attr<string> = { state: 'absent' };
  let mfaDelete: Attr<string> = { state: 'absent' };
  if (versioningMap) {
    const enabled = versioningMap.get('enabled');
    versioning = enabled
      ? derivedAttr(attrOf(enabled, asBool, 'a boolean'), (on) => (on ? 'Enabled' : 'Suspended'), '`enabled`')
      : derivedAttr(attrOf(versioningMap.get('status'), (v) => v, 'a value'), (v) => switchState(v, 'Enabled', 'Suspended'), '`status`');
    mfaDelete = derivedAttr(attrOf(versioningMap.get('mfa_delete'), (v) => v, 'a value'), (v) => switchState(v, 'Enabled', 'Disabled'), '`mfa_delete`');
  }

  // Object Lock.
  const objectLockEnabled = attrOf(inputs.get('object_lock_enabled'), asBool, 'a boolean');
  const retention = inputs.map('object_lock_configuration')?.map('rule')?.map('default_retention');
  const objectLockMode = attrOf(retention?.get('mode'), asStr, 'a string');
  const objectLockDays = attrOf(retention?.get('days'), asNum, 'a number');
  const objectLockYears = attrOf(retention?.get('years'), asNum, 'a number');

  // Public Access Block: created unless `attach_public_policy = false`; flags default by module version.
  const attachPab = attrOf(inputs.get('attach_public_policy'), asBool, 'a boolean');
  let publicAccessBlock: Bucket['publicAccessBlock'];
  if (attachPab.state === 'known' && !attachPab.value) publicAccessBlock = { state: 'absent' };
  else if (attachPab.state === 'unresolved') publicAccessBlock = { state: 'unresolved', reason: attachPab.reason };
  else {
    const flag = (input: string): Attr<boolean> => {
      const set = attrOf(inputs.get(input), asBool, 'a boolean');
      if (set.state !== 'absent') return set;
      if (call.version === undefined) {
        return { state: 'unresolved', reason: `the default of \`${input}\` depends on the version of \`${id}\`, which is not pinned to a known release`, loc: header };
      }
      const defaultsTrue = call.version === 'latest' || atLeast(call.version, PAB_DEFAULT_TRUE_SINCE);
      return defaultsTrue ? defaulted(true, header) : { state: 'absent' };
    };
    const pab: PublicAccessBlock = {
      loc: header,
      target: blockTarget(ev.mod.files.get(call.block.file)!, call.block),
      blockPublicAcls: flag('block_public_acls'),
      blockPublicPolicy: flag('block_public_policy'),
      ignorePublicAcls: flag('ignore_public_acls'),
      restrictPublicBuckets: flag('restrict_public_buckets'),
    };
    publicAccessBlock = pab;
  }

  // ACL and grants (`grant = [{ type, permission, uri | id | email }]`).
  const acl = attrOf(inputs.get('acl'), asStr, 'a string');
  const aclGrantees = grantees(inputs.get('grant'));

  const loggingTargetBucket = attrOf(inputs.map('logging')?.get('target_bucket'), asStr, 'a string');

  const { lifecycleRules, hasLifecycle } = lifecycle(ev, inputs);

  const byDefault = inputs.map('server_side_encryption_configuration')?.map('rule')?.map('apply_server_side_encryption_by_default');
  const sseAlgorithm = attrOf(byDefault?.get('sse_algorithm'), asStr, 'a string');
  const sseKmsKeyId = attrOf(byDefault?.get('kms_master_key_id'), asStr, 'a string');

  return {
    kind: 'bucket',
    id,
    format: 'terraform',
    loc: header,
    extent: ev.loc(call.block.file, call.block.span),
    // No insertion point: a missing resource argument is not always an input of the module under the same name.
    name,
    objectLockEnabled,
    objectLockMode,
    objectLockDays,
    objectLockYears,
    objectLockLoc: retention?.loc,
    versioning,
    mfaDelete,
    publicAccessBlock,
    acl,
    aclGrantees,
    loggingTargetBucket,
    lifecycleRules,
    hasLifecycle,
    sseAlgorithm,
    sseKmsKeyId,
    policy: bucketPolicy(ev, inputs, name, id),
    tags: attrOf(inputs.get('tags'), stringMap, 'a map of strings'),
    trails: [],
  };
}

function stringMap(v: LValue): Record<string, string> | undefined {
  if (v.t !== 'obj') return undefined;
  const out = dict<string>();
  for (const p of v.props) {
    const s = asStr(p.value);
    if (s === undefined) return undefined;
    out[p.key] = s;
  }
  return out;
}

function grantees(slot: Slot | undefined): Attr<string[]> {
  return attrOf(slot, (v) => {
    if (v.t !== 'arr') return undefined;
    const ids: string[] = [];
    for (const g of v.items) {
      if (g.t !== 'obj') return undefined;
      for (const key of ['uri', 'id', 'email']) {
        const p = g.props.find((x) => x.key === key);
        if (!p || p.value.t === 'null') continue;
        const s = asStr(p.value);
        if (s === undefined) return undefined;
        ids.push(s);
      }
    }
    return ids;
  }, 'a list of grants');
}

function lifecycle(ev: Evaluator, inputs: ModuleInputs): Pick<Bucket, 'lifecycleRules' | 'hasLifecycle'> {
  const slot = inputs.get('lifecycle_rule');
  if (slot) {
    if (slot.value.t === 'null') return { lifecycleRules: [], hasLifecycle: { state: 'absent' } };
    if (slot.value.t === 'unresolved') return { lifecycleRules: { unresolved: slot.value.reason }, hasLifecycle: { state: 'unresolved', reason: slot.value.reason, loc: slot.loc } };
    if (slot.value.t !== 'arr') {
      const reason = '`lifecycle_rule` is not a list of rules';
      return { lifecycleRules: { unresolved: reason }, hasLifecycle: { state: 'unresolved', reason, loc: slot.loc } };
    }
    const rules = slot.value.items.map((item) => lifecycleRule(mapOfValue(item, item.loc ?? slot.loc, 'lifecycle_rule')));
    return { lifecycleRules: rules, hasLifecycle: rules.length ? { state: 'known', value: true, loc: slot.loc, format: 'terraform' } : { state: 'absent' } };
  }
  const blocks = inputs.blocks('lifecycle_rule');
  if (!blocks.length) return { lifecycleRules: [], hasLifecycle: { state: 'absent' } };
  const rules = blocks.map((b) => lifecycleRule(mapOfBlock(ev, b, inputs.block)));
  return { lifecycleRules: rules, hasLifecycle: { state: 'known', value: true, loc: ev.loc(blocks[0].file, blocks[0].headerSpan), format: 'terraform' } };
}

/** One rule of the module's `lifecycle_rule` list: `enabled` (v3 spelling) or `status`, `filter.prefix` or `prefix`. */
function lifecycleRule(rule: MapInput): LifecycleRule {
  const id = attrOf(rule.get('id'), asStr, 'a string');
  const enabledSlot = rule.get('enabled');
  const enabled: Attr<boolean> = enabledSlot
    ? attrOf(enabledSlot, asBool, 'a boolean')
    : derivedAttr(attrOf(rule.get('status'), asStr, 'a string'), (s) => s.toLowerCase() === 'enabled', '`status`');
  const filter = rule.map('filter');
  const prefix = filter?.get('prefix') ? attrOf(filter.get('prefix'), asStr, 'a string') : attrOf(rule.get('prefix'), asStr, 'a string');
  const noncurrent = rule.map('noncurrent_version_expiration');
  return {
    loc: rule.loc,
    id: id.state === 'known' ? id.value : undefined,
    // The module's rules are enabled unless told otherwise.
    enabled: enabled.state === 'absent' ? defaulted(true, rule.loc) : enabled,
    prefix,
    expirationDays: attrOf(rule.map('expiration')?.get('days'), asNum, 'a number'),
    noncurrentExpirationDays: attrOf(noncurrent?.get('days') ?? noncurrent?.get('noncurrent_days'), asNum, 'a number'),
  };
}

/**
 * The bucket policy the module attaches: `policy` only with `attach_policy = true` (the module ignores it
 * otherwise), plus the statements of the `attach_*_policy` switches that matter to the rules.
 */
function bucketPolicy(ev: Evaluator, inputs: ModuleInputs, name: Attr<string>, id: string): PolicyDoc {
  const attach = attrOf(inputs.get('attach_policy'), asBool, 'a boolean');
  if (attach.state === 'unresolved') return { state: 'unresolved', reason: attach.reason, loc: attach.loc, statements: [] };
  let doc: PolicyDoc = attach.state === 'known' && attach.value ? readPolicy(ev, inputs.block, 'policy') : normalizePolicy(undefined);
  if (doc.state === 'unresolved') return doc;

  const arn = name.state === 'known' ? `arn:aws:s3:::${name.value}` : `\${${id}.s3_bucket_arn}`;
  const switches: { input: string; statement: (loc: Loc) => LValue }[] = [
    { input: 'attach_deny_insecure_transport_policy', statement: (loc) => denyInsecureTransport(arn, loc) },
    { input: 'attach_access_log_delivery_policy', statement: (loc) => accessLogDelivery(arn, loc) },
  ];
  const added: Statement[] = [];
  for (const s of switches) {
    const on = attrOf(inputs.get(s.input), asBool, 'a boolean');
    if (on.state === 'unresolved') return { state: 'unresolved', reason: on.reason, loc: on.loc, statements: [] };
    if (on.state === 'known' && on.value) added.push(normalizeStatement(s.statement(on.loc!)));
  }
  const cloudtrail = attrOf(inputs.get('attach_cloudtrail_log_delivery_policy'), asBool, 'a boolean');
  if (cloudtrail.state !== 'absent' && !(cloudtrail.state === 'known' && !cloudtrail.value)) {
    return { state: 'unresolved', reason: `the CloudTrail statements that \`attach_cloudtrail_log_delivery_policy\` adds to \`${id}\` are not modelled`, loc: cloudtrail.loc, statements: [] };
  }
  if (!added.length) return doc;
  if (doc.state === 'absent') doc = { state: 'known', statements: [], loc: added[0].loc };
  // The module joins the documents into one policy: appending to the `policy` text alone would not show the whole.
  return { ...doc, statements: [...doc.statements, ...added], appendStatement: doc.appendStatement };
}

function lv(data: unknown, loc: Loc): LValue {
  if (typeof data === 'string') return { t: 'str', v: data, loc };
  if (Array.isArray(data)) return { t: 'arr', items: data.map((d) => lv(d, loc)), loc };
  const obj = data as Record<string, unknown>;
  return { t: 'obj', props: Object.entries(obj).map(([key, value]) => ({ key, value: lv(value, loc) })), loc };
}

/** The module's `denyInsecureTransport` statement. */
function denyInsecureTransport(arn: string, loc: Loc): LValue {
  return lv({
    Sid: 'denyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*',
    Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  }, loc);
}

/** The module's `AWSAccessLogDeliveryWrite` statement: S3 server access logs delivered by the logging service. */
function accessLogDelivery(arn: string, loc: Loc): LValue {
  return lv({
    Sid: 'AWSAccessLogDeliveryWrite', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject',
    Resource: `${arn}/*`,
  }, loc);
}

// ---------------------------------------------------------------------------------------------------------------
// Satellite resources configuring a module's bucket (`bucket = module.logs.s3_bucket_id`): the provider applies
// them after the module's own configuration, so they win, as satellites do over inline blocks (bucket.ts).

const SATELLITE_TYPES = [
  'aws_s3_bucket_policy', 'aws_s3_bucket_public_access_block', 'aws_s3_bucket_versioning', 'aws_s3_bucket_logging',
  'aws_s3_bucket_server_side_encryption_configuration',
] as const;

export function attachSatellites(ev: Evaluator, buckets: Map<string, Bucket>): void {
  const done = new Set<string>();
  for (const sat of ev.resourceList) {
    const type = sat.labels[0] as (typeof SATELLITE_TYPES)[number];
    if (!SATELLITE_TYPES.includes(type)) continue;
    const got = ev.attr(sat, 'bucket');
    const name = got && [...buckets.keys()].find((n) => got.refs.has(`module.${n}`));
    if (!name || done.has(`${name}|${type}`)) continue;
    done.add(`${name}|${type}`);
    applySatellite(ev, buckets.get(name)!, type, sat);
  }
}

export function applySatellite(ev: Evaluator, bucket: Bucket, type: (typeof SATELLITE_TYPES)[number], sat: Block): void {
  const r = new BlockReader(ev, sat);
  if (type === 'aws_s3_bucket_policy') {
    bucket.policy = readPolicy(ev, sat, 'policy');
  } else if (type === 'aws_s3_bucket_public_access_block') {
    bucket.publicAccessBlock = {
      loc: r.loc(sat.headerSpan),
      target: blockTarget(ev.mod.files.get(sat.file)!, sat),
      blockPublicAcls: r.bool('block_public_acls'),
      blockPublicPolicy: r.bool('block_public_policy'),
      ignorePublicAcls: r.bool('ignore_public_acls'),
      restrictPublicBuckets: r.bool('restrict_public_buckets'),
    };
  } else if (type === 'aws_s3_bucket_versioning') {
    const conf = r.child('versioning_configuration');
    bucket.versioning = conf ? conf.str('status') : { state: 'absent' };
    bucket.mfaDelete = conf ? conf.str('mfa_delete') : { state: 'absent' };
    bucket.versioningTarget = blockTarget(ev.mod.files.get(sat.file)!, conf?.block ?? sat);
  } else if (type === 'aws_s3_bucket_logging') {
    bucket.loggingTargetBucket = r.str('target_bucket');
  } else {
    const byDefault = r.child('rule')?.child('apply_server_side_encryption_by_default');
    bucket.sseAlgorithm = byDefault ? byDefault.str('sse_algorithm') : { state: 'absent' };
    bucket.sseKmsKeyId = byDefault ? byDefault.str('kms_master_key_id') : { state: 'absent' };
  }
}
