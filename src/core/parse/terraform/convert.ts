// tree-sitter CST → the plain AST of ast.ts, plus at most a few syntax errors. Recursion follows the input's
// nesting, so it is capped: deeper expressions become `other` and one error says why.
import type { Tree } from 'web-tree-sitter';
import type { Attribute, Block, Expr, FileAst } from './ast';
import { lineStartsOf } from './ast';
import { MAX_DEPTH, spanOf, textOf, tooDeep, type ConvertOptions, type Ctx } from './convertContext';
import { convertExpr, stringLitValue } from './expressions';
import { isRelevantBlock } from './relevance';
import { snapshot, type SNode as Node } from './snapshot';
import { firstSyntaxError, type SyntaxProblem } from './syntaxErrors';

export interface Converted { ast: FileAst; problems: SyntaxProblem[] }

export function convertTree(path: string, text: string, tree: Tree, options: ConvertOptions = {}): Converted {
  const problems: SyntaxProblem[] = [];
  const ctx: Ctx = { text, path, tooDeep: false, reuse: options.reuse, reparse: options.reparse };
  const blocks: Block[] = [];
  const attrs: Attribute[] = [];
  const reuse = options.reuse;
  const root = snapshot(tree, {
    skipBody: options.reparse ? (block, body) => canDefer(ctx, block, body) : undefined,
    claim: reuse ? (node, hasError) => claimReusable(ctx, reuse, node, hasError) : undefined,
    onTopLevel: (node) => collectItem(ctx, node, blocks, attrs, [], 1),
    text,
  });
  if (root.type === 'ERROR') collectBody(ctx, root, blocks, attrs, [], 1);
  for (const body of root.namedChildren) {
    if (body.type === 'body') collectBody(ctx, body, blocks, attrs, [], 1);
    else if (body.type === 'ERROR') collectBody(ctx, body, blocks, attrs, [], 1);
  }
  const first = firstSyntaxError(root, text);
  if (first) problems.push(first);
  if (ctx.tooDeep) {
    problems.push({ span: ctx.deepSpan ?? { start: 0, end: 0 }, message: `Nesting deeper than ${MAX_DEPTH} levels is not evaluated`, kind: 'depth' });
  }
  return { ast: { path, text, blocks, attrs, lineStarts: options.lineStarts === false ? [] : lineStartsOf(text) }, problems };
}

/**
 * Whether a top-level block's body can wait: the block is not one the adapters read, and its brackets do not nest
 * deep enough that converting it could report a depth problem (that report must not depend on laziness).
 */
function canDefer(ctx: Ctx, block: Node, body: Node): boolean {
  const header = headerOf(ctx, block);
  if (!header || isRelevantBlock(header.type, header.labels)) return false;
  return bracketDepth(ctx.text, body.startIndex, body.endIndex) <= MAX_DEPTH / 8;
}

function bracketDepth(text: string, from: number, to: number): number {
  let depth = 0;
  let max = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91 || c === 40) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93 || c === 41) depth--;
  }
  return max;
}

/** A block's keyword and labels, from the children before `{`. */
function headerOf(ctx: Ctx, n: Node): { type: string; labels: string[] } | undefined {
  let type: string | undefined;
  const labels: string[] = [];
  for (const c of n.children) {
    if (c.type === 'identifier' && type === undefined) type = textOf(ctx, c);
    else if (c.type === 'identifier') labels.push(textOf(ctx, c));
    else if (c.type === 'string_lit') labels.push(stringLitValue(ctx, c));
    else if (c.type === 'block_start') break;
  }
  return type === undefined ? undefined : { type, labels };
}

/** Takes the previous conversion of an unchanged, error-free top-level block, so its children are never copied. */
function claimReusable(ctx: Ctx, reuse: NonNullable<ConvertOptions['reuse']>, node: Node, hasError: () => boolean): boolean {
  if (node.type !== 'block' || hasError()) return false;
  const block = reuse(node.startIndex, node.endIndex);
  if (!block) return false;
  (ctx.reused ??= new Map()).set(node, block);
  return true;
}

function collectBody(ctx: Ctx, body: Node, blocks: Block[], attrs: Attribute[], items: (Attribute | Block)[], depth: number): void {
  if (depth > MAX_DEPTH) return tooDeep(ctx, body);
  for (const child of body.namedChildren) collectItem(ctx, child, blocks, attrs, items, depth);
}

/** One item of a body at `depth`. */
function collectItem(ctx: Ctx, child: Node, blocks: Block[], attrs: Attribute[], items: (Attribute | Block)[], depth: number): void {
  if (child.type === 'attribute') {
    const a = convertAttribute(ctx, child, depth + 1);
    if (a) { attrs.push(a); items.push(a); }
  } else if (child.type === 'block') {
    const b = (depth === 1 && ctx.reused?.get(child)) || convertBlock(ctx, child, depth + 1);
    if (b) { blocks.push(b); items.push(b); }
  } else if (child.type === 'ERROR' || child.type === 'body') {
    // Recovery may wrap intact blocks in an ERROR node; keep whatever is whole inside it.
    collectBody(ctx, child, blocks, attrs, items, depth + 1);
  }
}

function convertAttribute(ctx: Ctx, n: Node, depth: number): Attribute | undefined {
  const id = n.namedChildren.find((c) => c?.type === 'identifier');
  const exprNode = n.namedChildren.find((c) => c?.type === 'expression');
  if (!id) return undefined;
  const expr: Expr = exprNode ? convertExpr(ctx, exprNode, depth + 1) : { k: 'other', span: { start: n.endIndex, end: n.endIndex }, what: 'a missing value' };
  return { name: textOf(ctx, id), nameSpan: spanOf(id), expr, span: spanOf(n) };
}

