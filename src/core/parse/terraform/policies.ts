// Policy attributes (bucket policies, key policies, SCPs) → PolicyDoc, plus the edits that append a statement or
// add a condition in the policy's own syntax: an HCL object inside `jsonencode(...)`, JSON inside a heredoc or
// string literal (jsonc-parser `modify` on the embedded text, mapped back), or a `statement {}` block of a
// `data "aws_iam_policy_document"`.
import { modify } from 'jsonc-parser';
import type { FileEdit, LValue, PolicyDoc } from '../../model';
import { normalizePolicy } from '../../policy/normalize';
import type { Attribute, Block, Expr, FileAst, Seg } from './ast';
import { mapDecoded } from './ast';
import type { Evaluator } from './evaluate';
import type { TfModule } from './module';
import { Sentinels } from '../../refText';
import { TfRefs } from './refEdits';
import { alignRuns, bodyIndent, edit, endOfLine, hclKey, insertAttribute, jsonFormatting, lineIndent, renderHcl } from './insert';

type Syntax =
  | { kind: 'hcl'; obj: Extract<Expr, { k: 'object' }>; ast: FileAst }
  | { kind: 'json'; expr: Expr; ast: FileAst; heredoc: boolean }
  | { kind: 'doc'; block: Block; ast: FileAst };

