// Evaluates HCL expressions of one module into LValues with source locations. It resolves what linking and the
// rules need (literals, var/local, references between resources, templates, a few functions, policy documents)
// and turns everything else into `unresolved` with a reason a user understands. Each evaluation also records
// which resources and variables it went through, so linking can work by reference even when a value is unknown.
// Expression forms (operators, templates, `for`) live in forms.ts, references and traversals in references.ts,
// function calls in functions.ts, `count` / `for_each` / `dynamic` expansion in instances.ts.
import type { LValue, LProp, Loc } from '../../model';
import type { Attribute, Block, Expr, Seg, Span } from './ast';
import { mapDecoded } from './ast';
import { callFunction } from './functions';
import { evalBinary, evalFor, evalTemplate, evalValue, keepSource as keptSource } from './forms';
import { expandChildBlocks, expandInstances } from './instances';
import { TfModule } from './module';
import type { ModuleTree } from './moduleTree';
import { isRelevantBlock } from './relevance';
import { evalReference, traverse } from './references';
import { BUDGET_REASON, interpolationText, parseJsonLValue, plain, toNumber, truthy } from './values';
import { newChildReads, printLoc, readKey, recordInput, recordRead, type ChildReads } from './childCache';
import * as path from 'path';

export { BUDGET_REASON, interpolationText, plain, toNumber, truthy };

export interface Scope {
  file: string;
  /** The resource / data block the expression belongs to (for `count.index`, `each.*`). */
  block?: Block;
  /**
   * Inside a policy document: an interpolation or reference that cannot be evaluated is kept as its source text
   * (`${data.aws_caller_identity.current.account_id}`) so the policy stays readable; matchers treat `${...}` as
   * a wildcard.
   */
  policy: boolean;
  /** Iteration variables of enclosing `for` expressions and `dynamic` blocks. */
  bindings?: ReadonlyMap<string, LValue>;
}

/** One instance of a resource: `count.index` or `each.key` / `each.value`, and its key in the address. */
export interface Instance { key: number | string; index?: number; each?: { key: LValue; value: LValue } }

/**
 * Whether and how often a resource exists: its instance blocks (the block itself when it has one instance), or
 * unknown when `count` / `for_each` cannot be resolved (every check of it is then unknown with this reason).
 */
export type Existence = { state: 'known'; blocks: Block[] } | { state: 'unknown'; reason: string };

/** Reads files next to the module (`file()`, `templatefile()`); undefined when the file is not readable. */
export interface FileReader {
  read(path: string): string | undefined;
  /** The Terraform files (`.tf`, `.tf.json`) of a folder, or undefined when the folder does not exist. */
  list?(dir: string): string[] | undefined;
}

/** A decoded string's mapping back to its source (templates, heredocs), used to locate embedded JSON. */
export interface StringSource { file: string; segs: Seg[] }

type Unresolved = Extract<LValue, { t: 'unresolved' }>;

const MAX_EVAL_DEPTH = 60;
/**
 * The evaluation budget of one module (issue 8): expression steps (every `for` iteration and function call takes
 * some) and characters of strings built. Real modules use a few thousand steps (the 20-file benchmark module far fewer than the budget); five nested `for` expressions over
 * 100 items would take 10^10. Past the budget a value is unknown with BUDGET_REASON.
 */
export const MAX_EVAL_STEPS = 250_000;
export const MAX_STRING_CHARS = 8_000_000;


