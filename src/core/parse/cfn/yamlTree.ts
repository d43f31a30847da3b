// CloudFormation YAML → tree. `yaml` 2 keeps node ranges; every short-form intrinsic is registered as a custom
// tag (scalar, sequence and mapping forms) so templates parse without warnings, and each tagged node becomes
// the long form `{ Fn::X: ... }` whose key range is the `!X` tag itself.
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser, Schema, type Document, type Tags } from 'yaml';
import { MAX_DEPTH, type Entry, type Node, type ReadResult, type ScalarNode } from './tree';
import { ReadBudget, ReadLimitError, firstOffsetDeeperThan } from './readLimits';

const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    ['Sub', 'GetAtt', 'If', 'Join', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Equals', 'Not', 'And', 'Or',
      'Base64', 'Cidr', 'GetAZs', 'Transform', 'Length', 'ToJsonString'].map((n) => [`!${n}`, `Fn::${n}`]),
  ),
};

const customTags: Tags = Object.keys(SHORT_FORMS).flatMap((tag) => [
  { tag, resolve: (s: string) => s },
  { tag, collection: 'seq' as const },
  { tag, collection: 'map' as const },
]);

/**
 * One schema for every YAML 1.2 document of a stream (what `yaml` would build for each document from these
 * options): building it per document was a third of the time of a stream of 20,000 small documents. Per stream,
 * not global (the parser adds explicitly used known tags to it). A stream with a `%YAML` directive keeps the
 * per-document schema (a 1.1 document reads scalars differently).
 */
function streamSchema(text: string): { schema?: Schema } {
  if (/^%YAML/m.test(text)) return {};
  return { schema: new Schema({ customTags, schema: 'core', resolveKnownTags: true }) };
}

type YNode = unknown;

/**
 * Reads every document of the stream. CloudFormation takes one, but a `---`-separated file (as scanners' test
 * fixtures often are) is still linted document by document instead of being rejected whole.
 */
