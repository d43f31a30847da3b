// One effective Bucket per `aws_s3_bucket`: v3 inline blocks merged with the v4+ satellite resources
// (`aws_s3_bucket_versioning`, `_object_lock_configuration`, ...). As in Trivy, the satellite wins; unlike Trivy we
// record a conflict when both forms set the same aspect (the provider docs warn of perpetual diffs). Satellites
// attach by reference, then by bucket name, then through a shared var/local (rules.md §2.2).
import type { Attr, Bucket, LifecycleRule, PublicAccessBlock } from '../../model';
import type { Block } from './ast';
import { BlockReader, derived } from './attrs';
import type { Evaluator } from './evaluate';
import { blockTarget } from './insert';
import type { Candidate } from './link';
import { linkTo } from './link';
import { readPolicy } from './policies';
import { registryBucketRefs } from './registryModules';

const SATELLITES = {
  versioning: 'aws_s3_bucket_versioning',
  objectLock: 'aws_s3_bucket_object_lock_configuration',
  lifecycle: 'aws_s3_bucket_lifecycle_configuration',
  logging: 'aws_s3_bucket_logging',
  policy: 'aws_s3_bucket_policy',
  publicAccessBlock: 'aws_s3_bucket_public_access_block',
  acl: 'aws_s3_bucket_acl',
  sse: 'aws_s3_bucket_server_side_encryption_configuration',
} as const;
type Aspect = keyof typeof SATELLITES;

export interface BucketEntry { bucket: Bucket; candidate: Candidate }

export function bucketCandidates(ev: Evaluator): Candidate[] {
  const out: Candidate[] = [];
  for (const block of ev.resourceList) {
    if (block.labels[0] !== 'aws_s3_bucket') continue;
    const got = ev.attr(block, 'bucket');
    const nameVars = new Set([...(got?.refs ?? [])].filter((r) => r.startsWith('var.') || r.startsWith('local.')));
    out.push({ block, addr: ev.addressOf(block), name: got?.value.t === 'str' ? got.value.v : undefined, nameVars });
  }
  return out;
}

