// Child module results kept between keystrokes (issue 9; editor path only, `cache: true`). A keystroke in a root
// module's file used to evaluate and adapt every child module instance it calls again. Now each instance's adapted
// scene (its entities, what is unknown and why, what the rules read) is reused when nothing it came from changed:
// - its own files and its nested children's files (the very same converted syntax trees, so the same blocks), the
//   nesting (which folder each call loads, or why not), the root folder and its address (`module.x["k"]`);
// - everything it read from its caller, recorded as it was read (evaluate.ts `input`, `callArg`, `loc`,
//   `readPath`): each call argument's evaluated value with its source positions and references, which arguments
//   exist and where (messages name the caller's line), every position it asked of the caller's files, and every
//   file `file()` read.
// A hit is checked by doing those reads again against the new caller: any difference is a miss (the trace of a
// deterministic evaluation: equal reads, equal result). Positions are part of what is read, so lines inserted
// above a `module` block re-evaluate the child: a finding or related location in the caller's file never points at
// the old line. What the scene's consumers mutate (linking, `via`, satellites) is done on a copy.
import type { EntityBase, LValue, Loc, Scene, Trail } from '../../model';
import type { Block, FileAst, Span } from './ast';
import type { Evaluator, StringSource } from './evaluate';
import type { ModuleTree } from './moduleTree';
import { trailRefs } from './moduleScene';

/** One read a child module made from outside its files, as it can be made again to check a hit. */
export type ChildRead =
  | { k: 'input'; name: string; policy: boolean }
  | { k: 'arg'; name: string }
  | { k: 'loc'; file: string; start: number; end: number };

/** What a child module's evaluation read from outside its own files (per evaluator, from its creation on). */
export interface ChildReads {
  calls: Map<string, { read: ChildRead; print: string }>;
  /** The value and argument each call argument read last gave: the same objects again print the same. */
  lastInput: Map<string, { value: LValue; attr: unknown }>;
  files: Map<string, string | undefined>;
  /** A read gave two different answers (the caller's budget ran out in between?) or one too large to compare. */
  unstable: boolean;
}

export function newChildReads(): ChildReads {
  return { calls: new Map(), lastInput: new Map(), unstable: false, files: new Map() };
}

export function readKey(read: ChildRead): string {
  return read.k === 'loc' ? `l\u0000${read.file}\u0000${read.start}\u0000${read.end}` : `${read.k === 'arg' ? 'a' : read.policy ? 'p' : 'v'}\u0000${read.name}`;
}

export function recordRead(reads: ChildReads, read: ChildRead, print: string | undefined): void {
  if (print === undefined) {
    reads.unstable = true;
    return;
  }
  const key = readKey(read);
  const had = reads.calls.get(key);
  if (!had) reads.calls.set(key, { read, print });
  else if (had.print !== print) reads.unstable = true;
}

export function printLoc(loc: Loc | undefined): string {
  if (!loc) return '-';
  const { start, end } = loc.range;
  return `${loc.file}\u0000${start.line}:${start.character}-${end.line}:${end.character}`;
}

/** Longest fingerprint of one read kept (a huge argument is not worth caching on). */
const MAX_PRINT_CHARS = 1_000_000;
const MAX_PRINT_DEPTH = 200;

/** Records a call argument read (`input`); printed again only when it gave other objects than last time. */
export function recordInput(reads: ChildReads, parent: Evaluator, call: Block, name: string, policy: boolean, got: { value: LValue; refs: Set<string>; attr: { span: Span } } | undefined, sources: WeakMap<LValue, StringSource>): void {
  const read: ChildRead = { k: 'input', name, policy };
  const key = readKey(read);
  const last = reads.lastInput.get(key);
  if (got && last && last.value === got.value && last.attr === got.attr && reads.calls.has(key)) return;
  if (got) reads.lastInput.set(key, { value: got.value, attr: got.attr });
  recordRead(reads, read, printInput(parent, call, got, sources));
}

/**
 * A call argument as read: where it is written, its value (with every location and, for strings, how the text maps
 * to its source, relative to the string's start: typing above the call keeps it), and its references.
 * Undefined when it is too large or deep to compare.
 */
