// What the CST → AST conversion (convert.ts, expressions.ts) carries from node to node, and the depth cap both
// share: recursion follows the input's nesting, so it is capped and one error says where it was hit.
import type { Tree } from 'web-tree-sitter';
import type { Block, Span } from './ast';
import type { SNode as Node } from './snapshot';

/** Tree depth (CST nodes) beyond which we stop converting; real configurations stay far below. */
export const MAX_DEPTH = 400;

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
  /**
   * False: the caller computes line starts itself (syntax-error recovery converts thousands of chunks of one file
   * and indexes the whole file once); the result's `lineStarts` is then empty.
   */
  lineStarts?: boolean;
}

export interface Ctx extends ConvertOptions {
  text: string;
  path: string;
  tooDeep: boolean;
  deepSpan?: Span;
  /** Top-level nodes claimed for reuse → the previous conversion of their block. */
  reused?: Map<Node, Block>;
}

export function textOf(ctx: Ctx, n: Node): string {
  return ctx.text.slice(n.startIndex, n.endIndex);
}

export function spanOf(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

export function tooDeep(ctx: Ctx, n: Node): void {
  if (!ctx.tooDeep) ctx.deepSpan = { start: n.startIndex, end: n.startIndex };
  ctx.tooDeep = true;
}