export class Evaluator {
  /** Shared by a module tree: a policy passed as a call argument keeps its ranges in the caller's file. */
  sources = new WeakMap<LValue, StringSource>();
  private readonly cache = new Map<string, { value: LValue; refs: Set<string> }>();
  private readonly active = new Set<string>();
  private depth = 0;
  private steps = 0;
  private chars = 0;
  /** Unresolved values that are evaluation errors (missing key, index out of range), not unknown values: `try()` skips these. */
  readonly failures = new WeakSet<LValue>();
  /** Whole-instance objects (`for_each = aws_s3_bucket.logs`) → the instance address, for linking by reference. */
  readonly valueRefs = new WeakMap<LValue, string>();
  /** Instance views (instances.ts) → their instance and their address. */
  readonly instanceOfBlock = new WeakMap<Block, Instance>();
  readonly addresses = new WeakMap<Block, string>();
  private readonly existences = new WeakMap<Block, Existence>();
  /** Resource blocks whose `count` / `for_each` is unknown → the reason. */
  private readonly unknownExistence = new WeakMap<Block, string>();
  /** Blocks of a `dynamic` expansion (instances.ts) → the iterator bindings in force inside them. */
  readonly blockBindings = new WeakMap<Block, ReadonlyMap<string, LValue>>();
  private expandedResources?: Block[];
  private readonly byAddress = new Map<string, Block>();

  /**
   * `dir`: this module's folder; `rootDir`: the root module's folder, which relative paths in `file()` start
   * from (Terraform runs there), and which `path.module` is relative to.
   */
  constructor(readonly mod: TfModule, readonly files?: FileReader, readonly dir = '.', readonly rootDir = dir) {}

  /** `module.a.module.b.` for a child module (what its entity ids start with); empty for the root. */
  prefix = '';
  /** For a child module: the module that calls it, and the call block. */
  parent?: Evaluator;
  callBlock?: Block;
  /** The loaded module tree (child modules of this module). */
  tree?: ModuleTree;
  private readonly children = new Map<string, Evaluator | { unavailable: string }>();
  /** Satellite resources whose bucket is built by a child module: applied once the module's buckets are known. */
  readonly moduleSatellites: { block: Block; type: string }[] = [];
  /**
   * Editor path (`cache: true`): child modules' results may be reused between keystrokes (childCache.ts), so each
   * child records what it reads from outside its own files in `reads`. The batch path records nothing.
   */
  cacheChildren = false;
  reads?: ChildReads;
  /**
   * Call arguments a failed reuse check just read (childCache.ts): the evaluation that follows takes each once
   * instead of evaluating it in the caller again, as if it had read it first.
   */
  prefetched?: Map<string, { got: ReturnType<Evaluator['input']> }>;

  /**
   * The evaluator of child module `name`: its variables bound to the call's arguments, or why it is not
   * available (not downloaded, missing folder, cycle); undefined when there is no such call.
   */
  childModule(name: string, instance?: Block): Evaluator | { unavailable: string } | undefined {
    const call = this.tree?.calls.get(name);
    const block = this.mod.moduleCalls.get(name);
    if (!call || !block) return undefined;
    if (call.state === 'unavailable') return { unavailable: call.reason };
    // Without an instance: the first one (a call without count / for_each has exactly one).
    let inst = instance;
    if (!inst) {
      const ex = this.existence(block);
      inst = ex.state === 'known' && ex.blocks.length ? ex.blocks[0] : block;
    }
    const address = this.addresses.get(inst) ?? `module.${name}`;
    const hit = this.children.get(address);
    if (hit) return hit;
    const child = new Evaluator(new TfModule(call.tree.asts), this.files, call.tree.dir, this.rootDir);
    child.prefix = `${this.prefix}${address}.`;
    child.sources = this.sources;
    child.parent = this;
    child.callBlock = inst;
    child.tree = call.tree;
    if (this.cacheChildren) {
      child.cacheChildren = true;
      child.reads = newChildReads();
    }
    this.children.set(address, child);
    return child;
  }

  /** The child module evaluators created so far, by address (`module.x`, `module.x["k"]`). */
  *loadedChildren(): Iterable<[string, Evaluator]> {
    for (const [address, c] of this.children) if (c instanceof Evaluator) yield [address, c];
  }