export function printInput(parent: Evaluator, call: Block, got: { value: LValue; refs: Set<string>; attr: { span: Span } } | undefined, sources: WeakMap<LValue, StringSource>): string | undefined {
  if (!got) return '-';
  let value = printed.get(got.value);
  if (value === undefined) {
    try {
      value = JSON.stringify(printValue(got.value, sources, 0));
    } catch {
      return undefined;
    }
    if (value.length > MAX_PRINT_CHARS) return undefined;
    printed.set(got.value, value);
  }
  return `${printLoc(parent.loc(call.file, got.attr.span))}\u0000${value}\u0000${JSON.stringify([...got.refs])}`;
}

/** Prints of values (which are not changed once made; a variable's value is the same object on every read). */
const printed = new WeakMap<LValue, string>();

function printValue(v: LValue, sources: WeakMap<LValue, StringSource>, depth: number): unknown[] {
  if (depth > MAX_PRINT_DEPTH) throw new Error('too deep');
  const src = sources.get(v);
  const base = src?.segs[0]?.src ?? 0;
  const source = src ? [src.file, src.segs.map((s) => [s.out, s.src - base, s.len, s.srcLen])] : 0;
  const loc = printLoc(v.loc);
  switch (v.t) {
    case 'arr': return [v.t, loc, source, v.items.map((i) => printValue(i, sources, depth + 1))];
    case 'obj': return [v.t, loc, source, v.props.map((p) => [p.key, printLoc(p.keyLoc), printValue(p.value, sources, depth + 1)])];
    case 'unresolved': return [v.t, loc, source, v.reason];
    case 'null': return [v.t, loc, source];
    default: return [v.t, loc, source, v.v];
  }
}

/** A path from a cached child down to one of its nested evaluators: call name and instance address per level. */
type Step = { name: string; address: string };

interface Entry {
  /** The syntax trees of the child and its nested children (by identity) with their texts, and the nesting. */
  asts: FileAst[];
  texts: string[];
  shape: string;
  reads: { read: ChildRead; key: string; print: string }[];
  files: [string, string | undefined][];
  /** The adapted scene as returned, before the caller touched it; never handed out (copies are). */
  scene: Scene;
  /** The child (path []) and every nested evaluator: what linking across modules needs of them afterwards. */
  subtree: { path: Step[]; satellites: { block: Block; type: string }[]; steps: number; chars: number }[];
  trails: Map<Trail, { at: number; bucket?: string[]; key?: string[] }>;
  /** Budget the caller spent on the child's reads, charged again on a hit (see `overBudget`). */
  parentSteps: number;
  parentChars: number;
  /** The read whose change made the evaluation this entry holds, and what it read since (see `adaptChild`). */
  madeBy?: string;
  typed?: string;
}

/** Child instances remembered, over every root linted (LRU). A 1,000-instance `for_each` simply misses past this. */
const MAX_ENTRIES = 256;
const entries = new Map<string, Entry>();

/** Counts for tests and measurements: evaluations (misses) and reuses (hits) since the process started. */
export const childCacheStats = { evaluated: 0, reused: 0 };

/** Forgets every remembered child result (tests). */
export function clearChildCache(): void {
  entries.clear();
}

/** The adapted scene of a child module instance: reused when nothing it read changed, else `adapt(child)`. */
export function adaptChild(child: Evaluator, adapt: (child: Evaluator) => Scene): Scene {
  const parent = child.parent;
  // Past half its budget, the caller's reads may start to fail: the check's reads could change what runs out.
  if (!child.reads || !parent || !child.tree || parent.pastHalfBudget()) return adapt(child);
  const key = `${child.rootDir}\u0000${child.prefix}`;
  const entry = entries.get(key);
  const shape = treeShape(child.tree);
  let changed: string | undefined;
  if (entry) {
    const scene = reuse(child, entry, shape);
    if (typeof scene === 'string') changed = scene;
    else if (scene) {
      entries.delete(key);
      entries.set(key, entry);
      childCacheStats.reused++;
      return scene;
    }
  }
  childCacheStats.evaluated++;
  if (changed !== undefined && entry?.madeBy === changed) {
    // The same argument changed again, and again since (someone is typing in it): remembering each keystroke's
    // result would only cost time. Once it reads the same twice in a row, the result is remembered again.
    const now = child.reads.calls.get(changed)?.print;
    if (entry.typed === undefined || entry.typed !== now) {
      entry.typed = now;
      child.reads = undefined;
      const scene = adapt(child);
      child.prefetched = undefined;
      return scene;
    }
  }
  const before = parent.budgetUsed();
  const scene = adapt(child);
  child.prefetched = undefined;
  try {
    const made = remember(child, scene, shape, before, changed);
    entries.delete(key);
    if (made) {
      entries.set(key, made.entry);
      while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      // The caller gets a copy, as on a hit (so its entities are alike whether reused or not), and this one is kept.
      return made.copy;
    }
  } catch {
    // Not remembered: the next keystroke evaluates it again.
    entries.delete(key);
  }
  return scene;
}

