// Text insertions into CloudFormation YAML that keep the file's own layout: a new key goes after the last entry
// of its map at that map's indentation (block style) or before the closing brace (flow style); missing parent
// maps are created on the way (`VersioningConfiguration:` → `Status: Enabled`).
import { stringify } from 'yaml';
import { renderScalar } from '../../fix/edits';
import type { Scalar } from '../../model';
import { entry, type MapNode, type Node, type SeqNode } from './tree';

export interface TextEdit { start: number; end: number; newText: string }

export class YamlEditor {
  readonly eol: string;

  constructor(private readonly text: string, readonly step: number) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** Inserts `path[0]: { path[1]: ... value }` into `from`, descending through the maps that already exist. */
  insertPath(from: MapNode, path: string[], value: unknown): TextEdit | undefined {
    let map: MapNode = from;
    let i = 0;
    while (i < path.length - 1) {
      const e = entry(map, path[i]);
      if (!e) break;
      const v = e.value;
      if (!v || (v.k === 'scalar' && v.v === null)) {
        // `Key:` with nothing after it: the rest goes on the following lines, one step deeper than the key.
        const rest = nest(path.slice(i + 1), value);
        if (v && v.end > v.start) return { start: v.start, end: v.end, newText: this.flow(rest) }; // `Key: ~`
        const at = this.lineEnd(e.keyEnd);
        return { start: at, end: at, newText: this.eol + this.block(rest, this.column(e.keyStart) + this.step) };
      }
      if (v.k !== 'map' || v.shortForm || isIntrinsic(v)) return undefined;
      map = v;
      i++;
    }
    const name = path[i];
    if (entry(map, name)) return undefined;
    const rest = nest(path.slice(i), value);
    return this.addToMap(map, rest);
  }

  /** Appends `item` to a YAML sequence (block or flow). */
  appendItem(seq: SeqNode, item: unknown): TextEdit | undefined {
    if (seq.flow) {
      const last = seq.items[seq.items.length - 1];
      if (!last) return { start: seq.start, end: seq.end, newText: `[${this.flow(item)}]` };
      return { start: last.end, end: last.end, newText: `, ${this.flow(item)}` };
    }
    const first = seq.items[0];
    if (!first) return undefined;
    const dash = this.column(seq.start);
    const content = this.column(first.start);
    const lines = this.blockLines(item);
    const out = lines.map((l, n) => (n === 0 ? `${' '.repeat(dash)}-${' '.repeat(Math.max(1, content - dash - 1))}${l}` : `${' '.repeat(content)}${l}`));
    const at = this.lineEnd(seq.end);
    return { start: at, end: at, newText: this.eol + out.join(this.eol) };
  }

  private addToMap(map: MapNode, obj: Record<string, unknown>): TextEdit | undefined {
    if (map.shortForm || isIntrinsic(map)) return undefined;
    const last = map.entries[map.entries.length - 1];
    if (map.flow) {
      const inner = Object.entries(obj).map(([k, v]) => `${k}: ${this.flow(v)}`).join(', ');
      if (!last) return { start: map.start, end: map.end, newText: `{ ${inner} }` };
      const after = last.value ? last.value.end : last.keyEnd;
      return { start: after, end: after, newText: `, ${inner}` };
    }
    if (!last) return undefined;
    const indent = this.column(map.entries[0].keyStart);
    const at = this.lineEnd(Math.max(last.value?.end ?? last.keyEnd, last.keyEnd));
    return { start: at, end: at, newText: this.eol + this.block(obj, indent) };
  }

  /** Block YAML for a value, every line indented by `indent`. */
  private block(value: unknown, indent: number): string {
    return this.blockLines(value).map((l) => ' '.repeat(indent) + l).join(this.eol);
  }

  private blockLines(value: unknown): string[] {
    if (isScalar(value)) return [renderScalar(value, 'cfn-yaml')];
    const text = stringify(value, { indent: this.step, lineWidth: 0, minContentWidth: 0 }).replace(/\n$/, '');
    return text.split('\n');
  }

  /** Inline (flow) YAML for a value: scalars as the house renderer writes them, collections as JSON. */
  private flow(value: unknown): string {
    if (isScalar(value)) return renderScalar(value, 'cfn-yaml');
    if (Array.isArray(value)) return `[${value.map((v) => this.flow(v)).join(', ')}]`;
    if (value && typeof value === 'object') {
      return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${this.flow(v)}`).join(', ')} }`;
    }
    return 'null';
  }

  private column(offset: number): number {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    return offset - lineStart;
  }

  /** End of the line holding `offset` (before its line break). */
  private lineEnd(offset: number): number {
    let nl = this.text.indexOf('\n', offset);
    if (nl < 0) nl = this.text.length;
    return nl > 0 && this.text[nl - 1] === '\r' ? nl - 1 : nl;
  }
}

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function isIntrinsic(node: Node): boolean {
  return node.k === 'map' && node.entries.length === 1 && (node.entries[0].key === 'Ref' || node.entries[0].key.startsWith('Fn::'));
}

/** `['A', 'B']`, v → `{ A: { B: v } }`. */
function nest(path: string[], value: unknown): Record<string, unknown> {
  let out: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) out = { [path[i]]: out };
  return out as Record<string, unknown>;
}
