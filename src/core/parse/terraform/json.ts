// Terraform JSON syntax (`.tf.json`) → the same AST as HCL files, so evaluation, linking and rules do not care
// which syntax a module uses. Without provider schemas, a JSON object is read as a nested block when its key is
// one of the block types the adapters read (`event_selector`, `versioning_configuration`, ...), else as a map.
// Strings are templates: `${...}` holds a small expression language (references, literals, function calls).
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { Attribute, Block, Expr, ObjItem, Seg, Span, TmplPart, Traverse } from './ast';
import { jsonNestingDepth, lineStartsOf, mapDecoded } from './ast';
import type { Converted } from './convert';
import type { SyntaxProblem } from './syntaxErrors';
import { decodeQuoted } from './stringEscapes';

/** Keys read as nested blocks (also by the plan reader, parse/plan). */
export const NESTED_BLOCKS = new Set([
  'event_selector', 'data_resource', 'advanced_event_selector', 'field_selector', 'insight_selector',
  'versioning', 'versioning_configuration', 'object_lock_configuration', 'rule', 'default_retention', 'logging',
  'lifecycle_rule', 'expiration', 'noncurrent_version_expiration', 'filter', 'and',
  'server_side_encryption_configuration', 'apply_server_side_encryption_by_default', 'grant', 'access_control_policy',
  'grantee', 'owner', 'recording_group', 'recording_strategy', 'exclusion_by_resource_types',
  'account_aggregation_source', 'organization_aggregation_source', 'statement', 'principals', 'not_principals',
  'condition', 'content', 'lifecycle',
]);

const MAX_JSON_DEPTH = 200;

export function convertTfJson(path: string, text: string): Converted {
  // jsonc-parser recurses per nesting level: refuse pathological nesting before it overflows the stack.
  if (jsonNestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return {
      ast: { path, text, blocks: [], attrs: [], lineStarts: lineStartsOf(text) },
      problems: [{ span: { start: 0, end: 0 }, message: `Nesting deeper than ${MAX_JSON_DEPTH} levels is not evaluated`, kind: 'depth' }],
    };
  }
  const errors: { error: number; offset: number; length: number }[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const problems: SyntaxProblem[] = [];
  if (errors.length) problems.push({ span: { start: errors[0].offset, end: errors[0].offset + errors[0].length }, message: 'Syntax error: invalid JSON', kind: 'syntax' });
  const ctx: Ctx = { path, text, tooDeep: false };
  const blocks: Block[] = [];
  // A variable file (`terraform.tfvars.json`, `*.auto.tfvars.json`): each key is a variable's value, as written.
  if (isTfvarsJson(path)) return { ast: { path, text, blocks, attrs: root?.type === 'object' ? tfvarsAttrs(ctx, root) : [], lineStarts: lineStartsOf(text) }, problems };
  if (root?.type === 'object') {
    for (const [key, value, prop] of props(root)) {
      if (key === 'resource' || key === 'data') {
        for (const [type, byName] of props(value)) {
          for (const [name, body, nameProp] of props(byName)) {
            for (const b of bodies(body)) blocks.push(block(ctx, key, [type, name], nameProp, b, [key, type, name], 1));
          }
        }
      } else if (key === 'variable' || key === 'module' || key === 'output') {
        for (const [name, body, nameProp] of props(value)) {
          for (const b of bodies(body)) blocks.push(block(ctx, key, [name], nameProp, b, [key, name], 1));
        }
      } else if (key === 'locals') {
        for (const b of bodies(value)) blocks.push(block(ctx, 'locals', [], prop, b, [key], 1));
      }
    }
  }
  if (ctx.tooDeep) problems.push({ span: { start: 0, end: 0 }, message: `Nesting deeper than ${MAX_JSON_DEPTH} levels is not evaluated`, kind: 'depth' });
  return { ast: { path, text, blocks, attrs: [], lineStarts: lineStartsOf(text) }, problems };
}

interface Ctx { path: string; text: string; tooDeep: boolean }

export function isTfvarsJson(path: string): boolean {
  return path.endsWith('.tfvars.json');
}

/** Variable values are plain JSON: a string is the string itself, never a template (Terraform reads them so). */
function tfvarsAttrs(ctx: Ctx, root: JsonNode): Attribute[] {
  const literal = (n: JsonNode, depth: number): Expr => {
    const span = spanOf(n);
    if (depth > MAX_JSON_DEPTH) {
      ctx.tooDeep = true;
      return { k: 'other', span, what: 'a value nested too deeply' };
    }
    if (n.type === 'string') return { k: 'lit', v: String(n.value), span };
    if (n.type === 'array') return { k: 'tuple', span, items: (n.children ?? []).map((c) => literal(c, depth + 1)) };
    if (n.type === 'object') {
      return { k: 'object', span, items: props(n).map(([key, value, prop]) => ({ key: { k: 'lit', v: key, span: spanOf(prop.children![0]) }, keyName: key, value: literal(value, depth + 1), span: spanOf(prop) })) };
    }
    return valueExpr(ctx, n, depth);
  };
  return props(root).map(([name, value, prop]) => ({ name, nameSpan: spanOf(prop.children![0]), expr: literal(value, 1), span: spanOf(prop) }));
}

function props(n: JsonNode | undefined): [string, JsonNode, JsonNode][] {
  if (!n || n.type !== 'object') return [];
  const out: [string, JsonNode, JsonNode][] = [];
  for (const p of n.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && v && k.value !== '//') out.push([String(k.value), v, p]);
  }
  return out;
}

