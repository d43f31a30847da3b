// Finding the block a reference-ish attribute points at (rules.md §2.1/§2.2): by reference first, then by the
// resolved name, then through a shared var/local; otherwise unresolved with the reason.
import type { Block } from './ast';
import type { Evaluated } from './attrs';

export interface Candidate {
  block: Block;
  /** `aws_s3_bucket.logs`. */
  addr: string;
  /** The resolved name (bucket name, recorder name) when known. */
  name?: string;
  /** var/local names the name came from. */
  nameVars: Set<string>;
}

export type LinkResult =
  | { state: 'linked'; candidate: Candidate; via: 'reference' | 'name' | 'shared-variable' }
  | { state: 'unresolved'; reason: string };

/** Links the value of `got` (e.g. `s3_bucket_name`) to one of `candidates`. */
export function linkTo(got: Evaluated, candidates: Candidate[], what: string, matchLabel = false): LinkResult {
  const refs = got.refs;
  for (const c of candidates) if (refs.has(c.addr)) return { state: 'linked', candidate: c, via: 'reference' };
  const v = got.value;
  if (v.t === 'str') {
    for (const c of candidates) if (c.name !== undefined && c.name === v.v) return { state: 'linked', candidate: c, via: 'name' };
    if (matchLabel) for (const c of candidates) if (c.block.labels[1] === v.v) return { state: 'linked', candidate: c, via: 'name' };
  }
  const vars = [...refs].filter((r) => r.startsWith('var.') || r.startsWith('local.'));
  for (const c of candidates) if (vars.some((r) => c.nameVars.has(r))) return { state: 'linked', candidate: c, via: 'shared-variable' };
  if (v.t === 'unresolved') return { state: 'unresolved', reason: v.reason };
  if (v.t === 'str') {
    // A bucket without a literal name (bucket_prefix, unknown variable) might still be the one.
    const unnamed = candidates.filter((c) => c.name === undefined).map((c) => `\`${c.addr}\``);
    const hint = unnamed.length ? ` (the name of ${unnamed.slice(0, 2).join(', ')}${unnamed.length > 2 ? ', ...' : ''} is not known)` : '';
    return { state: 'unresolved', reason: `no ${what} in this module is named \`${v.v}\`${hint}` };
  }
  return { state: 'unresolved', reason: `\`${got.attr.name}\` is not a ${what} name` };
}