function convertBlock(ctx: Ctx, n: Node, depth: number): Block | undefined {
  let type: string | undefined;
  const labels: string[] = [];
  let headerEnd = n.startIndex;
  let openBrace = -1;
  let closeBrace = n.endIndex;
  const blocks: Block[] = [];
  const attrs: Attribute[] = [];
  const items: (Attribute | Block)[] = [];
  let deferred = false;
  for (const c of n.children) {
    if (!c) continue;
    if (openBrace < 0) {
      if (c.type === 'identifier' && type === undefined) { type = textOf(ctx, c); headerEnd = c.endIndex; continue; }
      if (c.type === 'identifier') { labels.push(textOf(ctx, c)); headerEnd = c.endIndex; continue; }
      if (c.type === 'string_lit') { labels.push(stringLitValue(ctx, c)); headerEnd = c.endIndex; continue; }
      if (c.type === 'block_start') { openBrace = c.endIndex; continue; }
    } else if (c.type === 'body') {
      if (c.skipped) deferred = true;
      else collectBody(ctx, c, blocks, attrs, items, depth + 1);
    } else if (c.type === 'block_end') {
      closeBrace = c.isMissing || c.endIndex === c.startIndex ? n.endIndex : c.startIndex;
    } else if (c.type === 'ERROR') {
      collectBody(ctx, c, blocks, attrs, items, depth + 1);
    }
  }
  if (type === undefined) return undefined;
  if (openBrace < 0) openBrace = headerEnd;
  const block: Block = {
    type, labels, headerSpan: { start: n.startIndex, end: headerEnd }, span: spanOf(n), openBrace, closeBrace,
    attrs, blocks, items, file: ctx.path,
  };
  if (deferred && ctx.reparse) deferBody(block, ctx.text, ctx.path, ctx.reparse, depth);
  return block;
}

/** Top-level blocks whose body is still to be converted. */
const unconverted = new WeakSet<Block>();

/** True for a block whose body has not been converted yet (it cannot be moved to new offsets in place). */
export function isUnconverted(block: Block): boolean {
  return unconverted.has(block);
}

/**
 * Makes `attrs`, `blocks` and `items` convert the body on first access, from a parse of the block's own text. The
 * result is what converting it in place would have given: same offsets, same depth.
 */
function deferBody(block: Block, text: string, path: string, reparse: NonNullable<ConvertOptions['reparse']>, depth: number): void {
  const { start, end } = block.span;
  unconverted.add(block);
  const load = (): void => {
    unconverted.delete(block);
    let body: Pick<Block, 'attrs' | 'blocks' | 'items'> = { attrs: [], blocks: [], items: [] };
    const tree = reparse(start, end);
    if (tree) {
      try {
        const node = findBlock(snapshot(tree), start);
        const converted = node && convertBlock({ text, path, tooDeep: false }, node, depth);
        if (converted) body = converted;
      } finally {
        tree.delete();
      }
    }
    for (const key of ['attrs', 'blocks', 'items'] as const) {
      Object.defineProperty(block, key, { value: body[key], writable: true, enumerable: true, configurable: true });
    }
  };
  for (const key of ['attrs', 'blocks', 'items'] as const) {
    Object.defineProperty(block, key, {
      get() {
        load();
        return block[key];
      },
      set(value) {
        unconverted.delete(block);
        Object.defineProperty(block, key, { value, writable: true, enumerable: true, configurable: true });
      },
      enumerable: true,
      configurable: true,
    });
  }
}

/** The top-level block starting at `start` in a tree of that block's text. */
function findBlock(root: Node, start: number): Node | undefined {
  for (const body of root.namedChildren) {
    if (body.type !== 'body') continue;
    for (const b of body.namedChildren) if (b.type === 'block' && b.startIndex === start) return b;
  }
  return undefined;
}

/**
 * Moves a converted block by `delta` characters, in place (the text before it changed, the block did not). The
 * previous conversion that owned it is discarded, and the editor types one character at a time: cloning every
 * block after the cursor on each keystroke would be most of the parse cost.
 */
export function shiftBlockInPlace(block: Block, delta: number): Block {
  if (delta !== 0) shiftValue(block, delta, 0);
  return block;
}

/** Moves a conversion of `text.slice(delta)` to its place in the whole text, in place. */
export function shiftConverted(c: Converted, delta: number): Converted {
  if (delta === 0) return c;
  for (const b of c.ast.blocks) shiftValue(b, delta, 0);
  for (const a of c.ast.attrs) shiftValue(a, delta, 0);
  for (const p of c.problems) p.span = { start: p.span.start + delta, end: p.span.end + delta };
  return c;
}

function shiftValue(v: unknown, delta: number, depth: number): void {
  if (v === null || typeof v !== 'object' || depth > 2 * MAX_DEPTH) return;
  if (Array.isArray(v)) {
    for (const x of v) shiftValue(x, delta, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  // A block's `items` holds the same objects as its `attrs` and `blocks`: visiting it would move them twice. Tuple
  // and object expressions also call their elements `items`, and those must move.
  const isBlock = typeof o.type === 'string' && Array.isArray(o.attrs);
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'number') {
      if (k === 'start' || k === 'end' || k === 'openBrace' || k === 'closeBrace' || k === 'src') o[k] = x + delta;
    } else if (x !== null && typeof x === 'object' && !(isBlock && k === 'items')) {
      shiftValue(x, delta, depth + 1);
    }
  }
}
