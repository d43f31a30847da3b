// Reading a block's attributes as model `Attr`s: known (with the attribute and value ranges), absent, or
// unresolved with the reason the evaluator gave.
import type { Attr, LValue, Loc } from '../../model';
import type { Attribute, Block } from './ast';
import type { Evaluator } from './evaluate';
import { toNumber, truthy } from './evaluate';
import { dict } from '../../dict';
import { valueSource } from './valueSource';
import { blockTarget } from './insert';

export interface Evaluated { attr: Attribute; value: LValue; refs: Set<string> }

export class BlockReader {
  /** The resource (instance) the block belongs to: `count.index` and `each.*` are read from it. */
  readonly owner: Block;

  constructor(readonly ev: Evaluator, readonly block: Block, owner?: Block) {
    this.owner = owner ?? ev.ownerOf(block);
  }

  get file(): string {
    return this.block.file;
  }

  loc(span: { start: number; end: number }): Loc {
    return this.ev.loc(this.block.file, span);
  }

  /** Attributes already evaluated: an adapter reads some several times (as an Attr, then to link by reference). */
  private evaluated: Map<string, Evaluated> | undefined;

  raw(name: string): Evaluated | undefined {
    const done = this.evaluated?.get(name);
    if (done) return done;
    const got = this.ev.attr(this.block, name, false, this.owner);
    if (got) (this.evaluated ??= new Map()).set(name, got);
    return got;
  }

  has(name: string): boolean {
    return this.block.attrs.some((a) => a.name === name);
  }

  /** The first nested block of that type, `dynamic` ones expanded (see `dynamicOf` for those that cannot be). */
  child(type: string): BlockReader | undefined {
    return this.children(type)[0];
  }

  /** Nested blocks of that type, with `dynamic "type"` blocks expanded over their collection. */
  children(type: string): BlockReader[] {
    return this.ev.childBlocks(this.block, type, this.owner).blocks.map((b) => new BlockReader(this.ev, b, this.owner));
  }

  /** Why the `dynamic "type"` blocks here cannot be expanded (their collection is unknown), if so. */
  dynamicOf(type: string): string | undefined {
    if (!this.block.blocks.some((c) => c.type === 'dynamic' && c.labels[0] === type)) return undefined;
    return this.ev.childBlocks(this.block, type, this.owner).unknown;
  }

  bool(name: string): Attr<boolean> {
    return this.typed(name, (v) => truthy(v), 'a boolean');
  }

  str(name: string): Attr<string> {
    return this.typed(name, (v) => (v.t === 'str' ? v.v : v.t === 'num' || v.t === 'bool' ? String(v.v) : undefined), 'a string');
  }

  num(name: string): Attr<number> {
    return this.typed(name, (v) => toNumber(v), 'a number');
  }

  strList(name: string): Attr<string[]> {
    return this.typed(name, (v) => {
      if (v.t === 'str') return [v.v];
      if (v.t !== 'arr') return undefined;
      const out: string[] = [];
      for (const i of v.items) {
        if (i.t === 'str' || i.t === 'num' || i.t === 'bool') out.push(String(i.v));
        else return undefined;
      }
      return out;
    }, 'a list of strings', true);
  }

  strMap(name: string): Attr<Record<string, string>> {
    return this.typed(name, (v) => {
      if (v.t !== 'obj') return undefined;
      const out = dict<string>();
      for (const p of v.props) {
        if (p.value.t === 'str' || p.value.t === 'num' || p.value.t === 'bool') out[p.key] = String(p.value.v);
        else return undefined;
      }
      return out;
    }, 'a map of strings', true);
  }

  /** Converts an evaluated attribute; `null` means "not set" in Terraform, so it reads as absent. */
  private typed<T>(name: string, convert: (v: LValue) => T | undefined, what: string, listItemsUnresolved = false): Attr<T> {
    const got = this.raw(name);
    if (!got) return { state: 'absent' };
    return toAttr(this.ev, this.block.file, got, convert, what, listItemsUnresolved);
  }
}

