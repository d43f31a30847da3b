// Calls of a few well-known registry modules → entities. `module "logs" { source = "terraform-aws-modules/s3-bucket/aws" }`
// creates one bucket whose settings are the call's inputs, so the bucket is adapted from those inputs, with the
// module defaults of the pinned version, and every attribute points at its input (the header is the module block
// header). Other module calls stay unevaluated (rules.md §2.4). KICS maps the inputs of the same modules
// (`common_lib.get_module_equivalent_key`); unlike KICS we apply the module's own logic where it changes the
// result: `policy` is attached only with `attach_policy = true`, and the Public Access Block flags default to true
// from v3.9.0 of the bucket module on.
import type { Attr, Bucket, Key, LValue, LifecycleRule, Loc, PolicyDoc, PublicAccessBlock, Scene, Statement } from '../../model';
import { normalizePolicy, normalizeStatement } from '../../policy/normalize';
import type { Block } from './ast';
import { BlockReader } from './attrs';
import type { Evaluator } from './evaluate';
import { toNumber, truthy } from './evaluate';
import { blockTarget } from './insert';
import { isTfvars } from './module';
import { readPolicy } from './policies';

type ModuleKind = 's3-bucket' | 'kms';

const REGISTRY_SOURCE = /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/(s3-bucket|kms)\/aws$/i;
const GITHUB_SOURCE = /^(?:git::)?(?:https:\/\/|ssh:\/\/git@|git@)?github\.com[/:]terraform-aws-modules\/terraform-aws-(s3-bucket|kms)(?:\.git)?(?:\?ref=([^&]+))?$/i;

/** The first bucket-module release whose four Public Access Block flags default to true (v3.9.0, April 2023). */
const PAB_DEFAULT_TRUE_SINCE: Version = [3, 9, 0];

type Version = [number, number, number];

interface RegistryCall {
  block: Block;
  name: string;
  kind: ModuleKind;
  /** The release Terraform installs: exact, the newest a constraint allows, or undefined when that is not clear. */
  version: Version | 'latest' | undefined;
}

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

function registryCalls(ev: Evaluator): RegistryCall[] {
  const out: RegistryCall[] = [];
  const files = [...ev.mod.files.values()].filter((a) => !isTfvars(a.path)).sort((a, b) => a.path.localeCompare(b.path));
  const seen = new Set<string>();
  for (const ast of files) {
    for (const block of ast.blocks) {
      if (block.type !== 'module' || block.labels.length < 1 || seen.has(block.labels[0])) continue;
      seen.add(block.labels[0]);
      const source = ev.attr(block, 'source');
      if (source?.value.t !== 'str') continue;
      const src = source.value.v.trim();
      const registry = REGISTRY_SOURCE.exec(src);
      const github = registry ? undefined : GITHUB_SOURCE.exec(src);
      const kind = (registry?.[1] ?? github?.[1])?.toLowerCase() as ModuleKind | undefined;
      if (!kind) continue;
      let version: RegistryCall['version'];
      if (github) {
        version = github[2] ? exactVersion(github[2]) : 'latest';
      } else {
        const v = ev.attr(block, 'version');
        version = !v ? 'latest' : v.value.t === 'str' ? installedVersion(v.value.v) : undefined;
      }
      out.push({ block, name: block.labels[0], kind, version });
    }
  }
  return out;
}