/** `changed`: the read that differed last time, checked first next time (typing in one argument misses at once). */
function remember(child: Evaluator, scene: Scene, shape: { asts: FileAst[]; text: string }, before: { steps: number; chars: number }, changed?: string): { entry: Entry; copy: Scene } | undefined {
  const reads = child.reads!;
  const parent = child.parent!;
  const evs = subtreeOf(child);
  // Near the budget, a reused result could differ from an evaluation in what runs out first: evaluate instead.
  if (reads.unstable || overBudget(parent) || evs.some((e) => overBudget(e.ev))) return undefined;
  const copies = new Map<object, object>();
  const copy = copyScene(scene, copies);
  if (!copy) return undefined;
  const trails = new Map<Trail, { at: number; bucket?: string[]; key?: string[] }>();
  for (const t of scene.trails) {
    const info = trailRefs.get(t);
    const at = info ? evs.findIndex((e) => e.ev === info.ev) : -1;
    if (!info || at < 0) return undefined;
    trails.set(t, { at, bucket: info.bucket && [...info.bucket], key: info.key && [...info.key] });
    trailRefs.set(copies.get(t) as Trail, info);
  }
  // The kept trails no longer point at this evaluation (which holds the caller's whole evaluation).
  for (const t of scene.trails) trailRefs.delete(t);
  const after = parent.budgetUsed();
  const entry: Entry = {
    madeBy: changed,
    asts: shape.asts, texts: shape.asts.map((a) => a.text), shape: shape.text,
    reads: [...reads.calls].map(([key, r]) => ({ key, read: r.read, print: r.print })).sort((a, b) => Number(b.key === changed) - Number(a.key === changed)),
    files: [...reads.files],
    scene,
    subtree: evs.map((e) => ({ path: e.path, satellites: [...e.ev.moduleSatellites], ...e.ev.budgetUsed() })),
    trails,
    parentSteps: after.steps - before.steps,
    parentChars: after.chars - before.chars,
  };
  return { entry, copy };
}

/** The remembered scene (a copy) when every read gives the same answer again; else evaluate (string: the read that differed). */
function reuse(child: Evaluator, entry: Entry, shape: { asts: FileAst[]; text: string }): Scene | string | undefined {
  const parent = child.parent!;
  if (shape.text !== entry.shape || shape.asts.length !== entry.asts.length) return undefined;
  if (shape.asts.some((a, i) => a !== entry.asts[i] || a.text !== entry.texts[i])) return undefined;
  const before = parent.budgetUsed();
  const reads = child.reads!;
  const prefetched = new Map<string, { got: ReturnType<Evaluator['input']> }>();
  for (const r of entry.reads) {
    if (r.read.k === 'input') prefetched.set(r.key, { got: child.input(r.read.name, r.read.policy) });
    else if (r.read.k === 'arg') child.callArg(r.read.name);
    else child.loc(r.read.file, { start: r.read.start, end: r.read.end });
    if (reads.unstable || reads.calls.get(r.key)?.print !== r.print) {
      child.prefetched = prefetched;
      return r.key;
    }
  }
  child.prefetched = prefetched;
  for (const [p, text] of entry.files) if (child.readPath(p) !== text) return undefined;
  // The nested evaluators, made anew (what linking across modules evaluates later must see the new caller).
  const evs: Evaluator[] = [];
  for (const s of entry.subtree) {
    const ev = evaluatorAt(child, s.path);
    if (!ev) return undefined;
    evs.push(ev);
  }
  if (overBudget(parent) || evs.some(overBudget)) return undefined;
  child.prefetched = undefined;
  const copies = new Map<object, object>();
  const scene = copyScene(entry.scene, copies)!;
  for (const [t, info] of entry.trails) {
    trailRefs.set(copies.get(t) as Trail, { ev: evs[info.at], bucket: info.bucket && new Set(info.bucket), key: info.key && new Set(info.key) });
  }
  entry.subtree.forEach((s, i) => {
    const ev = evs[i];
    ev.moduleSatellites.push(...s.satellites);
    // Spend what the evaluation spent, so that later evaluations run out of budget where they would have.
    const used = ev.budgetUsed();
    ev.spend(Math.max(0, s.steps - used.steps), Math.max(0, s.chars - used.chars));
  });
  const spent = parent.budgetUsed();
  parent.spend(Math.max(0, entry.parentSteps - (spent.steps - before.steps)), Math.max(0, entry.parentChars - (spent.chars - before.chars)));
  return scene;
}

