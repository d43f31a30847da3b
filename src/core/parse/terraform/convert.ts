// tree-sitter CST → the plain AST of ast.ts, plus at most a few syntax errors. Recursion follows the input's
// nesting, so it is capped: deeper expressions become `other` and one error says why.
import type { Tree } from 'web-tree-sitter';
import type { Attribute, Block, Expr, FileAst, ObjItem, Seg, Span, TmplPart, Traverse } from './ast';
import { lineStartsOf } from './ast';
import { isRelevantBlock } from './relevance';
import { snapshot, type SNode as Node } from './snapshot';

/** Tree depth (CST nodes) beyond which we stop converting; real configurations stay far below. */
const MAX_DEPTH = 400;

export interface SyntaxProblem { span: Span; message: string; kind: 'syntax' | 'depth' }

export interface Converted { ast: FileAst; problems: SyntaxProblem[] }

/** What convertTree may use besides the tree. */
export interface ConvertOptions {
  /**
   * May return an already converted top-level block for a node's range (the editor re-converts only the block
   * being typed in).
   */
  reuse?: (start: number, end: number) => Block | undefined;
  /**
   * Parses `text[start, end)` on its own. Given, the bodies of top-level blocks that nothing audit-related reads
   * (relevance.ts) are not converted until something asks for them (a reference from a relevant block): most
   * blocks of a real repository are instances, security groups and the like. The caller deletes the tree.
   */
  reparse?: (start: number, end: number) => Tree | null;
}

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
  return { ast: { path, text, blocks, attrs, lineStarts: lineStartsOf(text) }, problems };
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

/** The first ERROR or MISSING node, found by descending only into subtrees that contain one (no recursion). */
function firstSyntaxError(root: Node, text: string): SyntaxProblem | undefined {
  if (!root.hasError) return undefined;
  let node: Node = root;
  for (let guard = 0; guard < 100000; guard++) {
    let next: Node | undefined;
    for (const child of node.children) {
      if (!child) continue;
      if (child.isMissing) {
        // An unterminated string is reported where it starts, not where the parser gave up.
        const at = child.type === 'quoted_template_end' ? node.startIndex : child.startIndex;
        return { span: { start: at, end: Math.max(at, child.endIndex) }, message: `Syntax error: ${missingWhat(child.type)}`, kind: 'syntax' };
      }
      if (child.isError) {
        next = child;
        break;
      }
      if (child.hasError) {
        next = child;
        break;
      }
    }
    if (!next) break;
    if (next.isError) {
      const inner = next.children.find((c) => c && (c.isMissing || c.isError || c.hasError));
      if (!inner) {
        const snippet = text.slice(next.startIndex, next.endIndex).slice(0, 20).split('\n')[0];
        return { span: { start: next.startIndex, end: Math.min(next.endIndex, next.startIndex + 200) }, message: `Syntax error near \`${snippet}\``, kind: 'syntax' };
      }
    }
    node = next;
  }
  return { span: { start: node.startIndex, end: node.startIndex }, message: 'Syntax error', kind: 'syntax' };
}

function missingWhat(type: string): string {
  if (type === '}' || type === 'block_end' || type === 'object_end') return 'missing a closing `}`';
  if (type === ']' || type === 'tuple_end') return 'missing a closing `]`';
  if (type === ')') return 'missing a closing `)`';
  if (type === 'quoted_template_end' || type === '"') return 'unterminated string';
  if (type === 'heredoc_identifier') return 'unterminated heredoc';
  return 'incomplete expression';
}

/**
 * Offsets of lines that open a top-level block (`resource "a" "b" {` at column 0). When a file has a syntax error,
 * each such chunk is parsed on its own so that one broken block cannot swallow the blocks after it.
 */
export function topLevelChunks(text: string): Span[] {
  const starts: number[] = [];
  const header = /^[A-Za-z_][A-Za-z0-9_-]*(?:[ \t]+(?:"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*))*[ \t]*\{/gm;
  for (let m = header.exec(text); m; m = header.exec(text)) starts.push(m.index);
  if (!starts.length || starts[0] !== 0) starts.unshift(0);
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] : text.length }));
}