export function adaptBuckets(ev: Evaluator, candidates: Candidate[]): Bucket[] {
  // Satellites per bucket (first one wins) and the ones whose bucket cannot be resolved.
  const attached = new Map<Block, Partial<Record<Aspect, Block>>>();
  // A second Public Access Block of the same bucket (by bucket block or undeclared address): judged as well.
  const extraPabs = new Map<Block | string, Block[]>();
  const keep = (slot: Partial<Record<Aspect, Block>>, aspect: Aspect, sat: Block, owner: Block | string) => {
    if (!slot[aspect]) slot[aspect] = sat;
    else if (aspect === 'publicAccessBlock' && slot[aspect] !== sat) extraPabs.set(owner, [...(extraPabs.get(owner) ?? []), sat]);
  };
  const orphans: { aspect: Aspect; block: Block; reason: string }[] = [];
  const uncertain = new Map<Block, { aspect: Aspect; reason: string; loc: ReturnType<Evaluator['loc']> }[]>();
  const moduleBuckets = registryBucketRefs(ev);
  // Satellites of a bucket this module does not declare (`aws_s3_bucket.x` defined elsewhere), by that address.
  const undeclared = new Map<string, Partial<Record<Aspect, Block>>>();
  // Each satellite type's resources in source order, found in one pass instead of a scan per type.
  const byType = new Map<string, Block[]>();
  for (const block of ev.resourceList) {
    const list = byType.get(block.labels[0]);
    if (list) list.push(block);
    else byType.set(block.labels[0], [block]);
  }
  for (const [aspect, type] of Object.entries(SATELLITES) as [Aspect, string][]) {
    for (const sat of byType.get(type) ?? []) {
      const got = ev.attr(sat, 'bucket');
      const maybe = ev.existenceProblem(sat);
      if (!got) {
        orphans.push({ aspect, block: sat, reason: `\`${type}.${sat.labels[1]}\` has no \`bucket\`` });
        continue;
      }
      const link = linkTo(got, candidates, 'bucket', true);
      const literal = got.value.t === 'str' && got.refs.size === 0 ? got.value.v : undefined;
      if (link.state === 'linked' && link.via === 'name' && literal !== undefined && !maybe) {
        // A literal name that several declared buckets carry: each of them gets the satellite (e.g. the policy).
        for (const c of candidates.filter((c) => c.name === literal)) {
          const slot = attached.get(c.block) ?? {};
          keep(slot, aspect, sat, c.block);
          attached.set(c.block, slot);
        }
        continue;
      }
      if (link.state !== 'linked' && literal !== undefined && !maybe && candidates.every((c) => c.name !== undefined)) {
        // A literal name no declared bucket carries: a bucket declared elsewhere; what the satellite sets (its
        // policy above all) is still judged, on a bucket known only by that name.
        const key = `name:${literal}`;
        const slot = undeclared.get(key) ?? {};
        keep(slot, aspect, sat, key);
        undeclared.set(key, slot);
        continue;
      }
      if (link.state === 'linked') {
        if (maybe) {
          // The satellite may or may not exist: what it configures is unknown, for its bucket only.
          const list = uncertain.get(link.candidate.block) ?? [];
          list.push({ aspect, reason: maybe, loc: header(ev, sat) });
          uncertain.set(link.candidate.block, list);
          continue;
        }
        const slot = attached.get(link.candidate.block) ?? {};
        keep(slot, aspect, sat, link.candidate.block);
        attached.set(link.candidate.block, slot);
      } else if (maybe) {
        orphans.push({ aspect, block: sat, reason: maybe });
      } else if ([...got.refs].some((r) => r.startsWith('module.') && isLoadedModule(ev, r.split('.')[1]))) {
        // A bucket built by an evaluated child module: configured once the module's entities are known (adapt.ts).
        ev.moduleSatellites.push({ block: sat, type });
      } else if ([...got.refs].some((r) => r.startsWith('aws_s3_bucket.') && ev.mod.resources.has(r))) {
        // A bucket declared here with no instance (`count = 0`): the satellite configures nothing either.
        continue;
      } else if ([...got.refs].some((r) => r.startsWith('aws_s3_bucket.'))) {
        const addr = [...got.refs].find((r) => r.startsWith('aws_s3_bucket.'))!;
        const slot = undeclared.get(addr) ?? {};
        keep(slot, aspect, sat, addr);
        undeclared.set(addr, slot);
        // Its settings are judged on that bucket, but whose name it carries is unknown (rules.md §2.2: a satellite
        // whose bucket cannot be resolved makes the aspect unknown, never failed): it may be a bucket declared here.
        orphans.push({ aspect, block: sat, reason: `\`${type}.${sat.labels[1]}\` may configure this bucket: its \`bucket\` refers to \`${addr}\`, which is not declared in this module` });
      } else if (!moduleBuckets.has([...got.refs].find((r) => r.startsWith('module.')) ?? '')) {
        // Only a satellite whose bucket is truly unknown (variable, module output) might configure any bucket.
        orphans.push({ aspect, block: sat, reason: `\`${type}.${sat.labels[1]}\` may configure this bucket, but its \`bucket\` is unknown: ${link.reason}` });
      }
    }
  }
  const withExtra = (bucket: Bucket, owner: Block | string) => {
    const more = extraPabs.get(owner);
    if (more?.length) bucket.morePublicAccessBlocks = more.map((b) => readPab(ev, b));
    return bucket;
  };
  const buckets = candidates.map((c) => {
    const bucket = adaptBucket(ev, c, attached.get(c.block) ?? {}, orphans);
    for (const u of uncertain.get(c.block) ?? []) markUncertain(bucket, u.aspect, u.reason, u.loc);
    return withExtra(bucket, c.block);
  });
  for (const [addr, sats] of undeclared) buckets.push(withExtra(satelliteOnlyBucket(ev, addr, sats), addr));
  return buckets;
}

