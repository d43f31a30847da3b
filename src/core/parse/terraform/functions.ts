// The Terraform functions the evaluator knows (the ones policies and bucket names use in practice). Any other
// function is unresolved with its name, so the user sees which call stopped evaluation.
import type { LProp, LValue } from '../../model';
import type { Expr } from './ast';
import type { Evaluator, Scope } from './evaluate';
import { BUDGET_REASON, interpolationText, plain, toNumber, toStr, truthy } from './values';

type Unresolved = Extract<LValue, { t: 'unresolved' }>;

/** Largest list `concat()` builds. */
const MAX_COLLECTION = 10000;

export function callFunction(ev: Evaluator, e: Extract<Expr, { k: 'call' }>, scope: Scope, refs: Set<string>): LValue {
  const loc = ev.loc(scope.file, e.span);
  const args = () => e.args.map((a) => ev.eval(a, scope, refs));
  const firstUnresolved = (vs: LValue[]) => vs.find((v): v is Unresolved => v.t === 'unresolved');
  switch (e.name) {
    case 'jsonencode': {
      // Kept as the structure (with its ranges) rather than a string: policy normalisation reads it directly.
      const [v] = args();
      return v ?? ev.un('`jsonencode()` needs an argument', scope, e.span);
    }
    case 'jsondecode': {
      const [v] = args();
      if (!v) return ev.un('`jsondecode()` needs an argument', scope, e.span);
      if (v.t !== 'str') return v.t === 'unresolved' ? v : ev.un('`jsondecode()` of a non-string', scope, e.span);
      return ev.jsonString(v) ?? ev.un('`jsondecode()` of text that is not JSON', scope, e.span);
    }
    case 'tostring': case 'tobool': case 'tonumber': case 'tolist': case 'toset': case 'tomap': case 'sensitive': case 'nonsensitive': {
      const [v] = args();
      if (!v) return ev.un(`\`${e.name}()\` needs an argument`, scope, e.span);
      if (v.t === 'unresolved' || e.name.startsWith('tol') || e.name.startsWith('tos') || e.name === 'tomap' || e.name.endsWith('sensitive')) {
        return e.name === 'tostring' && v.t !== 'unresolved' ? toStr(v, loc) ?? v : v;
      }
      if (e.name === 'tobool') {
        const b = truthy(v);
        return b === undefined ? ev.un(`\`${ev.src(scope, e.span)}\` is not a boolean`, scope, e.span) : { t: 'bool', v: b, loc };
      }
      const n = toNumber(v);
      return n === undefined ? ev.un(`\`${ev.src(scope, e.span)}\` is not a number`, scope, e.span) : { t: 'num', v: n, loc };
    }
    case 'lower': case 'upper': case 'trimspace': {
      const [v] = args();
      if (!v || v.t === 'unresolved') return v ?? ev.un(`\`${e.name}()\` needs an argument`, scope, e.span);
      const s = toStr(v, loc);
      if (!s || s.t !== 'str') return ev.un(`\`${e.name}()\` of a non-string`, scope, e.span);
      return { t: 'str', v: e.name === 'lower' ? s.v.toLowerCase() : e.name === 'upper' ? s.v.toUpperCase() : s.v.trim(), loc };
    }
    case 'format': {
      const vs = args();
      const bad = firstUnresolved(vs);
      if (bad) return { t: 'unresolved', reason: bad.reason, loc };
      const [fmt, ...rest] = vs;
      if (!fmt || fmt.t !== 'str') return ev.un('`format()` needs a format string', scope, e.span);
      let i = 0;
      let failed = false;
      const out = fmt.v.replace(/%(%|([-+# 0]*)(\d*)(?:\.(\d+))?([sdvqtfgxXeEob]))/g, (m, spec: string, flags = '', width = '', prec: string | undefined, verb = '') => {
        if (spec === '%') return '%';
        const a = rest[i++];
        const t = a ? interpolationText(a) : undefined;
        if (t === undefined) { failed = true; return m; }
        let text = verb === 'q' ? JSON.stringify(t) : t;
        const n = Number(t);
        if (verb === 'd' && t.trim() !== '' && Number.isFinite(n)) text = String(Math.trunc(n));
        else if (verb === 'f' && t.trim() !== '' && Number.isFinite(n)) text = n.toFixed(prec === undefined ? 6 : Number(prec));
        else if (verb === 'x' || verb === 'X') text = Number.isFinite(n) ? Math.trunc(n).toString(16) : text;
        if (verb === 'X') text = text.toUpperCase();
        if (flags.includes('+') && /^[df]$/.test(verb) && n >= 0) text = `+${text}`;
        const w = Number(width || 0);
        if (text.length < w) {
          if (flags.includes('-')) text = text.padEnd(w);
          else if (flags.includes('0') && /^[dfxX]$/.test(verb)) text = text.startsWith('-') ? `-${text.slice(1).padStart(w - 1, '0')}` : text.padStart(w, '0');
          else text = text.padStart(w);
        }
        return text;
      });
      return failed ? ev.un(`\`${ev.src(scope, e.span)}\` is not evaluated`, scope, e.span) : { t: 'str', v: out, loc };
    }
    case 'join': {
      const [sep, list] = args();
      if (!sep || !list) return ev.un('`join()` needs two arguments', scope, e.span);
      if (sep.t === 'unresolved') return sep;
      if (list.t === 'unresolved') return list;
      if (sep.t !== 'str' || list.t !== 'arr') return ev.un('`join()` needs a separator and a list', scope, e.span);
      const parts = list.items.map(interpolationText);
      if (parts.some((p) => p === undefined)) {
        const u = firstUnresolved(list.items);
        return u ? { t: 'unresolved', reason: u.reason, loc } : ev.un('`join()` of non-strings', scope, e.span);
      }
      return { t: 'str', v: parts.join(sep.v), loc };
    }
    case 'concat': {
      const vs = args();
      const items: LValue[] = [];
      for (const v of vs) {
        if (v.t === 'unresolved') return v;
        if (v.t !== 'arr') return ev.un('`concat()` of something that is not a list', scope, e.span);
        if (items.length + v.items.length > MAX_COLLECTION) return ev.un('`concat()` builds a list too long to evaluate', scope, e.span);
        items.push(...v.items);
      }
      return { t: 'arr', items, loc };
    }
    case 'merge': {
      const props: LProp[] = [];
      for (const v of args()) {
        if (v.t === 'null') continue;
        if (v.t === 'unresolved') return v;
        if (v.t !== 'obj') return ev.un('`merge()` of something that is not a map', scope, e.span);
        for (const p of v.props) {
          const at = props.findIndex((x) => x.key === p.key);
          if (at >= 0) props[at] = p;
          else props.push(p);
        }
      }
      return { t: 'obj', props, loc };
    }
    case 'one': case 'element': {
      const [list, idx] = args();
      if (!list) return ev.un(`\`${e.name}()\` needs an argument`, scope, e.span);
      if (list.t === 'unresolved') return list;
      if (list.t !== 'arr') return ev.un(`\`${e.name}()\` of something that is not a list`, scope, e.span);
      let i = 0;
      if (e.name === 'element') {
        if (!idx || idx.t === 'unresolved') return idx ?? ev.un('`element()` needs an index', scope, e.span);
        const n = toNumber(idx);
        if (n === undefined || !list.items.length) return ev.un('`element()` index is not a number', scope, e.span);
        i = n % list.items.length;
      }
      if (e.name === 'one' && list.items.length === 0) return { t: 'null', loc };
      return list.items[i] ?? ev.un(`\`${e.name}()\` of an empty list`, scope, e.span);
    }
    case 'try': {
      // The first argument that evaluates without an error; an unknown value (not an error) stays unknown, as
      // Terraform's `try` does at plan time: never fall back to a literal we cannot justify.
      let lastError: Unresolved | undefined;
      for (const a of e.args) {
        const v = ev.eval(a, scope, refs);
        if (v.t === 'unresolved' && ev.failures.has(v)) { lastError = v; continue; }
        return v;
      }
      return lastError ? ev.fail(lastError.reason, scope, e.span) : ev.fail('`try()` has no arguments', scope, e.span);
    }
    case 'can': {
      const [v] = args();
      if (!v) return ev.fail('`can()` needs an argument', scope, e.span);
      if (v.t === 'unresolved') return ev.failures.has(v) ? { t: 'bool', v: false, loc } : v;
      return { t: 'bool', v: true, loc };
    }
    case 'coalesce': {
      const vs = args();
      for (const v of vs) {
        if (v.t === 'unresolved') return v;
        if (v.t === 'null' || (v.t === 'str' && v.v === '')) continue;
        return v;
      }
      return ev.fail('`coalesce()` has no non-null, non-empty argument', scope, e.span);
    }
    case 'coalescelist': {
      const vs = args();
      for (const v of vs) {
        if (v.t === 'unresolved') return v;
        if (v.t === 'arr' && v.items.length === 0) continue;
        if (v.t !== 'arr') return ev.fail('`coalescelist()` of something that is not a list', scope, e.span);
        return v;
      }
      return ev.fail('`coalescelist()` has no non-empty list', scope, e.span);
    }
    case 'lookup': {
      const [map, key, fallback] = args();
      if (!map || !key) return ev.fail('`lookup()` needs a map and a key', scope, e.span);
      if (map.t === 'unresolved') return map;
      if (key.t === 'unresolved') return key;
      if (map.t !== 'obj') return ev.fail('`lookup()` of something that is not a map', scope, e.span);
      const k = interpolationText(key);
      const p = map.props.find((x) => x.key === k);
      if (p) return p.value;
      return fallback ?? ev.fail(`\`${ev.src(scope, e.span)}\`: the map has no \`${k}\``, scope, e.span);
    }
    case 'flatten': {
      const [v] = args();
      if (!v || v.t === 'unresolved') return v ?? ev.fail('`flatten()` needs an argument', scope, e.span);
      if (v.t !== 'arr') return ev.fail('`flatten()` of something that is not a list', scope, e.span);
      const items: LValue[] = [];
      const walk = (x: LValue, depth: number): Unresolved | undefined => {
        if (x.t === 'unresolved') return x;
        if (x.t !== 'arr' || depth > 32) { items.push(x); return undefined; }
        if (ev.spend(x.items.length)) return ev.un(BUDGET_REASON, scope, e.span);
        for (const i of x.items) { const bad = walk(i, depth + 1); if (bad) return bad; }
        return undefined;
      };
      for (const i of v.items) {
        const bad = walk(i, 0);
        if (bad) return { t: 'unresolved', reason: bad.reason, loc };
        if (items.length > MAX_COLLECTION) return ev.un('`flatten()` builds a list too long to evaluate', scope, e.span);
      }
      return { t: 'arr', items, loc };
    }
    case 'keys': case 'values': {
      const [v] = args();
      if (!v || v.t === 'unresolved') return v ?? ev.fail(`\`${e.name}()\` needs an argument`, scope, e.span);
      if (v.t !== 'obj') return ev.fail(`\`${e.name}()\` of something that is not a map`, scope, e.span);
      const props = [...v.props].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return { t: 'arr', items: props.map((p) => (e.name === 'keys' ? { t: 'str', v: p.key, loc: p.keyLoc } : p.value)), loc };
    }
    case 'contains': {
      const [list, item] = args();
      if (!list || !item) return ev.fail('`contains()` needs a list and a value', scope, e.span);
      if (list.t === 'unresolved') return list;
      if (item.t === 'unresolved') return item;
      if (list.t !== 'arr') return ev.fail('`contains()` of something that is not a list', scope, e.span);
      const want = JSON.stringify(plain(item));
      let unknown: Unresolved | undefined;
      for (const i of list.items) {
        if (i.t === 'unresolved') { unknown ??= i; continue; }
        if (JSON.stringify(plain(i)) === want) return { t: 'bool', v: true, loc };
      }
      return unknown ? { t: 'unresolved', reason: unknown.reason, loc } : { t: 'bool', v: false, loc };
    }
    case 'distinct': case 'compact': {
      const [v] = args();
      if (!v || v.t === 'unresolved') return v ?? ev.fail(`\`${e.name}()\` needs an argument`, scope, e.span);
      if (v.t !== 'arr') return ev.fail(`\`${e.name}()\` of something that is not a list`, scope, e.span);
      const bad = firstUnresolved(v.items);
      if (bad) return { t: 'unresolved', reason: bad.reason, loc };
      if (e.name === 'compact') return { t: 'arr', items: v.items.filter((i) => !(i.t === 'null' || (i.t === 'str' && i.v === ''))), loc };
      const seen = new Set<string>();
      const items = v.items.filter((i) => {
        const k = JSON.stringify(plain(i));
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      return { t: 'arr', items, loc };
    }
    case 'split': {
      const [sep, str] = args();
      if (!sep || !str) return ev.fail('`split()` needs a separator and a string', scope, e.span);
      if (sep.t === 'unresolved') return sep;
      if (str.t === 'unresolved') return str;
      const a = interpolationText(sep);
      const b = interpolationText(str);
      if (a === undefined || b === undefined) return ev.fail('`split()` of something that is not a string', scope, e.span);
      const parts = a === '' ? [...b] : b.split(a);
      if (parts.length > MAX_COLLECTION) return ev.un('`split()` builds a list too long to evaluate', scope, e.span);
      return { t: 'arr', items: parts.map((v) => ({ t: 'str', v, loc })), loc };
    }
    case 'replace': {
      const vs = args();
      const bad = firstUnresolved(vs);
      if (bad) return { t: 'unresolved', reason: bad.reason, loc };
      const [str, search, repl] = vs.map((v) => (v ? interpolationText(v) : undefined));
      if (str === undefined || search === undefined || repl === undefined) return ev.fail('`replace()` needs three strings', scope, e.span);
      let out: string;
      const re = /^\/(.*)\/$/s.exec(search);
      if (re) {
        try {
          out = str.replace(new RegExp(re[1], 'g'), repl.replace(/\$\{?(\d+)\}?/g, '$$$1'));
        } catch {
          return ev.fail(`\`replace()\`: \`${search}\` is not a regular expression we can evaluate`, scope, e.span);
        }
      } else {
        out = search === '' ? str : str.split(search).join(repl);
      }
      if (ev.spend(1, out.length)) return ev.un(BUDGET_REASON, scope, e.span);
      return { t: 'str', v: out, loc };
    }
    case 'title': {
      const [v] = args();
      if (!v || v.t === 'unresolved') return v ?? ev.fail('`title()` needs an argument', scope, e.span);
      const s = interpolationText(v);
      if (s === undefined) return ev.fail('`title()` of a non-string', scope, e.span);
      return { t: 'str', v: s.replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase()), loc };
    }
    case 'file': case 'templatefile': {
      const [pathArg, vars] = args();
      if (!pathArg) return ev.fail(`\`${e.name}()\` needs a path`, scope, e.span);
      if (pathArg.t === 'unresolved') return pathArg;
      if (pathArg.t !== 'str') return ev.fail(`\`${e.name}()\` needs a path`, scope, e.span);
      const text = ev.readFile(pathArg.v);
      if (text === undefined) return ev.un(`\`${ev.src(scope, e.span)}\`: the file \`${pathArg.v}\` is not in the workspace`, scope, e.span);
      if (e.name === 'file') return { t: 'str', v: text, loc };
      if (!vars) return ev.fail('`templatefile()` needs a map of variables', scope, e.span);
      if (vars.t === 'unresolved') return vars;
      if (vars.t !== 'obj') return ev.fail('`templatefile()` needs a map of variables', scope, e.span);
      return renderTemplate(ev, text, vars, scope, e.span, loc);
    }
    case 'length': {
      const [v] = args();
      if (!v || v.t === 'unresolved') return v ?? ev.un('`length()` needs an argument', scope, e.span);
      if (v.t === 'arr') return { t: 'num', v: v.items.length, loc };
      if (v.t === 'obj') return { t: 'num', v: v.props.length, loc };
      if (v.t === 'str') return { t: 'num', v: v.v.length, loc };
      return ev.un('`length()` of a scalar', scope, e.span);
    }
    default:
      return ev.un(`the function \`${e.name}()\` is not evaluated`, scope, e.span);
  }
}

/**
 * `templatefile()`: `${name}` and `${name.attr}` / `${name["key"]}` interpolations from the variables map (what
 * policy templates use). Directives (`%{ for }`, `%{ if }`) and other expressions make the result unknown.
 */
function renderTemplate(ev: Evaluator, text: string, vars: Extract<LValue, { t: 'obj' }>, scope: Scope, span: Expr['span'], loc: LValue['loc']): LValue {
  if (/%\{/.test(text.replace(/%%\{/g, ''))) return ev.un('`templatefile()`: template directives (`%{ ... }`) are not evaluated', scope, span);
  let failed: string | undefined;
  const out = text.replace(/(\$?)\$\{\s*([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[\s*"[^"]*"\s*\]|\[\s*\d+\s*\])*)\s*\}|\$\{[^}]*\}/g, (m, escape: string, name?: string, path?: string) => {
    if (escape) return m.slice(1);
    if (!name) { failed ??= `\`templatefile()\`: \`${m}\` is not evaluated`; return m; }
    let v: LValue | undefined = vars.props.find((p) => p.key === name)?.value;
    for (const step of (path ?? '').match(/\.[A-Za-z_][\w-]*|\[[^\]]*\]/g) ?? []) {
      if (!v) break;
      const key = step.startsWith('.') ? step.slice(1) : step.slice(1, -1).trim().replace(/^"|"$/g, '');
      if (v.t === 'obj') v = v.props.find((p) => p.key === key)?.value;
      else if (v.t === 'arr') v = v.items[Number(key)];
      else v = undefined;
    }
    if (!v) { failed ??= `\`templatefile()\`: the template uses \`${name}${path ?? ''}\`, which is not in its variables`; return m; }
    if (v.t === 'unresolved') { failed ??= v.reason; return m; }
    const t = interpolationText(v);
    if (t === undefined) { failed ??= `\`templatefile()\`: \`${name}\` cannot be used in a string`; return m; }
    return t;
  });
  if (failed) return ev.un(failed, scope, span);
  if (ev.spend(1, out.length)) return ev.un(BUDGET_REASON, scope, span);
  return { t: 'str', v: out, loc };
}