/** Merges the conversions of a file's chunks (each parsed alone) into one. */
export function mergeConverted(path: string, text: string, parts: Converted[]): Converted {
  const blocks = parts.flatMap((p) => p.ast.blocks);
  const attrs = parts.flatMap((p) => p.ast.attrs);
  const all = parts.flatMap((p) => p.problems);
  const firstSyntax = all.filter((p) => p.kind === 'syntax').sort((a, b) => a.span.start - b.span.start)[0];
  const depth = all.find((p) => p.kind === 'depth');
  const problems = [firstSyntax, depth].filter((p): p is SyntaxProblem => !!p);
  return { ast: { path, text, blocks, attrs, lineStarts: lineStartsOf(text) }, problems };
}

interface Ctx extends ConvertOptions {
  text: string;
  path: string;
  tooDeep: boolean;
  deepSpan?: Span;
  /** Top-level nodes claimed for reuse → the previous conversion of their block. */
  reused?: Map<Node, Block>;
}

function textOf(ctx: Ctx, n: Node): string {
  return ctx.text.slice(n.startIndex, n.endIndex);
}

function spanOf(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
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

function tooDeep(ctx: Ctx, n: Node): void {
  if (!ctx.tooDeep) ctx.deepSpan = { start: n.startIndex, end: n.startIndex };
  ctx.tooDeep = true;
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

function stringLitValue(ctx: Ctx, n: Node): string {
  if (n.collapsed) return decodeQuoted(ctx.text, n.startIndex + 1, n.endIndex - 1).text;
  const start = n.children[0];
  const end = n.children[n.children.length - 1];
  const from = start ? start.endIndex : n.startIndex;
  const to = end && end.type === 'quoted_template_end' && !end.isMissing ? end.startIndex : n.endIndex;
  return decodeQuoted(ctx.text, from, to).text;
}

function convertExpr(ctx: Ctx, n: Node, depth: number): Expr {
  if (depth > MAX_DEPTH) {
    tooDeep(ctx, n);
    return { k: 'other', span: spanOf(n), what: 'an expression nested too deeply' };
  }
  if (n.type !== 'expression') return convertTerm(ctx, n, depth);
  const kids = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  return convertSequence(ctx, kids, spanOf(n), depth);
}

/** A term followed by traversals (`var.x`, `aws_s3_bucket.b[0].id`), as the grammar lists them side by side. */
function convertSequence(ctx: Ctx, kids: Node[], span: Span, depth: number): Expr {
  if (!kids.length) return { k: 'other', span, what: 'an incomplete expression' };
  const [head, ...rest] = kids;
  const ops = convertOps(ctx, rest, depth);
  if (head.type === 'variable_expr') {
    const id = head.namedChildren[0];
    return { k: 'ref', span, root: textOf(ctx, id ?? head), ops };
  }
  const base = convertTerm(ctx, head, depth + 1);
  return ops.length ? { k: 'postfix', span, base, ops } : base;
}

function operands(n: Node): { before: Node[]; op?: Node; after: Node[] } {
  const before: Node[] = [];
  const after: Node[] = [];
  let op: Node | undefined;
  for (const c of n.children) {
    if (!c || c.type === 'comment') continue;
    if (!c.isNamed && !op) op = c;
    else if (c.isNamed) (op ? after : before).push(c);
  }
  return { before, op, after };
}

function convertOps(ctx: Ctx, nodes: Node[], depth: number): Traverse[] {
  const ops: Traverse[] = [];
  for (const op of nodes) {
    if (op.type === 'get_attr') {
      const id = op.namedChildren.find((c) => c?.type === 'identifier');
      ops.push({ k: 'attr', name: id ? textOf(ctx, id) : '', span: spanOf(op) });
    } else if (op.type === 'index') {
      const inner = op.namedChildren[0];
      if (inner?.type === 'new_index') {
        const e = inner.namedChildren.find((c) => c?.type === 'expression');
        ops.push({ k: 'index', expr: e ? convertExpr(ctx, e, depth + 1) : { k: 'other', span: spanOf(inner), what: 'an empty index' }, span: spanOf(op) });
      } else {
        // Legacy `a.0.b`: the digits are an anonymous token.
        const digits = ctx.text.slice(op.startIndex, op.endIndex).replace(/^\./, '');
        ops.push({ k: 'index', expr: { k: 'lit', v: Number(digits), span: spanOf(op) }, span: spanOf(op) });
      }
    } else if (op.type === 'splat') {
      const inner = op.namedChildren[0];
      ops.push({ k: 'splat', span: spanOf(op) });
      if (inner) ops.push(...convertOps(ctx, inner.namedChildren.filter((c): c is Node => !!c), depth + 1));
    } else if (op.type === 'ERROR') {
      ops.push({ k: 'index', expr: { k: 'other', span: spanOf(op), what: 'a syntax error' }, span: spanOf(op) });
    }
  }
  return ops;
}

function convertTerm(ctx: Ctx, n: Node, depth: number): Expr {
  if (depth > MAX_DEPTH) {
    tooDeep(ctx, n);
    return { k: 'other', span: spanOf(n), what: 'an expression nested too deeply' };
  }
  const span = spanOf(n);
  switch (n.type) {
    case 'expression':
      return convertExpr(ctx, n, depth + 1);
    case 'literal_value': {
      const c = n.namedChildren[0];
      return c ? convertTerm(ctx, c, depth + 1) : { k: 'other', span, what: 'a literal' };
    }
    case 'numeric_lit':
      return { k: 'lit', v: Number(textOf(ctx, n)), span };
    case 'bool_lit':
      return { k: 'lit', v: textOf(ctx, n) === 'true', span };
    case 'null_lit':
      return { k: 'lit', v: null, span };
    case 'string_lit':
    case 'quoted_template':
      return convertQuoted(ctx, n, depth);
    case 'template_expr': {
      const c = n.namedChildren[0];
      if (!c) return { k: 'other', span, what: 'a template' };
      return c.type === 'heredoc_template' ? convertHeredoc(ctx, c, depth) : convertQuoted(ctx, c, depth);
    }
    case 'collection_value': {
      const c = n.namedChildren[0];
      return c ? convertTerm(ctx, c, depth + 1) : { k: 'other', span, what: 'a collection' };
    }
    case 'tuple':
      return {
        k: 'tuple', span,
        items: n.namedChildren.filter((c): c is Node => c?.type === 'expression').map((c) => convertExpr(ctx, c, depth + 1)),
      };
    case 'object': {
      const items: ObjItem[] = [];
      for (const el of n.namedChildren) {
        if (el?.type !== 'object_elem') continue;
        const k = el.children.find((c) => c.field === 'key');
        const v = el.children.find((c) => c.field === 'val');
        if (!k || !v) continue;
        const key = convertExpr(ctx, k, depth + 1);
        const keyName = key.k === 'ref' && key.ops.length === 0 ? key.root : key.k === 'lit' && typeof key.v === 'string' ? key.v : undefined;
        items.push({ key, keyName, value: convertExpr(ctx, v, depth + 1), span: spanOf(el) });
      }
      return { k: 'object', span, items };
    }
    case 'function_call': {
      const id = n.namedChildren.find((c) => c?.type === 'identifier');
      const argsNode = n.namedChildren.find((c) => c?.type === 'function_arguments');
      const args = argsNode
        ? argsNode.namedChildren.filter((c): c is Node => c?.type === 'expression').map((c) => convertExpr(ctx, c, depth + 1))
        : [];
      return { k: 'call', span, name: id ? textOf(ctx, id) : '', args };
    }
    case 'conditional': {
      const parts = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
      if (parts.length < 3) return { k: 'other', span, what: 'an incomplete conditional' };
      return {
        k: 'cond', span, cond: convertTerm(ctx, parts[0], depth + 1), then: convertTerm(ctx, parts[1], depth + 1), else: convertTerm(ctx, parts[2], depth + 1),
      };
    }
    case 'operation': {
      const c = n.namedChildren[0];
      return c ? convertTerm(ctx, c, depth + 1) : { k: 'other', span, what: 'an operation' };
    }
    case 'unary_operation': {
      const { op, after } = operands(n);
      if (!op || !after.length) return { k: 'other', span, what: 'an operation' };
      return { k: 'unary', span, op: op.type, operand: convertSequence(ctx, after, { start: after[0].startIndex, end: n.endIndex }, depth + 1) };
    }
    case 'binary_operation': {
      const { before, op, after } = operands(n);
      if (!op || !before.length || !after.length) return { k: 'other', span, what: 'an operation' };
      return {
        k: 'binary', span, op: op.type,
        left: convertSequence(ctx, before, { start: n.startIndex, end: before[before.length - 1].endIndex }, depth + 1),
        right: convertSequence(ctx, after, { start: after[0].startIndex, end: n.endIndex }, depth + 1),
      };
    }
    case 'variable_expr': {
      const id = n.namedChildren[0];
      return { k: 'ref', span, root: textOf(ctx, id ?? n), ops: [] };
    }
    case 'for_expr': {
      const inner = n.namedChildren[0];
      return inner ? convertFor(ctx, inner, depth + 1) : { k: 'other', span, what: 'a `for` expression' };
    }
    default:
      return { k: 'other', span, what: n.type === 'ERROR' ? 'a syntax error' : `\`${n.type}\`` };
  }
}

function convertFor(ctx: Ctx, n: Node, depth: number): Expr {
  const span = spanOf(n);
  const intro = n.namedChildren.find((c) => c?.type === 'for_intro');
  const ids = intro ? intro.namedChildren.filter((c): c is Node => c?.type === 'identifier').map((c) => textOf(ctx, c)) : [];
  const collNode = intro?.namedChildren.find((c) => c?.type === 'expression');
  const exprs = n.namedChildren.filter((c): c is Node => c?.type === 'expression');
  const condNode = n.namedChildren.find((c) => c?.type === 'for_cond')?.namedChildren.find((c) => c?.type === 'expression');
  const isObject = n.type === 'for_object_expr';
  if (!ids.length || !collNode || exprs.length < (isObject ? 2 : 1)) return { k: 'other', span, what: 'an incomplete `for` expression' };
  return {
    k: 'for', span,
    keyVar: ids.length > 1 ? ids[0] : undefined,
    valVar: ids[ids.length - 1],
    coll: convertExpr(ctx, collNode, depth + 1),
    key: isObject ? convertExpr(ctx, exprs[0], depth + 1) : undefined,
    body: convertExpr(ctx, exprs[isObject ? 1 : 0], depth + 1),
    cond: condNode ? convertExpr(ctx, condNode, depth + 1) : undefined,
    grouped: n.namedChildren.some((c) => c?.type === 'ellipsis'),
  };
}

function convertQuoted(ctx: Ctx, n: Node, depth: number): Expr {
  if (n.collapsed) return templateFrom(ctx, n, n.startIndex + 1, n.endIndex - 1, false, depth);
  const first = n.children[0];
  const last = n.children[n.children.length - 1];
  const from = first && first.type === 'quoted_template_start' ? first.endIndex : n.startIndex;
  const to = last && last.type === 'quoted_template_end' && !last.isMissing && n.children.length > 1 ? last.startIndex : n.endIndex;
  return templateFrom(ctx, n, from, to, false, depth);
}

function convertHeredoc(ctx: Ctx, n: Node, depth: number): Expr {
  const ids = n.children.filter((c): c is Node => c?.type === 'heredoc_identifier');
  const open = ids[0];
  const close = ids.length > 1 ? ids[ids.length - 1] : undefined;
  const afterOpen = open ? open.endIndex : n.startIndex;
  const nl = ctx.text.indexOf('\n', afterOpen);
  const from = nl === -1 ? afterOpen : nl + 1;
  let to = n.endIndex;
  if (close && !close.isMissing && close.startIndex >= from) {
    to = ctx.text.lastIndexOf('\n', close.startIndex - 1) + 1;
    if (to < from) to = from;
  }
  return templateFrom(ctx, n, from, to, true, depth);
}

function templateFrom(ctx: Ctx, n: Node, from: number, to: number, heredoc: boolean, depth: number): Expr {
  const parts: TmplPart[] = [];
  let cursor = from;
  const pushText = (a: number, b: number) => {
    if (b <= a) return;
    const d = heredoc ? decodeHeredoc(ctx.text, a, b) : decodeQuoted(ctx.text, a, b);
    parts.push({ k: 'text', text: d.text, span: { start: a, end: b }, segs: d.segs });
  };
  for (const c of n.children) {
    if (!c || c.startIndex < from || c.endIndex > to) continue;
    if (c.type === 'template_interpolation') {
      pushText(cursor, c.startIndex);
      const e = c.namedChildren.find((x) => x?.type === 'expression');
      parts.push({
        k: 'interp', span: spanOf(c),
        expr: e ? convertExpr(ctx, e, depth + 1) : { k: 'other', span: spanOf(c), what: 'an empty interpolation' },
      });
      cursor = c.endIndex;
    } else if (c.type === 'template_directive') {
      pushText(cursor, c.startIndex);
      parts.push({ k: 'directive', span: spanOf(c) });
      cursor = c.endIndex;
    }
  }
  pushText(cursor, to);
  const span = spanOf(n);
  if (parts.length === 0) return { k: 'lit', v: '', span };
  if (parts.length === 1 && parts[0].k === 'text' && !heredoc) return { k: 'tmpl', span, parts, heredoc };
  return { k: 'tmpl', span, parts, heredoc };
}

interface Decoded { text: string; segs: Seg[] }

class SegBuilder {
  text = '';
  segs: Seg[] = [];
  plain(src: number, s: string): void {
    if (!s) return;
    const last = this.segs[this.segs.length - 1];
    if (last && last.len === last.srcLen && last.src + last.srcLen === src && last.out + last.len === this.text.length) {
      last.len += s.length;
      last.srcLen += s.length;
    } else {
      this.segs.push({ out: this.text.length, src, len: s.length, srcLen: s.length });
    }
    this.text += s;
  }
  escaped(src: number, srcLen: number, s: string): void {
    this.segs.push({ out: this.text.length, src, len: s.length, srcLen });
    this.text += s;
  }
}

/** Quoted string content: `\n \t \r \" \\ \uXXXX \UXXXXXXXX`, `$${` and `%%{`. */
export function decodeQuoted(text: string, from: number, to: number): Decoded {
  const b = new SegBuilder();
  let run = from;
  let i = from;
  const flush = (upTo: number) => { b.plain(run, text.slice(run, upTo)); };
  while (i < to) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < to) {
      const e = text[i + 1];
      let out: string | undefined;
      let len = 2;
      if (e === 'n') out = '\n';
      else if (e === 't') out = '\t';
      else if (e === 'r') out = '\r';
      else if (e === '"') out = '"';
      else if (e === '\\') out = '\\';
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { out = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)); len = 6; }
      else if (e === 'U' && /^[0-9a-fA-F]{8}$/.test(text.slice(i + 2, i + 10))) {
        const cp = parseInt(text.slice(i + 2, i + 10), 16);
        out = cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
        len = 10;
      }
      if (out !== undefined) {
        flush(i);
        b.escaped(i, len, out);
        i += len;
        run = i;
        continue;
      }
    }
    if ((ch === '$' || ch === '%') && text[i + 1] === ch && text[i + 2] === '{') {
      flush(i);
      b.escaped(i, 3, ch + '{');
      i += 3;
      run = i;
      continue;
    }
    i++;
  }
  flush(to);
  return { text: b.text, segs: b.segs };
}

/** Heredoc content: only `$${` and `%%{` are escapes. */
export function decodeHeredoc(text: string, from: number, to: number): Decoded {
  const b = new SegBuilder();
  let run = from;
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if ((ch === '$' || ch === '%') && text[i + 1] === ch && text[i + 2] === '{') {
      b.plain(run, text.slice(run, i));
      b.escaped(i, 3, ch + '{');
      i += 2;
      run = i + 1;
    }
  }
  b.plain(run, text.slice(run, to));
  return { text: b.text, segs: b.segs };
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
