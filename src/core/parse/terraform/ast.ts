// A small, plain-object syntax tree for HCL, converted once per file version from the tree-sitter CST. Walking
// wasm-backed tree-sitter nodes is slow, and the evaluator visits expressions many times; plain objects can also
// be cached per file so that a keystroke in one file does not rebuild its siblings.

/** Offsets (UTF-16 code units) into the file text. */
export interface Span { start: number; end: number }

export type Expr =
  | { k: 'lit'; v: string | number | boolean | null; span: Span }
  | { k: 'tmpl'; span: Span; parts: TmplPart[]; heredoc: boolean }
  | { k: 'tuple'; span: Span; items: Expr[] }
  | { k: 'object'; span: Span; items: ObjItem[] }
  /** A variable with its traversal: `aws_s3_bucket.logs[0].id`, `var.name`, `each.value`. */
  | { k: 'ref'; span: Span; root: string; ops: Traverse[] }
  /** Traversal applied to something that is not a plain variable, e.g. `(jsonencode(x)).foo`. */
  | { k: 'postfix'; span: Span; base: Expr; ops: Traverse[] }
  | { k: 'call'; span: Span; name: string; args: Expr[] }
  | { k: 'cond'; span: Span; cond: Expr; then: Expr; else: Expr }
  | { k: 'unary'; span: Span; op: string; operand: Expr }
  | { k: 'binary'; span: Span; op: string; left: Expr; right: Expr }
  /** `[for k, v in coll : body if cond]` and `{for k, v in coll : key => value if cond}` (`key` set). */
  | { k: 'for'; span: Span; keyVar?: string; valVar: string; coll: Expr; key?: Expr; body: Expr; cond?: Expr; grouped: boolean }
  /** Anything we do not evaluate (syntax errors, unknown forms); `what` names it for the user. */
  /**
   * A value Terraform already computed (plan JSON) with the references its configuration gives for it: the value
   * is `value`; `refs` are evaluated only so that linking follows them as it does in the source.
   */
  | { k: 'planned'; span: Span; value: Expr; refs: Expr[] }
  | { k: 'other'; span: Span; what: string; /** The whole reason, when `what` alone would not say it (a plan's value known after apply). */ reason?: string };

/** A template piece: decoded literal text (escapes resolved) with its source mapping, or an interpolation. */
export type TmplPart =
  | { k: 'text'; text: string; span: Span; segs: Seg[] }
  | { k: 'interp'; expr: Expr; span: Span }
  | { k: 'directive'; span: Span };

/**
 * Maps decoded text back to source: `len` decoded characters at `out` came from `srcLen` source characters at
 * `src`. Plain runs have len === srcLen; an escape such as `\"` is its own segment.
 */
export interface Seg { out: number; src: number; len: number; srcLen: number }

export type Traverse =
  | { k: 'attr'; name: string; span: Span }
  | { k: 'index'; expr: Expr; span: Span }
  | { k: 'splat'; span: Span };

export interface ObjItem { key: Expr; /** Identifier or literal string key. */ keyName?: string; value: Expr; span: Span }

export interface Attribute { name: string; nameSpan: Span; expr: Expr; span: Span }

export interface Block {
  type: string;
  labels: string[];
  /** From the keyword to the end of the last label. */
  headerSpan: Span;
  span: Span;
  /** Offset just after `{` and of `}` (equal to span.end when the brace is missing). */
  openBrace: number;
  closeBrace: number;
  attrs: Attribute[];
  blocks: Block[];
  /** Body items in source order, for insertion points. */
  items: (Attribute | Block)[];
  file: string;
  /** `.tf.json` only: where the block's object sits in the JSON document (insertions are JSON edits there). */
  jsonPath?: (string | number)[];
}

export interface FileAst {
  path: string;
  text: string;
  blocks: Block[];
  /** Top-level attributes (tfvars files). */
  attrs: Attribute[];
  lineStarts: number[];
}

export function isBlock(item: Attribute | Block): item is Block {
  return (item as Block).type !== undefined;
}

export { lineStarts as lineStartsOf, positionAt } from '../../lines';

/** Source offset of decoded offset `off` in a segment list (`end` picks the end of an escape). */
export function mapDecoded(segs: Seg[], off: number, end: boolean): number {
  if (!segs.length) return 0;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid].out <= off) lo = mid;
    else hi = mid - 1;
  }
  let s = segs[lo];
  // An end offset that falls exactly on a segment start belongs to the previous segment's end.
  if (end && off === s.out && lo > 0) s = segs[lo - 1];
  const rel = off - s.out;
  if (s.len === s.srcLen) return s.src + Math.min(rel, s.len);
  if (rel <= 0) return s.src;
  return s.src + s.srcLen;
}

/** Deepest `{`/`[` nesting of JSON text (outside strings), found without recursion. */
export function jsonNestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}