/** A body is an object, or an array of objects (several blocks of one type). */
function bodies(n: JsonNode): JsonNode[] {
  if (n.type === 'object') return [n];
  if (n.type === 'array') return (n.children ?? []).filter((c) => c.type === 'object');
  return [];
}

function spanOf(n: JsonNode): Span {
  return { start: n.offset, end: n.offset + n.length };
}

function block(ctx: Ctx, type: string, labels: string[], header: JsonNode, body: JsonNode, jsonPath: (string | number)[], depth: number): Block {
  const key = header.children?.[0];
  const attrs: Attribute[] = [];
  const blocks: Block[] = [];
  if (depth > MAX_JSON_DEPTH) ctx.tooDeep = true;
  else {
    for (const [name, value, prop] of props(body)) {
      const propKey = prop.children![0];
      if (name === 'dynamic') {
        for (const [label, dyn, dynProp] of props(value)) {
          for (const b of bodies(dyn)) blocks.push(block(ctx, 'dynamic', [label], dynProp, b, [...jsonPath, 'dynamic', label], depth + 1));
        }
      } else if (NESTED_BLOCKS.has(name) && (value.type === 'object' || (value.type === 'array' && value.children?.some((c) => c.type === 'object')))) {
        const list = bodies(value);
        list.forEach((b, i) => blocks.push(block(ctx, name, [], prop, b, value.type === 'array' ? [...jsonPath, name, i] : [...jsonPath, name], depth + 1)));
      } else {
        attrs.push({ name, nameSpan: spanOf(propKey), expr: valueExpr(ctx, value, depth + 1), span: spanOf(prop) });
      }
    }
  }
  const span = spanOf(body);
  return {
    type, labels, headerSpan: key ? spanOf(key) : spanOf(header), span, openBrace: span.start + 1, closeBrace: span.end - 1,
    attrs, blocks, items: [...attrs, ...blocks], file: ctx.path, jsonPath,
  };
}

