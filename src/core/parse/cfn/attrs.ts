// Properties → `Attr<T>`: known (with key+value and value ranges), absent, or unresolved with the reason.
import type { Attr, Format, LValue, Loc } from '../../model';
import { NO_VALUE, type Evaluator } from './intrinsics';
import type { LineIndex } from './positions';
import { cfnOrigin } from './origin';
import { cfnValueSource } from './valueSource';
import { entry, intrinsicName, scalarString, type Entry, type Node } from './tree';

export class AttrReader {
  constructor(private readonly ev: Evaluator, private readonly lines: LineIndex, readonly format: Format) {}

  /** Key and value of an entry: where findings on a present property point. */
  entryLoc(e: Entry): Loc {
    return this.lines.loc(e.keyStart, Math.max(e.value?.end ?? e.keyEnd, e.keyEnd));
  }

  loc(node: { start: number; end: number }): Loc {
    return this.lines.loc(node.start, node.end);
  }

  /** The evaluated value of `map.key`, or undefined when the property is absent (missing, null, NoValue). */
  raw(map: Node | undefined, key: string): { e: Entry; v: LValue } | undefined {
    const e = entry(map, key);
    if (!e || !e.value) return undefined;
    const v = this.ev.value(e.value);
    if (v === NO_VALUE || v.t === 'null') return undefined;
    return { e, v };
  }

  str(map: Node | undefined, key: string): Attr<string> {
    return this.read(map, key, (v) => (v.t === 'str' ? v.v : v.t === 'num' ? String(v.v) : undefined), 'a string');
  }

  bool(map: Node | undefined, key: string): Attr<boolean> {
    return this.read(map, key, toBool, 'true or false');
  }

  num(map: Node | undefined, key: string): Attr<number> {
    return this.read(map, key, (v) => (v.t === 'num' ? v.v : v.t === 'str' && /^\s*-?\d+(\.\d+)?\s*$/.test(v.v) ? Number(v.v) : undefined), 'a number');
  }

  strList(map: Node | undefined, key: string): Attr<string[]> {
    return this.read(map, key, (v) => {
      const items = v.t === 'arr' ? v.items : [v];
      const out: string[] = [];
      for (const item of items) {
        if (item.t !== 'str' && item.t !== 'num') return undefined;
        out.push(String(item.v));
      }
      return out;
    }, 'a list of strings');
  }

  /** A known attribute whose value the caller computed (e.g. a flag implied by a nested block). */
  known<T>(e: Entry, value: T): Attr<T> {
    return { state: 'known', value, loc: this.entryLoc(e), valueLoc: e.value ? this.loc(e.value) : undefined, format: this.format };
  }

  /** A value `Fn::If [Undecidable, a, b]`: the attribute as `a` and as `b` set it (nested ones as well, up to a depth). */
  private ifBranches<T>(node: Node, convert: (v: LValue) => T | undefined, key: string, expected: string, depth = 0): Attr<T>[] | undefined {
    const pair = depth < 4 ? ifBranchNodes(this.ev, node) : undefined;
    if (!pair) return undefined;
    return pair.map((branch): Attr<T> => {
      const v = this.ev.value(branch);
      if (v === NO_VALUE || v.t === 'null') return { state: 'absent' };
      const loc = this.loc(branch);
      if (v.t === 'unresolved') {
        const nested = this.ifBranches(branch, convert, key, expected, depth + 1);
        return nested ? { state: 'unresolved', reason: v.reason, loc, branches: nested } : { state: 'unresolved', reason: v.reason, loc };
      }
      const value = convert(v);
      return value === undefined ? { state: 'unresolved', reason: `${key} is not ${expected}`, loc } : { state: 'known', value, loc, valueLoc: loc, format: this.format };
    });
  }

  private read<T>(map: Node | undefined, key: string, convert: (v: LValue) => T | undefined, expected: string): Attr<T> {
    // The enclosing block is itself an intrinsic that could not be decided (`!If [Unknowable, {...}, {...}]`)
    // or not a map at all: whatever it holds is unresolved, not absent.
    if (map && (map.k !== 'map' || intrinsicName(map))) {
      const v = this.ev.value(map);
      if (v === NO_VALUE || v.t === 'null') return { state: 'absent' };
      return { state: 'unresolved', reason: v.t === 'unresolved' ? v.reason : `no ${key} in a ${describe(v)}`, loc: this.loc(map) };
    }
    const found = this.raw(map, key);
    if (!found) return { state: 'absent' };
    const { e, v } = found;
    const loc = this.entryLoc(e);
    if (v.t === 'unresolved') {
      const branches = this.ifBranches(e.value!, convert, key, expected);
      return branches ? { state: 'unresolved', reason: v.reason, loc, branches } : { state: 'unresolved', reason: v.reason, loc };
    }
    const value = convert(v);
    if (value === undefined) return { state: 'unresolved', reason: `${key} is not ${expected}`, loc };
    const known: Attr<T> = { state: 'known', value, loc, valueLoc: this.loc(e.value!), format: this.format };
    const origin = cfnOrigin(this.ev, this.lines, e, value);
    if (origin && known.state === 'known') known.origin = origin;
    const source = cfnValueSource(this.ev, this.lines, e.value!);
    return source ? { ...known, valueSource: source } : known;
  }
}

/** The two branches of `Fn::If [cond, then, else]` (else undefined): what an undecidable condition leaves open. */
export function ifBranchNodes(ev: Evaluator, node: Node): [Node, Node] | undefined {
  if (intrinsicName(node) !== 'Fn::If' || node.k !== 'map') return undefined;
  const arg = node.entries[0].value;
  if (!arg || arg.k !== 'seq' || arg.items.length !== 3) return undefined;
  if (typeof ev.condition(scalarString(arg.items[0]) ?? '') === 'boolean') return undefined;
  return [arg.items[1], arg.items[2]];
}

/** CloudFormation accepts `true`, `"true"` and `"True"` for Boolean properties. */
export function toBool(v: LValue): boolean | undefined {
  if (v.t === 'bool') return v.v;
  if (v.t === 'str' && /^(true|false)$/i.test(v.v)) return v.v.toLowerCase() === 'true';
  return undefined;
}

function describe(v: LValue): string {
  return v.t === 'arr' ? 'list' : v.t === 'obj' ? 'map' : 'scalar';
}