/**
 * A bucket known only from its satellites (its `aws_s3_bucket` is declared in another module): the satellites'
 * settings are read, every other attribute is unresolved, as CloudFormation does for a policy of a bucket the
 * template does not declare.
 */
function satelliteOnlyBucket(ev: Evaluator, key: string, sats: Partial<Record<Aspect, Block>>): Bucket {
  const first = Object.values(sats).sort((a, b) => a!.span.start - b!.span.start)[0]!;
  // `name:<bucket>`: satellites naming a bucket by a literal name that no bucket of this module has.
  const literal = key.startsWith('name:') ? key.slice('name:'.length) : undefined;
  const addr = literal ?? key;
  const reason = literal !== undefined ? `no bucket in this module is named \`${literal}\`` : `\`${addr}\` is not declared in this module`;
  const un = <T>(): Attr<T> => ({ state: 'unresolved', reason });
  const publicAccessBlock: Bucket['publicAccessBlock'] = sats.publicAccessBlock ? readPab(ev, sats.publicAccessBlock) : { state: 'unresolved', reason };
  return {
    kind: 'bucket', id: ev.prefix + addr, format: 'terraform', loc: header(ev, first), extent: ev.loc(first.file, first.span),
    name: literal !== undefined ? { state: 'known', value: literal } : un(), objectLockEnabled: un(), objectLockMode: un(), objectLockDays: un(), objectLockYears: un(),
    versioning: un(), mfaDelete: un(), publicAccessBlock, acl: un(), aclGrantees: un(), loggingTargetBucket: un(),
    lifecycleRules: { unresolved: reason }, hasLifecycle: un(), sseAlgorithm: un(), sseKmsKeyId: un(),
    policy: sats.policy ? readPolicy(ev, sats.policy, 'policy') : { state: 'unresolved', reason, statements: [] },
    tags: un(), trails: [],
  };
}

/** A bucket built by a module that is not available: every check of it is unknown with `reason`. */
export function unavailableBucket(id: string, loc: ReturnType<Evaluator['loc']>, extent: ReturnType<Evaluator['loc']>, reason: string): Bucket {
  const un = <T>(): Attr<T> => ({ state: 'unresolved', reason });
  return {
    kind: 'bucket', id, format: 'terraform', loc, extent, inaccessible: reason,
    name: un(), objectLockEnabled: un(), objectLockMode: un(), objectLockDays: un(), objectLockYears: un(),
    versioning: un(), mfaDelete: un(), publicAccessBlock: { state: 'unresolved', reason }, acl: un(), aclGrantees: un(),
    loggingTargetBucket: un(), lifecycleRules: { unresolved: reason }, hasLifecycle: un(), sseAlgorithm: un(), sseKmsKeyId: un(),
    policy: { state: 'unresolved', reason, statements: [] }, tags: un(), trails: [],
  };
}

function isLoadedModule(ev: Evaluator, name: string | undefined): boolean {
  const child = name ? ev.childModule(name) : undefined;
  return !!child && !('unavailable' in child);
}

/** The attributes a satellite of `aspect` sets become unknown: the satellite may not exist. */
function markUncertain(bucket: Bucket, aspect: Aspect, reason: string, loc: ReturnType<Evaluator['loc']>): void {
  const un = { state: 'unresolved' as const, reason, loc };
  switch (aspect) {
    case 'versioning': bucket.versioning = un; bucket.mfaDelete = un; break;
    case 'objectLock':
      if (bucket.objectLockEnabled.state !== 'known') bucket.objectLockEnabled = un;
      bucket.objectLockMode = un; bucket.objectLockDays = un; bucket.objectLockYears = un;
      break;
    case 'lifecycle': bucket.lifecycleRules = { unresolved: reason }; bucket.hasLifecycle = un; break;
    case 'logging': bucket.loggingTargetBucket = un; break;
    case 'policy': bucket.policy = { state: 'unresolved', reason, loc, statements: [] }; break;
    case 'publicAccessBlock': bucket.publicAccessBlock = { state: 'unresolved', reason }; break;
    case 'acl': bucket.acl = un; bucket.aclGrantees = un; break;
    case 'sse': bucket.sseAlgorithm = un; bucket.sseKmsKeyId = un; break;
  }
}