function valueExpr(ctx: Ctx, n: JsonNode, depth: number): Expr {
  const span = spanOf(n);
  if (depth > MAX_JSON_DEPTH) {
    ctx.tooDeep = true;
    return { k: 'other', span, what: 'a value nested too deeply' };
  }
  switch (n.type) {
    case 'string': return stringExpr(ctx, n);
    case 'number': return { k: 'lit', v: Number(n.value), span };
    case 'boolean': return { k: 'lit', v: Boolean(n.value), span };
    case 'null': return { k: 'lit', v: null, span };
    case 'array': return { k: 'tuple', span, items: (n.children ?? []).map((c) => valueExpr(ctx, c, depth + 1)) };
    default: {
      const items: ObjItem[] = [];
      for (const [key, value, prop] of props(n)) {
        const k = prop.children![0];
        items.push({ key: { k: 'lit', v: key, span: spanOf(k) }, keyName: key, value: valueExpr(ctx, value, depth + 1), span: spanOf(prop) });
      }
      return { k: 'object', span, items };
    }
  }
}

/** A JSON string as a template: literal text with its escape mapping, and `${...}` interpolations. */
function stringExpr(ctx: Ctx, n: JsonNode): Expr {
  const span = spanOf(n);
  const decoded = decodeQuoted(ctx.text, span.start + 1, span.end - 1);
  const text = decoded.text;
  const parts: TmplPart[] = [];
  const srcAt = (off: number, end: boolean) => mapDecoded(decoded.segs, off, end);
  const pushText = (a: number, b: number) => {
    if (b <= a) return;
    const segs: Seg[] = [];
    for (const s of decoded.segs) {
      if (s.out + s.len <= a || s.out >= b) continue;
      if (s.len === s.srcLen) {
        const from = Math.max(a, s.out);
        const to = Math.min(b, s.out + s.len);
        segs.push({ out: from - a, src: s.src + (from - s.out), len: to - from, srcLen: to - from });
      } else {
        segs.push({ out: s.out - a, src: s.src, len: s.len, srcLen: s.srcLen });
      }
    }
    parts.push({ k: 'text', text: text.slice(a, b), span: { start: srcAt(a, false), end: srcAt(b, true) }, segs });
  };
  let cursor = 0;
  let from = 0;
  for (let i = text.indexOf('${'); i !== -1; i = text.indexOf('${', from)) {
    // `$${` was decoded to a literal `${` already; only a `${` that came from source `${` opens an interpolation.
    if (ctx.text.slice(srcAt(i, false), srcAt(i, false) + 2) !== '${') {
      from = i + 2;
      continue;
    }
    const close = matchingBrace(text, i + 2);
    if (close === -1) break;
    pushText(cursor, i);
    const inner = text.slice(i + 2, close);
    const toSource = (a: number, b: number): Span => ({ start: srcAt(i + 2 + a, false), end: srcAt(i + 2 + b, true) });
    parts.push({ k: 'interp', span: { start: srcAt(i, false), end: srcAt(close + 1, true) }, expr: parseInterpolation(inner, toSource) });
    cursor = close + 1;
    from = cursor;
  }
  pushText(cursor, text.length);
  if (!parts.length) return { k: 'lit', v: '', span };
  return { k: 'tmpl', span, parts, heredoc: false };
}

function matchingBrace(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------------
// The expression language inside `${...}`: references with traversals, literals, lists, maps and function calls.
// Anything else becomes `other` (unresolved at evaluation).

type Tok = { t: 'id' | 'num' | 'str' | 'punct'; v: string; start: number; end: number };

function tokenize(s: string): Tok[] | undefined {
  const toks: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < s.length && /[A-Za-z0-9_-]/.test(s[i])) i++;
      toks.push({ t: 'id', v: s.slice(start, i), start, end: i });
    } else if (/[0-9]/.test(c)) {
      while (i < s.length && /[0-9.eE]/.test(s[i])) i++;
      toks.push({ t: 'num', v: s.slice(start, i), start, end: i });
    } else if (c === '"') {
      i++;
      let v = '';
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length) { v += s[i + 1] === 'n' ? '\n' : s[i + 1]; i += 2; } else v += s[i++];
      }
      if (i >= s.length) return undefined;
      i++;
      toks.push({ t: 'str', v, start, end: i });
    } else if (s.startsWith('[*]', i)) {
      toks.push({ t: 'punct', v: '[*]', start, end: i + 3 });
      i += 3;
    } else if (s.startsWith('.*', i)) {
      toks.push({ t: 'punct', v: '.*', start, end: i + 2 });
      i += 2;
    } else if ('.[](),{}=:'.includes(c)) {
      toks.push({ t: 'punct', v: c, start, end: i + 1 });
      i++;
    } else {
      return undefined;
    }
  }
  return toks;
}

