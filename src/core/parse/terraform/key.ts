// KMS keys of a module: one entity per `aws_kms_key`, with the aliases and separate key-policy resources that point
// at it by reference, and a trail's `kms_key_id` linked to its key (directly, through an alias, or by alias name).
import type { Key, Link } from '../../model';
import type { Block } from './ast';
import { BlockReader, entityBase } from './attrs';
import type { Evaluator } from './evaluate';
import { readPolicy } from './policies';

export interface KeyCandidate { block: Block; addr: string }

export function keyCandidates(ev: Evaluator): KeyCandidate[] {
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

export function linkKey(ev: Evaluator, got: NonNullable<ReturnType<BlockReader['raw']>>, cands: KeyCandidate[], keys: Key[]): Link<Key> {
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

export function adaptKeys(ev: Evaluator, cands: KeyCandidate[]): Key[] {
  const keys = cands.map(({ block }) => {
    const r = new BlockReader(ev, block);
    const spec = r.has('customer_master_key_spec') ? r.str('customer_master_key_spec') : r.str('key_spec');
    const b = entityBase(ev, block);
    const key: Key = {
      kind: 'key',
      id: b.id, format: b.format, inaccessible: b.inaccessible, loc: b.loc, extent: b.extent, target: b.target,
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
