// The expression forms evaluated in place: literals, tuples and objects, conditionals, unary and binary operators,
// string templates and heredocs (with their mapping back to the source), and `for` expressions. References are
// resolved in references.ts, function calls in functions.ts; every form spends the module's evaluation budget.
import type { LValue, LProp } from '../../model';
import type { Expr, Seg, Span } from './ast';
import type { Evaluator, Scope } from './evaluate';
import { BUDGET_REASON, interpolationText, plain, toNumber, truthy } from './values';

/** Most items a `for` expression iterates over. */
const MAX_FOR_ITEMS = 10000;

export function evalValue(ev: Evaluator, e: Exclude<Expr, { k: 'ref' | 'postfix' | 'call' | 'tmpl' | 'binary' | 'for' | 'other' | 'planned' }>, scope: Scope, refs: Set<string>): LValue {
  const loc = ev.loc(scope.file, e.span);
  switch (e.k) {
    case 'lit':
      if (e.v === null) return { t: 'null', loc };
      if (typeof e.v === 'string') return { t: 'str', v: e.v, loc };
      if (typeof e.v === 'number') return { t: 'num', v: e.v, loc };
      return { t: 'bool', v: e.v, loc };
    case 'tuple':
      return { t: 'arr', items: e.items.map((i) => ev.eval(i, scope, refs)), loc };
    case 'object': {
      const props: LProp[] = [];
      for (const item of e.items) {
        let key = item.keyName;
        if (key === undefined) {
          const k = ev.eval(item.key, scope, refs);
          if (k.t === 'str' || k.t === 'num' || k.t === 'bool') key = String(k.v);
          else return k.t === 'unresolved' ? k : ev.un('an object key is not a string', scope, item.key.span);
        }
        props.push({ key, keyLoc: ev.loc(scope.file, item.key.span), value: ev.eval(item.value, scope, refs) });
      }
      return { t: 'obj', props, loc };
    }
    case 'cond': {
      const c = ev.eval(e.cond, scope, refs);
      const b = truthy(c);
      if (b === undefined) {
        if (c.t === 'unresolved') return { t: 'unresolved', reason: c.reason, loc };
        return ev.un(`the condition \`${ev.src(scope, e.cond.span)}\` is not a boolean`, scope, e.span);
      }
      return ev.eval(b ? e.then : e.else, scope, refs);
    }
    case 'unary': {
      const v = ev.eval(e.operand, scope, refs);
      if (v.t === 'unresolved') return v;
      if (e.op === '!') {
        const b = truthy(v);
        return b === undefined ? ev.un(`\`${ev.src(scope, e.span)}\` is not a boolean`, scope, e.span) : { t: 'bool', v: !b, loc };
      }
      if (e.op === '-' && v.t === 'num') return { t: 'num', v: -v.v, loc };
      return ev.un(`\`${ev.src(scope, e.span)}\` is not evaluated`, scope, e.span);
    }
  }
}

export function evalBinary(ev: Evaluator, e: Extract<Expr, { k: 'binary' }>, scope: Scope, refs: Set<string>): LValue {
  const loc = ev.loc(scope.file, e.span);
  const l = ev.eval(e.left, scope, refs);
  if (e.op === '&&' || e.op === '||') {
    const lb = truthy(l);
    if (lb === false && e.op === '&&') return { t: 'bool', v: false, loc };
    if (lb === true && e.op === '||') return { t: 'bool', v: true, loc };
    const r = ev.eval(e.right, scope, refs);
    const rb = truthy(r);
    if (lb === undefined || rb === undefined) {
      const bad = lb === undefined ? l : r;
      return bad.t === 'unresolved' ? { t: 'unresolved', reason: bad.reason, loc } : ev.un(`\`${ev.src(scope, e.span)}\` is not a boolean`, scope, e.span);
    }
    return { t: 'bool', v: e.op === '&&' ? lb && rb : lb || rb, loc };
  }
  const r = ev.eval(e.right, scope, refs);
  if (l.t === 'unresolved') return { t: 'unresolved', reason: l.reason, loc };
  if (r.t === 'unresolved') return { t: 'unresolved', reason: r.reason, loc };
  if (e.op === '==' || e.op === '!=') {
    const eq = JSON.stringify(plain(l)) === JSON.stringify(plain(r));
    return { t: 'bool', v: e.op === '==' ? eq : !eq, loc };
  }
  const a = toNumber(l);
  const b = toNumber(r);
  if (a === undefined || b === undefined) return ev.un(`\`${ev.src(scope, e.span)}\` is not a number`, scope, e.span);
  switch (e.op) {
    case '+': return { t: 'num', v: a + b, loc };
    case '-': return { t: 'num', v: a - b, loc };
    case '*': return { t: 'num', v: a * b, loc };
    case '/': return b === 0 ? ev.un('division by zero', scope, e.span) : { t: 'num', v: a / b, loc };
    case '%': return b === 0 ? ev.un('division by zero', scope, e.span) : { t: 'num', v: a % b, loc };
    case '<': return { t: 'bool', v: a < b, loc };
    case '>': return { t: 'bool', v: a > b, loc };
    case '<=': return { t: 'bool', v: a <= b, loc };
    case '>=': return { t: 'bool', v: a >= b, loc };
    default: return ev.un(`the operator \`${e.op}\` is not evaluated`, scope, e.span);
  }
}

