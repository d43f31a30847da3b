// Plain helpers on evaluated values: conversions Terraform applies implicitly, JSON expansion with a budget,
// and JSON text → LValue with source locations.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { LProp, LValue, Loc } from '../../model';
import { jsonNestingDepth } from './ast';
import { dict } from '../../dict';

/** Why a value is unknown once its module's evaluation budget (evaluate.ts) is used up. */
export const BUDGET_REASON = 'the evaluation budget of this module is used up (an expression iterates or builds too much)';

/** Most nodes expanded into a JSON string. */
const MAX_PLAIN_NODES = 100000;

export function truthy(v: LValue): boolean | undefined {
  if (v.t === 'bool') return v.v;
  if (v.t === 'str' && (v.v === 'true' || v.v === 'false')) return v.v === 'true';
  return undefined;
}

export function toNumber(v: LValue): number | undefined {
  if (v.t === 'num') return v.v;
  if (v.t === 'str' && v.v.trim() !== '' && !Number.isNaN(Number(v.v))) return Number(v.v);
  return undefined;
}

export function toStr(v: LValue, loc: Loc): LValue | undefined {
  if (v.t === 'str') return v;
  if (v.t === 'num' || v.t === 'bool') return { t: 'str', v: String(v.v), loc };
  return undefined;
}

/** Text of a value inside a string template, or undefined when it is unknown. */
export function interpolationText(v: LValue): string | undefined {
  if (v.t === 'str') return v.v;
  if (v.t === 'num' || v.t === 'bool') return String(v.v);
  if (v.t === 'null') return '';
  if (v.t === 'arr' || v.t === 'obj') {
    const p = plain(v);
    return p === undefined ? undefined : JSON.stringify(p);
  }
  return undefined;
}

/** The JSON value of an LValue, or undefined when any part is unresolved or it is too large to expand. */
export function plain(v: LValue): unknown {
  // Values are shared, not copied (`[local.a, local.a]`), so expanding one can blow up: keep a budget.
  const budget = { left: MAX_PLAIN_NODES };
  return plainWithin(v, budget);
}

function plainWithin(v: LValue, budget: { left: number }): unknown {
  if (--budget.left < 0) return undefined;
  const plain = (x: LValue) => plainWithin(x, budget);
  switch (v.t) {
    case 'str': case 'num': case 'bool': return v.v;
    case 'null': return null;
    case 'arr': {
      const out: unknown[] = [];
      for (const i of v.items) {
        const p = plain(i);
        if (p === undefined) return undefined;
        out.push(p);
      }
      return out;
    }
    case 'obj': {
      const out = dict<unknown>(); // keys are input: `__proto__` stays a key
      for (const p of v.props) {
        const x = plain(p.value);
        if (x === undefined) return undefined;
        out[p.key] = x;
      }
      return out;
    }
    default:
      return undefined;
  }
}

const MAX_JSON_DEPTH = 100;

/** JSON text → LValue, locating every node through `mapLoc` (decoded offsets → source). */
export function parseJsonLValue(text: string, mapLoc: (start: number, end: number) => Loc | undefined): LValue | undefined {
  if (jsonNestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { t: 'unresolved', reason: 'the JSON document is nested too deeply', loc: mapLoc(0, 0) };
  const errors: { error: number; offset: number; length: number }[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || errors.length) return undefined;
  const convert = (n: JsonNode, depth: number): LValue => {
    const loc = mapLoc(n.offset, n.offset + n.length);
    if (depth > MAX_JSON_DEPTH) return { t: 'unresolved', reason: 'the JSON document is nested too deeply', loc };
    switch (n.type) {
      case 'object': {
        const props: LProp[] = [];
        for (const p of n.children ?? []) {
          const [k, val] = p.children ?? [];
          if (!k || !val) continue;
          props.push({ key: String(k.value), keyLoc: mapLoc(k.offset, k.offset + k.length), value: convert(val, depth + 1) });
        }
        return { t: 'obj', props, loc };
      }
      case 'array':
        return { t: 'arr', items: (n.children ?? []).map((c) => convert(c, depth + 1)), loc };
      case 'string': return { t: 'str', v: String(n.value), loc };
      case 'number': return { t: 'num', v: Number(n.value), loc };
      case 'boolean': return { t: 'bool', v: Boolean(n.value), loc };
      default: return { t: 'null', loc };
    }
  };
  return convert(root, 0);
}