export function toAttr<T>(ev: Evaluator, file: string, got: Evaluated, convert: (v: LValue) => T | undefined, what: string, deep = false): Attr<T> {
  const loc = ev.loc(file, got.attr.span);
  const v = got.value;
  if (v.t === 'null') return { state: 'absent' };
  if (v.t === 'unresolved') return { state: 'unresolved', reason: v.reason, loc };
  if (deep) {
    const inner = firstUnresolved(v);
    if (inner) return { state: 'unresolved', reason: inner, loc };
  }
  const value = convert(v);
  if (value === undefined) {
    const src = ev.mod.text(file, got.attr.expr.span).trim();
    return { state: 'unresolved', reason: `\`${got.attr.name} = ${short(src)}\` is not ${what}`, loc };
  }
  const known: Attr<T> = { state: 'known', value, loc, valueLoc: ev.loc(file, got.attr.expr.span), format: 'terraform' };
  const source = valueSource(ev, file, got);
  const origin = originOf(ev, file, got.attr);
  if (origin && known.state === 'known') {
    known.origin = { message: `\`${got.attr.name} = ${short(ev.mod.text(file, got.attr.expr.span).trim())}\` is ${show(value)} (${origin.what}, ${where(file, origin.loc)})`, loc: origin.loc };
  }
  if (source && known.state === 'known') known.valueSource = source;
  return known;
}

/**
 * Where the value of `attr` came from when it is a reference to a variable or local value: a call argument of
 * the calling module, a tfvars entry or the variable's default; a local's definition.
 */
function originOf(ev: Evaluator, file: string, attr: Attribute): { what: string; loc: Loc } | undefined {
  let e = attr.expr;
  if (e.k === 'tmpl' && !e.heredoc && e.parts.length === 1 && e.parts[0].k === 'interp') e = e.parts[0].expr;
  if (e.k !== 'ref' || e.ops.length !== 1 || e.ops[0].k !== 'attr') return undefined;
  const name = e.ops[0].name;
  if (e.root === 'local') {
    const decl = ev.mod.locals.get(name);
    return decl ? { what: `\`local.${name}\``, loc: ev.loc(decl.file, decl.item.span) } : undefined;
  }
  if (e.root !== 'var') return undefined;
  void file;
  if (ev.parent && ev.callBlock) {
    const arg = ev.callArg(name);
    if (arg) return { what: `argument \`${name}\` of \`module "${ev.callBlock.labels[0]}"\``, loc: ev.parent.loc(ev.callBlock.file, arg.span) };
  } else {
    const fromVars = ev.mod.tfvars.get(name);
    if (fromVars) return { what: `\`${name}\` in ${baseName(fromVars.file)}`, loc: ev.loc(fromVars.file, fromVars.item.span) };
  }
  const decl = ev.mod.variables.get(name);
  const def = decl?.attrs.find((a) => a.name === 'default');
  return decl && def ? { what: `default of \`var.${name}\``, loc: ev.loc(decl.file, def.span) } : undefined;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'boolean' || typeof v === 'number' ? String(v) : short(JSON.stringify(v) ?? '');
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** `variables.tf:3`, or a path relative to the attribute's folder when the origin is in another folder. */
function where(file: string, loc: Loc): string {
  const dir = (p: string) => p.split(/[\\/]/).slice(0, -1).join('/');
  const from = dir(file);
  const to = loc.file.split(/[\\/]/).join('/');
  let rel: string;
  if (dir(to) === from) rel = baseName(to);
  else {
    const a = from ? from.split('/') : [];
    const b = to.split('/');
    let i = 0;
    while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
    rel = [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
  }
  return `${rel}:${loc.range.start.line + 1}`;
}

function firstUnresolved(v: LValue): string | undefined {
  if (v.t === 'unresolved') return v.reason;
  if (v.t === 'arr') for (const i of v.items) { const r = firstUnresolved(i); if (r) return r; }
  if (v.t === 'obj') for (const p of v.props) { const r = firstUnresolved(p.value); if (r) return r; }
  return undefined;
}

function short(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 40 ? `${line.slice(0, 37)}...` : line;
}

/** A known value that was derived (e.g. v3 `enabled = true` → `Enabled`): no value range, so no blind replace. */
export function derived<T, U>(a: Attr<T>, map: (v: T) => U): Attr<U> {
  if (a.state !== 'known') return a;
  return { state: 'known', value: map(a.value), loc: a.loc, format: 'terraform' };
}

/**
 * The fields every Terraform resource entity has: its id (with the module prefix), location and edit target.
 * Adapters copy them into their literals one by one: spread into a literal, they made V8 define every later
 * property through the runtime (see withSuppressions in cfn/entity.ts).
 */
export function entityBase(ev: Evaluator, block: Block) {
  const file = ev.mod.files.get(block.file)!;
  return {
    id: ev.prefix + ev.addressOf(block),
    format: 'terraform' as const,
    // `count` / `for_each` unknown: whether it exists at all is unknown, so every check of it is.
    inaccessible: ev.existenceProblem(block),
    loc: ev.loc(block.file, block.headerSpan),
    extent: ev.loc(block.file, block.span),
    target: blockTarget(file, block),
  };
}