export function evalTemplate(ev: Evaluator, e: Extract<Expr, { k: 'tmpl' }>, scope: Scope, refs: Set<string>): LValue {
  const loc = ev.loc(scope.file, e.span);
  // Legacy `"${var.x}"` is the value itself, with its type.
  if (!e.heredoc && e.parts.length === 1 && e.parts[0].k === 'interp') {
    const v = ev.eval(e.parts[0].expr, scope, refs);
    if (v.t === 'unresolved' && scope.policy) return keepSource(ev, scope, e.parts[0].span);
    return v;
  }
  // A plain string: its decoded text and mapping are already in the syntax tree.
  if (e.parts.length === 1 && e.parts[0].k === 'text') {
    const value: LValue = { t: 'str', v: e.parts[0].text, loc };
    ev.sources.set(value, { file: scope.file, segs: e.parts[0].segs });
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
      const v = ev.eval(part.expr, scope, refs);
      text = interpolationText(v);
      if (text === undefined && !scope.policy) {
        if (v.t === 'unresolved') return { t: 'unresolved', reason: v.reason, loc };
        return ev.un(`\`${ev.src(scope, part.span)}\` cannot be used in a string`, scope, part.span);
      }
    } else if (!scope.policy) {
      return ev.un('template directives (`%{ ... }`) are not evaluated', scope, part.span);
    }
    if (text === undefined) text = ev.mod.text(scope.file, part.span);
    segs.push({ out: out.length, src: part.span.start, len: text.length, srcLen: part.span.end - part.span.start });
    out += text;
  }
  if (ev.spend(0, out.length)) return ev.un(BUDGET_REASON, scope, e.span);
  const value: LValue = { t: 'str', v: out, loc };
  ev.sources.set(value, { file: scope.file, segs });
  return value;
}

/** Policy mode: an unknown value stays as its source, in `${...}` form, so the statement stays readable. */
export function keepSource(ev: Evaluator, scope: Scope, span: Span): LValue {
  const src = ev.mod.text(scope.file, span);
  const text = src.startsWith('${') ? src : `\${${src}}`;
  const value: LValue = { t: 'str', v: text, loc: ev.loc(scope.file, span) };
  ev.sources.set(value, { file: scope.file, segs: [{ out: 0, src: span.start, len: text.length, srcLen: src.length }] });
  return value;
}

/** `for` expressions over a known collection (bounded like `concat()`). */
export function evalFor(ev: Evaluator, e: Extract<Expr, { k: 'for' }>, scope: Scope, refs: Set<string>): LValue {
  const loc = ev.loc(scope.file, e.span);
  const coll = ev.eval(e.coll, scope, refs);
  if (coll.t === 'unresolved') return { t: 'unresolved', reason: coll.reason, loc };
  let pairs: [LValue, LValue][];
  if (coll.t === 'arr') pairs = coll.items.map((v, i) => [{ t: 'num', v: i }, v]);
  else if (coll.t === 'obj') pairs = coll.props.map((p) => [{ t: 'str', v: p.key }, p.value]);
  else return ev.un(`\`${ev.src(scope, e.coll.span)}\` is not a collection`, scope, e.coll.span);
  if (pairs.length > MAX_FOR_ITEMS) return ev.un('the `for` expression has too many items to evaluate', scope, e.span);
  const items: LValue[] = [];
  const props: LProp[] = [];
  for (const [k, v] of pairs) {
    if (ev.spend(1)) return ev.un(BUDGET_REASON, scope, e.span);
    const bindings = new Map(scope.bindings ?? []);
    if (e.keyVar) bindings.set(e.keyVar, k);
    bindings.set(e.valVar, v);
    const inner: Scope = { ...scope, bindings };
    if (e.cond) {
      const c = ev.eval(e.cond, inner, refs);
      const b = truthy(c);
      if (b === undefined) return c.t === 'unresolved' ? { t: 'unresolved', reason: c.reason, loc } : ev.un('the `for` condition is not a boolean', scope, e.cond.span);
      if (!b) continue;
    }
    const value = ev.eval(e.body, inner, refs);
    if (!e.key) {
      items.push(value);
      continue;
    }
    const key = ev.eval(e.key, inner, refs);
    const keyText = interpolationText(key);
    if (key.t === 'unresolved') return { t: 'unresolved', reason: key.reason, loc };
    if (keyText === undefined || key.t === 'arr' || key.t === 'obj') return ev.un('a `for` key is not a string', scope, e.key.span);
    const existing = props.find((p) => p.key === keyText);
    if (e.grouped) {
      if (existing && existing.value.t === 'arr') existing.value.items.push(value);
      else props.push({ key: keyText, value: { t: 'arr', items: [value], loc } });
    } else if (existing) {
      return ev.un(`the \`for\` expression produces the key \`${keyText}\` twice`, scope, e.span);
    } else {
      props.push({ key: keyText, value });
    }
  }
  return e.key ? { t: 'obj', props, loc } : { t: 'arr', items, loc };
}