function readPab(ev: Evaluator, block: Block): PublicAccessBlock {
  const r = new BlockReader(ev, block);
  return {
    loc: r.loc(block.headerSpan),
    target: blockTarget(ev.mod.files.get(r.file)!, block),
    blockPublicAcls: r.bool('block_public_acls'),
    blockPublicPolicy: r.bool('block_public_policy'),
    ignorePublicAcls: r.bool('ignore_public_acls'),
    restrictPublicBuckets: r.bool('restrict_public_buckets'),
  };
}

function header(ev: Evaluator, b: Block) {
  return ev.loc(b.file, b.headerSpan);
}

function adaptBucket(ev: Evaluator, c: Candidate, sats: Partial<Record<Aspect, Block>>, orphans: { aspect: Aspect; block: Block; reason: string }[]): Bucket {
  const r = new BlockReader(ev, c.block);
  const file = ev.mod.files.get(c.block.file)!;
  const conflicts: { aspect: string; loc?: ReturnType<Evaluator['loc']> }[] = [];
  const sat = (aspect: Aspect) => {
    const b = sats[aspect];
    return b ? new BlockReader(ev, b) : undefined;
  };
  const conflict = (aspect: Aspect, inline: boolean) => {
    const s = sats[aspect];
    if (inline && s) conflicts.push({ aspect: SATELLITES[aspect], loc: header(ev, s) });
  };
  const orphan = (aspect: Aspect) => orphans.find((o) => o.aspect === aspect);
  const orUnresolved = <T>(aspect: Aspect, a: Attr<T>): Attr<T> => {
    const o = orphan(aspect);
    return a.state === 'absent' && o ? { state: 'unresolved', reason: o.reason, loc: header(ev, o.block) } : a;
  };

  const name: Attr<string> = r.has('bucket')
    ? r.str('bucket')
    : r.has('bucket_prefix')
      ? { state: 'unresolved', reason: `\`${c.addr}\` has a generated name (\`bucket_prefix\`)`, loc: r.loc(r.raw('bucket_prefix')!.attr.span) }
      : { state: 'absent' };

  // Versioning: v4 `versioning_configuration { status, mfa_delete }` wins over v3 `versioning { enabled, mfa_delete }`.
  const v3Versioning = r.child('versioning');
  conflict('versioning', !!v3Versioning);
  let versioning: Attr<string> = { state: 'absent' };
  let mfaDelete: Attr<string> = { state: 'absent' };
  let versioningTarget = undefined;
  const v4 = sat('versioning');
  if (v4) {
    const conf = v4.child('versioning_configuration');
    if (conf) {
      versioning = conf.str('status');
      mfaDelete = conf.str('mfa_delete');
      versioningTarget = blockTarget(file === undefined ? ev.mod.files.get(conf.file)! : ev.mod.files.get(conf.file)!, conf.block);
    } else if (v4.dynamicOf('versioning_configuration')) {
      versioning = { state: 'unresolved', reason: v4.dynamicOf('versioning_configuration')!, loc: header(ev, v4.block) };
    } else {
      versioningTarget = blockTarget(ev.mod.files.get(v4.file)!, v4.block);
    }
  } else if (v3Versioning) {
    versioning = derived(v3Versioning.bool('enabled'), (on) => (on ? 'Enabled' : 'Suspended'));
    if (versioning.state === 'absent') versioning = { state: 'known', value: 'Suspended', loc: v3Versioning.loc(v3Versioning.block.headerSpan), format: 'terraform' };
    mfaDelete = derived(v3Versioning.bool('mfa_delete'), (on) => (on ? 'Enabled' : 'Disabled'));
    versioningTarget = blockTarget(file, v3Versioning.block);
  } else if (r.dynamicOf('versioning')) {
    versioning = { state: 'unresolved', reason: r.dynamicOf('versioning')!, loc: header(ev, c.block) };
  }
  versioning = orUnresolved('versioning', versioning);

  // Object Lock: v4 `object_lock_enabled`, v3 inline `object_lock_configuration`, or the v4 resource.
  const v3Lock = r.child('object_lock_configuration');
  conflict('objectLock', !!v3Lock);
  const lockSat = sat('objectLock');
  let objectLockEnabled: Attr<boolean> = r.bool('object_lock_enabled');
  if (objectLockEnabled.state === 'absent' && v3Lock) {
    objectLockEnabled = v3Lock.has('object_lock_enabled')
      ? derived(v3Lock.str('object_lock_enabled'), (s) => s === 'Enabled')
      : { state: 'known', value: true, loc: v3Lock.loc(v3Lock.block.headerSpan), format: 'terraform' };
  }
  if (objectLockEnabled.state === 'absent' && lockSat) {
    objectLockEnabled = lockSat.has('object_lock_enabled')
      ? derived(lockSat.str('object_lock_enabled'), (s) => s === 'Enabled')
      : { state: 'known', value: true, loc: lockSat.loc(lockSat.block.headerSpan), format: 'terraform' };
  }
  objectLockEnabled = orUnresolved('objectLock', objectLockEnabled);
  const lockSource = lockSat ?? v3Lock;
  const retention = lockSource?.child('rule')?.child('default_retention');
  const objectLockMode = retention ? retention.str('mode') : orUnresolved('objectLock', { state: 'absent' } as Attr<string>);
  const objectLockDays = retention ? retention.num('days') : orUnresolved('objectLock', { state: 'absent' } as Attr<number>);
  const objectLockYears = retention ? retention.num('years') : orUnresolved('objectLock', { state: 'absent' } as Attr<number>);
  const objectLockLoc = lockSource ? lockSource.loc(lockSource.block.span) : undefined;

  // Public access block: only a v4-style resource exists.
  let publicAccessBlock: Bucket['publicAccessBlock'] = { state: 'absent' };
  if (sats.publicAccessBlock) {
    publicAccessBlock = readPab(ev, sats.publicAccessBlock);
  } else if (orphan('publicAccessBlock')) {
    publicAccessBlock = { state: 'unresolved', reason: orphan('publicAccessBlock')!.reason };
  }

  // ACL and grants.
  const aclSat = sat('acl');
  conflict('acl', r.has('acl') || r.block.blocks.some((b) => b.type === 'grant'));
  let acl: Attr<string> = aclSat ? aclSat.str('acl') : r.str('acl');
  acl = orUnresolved('acl', acl);
  let aclGrantees: Attr<string[]> = { state: 'absent' };
  const grants = aclSat ? (aclSat.child('access_control_policy')?.children('grant') ?? []) : r.children('grant');
  if (grants.length) {
    const ids: string[] = [];
    let unresolved: string | undefined;
    for (const g of grants) {
      const grantee = aclSat ? g.child('grantee') : g;
      if (!grantee) continue;
      for (const key of ['uri', 'id', 'email_address']) {
        const a = grantee.str(key);
        if (a.state === 'known') ids.push(a.value);
        else if (a.state === 'unresolved') unresolved ??= a.reason;
      }
    }
    const loc = grants[0].loc(grants[0].block.span);
    aclGrantees = unresolved ? { state: 'unresolved', reason: unresolved, loc } : { state: 'known', value: ids, loc, format: 'terraform' };
  }

  // Access logging.
  const logSat = sat('logging');
  const v3Logging = r.child('logging');
  conflict('logging', !!v3Logging);
  let loggingTargetBucket: Attr<string> = logSat ? logSat.str('target_bucket') : v3Logging ? v3Logging.str('target_bucket') : { state: 'absent' };
  loggingTargetBucket = orUnresolved('logging', loggingTargetBucket);

  // Lifecycle.
  const lcSat = sat('lifecycle');
  const v3Rules = r.children('lifecycle_rule');
  conflict('lifecycle', v3Rules.length > 0);
  let lifecycleRules: Bucket['lifecycleRules'];
  if (lcSat) {
    const dyn = lcSat.dynamicOf('rule');
    lifecycleRules = dyn ? { unresolved: dyn } : lcSat.children('rule').map(v4Rule);
  } else if (r.dynamicOf('lifecycle_rule')) {
    lifecycleRules = { unresolved: r.dynamicOf('lifecycle_rule')! };
  } else if (orphan('lifecycle') && !v3Rules.length) {
    lifecycleRules = { unresolved: orphan('lifecycle')!.reason };
  } else {
    lifecycleRules = v3Rules.map(v3Rule);
  }
  const lcBlock = lcSat?.block ?? v3Rules[0]?.block;
  let hasLifecycle: Attr<boolean> = lcBlock ? { state: 'known', value: true, loc: ev.loc(lcBlock.file, lcBlock.headerSpan), format: 'terraform' } : { state: 'absent' };
  hasLifecycle = orUnresolved('lifecycle', hasLifecycle);

  // Default encryption.
  const sseSat = sat('sse');
  const v3Sse = r.child('server_side_encryption_configuration');
  conflict('sse', !!v3Sse);
  const byDefault = (sseSat ?? v3Sse)?.child('rule')?.child('apply_server_side_encryption_by_default');
  const sseAlgorithm = byDefault ? byDefault.str('sse_algorithm') : orUnresolved('sse', { state: 'absent' } as Attr<string>);
  const sseKmsKeyId = byDefault ? byDefault.str('kms_master_key_id') : orUnresolved('sse', { state: 'absent' } as Attr<string>);

  // Bucket policy: the v4 resource, else the v3 attribute.
  const policySat = sats.policy;
  conflict('policy', r.has('policy'));
  let policy = policySat ? readPolicy(ev, policySat, 'policy') : readPolicy(ev, c.block, 'policy');
  if (policy.state === 'absent' && orphan('policy')) policy = { state: 'unresolved', reason: orphan('policy')!.reason, statements: [] };

  return {
    kind: 'bucket',
    id: ev.prefix + c.addr,
    format: 'terraform',
    inaccessible: ev.existenceProblem(c.block),
    loc: header(ev, c.block),
    extent: ev.loc(c.block.file, c.block.span),
    target: blockTarget(file, c.block),
    name,
    objectLockEnabled,
    objectLockMode,
    objectLockDays,
    objectLockYears,
    objectLockLoc,
    versioning,
    mfaDelete,
    versioningTarget,
    publicAccessBlock,
    acl,
    aclGrantees,
    loggingTargetBucket,
    lifecycleRules,
    hasLifecycle,
    sseAlgorithm,
    sseKmsKeyId,
    policy,
    tags: r.strMap('tags'),
    trails: [],
    conflicts: conflicts.length ? conflicts : undefined,
  };
}

