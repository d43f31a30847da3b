// Insertions into CloudFormation / policy JSON that keep the file's layout. jsonc-parser's `modify` re-formats
// the whole line it touches (a one-line `{ "Fn::GetAtt": [...] }` before the insertion point gets exploded over
// several lines), so edits are computed here from the tree instead: a multi-line object or array gets the new
// member on its own line at its siblings' indentation, a one-line one gets it inline.
import { entry, type MapNode, type Node, type SeqNode } from './tree';
import type { TextEdit } from './yamlEdits';

export class JsonEditor {
  private readonly eol: string;
  /** One level of indentation as the file writes it (a tab, or N spaces). */
  private readonly unit: string;

  constructor(private readonly text: string) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    const m = /\n([ \t]+)["{[]/.exec(text);
    this.unit = !m ? '  ' : m[1].startsWith('\t') ? '\t' : ' '.repeat(Math.min(m[1].length, 8));
  }

  /** Inserts `path[0]: { path[1]: ... value }` into `from`, descending through the objects that already exist. */
  insertPath(from: MapNode, path: string[], value: unknown): TextEdit | undefined {
    let map = from;
    let i = 0;
    while (i < path.length - 1) {
      const e = entry(map, path[i]);
      if (!e) break;
      if (!e.value || e.value.k !== 'map' || isIntrinsic(e.value)) return undefined;
      map = e.value;
      i++;
    }
    if (entry(map, path[i])) return undefined;
    let nested: unknown = value;
    for (let j = path.length - 1; j > i; j--) nested = { [path[j]]: nested };
    return this.addMember(map, path[i], nested);
  }

  /** Appends `item` to an array. */
  appendItem(seq: SeqNode, item: unknown): TextEdit | undefined {
    const last = seq.items[seq.items.length - 1];
    if (!last) {
      const indent = this.lineIndent(seq.start);
      const inner = indent + this.unit;
      return { start: seq.start, end: seq.end, newText: `[${this.eol}${inner}${this.block(item, inner)}${this.eol}${indent}]` };
    }
    if (!this.multiLine(seq.start, seq.items[0].start)) return { start: last.end, end: last.end, newText: `, ${compact(item)}` };
    const indent = this.indentAt(last.start);
    return { start: last.end, end: last.end, newText: `,${this.eol}${indent}${this.block(item, indent)}` };
  }

  private addMember(map: MapNode, key: string, value: unknown): TextEdit | undefined {
    if (isIntrinsic(map)) return undefined;
    const member = (indent: string) => `${JSON.stringify(key)}: ${this.block(value, indent)}`;
    const last = map.entries[map.entries.length - 1];
    if (!last) {
      const indent = this.lineIndent(map.start);
      const inner = indent + this.unit;
      return { start: map.start, end: map.end, newText: `{${this.eol}${inner}${member(inner)}${this.eol}${indent}}` };
    }
    const after = last.value ? last.value.end : last.keyEnd;
    if (!this.multiLine(map.start, map.entries[0].keyStart)) {
      return { start: after, end: after, newText: `, ${JSON.stringify(key)}: ${compact(value)}` };
    }
    const indent = this.indentAt(last.keyStart);
    return { start: after, end: after, newText: `,${this.eol}${indent}${member(indent)}` };
  }

  /** Pretty JSON whose continuation lines are indented under `indent`; intrinsics stay on one line. */
  private block(value: unknown, indent: string): string {
    return this.pretty(value, '').split('\n').join(this.eol + indent);
  }

  private pretty(value: unknown, indent: string): string {
    if (value === null || typeof value !== 'object' || isIntrinsicValue(value)) return compact(value);
    const inner = indent + this.unit;
    if (Array.isArray(value)) {
      if (!value.length) return '[]';
      return `[\n${value.map((v) => inner + this.pretty(v, inner)).join(',\n')}\n${indent}]`;
    }
    const entries = Object.entries(value);
    if (!entries.length) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${this.pretty(v, inner)}`).join(',\n')}\n${indent}}`;
  }

  private multiLine(open: number, firstChild: number): boolean {
    return this.text.slice(open, firstChild).includes('\n');
  }

  /** Leading whitespace of the line holding `offset`. */
  private lineIndent(offset: number): string {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(this.text.slice(lineStart, offset))![0];
  }

  /** The indentation a member at `offset` has (its column, as whitespace). */
  private indentAt(offset: number): string {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    const before = this.text.slice(lineStart, offset);
    return /^[ \t]*$/.test(before) ? before : this.lineIndent(offset);
  }
}

function isIntrinsic(node: Node): boolean {
  return node.k === 'map' && node.entries.length === 1 && (node.entries[0].key === 'Ref' || node.entries[0].key.startsWith('Fn::'));
}

/** `{ "Ref": ... }` / `{ "Fn::Sub": ... }` as a value: written on one line, as templates do. */
function isIntrinsicValue(v: object): boolean {
  const keys = Object.keys(v);
  return !Array.isArray(v) && keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** One-line JSON in the `{ "k": v }` style CloudFormation templates use. */
function compact(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compact).join(', ')}]`;
  if (value && typeof value === 'object') {
    const members = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${compact(v)}`);
    return members.length ? `{ ${members.join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}
