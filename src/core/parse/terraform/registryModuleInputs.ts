// Reading the inputs of a registry module call, for registryBucketModule.ts and registryKmsModule.ts. Map inputs
// (`versioning = { enabled = true }`) are read key by key; the block spelling (`versioning { enabled = true }`) is
// rejected by Terraform in a module call, but its intent is plain, so it is read the same way rather than ignored.
import type { Attr, LValue, Loc } from '../../model';
import type { Block } from './ast';
import type { Evaluator } from './evaluate';
import { toNumber, truthy } from './evaluate';

/** One input value with where it is written: the `key = value` range, and the value range when it is in the call. */
export interface Slot { name: string; value: LValue; loc: Loc; valueLoc?: Loc }

export interface MapInput {
  get(key: string): Slot | undefined;
  map(key: string): MapInput | undefined;
  loc: Loc;
  /** Set when the map itself could not be evaluated: every key reads as unresolved with this reason. */
  unresolved?: string;
}

export class ModuleInputs {
  constructor(readonly ev: Evaluator, readonly block: Block) {}

  get header(): Loc {
    return this.ev.loc(this.block.file, this.block.headerSpan);
  }

  get(name: string): Slot | undefined {
    const got = this.ev.attr(this.block, name);
    if (!got) return undefined;
    return { name, value: got.value, loc: this.ev.loc(this.block.file, got.attr.span), valueLoc: this.ev.loc(this.block.file, got.attr.expr.span) };
  }

  map(name: string): MapInput | undefined {
    const slot = this.get(name);
    if (slot) return slot.value.t === 'null' ? undefined : mapOfValue(slot.value, slot.loc, slot.name);
    const nested = this.block.blocks.find((b) => b.type === name);
    return nested ? mapOfBlock(this.ev, nested, this.block) : undefined;
  }

  /** Every nested block of that type (the block spelling of a list-of-maps input such as `lifecycle_rule`). */
  blocks(type: string): Block[] {
    return this.block.blocks.filter((b) => b.type === type);
  }
}

export function mapOfValue(value: LValue, loc: Loc, name: string): MapInput {
  if (value.t === 'unresolved') return { loc, unresolved: value.reason, get: (key) => ({ name: key, value, loc }), map: () => undefined };
  if (value.t !== 'obj') {
    const reason = `\`${name}\` is not a map`;
    return { loc, unresolved: reason, get: (key) => ({ name: key, value: { t: 'unresolved', reason }, loc }), map: () => undefined };
  }
  const find = (key: string) => value.props.find((p) => p.key === key);
  const slotOf = (key: string): Slot | undefined => {
    const p = find(key);
    if (!p) return undefined;
    const keyLoc = p.keyLoc ?? loc;
    const inline = p.value.loc && p.value.loc.file === keyLoc.file && comesAfter(p.value.loc, keyLoc) ? p.value.loc : undefined;
    return { name: key, value: p.value, loc: inline ? { file: keyLoc.file, range: { start: keyLoc.range.start, end: inline.range.end } } : keyLoc, valueLoc: inline };
  };
  return {
    loc,
    get: slotOf,
    map: (key) => {
      const s = slotOf(key);
      return s && s.value.t !== 'null' ? mapOfValue(s.value, s.loc, key) : undefined;
    },
  };
}

function comesAfter(a: Loc, b: Loc): boolean {
  const s = a.range.start;
  const e = b.range.end;
  return s.line > e.line || (s.line === e.line && s.character >= e.character);
}

export function mapOfBlock(ev: Evaluator, block: Block, owner: Block): MapInput {
  ev.setOwner(block, ev.ownerOf(owner));
  const inputs = new ModuleInputs(ev, block);
  return { loc: ev.loc(block.file, block.span), get: (key) => inputs.get(key), map: (key) => inputs.map(key) };
}

/** A slot read as an attribute: `null` is absent, as Terraform treats it. */
export function attrOf<T>(slot: Slot | undefined, convert: (v: LValue) => T | undefined, what: string): Attr<T> {
  if (!slot || slot.value.t === 'null') return { state: 'absent' };
  if (slot.value.t === 'unresolved') return { state: 'unresolved', reason: slot.value.reason, loc: slot.loc };
  const value = convert(slot.value);
  if (value === undefined) return { state: 'unresolved', reason: `\`${slot.name}\` is not ${what}`, loc: slot.loc };
  return { state: 'known', value, loc: slot.loc, valueLoc: slot.valueLoc, format: 'terraform' };
}

export const asBool = (v: LValue) => truthy(v);
export const asStr = (v: LValue) => (v.t === 'str' ? v.v : v.t === 'num' || v.t === 'bool' ? String(v.v) : undefined);
export const asNum = (v: LValue) => toNumber(v);

/** A value the module derives from an input (`enabled = true` → `Enabled`): no value range, so no blind replace. */
export function derivedAttr<T, U>(a: Attr<T>, map: (v: T) => U | undefined, what: string): Attr<U> {
  if (a.state !== 'known') return a;
  const value = map(a.value);
  if (value === undefined) return { state: 'unresolved', reason: `${what} is not a value the module accepts`, loc: a.loc };
  return { state: 'known', value, loc: a.loc, format: 'terraform' };
}

/** A module default, shown at the module header. */
export function defaulted<T>(value: T, header: Loc): Attr<T> {
  return { state: 'known', value, loc: header, format: 'terraform' };
}

/** `true` / `"true"` / `"Enabled"` → on; `false` / `"Disabled"` / `"Suspended"` → off (the module's `tobool` / `title`). */
export function switchState(v: LValue, on: string, off: string): string | undefined {
  const b = truthy(v);
  if (b !== undefined) return b ? on : off;
  if (v.t !== 'str') return undefined;
  const titled = v.v.charAt(0).toUpperCase() + v.v.slice(1).toLowerCase();
  return titled || undefined;
}