export function parseInterpolation(src: string, toSource: (a: number, b: number) => Span): Expr {
  const whole = toSource(0, src.length);
  const toks = tokenize(src);
  if (!toks) return { k: 'other', span: whole, what: `\`\${${src.trim()}}\`` };
  let pos = 0;
  const peek = () => toks[pos];
  const take = (v?: string) => {
    const t = toks[pos];
    if (!t || (v !== undefined && t.v !== v)) throw new Error('unexpected');
    pos++;
    return t;
  };
  const expr = (depth: number): Expr => {
    if (depth > 50) throw new Error('too deep');
    const t = take();
    const startAt = t.start;
    const span = () => toSource(startAt, toks[pos - 1].end);
    if (t.t === 'num') return { k: 'lit', v: Number(t.v), span: span() };
    if (t.t === 'str') return { k: 'lit', v: t.v, span: span() };
    if (t.v === '[') {
      const items: Expr[] = [];
      while (peek() && peek().v !== ']') {
        items.push(expr(depth + 1));
        if (peek()?.v === ',') take(',');
      }
      take(']');
      return { k: 'tuple', span: span(), items };
    }
    if (t.v === '{') {
      const items: ObjItem[] = [];
      while (peek() && peek().v !== '}') {
        const k = take();
        const key: Expr = { k: 'lit', v: k.v, span: toSource(k.start, k.end) };
        if (peek()?.v === '=' || peek()?.v === ':') take();
        const value = expr(depth + 1);
        items.push({ key, keyName: k.v, value, span: toSource(k.start, toks[pos - 1].end) });
        if (peek()?.v === ',') take(',');
      }
      take('}');
      return { k: 'object', span: span(), items };
    }
    if (t.t !== 'id') throw new Error('unexpected');
    if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true', span: span() };
    if (t.v === 'null') return { k: 'lit', v: null, span: span() };
    if (peek()?.v === '(') {
      take('(');
      const args: Expr[] = [];
      while (peek() && peek().v !== ')') {
        args.push(expr(depth + 1));
        if (peek()?.v === ',') take(',');
      }
      take(')');
      return { k: 'call', span: span(), name: t.v, args };
    }
    const ops: Traverse[] = [];
    for (;;) {
      const p = peek();
      if (!p) break;
      if (p.v === '.') {
        take('.');
        const n = take();
        ops.push(n.t === 'num' ? { k: 'index', expr: { k: 'lit', v: Number(n.v), span: toSource(n.start, n.end) }, span: toSource(p.start, n.end) } : { k: 'attr', name: n.v, span: toSource(p.start, n.end) });
      } else if (p.v === '[*]' || p.v === '.*') {
        take();
        ops.push({ k: 'splat', span: toSource(p.start, p.end) });
      } else if (p.v === '[') {
        take('[');
        const e = expr(depth + 1);
        const close = take(']');
        ops.push({ k: 'index', expr: e, span: toSource(p.start, close.end) });
      } else break;
    }
    return { k: 'ref', span: span(), root: t.v, ops };
  };
  try {
    const e = expr(0);
    if (pos !== toks.length) return { k: 'other', span: whole, what: `\`\${${src.trim()}}\`` };
    return e;
  } catch {
    return { k: 'other', span: whole, what: `\`\${${src.trim()}}\`` };
  }
}