/** Evaluates a policy attribute of `block` and normalises it; absent attribute → absent policy. */
export function readPolicy(ev: Evaluator, block: Block, name: string): PolicyDoc {
  const attr = block.attrs.find((a) => a.name === name);
  if (!attr) return normalizePolicy(undefined);
  const got = ev.attr(block, name, true);
  const loc = ev.loc(block.file, attr.span);
  if (!got) return normalizePolicy(undefined, loc);
  let raw: LValue = got.value;
  if (raw.t === 'str' && /^\s*[{[]/.test(raw.v)) raw = ev.jsonString(raw) ?? raw;
  const doc = normalizePolicy(raw, loc);
  const syntax = policySyntax(ev, attr.expr, block.file, 0);
  if (syntax && doc.state !== 'unresolved') attachEdits(ev, doc, syntax, raw);
  return doc;
}

/** Follows a policy expression to the syntax that holds the statements. */
function policySyntax(ev: Evaluator, expr: Expr, file: string, hops: number): Syntax | undefined {
  const ast = ev.mod.files.get(file);
  if (!ast || hops > 5) return undefined;
  // In `.tf.json` only the JSON string form can be edited (an HCL object inside `${...}` is not worth it).
  const json = file.endsWith('.json');
  if (json && expr.k !== 'tmpl' && expr.k !== 'lit') return undefined;
  if (expr.k === 'call' && expr.name === 'jsonencode' && expr.args[0]?.k === 'object') return { kind: 'hcl', obj: expr.args[0], ast };
  if (expr.k === 'tmpl' || (expr.k === 'lit' && typeof expr.v === 'string')) {
    return { kind: 'json', expr, ast, heredoc: expr.k === 'tmpl' && expr.heredoc };
  }
  if (expr.k === 'ref' && expr.root === 'local' && expr.ops[0]?.k === 'attr' && expr.ops.length === 1) {
    const local = ev.mod.locals.get(expr.ops[0].name);
    return local ? policySyntax(ev, local.item.expr, local.file, hops + 1) : undefined;
  }
  if (expr.k === 'ref' && expr.root === 'data') {
    const [type, name] = expr.ops;
    if (type?.k === 'attr' && type.name === 'aws_iam_policy_document' && name?.k === 'attr') {
      const block = ev.mod.data.get(`aws_iam_policy_document.${name.name}`);
      const docAst = block && ev.mod.files.get(block.file);
      if (block && docAst && !block.jsonPath) return { kind: 'doc', block, ast: docAst };
    }
  }
  return undefined;
}

/**
 * Runs a fix builder with a reference renderer, adding the data sources its text needs to its edits. It takes the
 * module, not the evaluator: a child module's result outlives its evaluation (childCache.ts) and must not keep the
 * whole evaluation of its caller alive.
 */
function withRefs(mod: TfModule, make: (refs: TfRefs) => FileEdit[] | undefined): FileEdit[] | undefined {
  const refs = new TfRefs(mod);
  const edits = make(refs);
  return edits && edits.length ? [...edits, ...refs.dataEdits()] : edits;
}

function attachEdits(ev: Evaluator, doc: PolicyDoc, syntax: Syntax, raw: LValue): void {
  const mod = ev.mod;
  if (syntax.kind === 'hcl') {
    const stmtItem = syntax.obj.items.find((i) => i.keyName === 'Statement');
    const list = stmtItem?.value;
    if (!list || list.k !== 'tuple') return;
    doc.appendStatement = (stmt) => withRefs(mod, (refs) => appendHclItem(syntax.ast, list, stmt, refs));
    doc.statements.forEach((s, i) => {
      const obj = list.items[i];
      if (obj?.k === 'object') s.addCondition = (op, key, values) => withRefs(mod, (refs) => addHclCondition(syntax.ast, obj, op, key, values, refs));
    });
  } else if (syntax.kind === 'json') {
    const text = embeddedJson(ev, syntax.expr, syntax.ast.path);
    if (!text) return;
    const stmtValue = raw.t === 'obj' ? raw.props.find((p) => p.key === 'Statement')?.value : undefined;
    const isArray = stmtValue?.t === 'arr';
    if (isArray) doc.appendStatement = (stmt) => withRefs(mod, (refs) => jsonEdit(syntax, text, ['Statement', -1], stmt, true, refs));
    doc.statements.forEach((s, i) => {
      const base: (string | number)[] = isArray ? ['Statement', i] : ['Statement'];
      const stmtObj = isArray && stmtValue?.t === 'arr' ? stmtValue.items[i] : stmtValue;
      if (stmtObj?.t !== 'obj') return;
      s.addCondition = (op, key, values) =>
        withRefs(mod, (refs) => jsonEdit(syntax, text, [...base, 'Condition', op, key], values.length === 1 ? values[0] : values, false, refs));
    });
  } else {
    const statementBlocks = syntax.block.blocks.filter((b) => b.type === 'statement');
    doc.appendStatement = (stmt) => withRefs(mod, (refs) => appendStatementBlock(syntax.ast, syntax.block, stmt, refs));
    // Statements from `source_policy_documents` come first; ours are the last ones.
    const offset = doc.statements.length - statementBlocks.length;
    if (offset < 0 || syntax.block.blocks.some((b) => b.type === 'dynamic')) return;
    statementBlocks.forEach((b, i) => {
      const s = doc.statements[offset + i];
      if (s) {
        s.addCondition = (op, key, values) =>
          withRefs(mod, (refs) => appendBlock(syntax.ast, b, refs.renderHcl(values, (v) => renderCondition(op, key, v as string[], bodyIndent(syntax.ast, b)))));
      }
    });
  }
}

interface EmbeddedJson { text: string; segs: Seg[] }

/** The decoded policy text of a heredoc / string literal, with its mapping back to the source. */
function embeddedJson(ev: Evaluator, expr: Expr, file: string): EmbeddedJson | undefined {
  const v = ev.eval(expr, { file, policy: true }, new Set());
  if (v.t !== 'str') return undefined;
  const src = ev.sources.get(v);
  return src ? { text: v.v, segs: src.segs } : undefined;
}

function jsonEdit(syntax: Extract<Syntax, { kind: 'json' }>, json: EmbeddedJson, path: (string | number)[], value: unknown, insertion: boolean, refs: TfRefs): FileEdit[] | undefined {
  const formattingOptions = jsonFormatting(json.text);
  const sentinels = new Sentinels();
  let edits;
  try {
    edits = modify(json.text, path, sentinels.hide(value), { formattingOptions, isArrayInsertion: insertion });
  } catch {
    return undefined;
  }
  if (!edits.length) return undefined;
  const out: FileEdit[] = [];
  for (const whole of edits) {
    const e = trimEdit(json.text, whole);
    const start = mapDecoded(json.segs, e.offset, false);
    const end = mapDecoded(json.segs, e.offset + e.length, true);
    // The replaced text must be written literally in the source: an interpolation (`${local.bucket}`) or escape in
    // it would be replaced by its value. jsonc-parser may re-write a neighbouring line; no fix beats that.
    if (syntax.ast.text.slice(start, end) !== json.text.slice(e.offset, e.offset + e.length)) return undefined;
    let newText = e.content;
    if (!syntax.heredoc) newText = JSON.stringify(newText).slice(1, -1);
    newText = newText.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
    // References become interpolations inside the JSON string (the only `${` the fix writes unescaped).
    newText = sentinels.render(newText, (ref, open, close) => `${open}${refs.jsonStringBody(ref, !syntax.heredoc)}${close}`);
    out.push(edit(syntax.ast, start, end, newText));
  }
  return out;
}

/** The part of a jsonc-parser edit that really changes the text (it re-writes whole lines around an insertion). */
function trimEdit(text: string, e: { offset: number; length: number; content: string }): { offset: number; length: number; content: string } {
  const old = text.slice(e.offset, e.offset + e.length);
  let p = 0;
  while (p < old.length && p < e.content.length && old[p] === e.content[p]) p++;
  let q = 0;
  while (q < old.length - p && q < e.content.length - p && old[old.length - 1 - q] === e.content[e.content.length - 1 - q]) q++;
  return { offset: e.offset + p, length: old.length - p - q, content: e.content.slice(p, e.content.length - q) };
}

/** Appends an HCL object to a `Statement = [...]` tuple inside `jsonencode`. */
function appendHclItem(ast: FileAst, list: Extract<Expr, { k: 'tuple' }>, stmt: Record<string, unknown>, refs: TfRefs): FileEdit[] | undefined {
  const last = list.items[list.items.length - 1];
  const text = ast.text;
  if (!last) {
    const indent = lineIndent(text, list.span.start);
    const inner = indent + '  ';
    return [edit(ast, list.span.start, list.span.end, `[\n${inner}${refs.renderHcl(stmt, (v) => renderHcl(v, inner))},\n${indent}]`)];
  }
  if (!text.slice(list.span.start, list.span.end).includes('\n')) {
    // `Statement = [{ ... }]` on one line: the list opens onto its own lines, its items kept verbatim.
    const indent = lineIndent(text, list.span.start);
    const inner = indent + '  ';
    const items = list.items.map((i) => `${inner}${text.slice(i.span.start, i.span.end)},\n`).join('');
    return [edit(ast, list.span.start, list.span.end, `[\n${items}${inner}${refs.renderHcl(stmt, (v) => renderHcl(v, inner))},\n${indent}]`)];
  }
  const indent = lineIndent(text, last.span.start);
  const rendered = refs.renderHcl(stmt, (v) => renderHcl(v, indent));
  const after = text.slice(last.span.end, list.span.end);
  const comma = /^\s*,/.exec(after);
  if (comma) {
    const at = last.span.end + comma[0].length;
    return [edit(ast, at, at, `\n${indent}${rendered},`)];
  }
  return [edit(ast, last.span.end, last.span.end, `,\n${indent}${rendered}`)];
}

/** An object expression seen as a block body, so attribute insertion (with alignment) applies to it. */
function objectAsBlock(ast: FileAst, obj: Extract<Expr, { k: 'object' }>): Block {
  const attrs: Attribute[] = obj.items.map((i) => ({ name: i.keyName ?? ast.text.slice(i.key.span.start, i.key.span.end), nameSpan: i.key.span, expr: i.value, span: i.span }));
  return {
    type: '{', labels: [], headerSpan: { start: obj.span.start, end: obj.span.start }, span: obj.span,
    openBrace: obj.span.start + 1, closeBrace: obj.span.end - 1, attrs, blocks: [], items: attrs, file: ast.path,
  };
}

function addHclCondition(ast: FileAst, stmt: Extract<Expr, { k: 'object' }>, op: string, key: string, values: unknown[], refs: TfRefs): FileEdit[] | undefined {
  const value = values.length === 1 ? values[0] : values;
  const cond = stmt.items.find((i) => i.keyName === 'Condition');
  if (!cond) return insertObjectItem(ast, stmt, 'Condition', { [op]: { [key]: value } }, refs);
  if (cond.value.k !== 'object') return undefined;
  const opItem = cond.value.items.find((i) => i.keyName === op);
  if (!opItem) return insertObjectItem(ast, cond.value, hclKey(op), { [key]: value }, refs);
  if (opItem.value.k !== 'object') return undefined;
  if (opItem.value.items.some((i) => i.keyName === key)) return undefined;
  return insertObjectItem(ast, opItem.value, hclKey(key), value, refs);
}

/** Adds `key = value` to an object: a new aligned line, or `, key = value` when the object is on one line. */
function insertObjectItem(ast: FileAst, obj: Extract<Expr, { k: 'object' }>, key: string, value: unknown, refs: TfRefs): FileEdit[] | undefined {
  const last = obj.items[obj.items.length - 1];
  const oneLine = !ast.text.slice(obj.span.start, obj.span.end).includes('\n');
  if (last && oneLine) return [edit(ast, last.span.end, last.span.end, `, ${key} = ${refs.renderHcl(value, (v) => renderHcl(v, ''))}`)];
  return insertAttribute(ast, objectAsBlock(ast, obj), key, refs.renderHcl(value, (v) => renderHcl(v, objectIndent(ast, obj))));
}

/** Indentation of an object's items (for rendering nested values at the right depth). */
function objectIndent(ast: FileAst, obj: Extract<Expr, { k: 'object' }>): string {
  const first = obj.items[0];
  if (first) return lineIndent(ast.text, first.span.start);
  return lineIndent(ast.text, obj.span.start) + '  ';
}

function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return v === undefined ? [] : [String(v)];
}

/** An IAM JSON statement as a `statement {}` block of a policy document. */
function renderStatementBlock(stmt: Record<string, unknown>, indent: string): string {
  const inner = indent + '  ';
  const lines: { key: string; text: string }[] = [];
  if (stmt.Sid !== undefined) lines.push({ key: 'sid', text: renderHcl(String(stmt.Sid), inner) });
  if (stmt.Effect !== undefined) lines.push({ key: 'effect', text: renderHcl(String(stmt.Effect), inner) });
  for (const [json, tf] of [['Action', 'actions'], ['NotAction', 'not_actions'], ['Resource', 'resources'], ['NotResource', 'not_resources']]) {
    if (stmt[json] !== undefined) lines.push({ key: tf, text: renderHcl(listOf(stmt[json]), inner) });
  }
  alignRuns(lines);
  const parts = lines.map((l) => `${inner}${l.key} = ${l.text}`);
  for (const [json, tf] of [['Principal', 'principals'], ['NotPrincipal', 'not_principals']] as const) {
    const p = stmt[json];
    if (p === undefined) continue;
    const entries: [string, string[]][] = p === '*' ? [['*', ['*']]] : Object.entries(p as Record<string, unknown>).map(([k, v]) => [k, listOf(v)]);
    for (const [type, ids] of entries) {
      parts.push(`${inner}${tf} {\n${inner}  type        = ${renderHcl(type, inner)}\n${inner}  identifiers = ${renderHcl(ids, inner + '  ')}\n${inner}}`);
    }
  }
  const cond = stmt.Condition as Record<string, Record<string, unknown>> | undefined;
  for (const [op, keys] of Object.entries(cond ?? {})) {
    for (const [key, values] of Object.entries(keys)) parts.push(renderCondition(op, key, listOf(values), inner));
  }
  return `${indent}statement {\n${parts.join('\n')}\n${indent}}`;
}

function renderCondition(op: string, key: string, values: string[], indent: string): string {
  const inner = indent + '  ';
  return `${indent}condition {\n${inner}test     = ${renderHcl(op, inner)}\n${inner}variable = ${renderHcl(key, inner)}\n${inner}values   = ${renderHcl(values, inner)}\n${indent}}`;
}

function appendStatementBlock(ast: FileAst, doc: Block, stmt: Record<string, unknown>, refs: TfRefs): FileEdit[] | undefined {
  return appendBlock(ast, doc, refs.renderHcl(stmt, (v) => renderStatementBlock(v as Record<string, unknown>, bodyIndent(ast, doc))));
}

/** Appends an already indented block text at the end of `block`'s body. */
function appendBlock(ast: FileAst, block: Block, rendered: string): FileEdit[] {
  const last = block.items[block.items.length - 1];
  if (!last) {
    const closingIndent = lineIndent(ast.text, block.span.start);
    return [edit(ast, block.openBrace, block.closeBrace, `\n${rendered}\n${closingIndent}`)];
  }
  const at = endOfLine(ast.text, last.span.end);
  return [edit(ast, at, at, `\n${rendered}`)];
}
