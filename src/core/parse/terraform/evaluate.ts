// Evaluates HCL expressions of one module into LValues with source locations. It resolves what linking and the
// rules need (literals, var/local, references between resources, templates, a few functions, policy documents)
// and turns everything else into `unresolved` with a reason a user understands. Each evaluation also records
// which resources and variables it went through, so linking can work by reference even when a value is unknown.
// Resolving references and traversals lives in references.ts, function calls in functions.ts.
import type { LValue, LProp, Loc } from '../../model';
import type { Attribute, Block, Expr, Seg, Span } from './ast';
import { mapDecoded } from './ast';
import { callFunction } from './functions';
import type { TfModule } from './module';
import { evalReference, traverse } from './references';
import { interpolationText, parseJsonLValue, plain, toNumber, truthy } from './values';

export { interpolationText, plain, toNumber, truthy };

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
  /** Iteration variables of enclosing `for` expressions. */
  bindings?: ReadonlyMap<string, LValue>;
}

/** A decoded string's mapping back to its source (templates, heredocs), used to locate embedded JSON. */
export interface StringSource { file: string; segs: Seg[] }

type Unresolved = Extract<LValue, { t: 'unresolved' }>;

const MAX_EVAL_DEPTH = 60;
/** Most items a `for` expression iterates over. */
const MAX_FOR_ITEMS = 10000;


export class Evaluator {
  readonly sources = new WeakMap<LValue, StringSource>();
  private readonly cache = new Map<string, { value: LValue; refs: Set<string> }>();
  private readonly active = new Set<string>();
  private depth = 0;

  constructor(readonly mod: TfModule) {}

  loc(file: string, span: Span): Loc {
    return this.mod.loc(file, span);
  }

  /** Evaluates `expr`; `refs` collects `type.name`, `data.type.name`, `var.x`, `local.y`, `module.m` met on the way. */
  eval(expr: Expr, scope: Scope, refs: Set<string>): LValue {
    if (this.depth > MAX_EVAL_DEPTH) return this.un('the expression is nested too deeply to evaluate', scope, expr.span);
    this.depth++;
    try {
      return this.evalInner(expr, scope, refs);
    } finally {
      this.depth--;
    }
  }