function expiration(rule: BlockReader, block: string, attr: string): Attr<number> {
  const b = rule.child(block);
  return b ? b.num(attr) : { state: 'absent' };
}

function v3Rule(rule: BlockReader): LifecycleRule {
  const id = rule.str('id');
  return {
    loc: rule.loc(rule.block.span),
    id: id.state === 'known' ? id.value : undefined,
    enabled: rule.bool('enabled'),
    prefix: rule.str('prefix'),
    expirationDays: expiration(rule, 'expiration', 'days'),
    noncurrentExpirationDays: expiration(rule, 'noncurrent_version_expiration', 'days'),
  };
}

function v4Rule(rule: BlockReader): LifecycleRule {
  const id = rule.str('id');
  const filter = rule.child('filter');
  let prefix: Attr<string> = rule.str('prefix');
  if (filter) {
    const and = filter.child('and');
    prefix = filter.has('prefix') ? filter.str('prefix') : and ? and.str('prefix') : { state: 'absent' };
  }
  return {
    loc: rule.loc(rule.block.span),
    id: id.state === 'known' ? id.value : undefined,
    enabled: derived(rule.str('status'), (s) => s === 'Enabled'),
    prefix,
    expirationDays: expiration(rule, 'expiration', 'days'),
    noncurrentExpirationDays: expiration(rule, 'noncurrent_version_expiration', 'noncurrent_days'),
  };
}