function exactVersion(text: string): Version | undefined {
  const m = /^\s*=?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(text);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

/**
 * The release a `version` constraint installs: `3.7.0` exactly, `~> 3.7.0` some 3.7.x, `~> 3.7` the newest 3.x,
 * `>= 3.0` the newest. The patch level of a `~>` range is unknown, so it is taken as 0 (none of our thresholds
 * sits on a patch release). Anything more complex is undefined.
 */
function installedVersion(constraint: string): RegistryCall['version'] {
  const c = constraint.trim();
  if (/^>=?\s*v?\d/.test(c) && !c.includes(',')) return 'latest';
  const pessimistic = /^~>\s*v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(c);
  if (pessimistic) {
    const [major, minor, patch] = [Number(pessimistic[1]), Number(pessimistic[2]), pessimistic[3]];
    // `~> 3.7` allows every 3.x from 3.7 on: Terraform installs the newest, which is past any 3.x threshold.
    return patch === undefined ? [major, Number.MAX_SAFE_INTEGER, 0] : [major, minor, 0];
  }
  return exactVersion(c);
}

function atLeast(v: Version, min: Version): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading inputs. Map inputs (`versioning = { enabled = true }`) are read key by key; the block spelling
// (`versioning { enabled = true }`) is rejected by Terraform in a module call, but its intent is plain, so it is
// read the same way rather than ignored.

/** One input value with where it is written: the `key = value` range, and the value range when it is in the call. */
interface Slot { name: string; value: LValue; loc: Loc; valueLoc?: Loc }

interface MapInput {
  get(key: string): Slot | undefined;
  map(key: string): MapInput | undefined;
  loc: Loc;
  /** Set when the map itself could not be evaluated: every key reads as unresolved with this reason. */
  unresolved?: string;
}

class ModuleInputs {
  constructor(readonly ev: Evaluator, readonly block: Block) {}

  get header(): Loc {
    return this.ev.loc(this.block.file, this.block.headerSpan);
  }

  get(name: string): Slot | undefined {
    const got = this.ev.attr(this.block, name);
    if (!got) return undefined;
    return { name, value: got.value, loc: this.ev.loc(this.block.file, got.attr.span), valueLoc: this.ev.loc(this.block.file, got.attr.expr.span) };
  }

  map(name: string): MapInput | undefined {
    const slot = this.get(name);
    if (slot) return slot.value.t === 'null' ? undefined : mapOfValue(slot.value, slot.loc, slot.name);
    const nested = this.block.blocks.find((b) => b.type === name);
    return nested ? mapOfBlock(this.ev, nested, this.block) : undefined;
  }

  /** Every nested block of that type (the block spelling of a list-of-maps input such as `lifecycle_rule`). */
  blocks(type: string): Block[] {
    return this.block.blocks.filter((b) => b.type === type);
  }
}

function mapOfValue(value: LValue, loc: Loc, name: string): MapInput {
  if (value.t === 'unresolved') return { loc, unresolved: value.reason, get: (key) => ({ name: key, value, loc }), map: () => undefined };
  if (value.t !== 'obj') {
    const reason = `\`${name}\` is not a map`;
    return { loc, unresolved: reason, get: (key) => ({ name: key, value: { t: 'unresolved', reason }, loc }), map: () => undefined };
  }
  const find = (key: string) => value.props.find((p) => p.key === key);
  const slotOf = (key: string): Slot | undefined => {
    const p = find(key);
    if (!p) return undefined;
    const keyLoc = p.keyLoc ?? loc;
    const inline = p.value.loc && p.value.loc.file === keyLoc.file && comesAfter(p.value.loc, keyLoc) ? p.value.loc : undefined;
    return { name: key, value: p.value, loc: inline ? { file: keyLoc.file, range: { start: keyLoc.range.start, end: inline.range.end } } : keyLoc, valueLoc: inline };
  };
  return {
    loc,
    get: slotOf,
    map: (key) => {
      const s = slotOf(key);
      return s && s.value.t !== 'null' ? mapOfValue(s.value, s.loc, key) : undefined;
    },
  };
}

function comesAfter(a: Loc, b: Loc): boolean {
  const s = a.range.start;
  const e = b.range.end;
  return s.line > e.line || (s.line === e.line && s.character >= e.character);
}

function mapOfBlock(ev: Evaluator, block: Block, owner: Block): MapInput {
  ev.setOwner(block, ev.ownerOf(owner));
  const inputs = new ModuleInputs(ev, block);
  return { loc: ev.loc(block.file, block.span), get: (key) => inputs.get(key), map: (key) => inputs.map(key) };
}

/** A slot read as an attribute: `null` is absent, as Terraform treats it. */
function attrOf<T>(slot: Slot | undefined, convert: (v: LValue) => T | undefined, what: string): Attr<T> {
  if (!slot || slot.value.t === 'null') return { state: 'absent' };
  if (slot.value.t === 'unresolved') return { state: 'unresolved', reason: slot.value.reason, loc: slot.loc };
  const value = convert(slot.value);
  if (value === undefined) return { state: 'unresolved', reason: `\`${slot.name}\` is not ${what}`, loc: slot.loc };
  return { state: 'known', value, loc: slot.loc, valueLoc: slot.valueLoc, format: 'terraform' };
}

const asBool = (v: LValue) => truthy(v);
const asStr = (v: LValue) => (v.t === 'str' ? v.v : v.t === 'num' || v.t === 'bool' ? String(v.v) : undefined);
const asNum = (v: LValue) => toNumber(v);

/** A value the module derives from an input (`enabled = true` → `Enabled`): no value range, so no blind replace. */
function derivedAttr<T, U>(a: Attr<T>, map: (v: T) => U | undefined, what: string): Attr<U> {
  if (a.state !== 'known') return a;
  const value = map(a.value);
  if (value === undefined) return { state: 'unresolved', reason: `${what} is not a value the module accepts`, loc: a.loc };
  return { state: 'known', value, loc: a.loc, format: 'terraform' };
}

/** A module default, shown at the module header. */
function defaulted<T>(value: T, header: Loc): Attr<T> {
  return { state: 'known', value, loc: header, format: 'terraform' };
}

/** `true` / `"true"` / `"Enabled"` → on; `false` / `"Disabled"` / `"Suspended"` → off (the module's `tobool` / `title`). */
function switchState(v: LValue, on: string, off: string): string | undefined {
  const b = truthy(v);
  if (b !== undefined) return b ? on : off;
  if (v.t !== 'str') return undefined;
  const titled = v.v.charAt(0).toUpperCase() + v.v.slice(1).toLowerCase();
  return titled || undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// terraform-aws-modules/s3-bucket/aws.

function adaptBucketModule(ev: Evaluator, call: RegistryCall): Bucket | undefined {
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
  const out: Record<string, string> = {};
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

function attachSatellites(ev: Evaluator, buckets: Map<string, Bucket>): void {
  const done = new Set<string>();
  for (const sat of ev.mod.resourceList) {
    const type = sat.labels[0] as (typeof SATELLITE_TYPES)[number];
    if (!SATELLITE_TYPES.includes(type)) continue;
    const got = ev.attr(sat, 'bucket');
    const name = got && [...buckets.keys()].find((n) => got.refs.has(`module.${n}`));
    if (!name || done.has(`${name}|${type}`)) continue;
    done.add(`${name}|${type}`);
    applySatellite(ev, buckets.get(name)!, type, sat);
  }
}

function applySatellite(ev: Evaluator, bucket: Bucket, type: (typeof SATELLITE_TYPES)[number], sat: Block): void {
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

// ---------------------------------------------------------------------------------------------------------------
// terraform-aws-modules/kms/aws.

function adaptKeyModule(ev: Evaluator, call: RegistryCall): Key | undefined {
  const inputs = new ModuleInputs(ev, call.block);
  const header = inputs.header;
  const id = `module.${call.name}`;
  const create = attrOf(inputs.get('create'), asBool, 'a boolean');
  if (create.state === 'known' && !create.value) return undefined;

  const rotation = attrOf(inputs.get('enable_key_rotation'), asBool, 'a boolean');
  const policyInput = inputs.get('policy');
  const policy: PolicyDoc = policyInput && policyInput.value.t !== 'null'
    ? readPolicy(ev, call.block, 'policy')
    : {
        state: 'unresolved',
        reason: `\`${id}\` generates its key policy from inputs such as \`key_owners\`, \`key_administrators\` and \`key_users\`, which are not evaluated`,
        loc: header,
        statements: [],
      };
  const aliasNames = attrOf(inputs.get('aliases'), (v) => (v.t === 'arr' ? v.items.map(asStr) : undefined), 'a list of strings');
  const aliases = aliasNames.state === 'known' ? aliasNames.value.filter((a): a is string => !!a).map((a) => (a.startsWith('alias/') ? a : `alias/${a}`)) : [];
  return {
    kind: 'key',
    id,
    format: 'terraform',
    loc: header,
    extent: ev.loc(call.block.file, call.block.span),
    enabled: attrOf(inputs.get('is_enabled'), asBool, 'a boolean'),
    keyState: { state: 'absent' },
    keySpec: attrOf(inputs.get('customer_master_key_spec'), asStr, 'a string'),
    keyUsage: attrOf(inputs.get('key_usage'), asStr, 'a string'),
    keyManager: { state: 'absent' },
    // The module turns rotation on unless told otherwise.
    rotation: rotation.state === 'absent' ? defaulted(true, header) : rotation,
    policy,
    trails: [],
    aliases,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Trails whose bucket or key comes from one of these calls.

function linkTrails(ev: Evaluator, scene: Scene, buckets: Map<string, Bucket>, keys: Map<string, Key>): void {
  for (const trail of scene.trails) {
    const block = ev.mod.resources.get(trail.id);
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