  /** A block attribute, evaluated in the block's own scope; undefined when absent. */
  attr(block: Block, name: string, policy = false): { attr: Attribute; value: LValue; refs: Set<string> } | undefined {
    const attr = block.attrs.find((a) => a.name === name);
    if (!attr) return undefined;
    const refs = new Set<string>();
    const value = this.eval(attr.expr, { file: block.file, block: this.ownerOf(block), policy }, refs);
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
        return this.template(e, scope, refs);
      case 'binary':
        return this.binary(e, scope, refs);
      case 'for':
        return this.forExpression(e, scope, refs);
      case 'other':
        return this.un(`${e.what} is not evaluated`, scope, e.span);
      default:
        return this.evalValue(e, scope, refs);
    }
  }

  /** `for` expressions over a known collection (bounded like `concat()`). */
  private forExpression(e: Extract<Expr, { k: 'for' }>, scope: Scope, refs: Set<string>): LValue {
    const loc = this.loc(scope.file, e.span);
    const coll = this.eval(e.coll, scope, refs);
    if (coll.t === 'unresolved') return { t: 'unresolved', reason: coll.reason, loc };
    let pairs: [LValue, LValue][];
    if (coll.t === 'arr') pairs = coll.items.map((v, i) => [{ t: 'num', v: i }, v]);
    else if (coll.t === 'obj') pairs = coll.props.map((p) => [{ t: 'str', v: p.key }, p.value]);
    else return this.un(`\`${this.src(scope, e.coll.span)}\` is not a collection`, scope, e.coll.span);
    if (pairs.length > MAX_FOR_ITEMS) return this.un('the `for` expression has too many items to evaluate', scope, e.span);
    const items: LValue[] = [];
    const props: LProp[] = [];
    for (const [k, v] of pairs) {
      const bindings = new Map(scope.bindings ?? []);
      if (e.keyVar) bindings.set(e.keyVar, k);
      bindings.set(e.valVar, v);
      const inner: Scope = { ...scope, bindings };
      if (e.cond) {
        const c = this.eval(e.cond, inner, refs);
        const b = truthy(c);
        if (b === undefined) return c.t === 'unresolved' ? { t: 'unresolved', reason: c.reason, loc } : this.un('the `for` condition is not a boolean', scope, e.cond.span);
        if (!b) continue;
      }
      const value = this.eval(e.body, inner, refs);
      if (!e.key) {
        items.push(value);
        continue;
      }
      const key = this.eval(e.key, inner, refs);
      const keyText = interpolationText(key);
      if (key.t === 'unresolved') return { t: 'unresolved', reason: key.reason, loc };
      if (keyText === undefined || key.t === 'arr' || key.t === 'obj') return this.un('a `for` key is not a string', scope, e.key.span);
      const existing = props.find((p) => p.key === keyText);
      if (e.grouped) {
        if (existing && existing.value.t === 'arr') existing.value.items.push(value);
        else props.push({ key: keyText, value: { t: 'arr', items: [value], loc } });
      } else if (existing) {
        return this.un(`the \`for\` expression produces the key \`${keyText}\` twice`, scope, e.span);
      } else {
        props.push({ key: keyText, value });
      }
    }
    return e.key ? { t: 'obj', props, loc } : { t: 'arr', items, loc };
  }

  private evalValue(e: Exclude<Expr, { k: 'ref' | 'postfix' | 'call' | 'tmpl' | 'binary' | 'for' | 'other' }>, scope: Scope, refs: Set<string>): LValue {
    const loc = this.loc(scope.file, e.span);
    switch (e.k) {
      case 'lit':
        if (e.v === null) return { t: 'null', loc };
        if (typeof e.v === 'string') return { t: 'str', v: e.v, loc };
        if (typeof e.v === 'number') return { t: 'num', v: e.v, loc };
        return { t: 'bool', v: e.v, loc };
      case 'tuple':
        return { t: 'arr', items: e.items.map((i) => this.eval(i, scope, refs)), loc };
      case 'object': {
        const props: LProp[] = [];
        for (const item of e.items) {
          let key = item.keyName;
          if (key === undefined) {
            const k = this.eval(item.key, scope, refs);
            if (k.t === 'str' || k.t === 'num' || k.t === 'bool') key = String(k.v);
            else return k.t === 'unresolved' ? k : this.un('an object key is not a string', scope, item.key.span);
          }
          props.push({ key, keyLoc: this.loc(scope.file, item.key.span), value: this.eval(item.value, scope, refs) });
        }
        return { t: 'obj', props, loc };
      }
      case 'cond': {
        const c = this.eval(e.cond, scope, refs);
        const b = truthy(c);
        if (b === undefined) {
          if (c.t === 'unresolved') return { t: 'unresolved', reason: c.reason, loc };
          return this.un(`the condition \`${this.src(scope, e.cond.span)}\` is not a boolean`, scope, e.span);
        }
        return this.eval(b ? e.then : e.else, scope, refs);
      }
      case 'unary': {
        const v = this.eval(e.operand, scope, refs);
        if (v.t === 'unresolved') return v;
        if (e.op === '!') {
          const b = truthy(v);
          return b === undefined ? this.un(`\`${this.src(scope, e.span)}\` is not a boolean`, scope, e.span) : { t: 'bool', v: !b, loc };
        }
        if (e.op === '-' && v.t === 'num') return { t: 'num', v: -v.v, loc };
        return this.un(`\`${this.src(scope, e.span)}\` is not evaluated`, scope, e.span);
      }
    }
  }

  private binary(e: Extract<Expr, { k: 'binary' }>, scope: Scope, refs: Set<string>): LValue {
    const loc = this.loc(scope.file, e.span);
    const l = this.eval(e.left, scope, refs);
    if (e.op === '&&' || e.op === '||') {
      const lb = truthy(l);
      if (lb === false && e.op === '&&') return { t: 'bool', v: false, loc };
      if (lb === true && e.op === '||') return { t: 'bool', v: true, loc };
      const r = this.eval(e.right, scope, refs);
      const rb = truthy(r);
      if (lb === undefined || rb === undefined) {
        const bad = lb === undefined ? l : r;
        return bad.t === 'unresolved' ? { t: 'unresolved', reason: bad.reason, loc } : this.un(`\`${this.src(scope, e.span)}\` is not a boolean`, scope, e.span);
      }
      return { t: 'bool', v: e.op === '&&' ? lb && rb : lb || rb, loc };
    }
    const r = this.eval(e.right, scope, refs);
    if (l.t === 'unresolved') return { t: 'unresolved', reason: l.reason, loc };
    if (r.t === 'unresolved') return { t: 'unresolved', reason: r.reason, loc };
    if (e.op === '==' || e.op === '!=') {
      const eq = JSON.stringify(plain(l)) === JSON.stringify(plain(r));
      return { t: 'bool', v: e.op === '==' ? eq : !eq, loc };
    }
    const a = toNumber(l);
    const b = toNumber(r);
    if (a === undefined || b === undefined) return this.un(`\`${this.src(scope, e.span)}\` is not a number`, scope, e.span);
    switch (e.op) {
      case '+': return { t: 'num', v: a + b, loc };
      case '-': return { t: 'num', v: a - b, loc };
      case '*': return { t: 'num', v: a * b, loc };
      case '/': return b === 0 ? this.un('division by zero', scope, e.span) : { t: 'num', v: a / b, loc };
      case '%': return b === 0 ? this.un('division by zero', scope, e.span) : { t: 'num', v: a % b, loc };
      case '<': return { t: 'bool', v: a < b, loc };
      case '>': return { t: 'bool', v: a > b, loc };
      case '<=': return { t: 'bool', v: a <= b, loc };
      case '>=': return { t: 'bool', v: a >= b, loc };
      default: return this.un(`the operator \`${e.op}\` is not evaluated`, scope, e.span);
    }
  }

  private template(e: Extract<Expr, { k: 'tmpl' }>, scope: Scope, refs: Set<string>): LValue {
    const loc = this.loc(scope.file, e.span);
    // Legacy `"${var.x}"` is the value itself, with its type.
    if (!e.heredoc && e.parts.length === 1 && e.parts[0].k === 'interp') {
      const v = this.eval(e.parts[0].expr, scope, refs);
      if (v.t === 'unresolved' && scope.policy) return this.keepSource(scope, e.parts[0].span);
      return v;
    }
    // A plain string: its decoded text and mapping are already in the syntax tree.
    if (e.parts.length === 1 && e.parts[0].k === 'text') {
      const value: LValue = { t: 'str', v: e.parts[0].text, loc };
      this.sources.set(value, { file: scope.file, segs: e.parts[0].segs });
      return value;
    }
    let out = '';
    const segs: Seg[] = [];
    for (const part of e.parts) {
      if (part.k === 'text') {
        for (const s of part.segs) segs.push({ out: out.length + s.out, src: s.src, len: s.len, srcLen: s.srcLen });
        out += part.text;
        continue;
      }
      let text: string | undefined;
      if (part.k === 'interp') {
        const v = this.eval(part.expr, scope, refs);
        text = interpolationText(v);
        if (text === undefined && !scope.policy) {
          if (v.t === 'unresolved') return { t: 'unresolved', reason: v.reason, loc };
          return this.un(`\`${this.src(scope, part.span)}\` cannot be used in a string`, scope, part.span);
        }
      } else if (!scope.policy) {
        return this.un('template directives (`%{ ... }`) are not evaluated', scope, part.span);
      }
      if (text === undefined) text = this.mod.text(scope.file, part.span);
      segs.push({ out: out.length, src: part.span.start, len: text.length, srcLen: part.span.end - part.span.start });
      out += text;
    }
    const value: LValue = { t: 'str', v: out, loc };
    this.sources.set(value, { file: scope.file, segs });
    return value;
  }

  /** Policy mode: an unknown value stays as its source, in `${...}` form, so the statement stays readable. */
  keepSource(scope: Scope, span: Span): LValue {
    const src = this.mod.text(scope.file, span);
    const text = src.startsWith('${') ? src : `\${${src}}`;
    const value: LValue = { t: 'str', v: text, loc: this.loc(scope.file, span) };
    this.sources.set(value, { file: scope.file, segs: [{ out: 0, src: span.start, len: text.length, srcLen: src.length }] });
    return value;
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
  blockValue(b: Block): LValue {
    const props: LProp[] = [];
    for (const a of b.attrs) {
      const got = this.attr(b, a.name);
      if (got) props.push({ key: a.name, keyLoc: this.loc(b.file, a.nameSpan), value: got.value });
    }
    for (const type of new Set(b.blocks.map((c) => c.type))) {
      const items = b.blocks.filter((c) => c.type === type).map((c) => this.blockValue(c));
      props.push({ key: type, value: { t: 'arr', items } });
    }
    return { t: 'obj', props, loc: this.loc(b.file, b.span) };
  }


  private call(e: Extract<Expr, { k: 'call' }>, scope: Scope, refs: Set<string>): LValue {
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
