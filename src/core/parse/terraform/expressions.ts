// tree-sitter CST expressions → the `Expr` of ast.ts: terms, traversals, operations, `for` expressions and
// templates. Each level counts towards MAX_DEPTH; deeper expressions become `other`.
import type { Expr, ObjItem, Span, TmplPart, Traverse } from './ast';
import { MAX_DEPTH, spanOf, textOf, tooDeep, type Ctx } from './convertContext';
import type { SNode as Node } from './snapshot';
import { decodeHeredoc, decodeQuoted } from './stringEscapes';

export function stringLitValue(ctx: Ctx, n: Node): string {
  if (n.collapsed) return decodeQuoted(ctx.text, n.startIndex + 1, n.endIndex - 1).text;
  const start = n.children[0];
  const end = n.children[n.children.length - 1];
  const from = start ? start.endIndex : n.startIndex;
  const to = end && end.type === 'quoted_template_end' && !end.isMissing ? end.startIndex : n.endIndex;
  return decodeQuoted(ctx.text, from, to).text;
}

export function convertExpr(ctx: Ctx, n: Node, depth: number): Expr {
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