/** Past half its budget an evaluator is neither remembered nor reused: where the budget runs out may decide a value. */
function overBudget(ev: Evaluator): boolean {
  return ev.pastHalfBudget();
}

function subtreeOf(ev: Evaluator, path: Step[] = [], out: { ev: Evaluator; path: Step[] }[] = []): { ev: Evaluator; path: Step[] }[] {
  out.push({ ev, path });
  for (const [address, c] of ev.loadedChildren()) subtreeOf(c, [...path, { name: c.callBlock!.labels[0], address }], out);
  return out;
}

function evaluatorAt(from: Evaluator, path: Step[]): Evaluator | undefined {
  let ev = from;
  for (const { name, address } of path) {
    const call = ev.mod.moduleCalls.get(name);
    if (!call) return undefined;
    const ex = ev.existence(call);
    const inst = (ex.state === 'known' ? ex.blocks : [call]).find((b) => (ev.addresses.get(b) ?? `module.${name}`) === address);
    const next = inst && ev.childModule(name, inst);
    if (!next || 'unavailable' in next) return undefined;
    ev = next;
  }
  return ev;
}

/** The child's nesting: folders, files, each call's source and outcome; and every syntax tree in it. */
function treeShape(tree: ModuleTree): { asts: FileAst[]; text: string } {
  const asts: FileAst[] = [];
  const walk = (t: ModuleTree): unknown[] => {
    asts.push(...t.asts);
    return [t.dir, t.asts.map((a) => a.path), [...t.calls].map(([name, c]) => (c.state === 'loaded' ? [name, c.source, walk(c.tree)] : [name, c.source, c.reason]))];
  };
  return { asts, text: JSON.stringify(walk(tree)) };
}

/**
 * A copy of the scene one level deep: each entity object, its `trails` and `via` lists and its bucket / key link
 * (pointed at the copied entity). That is all its consumers change: linking across modules and `via` set entity
 * fields and push to `trails`, satellites set entity fields (moduleScene.ts, registryBucketModule.ts
 * `applySatellite`), rules only read. Attributes, policies and locations below are shared, never written after
 * adaptation. Undefined when an entity links to one outside the scene (then it would be shared): not remembered.
 */
function copyScene(scene: Scene, copies: Map<object, object>): Scene | undefined {
  const copy = <T extends EntityBase>(e: T): T => {
    const out = { ...e, via: e.via && [...e.via] } as T & { trails?: unknown[] };
    if ('trails' in e && Array.isArray(e.trails)) out.trails = [...e.trails];
    copies.set(e, out);
    return out;
  };
  const out: Scene = {
    ...scene,
    trails: scene.trails.map(copy), buckets: scene.buckets.map(copy), keys: scene.keys.map(copy),
    recorders: scene.recorders.map(copy), eventDataStores: scene.eventDataStores.map(copy),
    aggregators: scene.aggregators.map(copy), orgPolicies: scene.orgPolicies.map(copy),
  };
  for (const t of out.trails) {
    for (const side of ['bucket', 'key'] as const) {
      const link = t[side];
      if (link.state !== 'linked') continue;
      const entity = copies.get(link.entity);
      if (!entity) return undefined;
      (t as unknown as Record<string, unknown>)[side] = { ...link, entity };
    }
  }
  return out;
}
