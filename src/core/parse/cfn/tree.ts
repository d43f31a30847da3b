// One syntax tree for CloudFormation YAML and JSON: maps, sequences and scalars with source offsets. The YAML
// reader turns short-form tags (`!Ref X`) into the long form (`{ Ref: X }`) so evaluation and adaptation never
// care which syntax a template was written in; edits look at offsets and the `flow` flag.

export interface NodeBase {
  /** Offset of the first character (for a short-form intrinsic, of its `!Tag`). */
  start: number;
  /** Offset just past the last character (trailing whitespace excluded). */
  end: number;
}

export interface MapNode extends NodeBase {
  k: 'map';
  entries: Entry[];
  /** `{ ... }` in YAML, every object in JSON. */
  flow: boolean;
  /** Written as a YAML short-form tag (`!Ref X`): one entry whose key range is the tag. */
  shortForm?: boolean;
}

export interface SeqNode extends NodeBase {
  k: 'seq';
  items: Node[];
  flow: boolean;
}

export interface ScalarNode extends NodeBase {
  k: 'scalar';
  v: string | number | boolean | null;
  /** Quoted in the source: `"true"` stays a string for a human, even if CloudFormation coerces it. */
  quoted?: boolean;
}

export type Node = MapNode | SeqNode | ScalarNode;

export interface Entry {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** undefined for `Key:` with nothing after it (YAML null without a node). */
  value: Node | undefined;
}

export function entry(map: Node | undefined, key: string): Entry | undefined {
  if (!map || map.k !== 'map') return undefined;
  return map.entries.find((e) => e.key === key);
}

export function child(map: Node | undefined, key: string): Node | undefined {
  return entry(map, key)?.value;
}

export function childMap(map: Node | undefined, key: string): MapNode | undefined {
  const v = child(map, key);
  return v && v.k === 'map' ? v : undefined;
}

export function scalarString(node: Node | undefined): string | undefined {
  return node && node.k === 'scalar' && node.v !== null ? String(node.v) : undefined;
}

/** The intrinsic function a map stands for (`Ref`, `Fn::Sub`...), if it is one. */
export function intrinsicName(node: Node | undefined): string | undefined {
  if (!node || node.k !== 'map' || node.entries.length !== 1) return undefined;
  const key = node.entries[0].key;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

/** Result of reading a file: its documents' root nodes (none when nothing usable) and the syntax errors met. */
export interface ReadResult {
  roots: Node[];
  errors: { start: number; end: number; message: string }[];
}

/** Deepest nesting we follow; deeper input is reported instead of risking the call stack. */
export const MAX_DEPTH = 256;
