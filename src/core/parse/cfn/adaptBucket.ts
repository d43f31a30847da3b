// AWS::S3::Bucket → Bucket. The bucket policy (a separate AWS::S3::BucketPolicy) is attached in link.ts.
import type { Attr, Bucket, LifecycleRule, PublicAccessBlock } from '../../model';
import type { CfnContext } from './context';
import { entityBase, withSuppressions } from './entity';
import type { ResourceInfo } from './template';
import { ifBranchNodes } from './attrs';
import { entry, type Node } from './tree';
import { dict } from '../../dict';

export function adaptBucket(ctx: CfnContext, res: ResourceInfo): Bucket {
  const a = ctx.attrs;
  const p = res.props;
  const lock = entry(p, 'ObjectLockConfiguration');
  const lockNode = ctx.block(p, 'ObjectLockConfiguration');
  const retention = ctx.block(ctx.block(lockNode, 'Rule'), 'DefaultRetention');
  const versioning = ctx.block(p, 'VersioningConfiguration');
  const encryptionRules = ctx.block(ctx.block(p, 'BucketEncryption'), 'ServerSideEncryptionConfiguration');
  const sseDefault = ctx.block(encryptionRules?.k === 'seq' ? encryptionRules.items[0] : undefined, 'ServerSideEncryptionByDefault');
  const base = entityBase(ctx, res, 'bucket');
  return withSuppressions(base, {
    kind: 'bucket',
    id: base.id, format: base.format, loc: base.loc, extent: base.extent, target: base.target,
    name: a.str(p, 'BucketName'),
    objectLockEnabled: objectLockEnabled(ctx, p),
    objectLockMode: a.str(retention, 'Mode'),
    objectLockDays: a.num(retention, 'Days'),
    objectLockYears: a.num(retention, 'Years'),
    objectLockLoc: lock && lockNode ? a.entryLoc(lock) : undefined,
    versioning: a.str(versioning, 'Status'),
    mfaDelete: { state: 'unresolved', reason: 'MFA Delete cannot be set in CloudFormation' },
    versioningTarget: ctx.blockTarget(res, ['VersioningConfiguration']),
    publicAccessBlock: publicAccessBlock(ctx, res),
    acl: a.str(p, 'AccessControl'),
    aclGrantees: { state: 'absent' },
    loggingTargetBucket: loggingTarget(ctx, res),
    lifecycleRules: lifecycleRules(ctx, p),
    hasLifecycle: hasLifecycle(ctx, p),
    sseAlgorithm: a.str(sseDefault, 'SSEAlgorithm'),
    sseKmsKeyId: a.str(sseDefault, 'KMSMasterKeyID'),
    policy: { state: 'absent', statements: [] },
    tags: tags(ctx, p),
    trails: [],
  });
}

/** `ObjectLockEnabled: true`, or (as CloudFormation also accepts) `ObjectLockConfiguration.ObjectLockEnabled: Enabled`. */
function objectLockEnabled(ctx: CfnContext, p: Node | undefined): Attr<boolean> {
  const direct = ctx.attrs.bool(p, 'ObjectLockEnabled');
  if (direct.state !== 'absent') return direct;
  const nested = ctx.attrs.str(ctx.block(p, 'ObjectLockConfiguration'), 'ObjectLockEnabled');
  if (nested.state === 'known') return { ...nested, value: nested.value === 'Enabled' };
  return nested;
}

function publicAccessBlock(ctx: CfnContext, res: ResourceInfo): Bucket['publicAccessBlock'] {
  const e = entry(res.props, 'PublicAccessBlockConfiguration');
  const node = ctx.ev.pick(e?.value);
  if (!e || !node) return { state: 'absent' };
  if (node.k !== 'map' || node.shortForm) {
    const v = ctx.ev.value(node);
    return { state: 'unresolved', reason: v.t === 'unresolved' ? v.reason : 'PublicAccessBlockConfiguration is not a literal map' };
  }
  const a = ctx.attrs;
  const pab: PublicAccessBlock = {
    loc: a.entryLoc(e),
    target: ctx.blockTarget(res, ['PublicAccessBlockConfiguration']),
    blockPublicAcls: a.bool(node, 'BlockPublicAcls'),
    blockPublicPolicy: a.bool(node, 'BlockPublicPolicy'),
    ignorePublicAcls: a.bool(node, 'IgnorePublicAcls'),
    restrictPublicBuckets: a.bool(node, 'RestrictPublicBuckets'),
  };
  return pab;
}

