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

/**
 * Where each candidate can be found by address, name, label and shared variable (first candidate wins, as a scan in
 * order would), built once per candidate list: every trail and satellite of a module links in constant time
 * instead of scanning every bucket (thousands of trails × thousands of buckets was quadratic).
 */
interface CandidateIndex {
  size: number;
  position: Map<Candidate, number>;
  byAddr: Map<string, number>;
  byName: Map<string, number>;
  byLabel: Map<string, number>;
  /** Every candidate per var/local, in order: a shared variable links only a candidate whose name does not contradict. */
  byVar: Map<string, number[]>;
  unnamed: string[];
}

const indexes = new WeakMap<Candidate[], CandidateIndex>();

function firstWins(map: Map<string, number>, key: string, i: number): void {
  if (!map.has(key)) map.set(key, i);
}

function indexOf(candidates: Candidate[]): CandidateIndex {
  const cached = indexes.get(candidates);
  if (cached && cached.size === candidates.length) return cached;
  const index: CandidateIndex = { size: candidates.length, position: new Map(), byAddr: new Map(), byName: new Map(), byLabel: new Map(), byVar: new Map(), unnamed: [] };
  candidates.forEach((c, i) => {
    index.position.set(c, i);
    firstWins(index.byAddr, c.addr, i);
    if (c.name !== undefined) firstWins(index.byName, c.name, i);
    else index.unnamed.push(`\`${c.addr}\``);
    const label = c.block.labels[1];
    if (label !== undefined) firstWins(index.byLabel, label, i);
    for (const v of c.nameVars) {
      const list = index.byVar.get(v);
      if (list) list.push(i);
      else index.byVar.set(v, [i]);
    }
  });
  indexes.set(candidates, index);
  return index;
}

/** The position of `candidate` in `candidates` (-1 when it is not one of them). */
export function candidatePosition(candidates: Candidate[], candidate: Candidate): number {
  return indexOf(candidates).position.get(candidate) ?? -1;
}

/** The first of `keys` found in `map`, by position. */
function firstOf(map: Map<string, number>, keys: Iterable<string>): number | undefined {
  let best: number | undefined;
  for (const k of keys) {
    const i = map.get(k);
    if (i !== undefined && (best === undefined || i < best)) best = i;
  }
  return best;
}

/** The first candidate, by position, that one of `vars` named and `fits` accepts. */
function firstSharing(index: CandidateIndex, candidates: Candidate[], vars: string[], fits: (c: Candidate) => boolean): number | undefined {
  let best: number | undefined;
  for (const v of vars) {
    for (const i of index.byVar.get(v) ?? []) {
      if (best !== undefined && i >= best) break;
      if (fits(candidates[i])) {
        best = i;
        break;
      }
    }
  }
  return best;
}

/** Links the value of `got` (e.g. `s3_bucket_name`) to one of `candidates`. */
export function linkTo(got: Evaluated, candidates: Candidate[], what: string, matchLabel = false): LinkResult {
  const index = indexOf(candidates);
  const refs = got.refs;
  const byRef = firstOf(index.byAddr, refs);
  if (byRef !== undefined) return { state: 'linked', candidate: candidates[byRef], via: 'reference' };
  const v = got.value;
  if (v.t === 'str') {
    const byName = index.byName.get(v.v);
    if (byName !== undefined) return { state: 'linked', candidate: candidates[byName], via: 'name' };
    const byLabel = matchLabel ? index.byLabel.get(v.v) : undefined;
    if (byLabel !== undefined) return { state: 'linked', candidate: candidates[byLabel], via: 'name' };
  }
  const vars = [...refs].filter((r) => r.startsWith('var.') || r.startsWith('local.'));
  // A shared variable only suggests the link when the names cannot say: `"${var.name}-trail-logs"` (a module's
  // bucket) is not `"${var.name}-own"` just because both start with var.name.
  const known = v.t === 'str' ? v.v : undefined;
  const byVar = firstSharing(index, candidates, vars, (c) => known === undefined || c.name === undefined || c.name === known);
  if (byVar !== undefined) return { state: 'linked', candidate: candidates[byVar], via: 'shared-variable' };
  if (v.t === 'unresolved') return { state: 'unresolved', reason: v.reason };
  if (v.t === 'str') {
    // A bucket without a literal name (bucket_prefix, unknown variable) might still be the one.
    const unnamed = index.unnamed;
    const hint = unnamed.length ? ` (the name of ${unnamed.slice(0, 2).join(', ')}${unnamed.length > 2 ? ', ...' : ''} is not known)` : '';
    return { state: 'unresolved', reason: `no ${what} in this module is named \`${v.v}\`${hint}` };
  }
  return { state: 'unresolved', reason: `\`${got.attr.name}\` is not a ${what} name` };
}