export function readYaml(text: string): ReadResult {
  const errors: ReadResult['errors'] = [];
  // Absurd flow nesting (`[[[[...`) is refused before the parser spends time on it; no real template nests
  // brackets anywhere near this deep.
  const deep = firstOffsetDeeperThan(text, MAX_DEPTH);
  if (deep !== undefined) return { roots: [], errors: [{ start: deep, end: deep + 1, message: `nesting deeper than ${MAX_DEPTH} levels` }] };
  // Each document is read as soon as it is composed, so the parser's nodes of the ones before it can be freed: a
  // stream of 20,000 documents held them all (what `parseAllDocuments` does) and spent more time collecting
  // garbage than parsing.
  let docs: Iterator<Document.Parsed>;
  const budget = new ReadBudget();
  const roots: Node[] = [];
  try {
    const options = { customTags, uniqueKeys: false, prettyErrors: false, strict: false, ...streamSchema(text) };
    docs = new Composer(options).compose(new Parser().parse(text)) as Iterator<Document.Parsed>;
  } catch (e) {
    return { roots: [], errors: [{ start: 0, end: 0, message: `YAML could not be read: ${(e as Error).message}` }] };
  }
  for (;;) {
    let step: IteratorResult<Document.Parsed>;
    try {
      step = docs.next();
    } catch (e) {
      // The parser is iterative, but be safe: a stack overflow or bug must become a parse error, not a crash.
      return { roots: [], errors: [{ start: 0, end: 0, message: `YAML could not be read: ${(e as Error).message}` }] };
    }
    if (step.done) break;
    const doc = step.value;
    for (const err of doc.errors) errors.push({ start: err.pos[0], end: err.pos[1], message: firstLine(err.message) });
    try {
      if (doc.contents) roots.push(new YamlReader(text, budget).read(doc.contents, 0));
    } catch (e) {
      if (e instanceof ReadLimitError) errors.push({ start: e.offset, end: e.offset, message: e.message });
      else if (e instanceof RangeError) errors.push({ start: 0, end: 0, message: 'YAML nesting is too deep to read' });
      else throw e;
      return { roots: [], errors };
    }
  }
  return { roots, errors };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

class YamlReader {
  /** Anchors seen so far in document order (an alias refers to the latest preceding one). */
  private readonly anchors = new Map<string, unknown>();
  private readonly converted = new Map<unknown, { node: Node; size: number }>();

  constructor(private readonly text: string, private readonly budget: ReadBudget) {}

  read(node: YNode, depth: number): Node {
    const n = node as { range?: [number, number, number]; tag?: string; anchor?: string };
    const start = n.range?.[0] ?? 0;
    this.budget.visit(depth, start);
    if (isAlias(node)) {
      // An alias shares the tree read for its anchor (the tree is never mutated) but counts its full size, so
      // a billion-laughs document stops at the node budget after a few levels instead of expanding.
      const target = this.anchors.get(node.source);
      const read = target === undefined ? undefined : this.converted.get(target);
      if (!read) return { k: 'scalar', v: null, start, end: n.range?.[1] ?? start };
      this.budget.repeat(read.size, start);
      // The alias's own range (`*name`), so that its map or sequence ends where the alias is written.
      return { ...read.node, start, end: this.trimEnd(start, n.range?.[1] ?? start) };
    }
    if (n.anchor) this.anchors.set(n.anchor, node);
    const before = this.budget.count;
    const result = this.readTagged(node, depth, n.tag);
    if (n.anchor) this.converted.set(node, { node: result, size: this.budget.count - before });
    return result;
  }

  /** A node, turned into the long form `{ Fn::X: ... }` when it carries a short-form intrinsic tag. */
  private readTagged(node: YNode, depth: number, tag: string | undefined): Node {
    const plain = this.readPlain(node, depth);
    const longName = tag ? SHORT_FORMS[tag] : undefined;
    if (!longName || !tag) return plain;
    const tagStart = this.findTag(tag, plain.start);
    const keyEnd = tagStart + tag.length;
    let value: Node = plain;
    if (longName === 'Fn::GetAtt' && plain.k === 'scalar' && typeof plain.v === 'string') value = splitGetAtt(plain);
    const entry: Entry = { key: longName, keyStart: tagStart, keyEnd, value };
    return { k: 'map', entries: [entry], flow: true, shortForm: true, start: tagStart, end: Math.max(plain.end, keyEnd) };
  }

  private readPlain(node: YNode, depth: number): Node {
    const n = node as { range?: [number, number, number]; flow?: boolean; type?: string };
    const start = n.range?.[0] ?? 0;
    if (isMap(node)) {
      const entries: Entry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as { range?: [number, number, number]; value?: unknown } | null;
        const key = isScalar(pair.key) ? String(pair.key.value) : keyNode ? String(keyNode.value ?? '') : '';
        const keyStart = keyNode?.range?.[0] ?? start;
        const keyEnd = keyNode?.range ? this.trimEnd(keyNode.range[0], keyNode.range[1]) : keyStart;
        const value = pair.value === null || pair.value === undefined ? undefined : this.read(pair.value, depth + 1);
        entries.push({ key, keyStart, keyEnd, value });
      }
      const flow = !!node.flow;
      const end = flow ? this.trimEnd(start, n.range?.[1] ?? start) : lastEnd(entries.map((e) => e.value?.end ?? e.keyEnd), start);
      return { k: 'map', entries, flow, start, end };
    }
    if (isSeq(node)) {
      const items = node.items.map((item) => this.read(item, depth + 1));
      const flow = !!node.flow;
      const end = flow ? this.trimEnd(start, n.range?.[1] ?? start) : lastEnd(items.map((i) => i.end), start);
      return { k: 'seq', items, flow, start, end };
    }
    if (isScalar(node)) {
      const raw = node.value;
      const v = raw === null || raw === undefined ? null
        : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw
          : String(raw);
      const end = this.trimEnd(start, n.range?.[1] ?? start);
      const scalar: ScalarNode = { k: 'scalar', v, start, end };
      if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') scalar.quoted = true;
      return scalar;
    }
    return { k: 'scalar', v: null, start, end: start };
  }

  /** Offset of `!Tag` before a node (the node's own range starts after the tag and any line break). */
  private findTag(tag: string, nodeStart: number): number {
    let i = nodeStart;
    while (i > 0 && /\s/.test(this.text[i - 1])) i--;
    return this.text.slice(i - tag.length, i) === tag ? i - tag.length : nodeStart;
  }

  private trimEnd(start: number, end: number): number {
    let e = end;
    while (e > start && /\s/.test(this.text[e - 1])) e--;
    return e;
  }
}

function lastEnd(ends: number[], fallback: number): number {
  return ends.reduce((a, b) => Math.max(a, b), fallback);
}

/** `!GetAtt Bucket.Arn` → `[Bucket, Arn]`, split at the first dot (attribute names may contain dots). */
function splitGetAtt(s: ScalarNode): Node {
  const text = String(s.v);
  const dot = text.indexOf('.');
  if (dot < 0) return { k: 'seq', items: [s], flow: true, start: s.start, end: s.end };
  const quote = s.quoted ? 1 : 0;
  const a: ScalarNode = { k: 'scalar', v: text.slice(0, dot), start: s.start + quote, end: s.start + quote + dot };
  const b: ScalarNode = { k: 'scalar', v: text.slice(dot + 1), start: a.end + 1, end: s.end - quote };
  return { k: 'seq', items: [a, b], flow: true, start: s.start, end: s.end };
}