  /** A call argument of this (child) module, evaluated in the calling module; undefined when not given. */
  input(name: string, policy: boolean): { value: LValue; refs: Set<string>; attr: Attribute } | undefined {
    if (!this.parent || !this.callBlock) return undefined;
    const pre = this.prefetched?.get(readKey({ k: 'input', name, policy }));
    if (pre) {
      this.prefetched!.delete(readKey({ k: 'input', name, policy }));
      return pre.got;
    }
    const got = this.parent.attr(this.callBlock, name, policy);
    if (this.reads) recordInput(this.reads, this.parent, this.callBlock, name, policy, got, this.sources);
    return got ? { value: got.value, refs: got.refs, attr: got.attr } : undefined;
  }

  /** The call's argument `name` itself (not its value), for messages that say where a value was set. */
  callArg(name: string): Attribute | undefined {
    if (!this.parent || !this.callBlock) return undefined;
    const arg = this.callBlock.attrs.find((a) => a.name === name);
    if (this.reads) recordRead(this.reads, { k: 'arg', name }, arg ? printLoc(this.parent.loc(this.callBlock.file, arg.span)) : '-');
    return arg;
  }

  /**
   * `refs` (addresses in this module) as addresses in the root module's namespace, following variables to the
   * call arguments that set them: a trail in a child module whose bucket is `var.bucket` links to the bucket
   * the caller passed.
   */
  globalRefs(refs: Iterable<string>, depth = 0): Set<string> {
    const out = new Set<string>();
    for (const r of refs) {
      out.add(this.prefix + r);
      if (depth < 16 && r.startsWith('var.') && this.parent) {
        const got = this.input(r.slice(4), false);
        if (got) this.parent.globalRefs(got.refs, depth + 1).forEach((g) => out.add(g));
      }
    }
    return out;
  }

  /** `path.module`: this module's folder relative to the root module (`.` for the root). */
  get modulePath(): string {
    return path.relative(this.rootDir, this.dir).split(path.sep).join('/') || '.';
  }

  /** A file named by `file()` / `templatefile()`, relative to the module folder; undefined when not readable. */
  readFile(p: string): string | undefined {
    if (!this.files) return undefined;
    return this.readPath(path.isAbsolute(p) ? path.normalize(p) : path.normalize(path.join(this.rootDir, p)));
  }

  /** Reads a file for `file()` / `templatefile()`; each enclosing child module's result depends on its text. */
  readPath(full: string): string | undefined {
    const text = this.files?.read(full);
    for (let ev: Evaluator | undefined = this; ev; ev = ev.parent) ev.reads?.files.set(full, text);
    return text;
  }

  /** Budget spent so far (see `spend`). */
  budgetUsed(): { steps: number; chars: number } {
    return { steps: this.steps, chars: this.chars };
  }

  /** Past half of the budget (childCache.ts then neither remembers nor reuses a child's result). */
  pastHalfBudget(): boolean {
    return this.steps * 2 > MAX_EVAL_STEPS || this.chars * 2 > MAX_STRING_CHARS;
  }

  /** Spends budget; true once the module's evaluation budget is used up. */
  spend(steps: number, chars = 0): boolean {
    this.steps += steps;
    this.chars += chars;
    return this.steps > MAX_EVAL_STEPS || this.chars > MAX_STRING_CHARS;
  }

