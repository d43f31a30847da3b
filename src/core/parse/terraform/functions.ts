// The Terraform functions the evaluator knows (the ones policies and bucket names use in practice). Any other
// function is unresolved with its name, so the user sees which call stopped evaluation.
import type { LProp, LValue } from '../../model';
import type { Expr } from './ast';
import type { Evaluator, Scope } from './evaluate';
import { interpolationText, toNumber, toStr, truthy } from './values';

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
      const out = fmt.v.replace(/%(%|[-+# 0-9.]*[sdvqtfgxXeEob])/g, (m, spec: string) => {
        if (spec === '%') return '%';
        const a = rest[i++];
        const t = a ? interpolationText(a) : undefined;
        if (t === undefined) { failed = true; return m; }
        return spec.endsWith('q') ? JSON.stringify(t) : t;
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
    case 'try': case 'coalesce': {
      const vs = args();
      for (const v of vs) {
        if (v.t === 'unresolved') {
          if (e.name === 'try') continue;
          return v;
        }
        if (e.name === 'coalesce' && (v.t === 'null' || (v.t === 'str' && v.v === ''))) continue;
        return v;
      }
      const u = firstUnresolved(vs);
      return u ? { t: 'unresolved', reason: u.reason, loc } : ev.un(`\`${e.name}()\` has no usable argument`, scope, e.span);
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