/** Without `DestinationBucketName`, S3 writes access logs into the bucket itself (a logging loop). */
function loggingTarget(ctx: CfnContext, res: ResourceInfo): Attr<string> {
  const e = entry(res.props, 'LoggingConfiguration');
  if (!e) return { state: 'absent' };
  const self = (): Attr<string> => ({ state: 'known', value: ctx.ev.resourceRefText(res.id), loc: ctx.attrs.entryLoc(e), format: ctx.format });
  const read = (value: Node | undefined, depth: number): Attr<string> => {
    const node = ctx.ev.pick(value);
    if (!node) return { state: 'absent' };
    // `LoggingConfiguration: !If [Undecidable, {...}, !Ref AWS::NoValue]`: the target as each branch sets it.
    const pair = depth < 4 ? ifBranchNodes(ctx.ev, node) : undefined;
    if (pair) {
      const v = ctx.ev.value(node);
      const reason = v.t === 'unresolved' ? v.reason : 'LoggingConfiguration is not a literal map';
      return { state: 'unresolved', reason, loc: ctx.attrs.entryLoc(e), branches: pair.map((b) => read(b, depth + 1)) };
    }
    const target = ctx.attrs.str(node, 'DestinationBucketName');
    return target.state !== 'absent' ? target : self();
  };
  return read(e.value, 0);
}

function lifecycleRules(ctx: CfnContext, p: Node | undefined): Bucket['lifecycleRules'] {
  const config = ctx.block(p, 'LifecycleConfiguration');
  if (!config) return [];
  const rules = ctx.block(config, 'Rules');
  if (config.k !== 'map' || config.shortForm || !rules || rules.k !== 'seq') {
    const v = ctx.ev.value(rules ?? config);
    return { unresolved: v.t === 'unresolved' ? v.reason : 'LifecycleConfiguration.Rules is not a literal list' };
  }
  const a = ctx.attrs;
  return rules.items.filter((r) => r.k === 'map').map((r): LifecycleRule => {
    const status = a.str(r, 'Status');
    const prefix = a.str(r, 'Prefix');
    const noncurrent = a.num(ctx.block(r, 'NoncurrentVersionExpiration'), 'NoncurrentDays');
    const id = a.str(r, 'Id');
    return {
      loc: ctx.loc(r),
      ...(id.state === 'known' ? { id: id.value } : {}),
      enabled: status.state === 'known' ? { ...status, value: status.value === 'Enabled' } : status,
      prefix: prefix.state === 'absent' ? { state: 'known', value: '' } : prefix,
      expirationDays: a.num(r, 'ExpirationInDays'),
      noncurrentExpirationDays: noncurrent.state !== 'absent' ? noncurrent : a.num(r, 'NoncurrentVersionExpirationInDays'),
    };
  });
}

function hasLifecycle(ctx: CfnContext, p: Node | undefined): Attr<boolean> {
  const e = entry(p, 'LifecycleConfiguration');
  if (!e || !ctx.ev.pick(e.value)) return { state: 'absent' };
  return ctx.attrs.known(e, true);
}

function tags(ctx: CfnContext, p: Node | undefined): Attr<Record<string, string>> {
  const found = ctx.attrs.raw(p, 'Tags');
  if (!found) return { state: 'absent' };
  const loc = ctx.attrs.entryLoc(found.e);
  if (found.v.t === 'unresolved') return { state: 'unresolved', reason: found.v.reason, loc };
  if (found.v.t !== 'arr') return { state: 'unresolved', reason: 'Tags is not a list', loc };
  const out = dict<string>();
  for (const item of found.v.items) {
    if (item.t !== 'obj') continue;
    const key = item.props.find((x) => x.key === 'Key')?.value;
    const value = item.props.find((x) => x.key === 'Value')?.value;
    for (const v of [key, value]) if (v?.t === 'unresolved') return { state: 'unresolved', reason: v.reason, loc };
    if (key?.t === 'str') out[key.v] = value && (value.t === 'str' || value.t === 'num' || value.t === 'bool') ? String(value.v) : '';
  }
  return ctx.attrs.known(found.e, out);
}