  /** An evaluation error (as opposed to a value that is merely unknown): `try()` moves on, `can()` is false. */
  fail(reason: string, scope: Scope, span: Span): Unresolved {
    const v = this.un(reason, scope, span);
    this.failures.add(v);
    return v;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Instances (`count`, `for_each`).

  /** The resource blocks of the module, one per instance, in source order; zero-instance resources are left out. */
  get resourceList(): Block[] {
    if (this.expandedResources) return this.expandedResources;
    const out: Block[] = [];
    for (const block of this.mod.resourceList) {
      // Resources no adapter reads keep their body unconverted (relevance.ts): reading `count` would convert it.
      if (!isRelevantBlock('resource', block.labels)) {
        out.push(block);
        continue;
      }
      const ex = this.existence(block);
      if (ex.state === 'unknown') {
        this.unknownExistence.set(block, ex.reason);
        out.push(block);
        this.byAddress.set(this.addressOf(block), block);
        continue;
      }
      for (const b of ex.blocks) {
        out.push(b);
        this.byAddress.set(this.addressOf(b), b);
      }
    }
    this.expandedResources = out;
    return out;
  }

  /** The instance block at an address (`aws_s3_bucket.logs`, `aws_s3_bucket.logs["a"]`). */
  blockAt(address: string): Block | undefined {
    void this.resourceList;
    if (this.prefix && address.startsWith(this.prefix)) address = address.slice(this.prefix.length);
    return this.byAddress.get(address) ?? this.mod.resources.get(address);
  }

  /** Why the resource's instances are not known (its `count` / `for_each` is unknown), if so. */
  existenceProblem(block: Block): string | undefined {
    void this.resourceList;
    return this.unknownExistence.get(block);
  }

  /** `aws_s3_bucket.logs`, or `aws_s3_bucket.logs["a"]` / `[1]` for one of several instances. */
  addressOf(block: Block): string {
    return this.addresses.get(block) ?? `${block.labels[0]}.${block.labels[1]}`;
  }

  instanceOf(block: Block | undefined): Instance | undefined {
    return block ? this.instanceOfBlock.get(block) : undefined;
  }

  /** Evaluates `count` / `for_each` of a resource or data block into its instance blocks. */
  existence(block: Block): Existence {
    let ex = this.existences.get(block);
    if (!ex) {
      ex = expandInstances(this, block);
      this.existences.set(block, ex);
    }
    return ex;
  }



  /** The instance of `block` whose key is `key` (`[0]`, `["a"]`). */
  instanceAt(block: Block, key: string | number): Block | undefined {
    const ex = this.existence(block);
    if (ex.state !== 'known') return undefined;
    return ex.blocks.find((b) => {
      const inst = this.instanceOf(b);
      return inst ? String(inst.key) === String(key) : false;
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Nested and `dynamic` blocks.


  loc(file: string, span: Span): Loc {
    // A value from a call argument lies in the caller's file.
    if (this.parent && !this.mod.files.has(file)) {
      const loc = this.parent.loc(file, span);
      if (this.reads) recordRead(this.reads, { k: 'loc', file, start: span.start, end: span.end }, printLoc(loc));
      return loc;
    }
    return this.mod.loc(file, span);
  }

  /** Evaluates `expr`; `refs` collects `type.name`, `data.type.name`, `var.x`, `local.y`, `module.m` met on the way. */
  eval(expr: Expr, scope: Scope, refs: Set<string>): LValue {
    if (this.depth > MAX_EVAL_DEPTH) return this.un('the expression is nested too deeply to evaluate', scope, expr.span);
    // A literal costs nothing: past the budget, `enabled = true` is still known.
    if (expr.k !== 'lit' && this.spend(1)) return this.un(BUDGET_REASON, scope, expr.span);
    this.depth++;
    try {
      return this.evalInner(expr, scope, refs);
    } finally {
      this.depth--;
    }
  }

  /**
   * The nested blocks of `type` in `block`, with `dynamic "type"` blocks expanded over their collection in source
   * order; `unknown` says why a dynamic block could not be expanded (its collection is unknown).
   */
  childBlocks(block: Block, type: string, owner: Block): { blocks: Block[]; unknown?: string } {
    return expandChildBlocks(this, block, type, owner);
  }

  /** Policy mode: an unknown value stays as its source, in `${...}` form, so the statement stays readable. */
  keepSource(scope: Scope, span: Span): LValue {
    return keptSource(this, scope, span);
  }

  /** A block attribute, evaluated in the block's own scope; undefined when absent. */
  attr(block: Block, name: string, policy = false, owner?: Block): { attr: Attribute; value: LValue; refs: Set<string> } | undefined {
    const attr = block.attrs.find((a) => a.name === name);
    if (!attr) return undefined;
    const refs = new Set<string>();
    const value = this.eval(attr.expr, { file: block.file, block: owner ?? this.ownerOf(block), policy, bindings: this.blockBindings.get(block) }, refs);
    return { attr, value, refs };
  }

  /** Nested blocks remember no parent; the evaluator needs the resource for count/each. */
  private readonly parents = new WeakMap<Block, Block>();
  setOwner(child: Block, owner: Block): void {
    this.parents.set(child, owner);
  }
  ownerOf(block: Block): Block {
    return this.parents.get(block) ?? block;
  }

  /** An unresolved value at `span` with the reason shown to the user. */
  un(reason: string, scope: Scope, span: Span): Unresolved {
    return { t: 'unresolved', reason, loc: this.loc(scope.file, span) };
  }

  /** The trimmed source text of `span`, for messages. */
  src(scope: Scope, span: Span): string {
    return this.mod.text(scope.file, span).trim();
  }

  private evalInner(e: Expr, scope: Scope, refs: Set<string>): LValue {
    switch (e.k) {
      case 'ref':
        return evalReference(this, e, scope, refs);
      case 'postfix':
        return traverse(this, this.eval(e.base, scope, refs), e.ops, scope, refs, this.src(scope, e.span));
      case 'call':
        return this.call(e, scope, refs);
      case 'tmpl':
        return evalTemplate(this, e, scope, refs);
      case 'binary':
        return evalBinary(this, e, scope, refs);
      case 'for':
        return evalFor(this, e, scope, refs);
      case 'other':
        return this.un(e.reason ?? `${e.what} is not evaluated`, scope, e.span);
      case 'planned':
        for (const r of e.refs) this.eval(r, scope, refs);
        return this.eval(e.value, scope, refs);
      default:
        return evalValue(this, e, scope, refs);
    }
  }






  /** Memoises a computation and its refs; a cycle becomes unresolved instead of recursing forever. */
  cached(key: string, refs: Set<string>, compute: () => { value: LValue; refs: Set<string> } | LValue): LValue {
    let hit = this.cache.get(key);
    if (!hit) {
      if (this.active.has(key)) return { t: 'unresolved', reason: `\`${key.replace(/#.*$/, '')}\` refers to itself` };
      this.active.add(key);
      try {
        const r = compute();
        hit = 'refs' in r && !('t' in r) ? r : { value: r as LValue, refs: new Set<string>() };
      } finally {
        this.active.delete(key);
      }
      this.cache.set(key, hit);
    }
    hit.refs.forEach((r) => refs.add(r));
    return hit.value;
  }

  /** A nested block as an object value (for `aws_x.y.block[0].attr`). */
  blockValue(b: Block, owner?: Block): LValue {
    const props: LProp[] = [];
    for (const a of b.attrs) {
      const got = this.attr(b, a.name, false, owner);
      if (got) props.push({ key: a.name, keyLoc: this.loc(b.file, a.nameSpan), value: got.value });
    }
    for (const type of new Set(b.blocks.map((c) => (c.type === 'dynamic' ? c.labels[0] ?? 'dynamic' : c.type)))) {
      if (type === 'dynamic') continue;
      const items = this.childBlocks(b, type, owner ?? b).blocks.map((c) => this.blockValue(c, owner));
      props.push({ key: type, value: { t: 'arr', items } });
    }
    return { t: 'obj', props, loc: this.loc(b.file, b.span) };
  }


  private call(e: Extract<Expr, { k: 'call' }>, scope: Scope, refs: Set<string>): LValue {
    if (this.spend(4)) return this.un(BUDGET_REASON, scope, e.span);
    return callFunction(this, e, scope, refs);
  }

  /** Parses a JSON string (literal, heredoc or template) into an LValue whose ranges point into the source. */
  jsonString(v: Extract<LValue, { t: 'str' }>): LValue | undefined {
    const source = this.sources.get(v);
    const mapLoc = (start: number, end: number): Loc | undefined => {
      if (source) {
        return this.loc(source.file, { start: mapDecoded(source.segs, start, false), end: mapDecoded(source.segs, end, true) });
      }
      return v.loc;
    };
    return parseJsonLValue(v.v, mapLoc);
  }
}
