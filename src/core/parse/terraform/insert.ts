// Inserting an attribute into a block the way `terraform fmt` would leave it: the body's indentation, and `=`
// aligned with the run of consecutive single-line attributes the new line joins (hclwrite aligns neighbouring
// lines that have an `=` with balanced brackets; any other line, e.g. `policy = jsonencode({`, breaks the run).
import { modify, type FormattingOptions } from 'jsonc-parser';
import type { BlockTarget, FileEdit, PropName, Scalar } from '../../model';
import { renderScalar } from '../../fix/edits';
import { isRefText, literalText, type RefText } from '../../refText';
import type { Attribute, Block, FileAst } from './ast';
import { isBlock, positionAt } from './ast';

/**
 * The insertion point of a block. Besides `insert`, it offers `insertAll` for a fix that adds several
 * attributes (not yet in the model's BlockTarget; see the report to the lead).
 */
export function blockTarget(ast: FileAst, block: Block): BlockTarget {
  if (block.jsonPath) return jsonBlockTarget(ast, block, block.jsonPath);
  const target = {
    format: 'terraform' as const,
    file: ast.path,
    insert: (name: PropName, value: Scalar) => insertAttribute(ast, block, name.tf, renderValue(value)),
    insertAll: (props: { name: PropName; value: Scalar }[]) =>
      insertAttributes(ast, block, props.map((p) => ({ name: p.name.tf, rendered: renderValue(p.value) }))),
    inserts: (name: PropName) => !refusesInsert(ast, block, [name.tf]),
  };
  return target;
}

/** A scalar, or a reference to another resource's attribute (`aws_kms_key.trail.arn`), as HCL. */
function renderValue(value: Scalar | RefText): string {
  if (isRefText(value)) {
    const [only] = value.refText;
    if (value.refText.length === 1 && typeof only === 'object' && 'tf' in only && only.tf) return only.tf;
    return renderScalar(literalText(value), 'terraform');
  }
  return renderScalar(value, 'terraform');
}

export function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(start, start + 200));
  return m ? m[0] : '';
}

function lineOf(ast: FileAst, offset: number): number {
  return positionAt(ast.lineStarts, offset).line;
}

/** Offset of the end of the line containing `offset` (before `\r\n` or `\n`). */
export function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  return nl > offset && text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Whether a file version uses `\r\n`, looked up once: a large file gets an edit per finding. */
const crlfFiles = new WeakMap<FileAst, boolean>();

function usesCrlf(ast: FileAst): boolean {
  let crlf = crlfFiles.get(ast);
  if (crlf === undefined) {
    crlf = ast.text.includes('\r\n');
    crlfFiles.set(ast, crlf);
  }
  return crlf;
}

/** An edit on `ast`'s file; inserted line breaks follow the file's own (`\r\n` files stay `\r\n`). */
export function edit(ast: FileAst, start: number, end: number, newText: string): FileEdit {
  const text = usesCrlf(ast) ? newText.replace(/\r?\n/g, '\r\n') : newText;
  return { file: ast.path, range: { start: positionAt(ast.lineStarts, start), end: positionAt(ast.lineStarts, end) }, newText: text };
}

/** The indentation of a block's body: its first item's, else the header's plus two spaces. */
export function bodyIndent(ast: FileAst, block: Block): string {
  const first = block.items[0];
  if (first && lineOf(ast, first.span.start) !== lineOf(ast, block.openBrace)) return lineIndent(ast.text, first.span.start);
  return lineIndent(ast.text, block.span.start) + '  ';
}

/** Consecutive single-line attributes ending with `last` (the run an appended line would join). */
function alignedRun(ast: FileAst, block: Block, last: Attribute): Attribute[] {
  const attrs = block.items.filter((i): i is Attribute => (i as Block).type === undefined);
  const idx = attrs.indexOf(last);
  const run: Attribute[] = [];
  for (let i = idx; i >= 0; i--) {
    const a = attrs[i];
    const startLine = lineOf(ast, a.span.start);
    if (startLine !== lineOf(ast, a.span.end)) break;
    if (run.length) {
      const next = run[0];
      if (lineOf(ast, next.span.start) !== startLine + 1) break;
      // Something else (a nested block) between them on the same lines also breaks the run.
    }
    run.unshift(a);
  }
  return run;
}

/** Edits that insert `name = <rendered>` into `block`. */
export function insertAttribute(ast: FileAst, block: Block, name: string, rendered: string): FileEdit[] | undefined {
  return insertAttributes(ast, block, [{ name, rendered }]);
}

/**
 * Edits that insert several attributes at once (one fix that adds two lines must align them together; two
 * separate inserts would each align against the original text only).
 */
export function insertAttributes(ast: FileAst, block: Block, entries: { name: string; rendered: string }[]): FileEdit[] | undefined {
  if (refusesInsert(ast, block, entries.map((e) => e.name))) return undefined;
  const text = ast.text;
  const indent = bodyIndent(ast, block);
  const attrs = block.items.filter((i): i is Attribute => (i as Block).type === undefined);
  const last = attrs[attrs.length - 1];
  if (last && lineOf(ast, block.openBrace) === lineOf(ast, block.closeBrace)) return expandOneLineBlock(ast, block, attrs, entries);
  const lastIsSingleLine = !!last && lineOf(ast, last.span.start) === lineOf(ast, last.span.end);
  const run = lastIsSingleLine ? alignedRun(ast, block, last) : [];
  // New lines: the leading single-line ones join the existing run; a multi-line value (`x = {`) is never aligned
  // by fmt and ends the run; the single-line ones after it align among themselves.
  const lines = entries.map((e) => ({ key: e.name, text: e.rendered }));
  const firstBreak = lines.findIndex((l) => l.text.includes('\n'));
  const joining = firstBreak === -1 ? lines : lines.slice(0, firstBreak);
  const width = Math.max(...joining.map((l) => l.key.length), ...run.map((a) => a.name.length));
  const edits: FileEdit[] = [];
  if (joining.length) {
    for (const a of run) {
      const eq = text.indexOf('=', a.nameSpan.end);
      const pad = ' '.repeat(width - a.name.length + 1);
      if (eq > 0 && text.slice(a.nameSpan.end, eq) !== pad) edits.push(edit(ast, a.nameSpan.end, eq, pad));
    }
    for (const l of joining) l.key = l.key.padEnd(width);
  }
  if (firstBreak !== -1) alignRuns(lines.slice(firstBreak + 1));
  const body = lines.map((l) => `${indent}${l.key} = ${l.text}`).join('\n');
  if (!last) {
    if (lineOf(ast, block.openBrace) === lineOf(ast, block.closeBrace)) {
      // `resource "x" "y" {}` → open the body onto its own lines.
      return [edit(ast, block.openBrace, block.closeBrace, `\n${body}\n${lineIndent(text, block.span.start)}`)];
    }
    const at = endOfLine(text, block.openBrace);
    return [edit(ast, at, at, `\n${body}`)];
  }
  const at = endOfLine(text, last.span.end);
  edits.push(edit(ast, at, at, `\n${body}`));
  return edits;
}

/**
 * The only cases in which insertAttributes gives no edits, decided without rendering any: a lint that applies no
 * fix asks only whether there is one (BlockTarget.inserts), and insertAttributes asks the same question first.
 */
function refusesInsert(ast: FileAst, block: Block, names: string[]): boolean {
  if (!names.length || names.some((n) => block.attrs.some((a) => a.name === n))) return true;
  // A one-line block with attributes is rewritten whole (expandOneLineBlock), which a nested block prevents.
  const oneLineWithAttrs = block.items.some((i) => !isBlock(i)) && lineOf(ast, block.openBrace) === lineOf(ast, block.closeBrace);
  return oneLineWithAttrs && (block.blocks.length > 0 || block.closeBrace <= block.openBrace);
}

/** `resource "x" "y" { a = 1 }` + new attributes → the body on its own lines, aligned as fmt would. */
function expandOneLineBlock(ast: FileAst, block: Block, attrs: Attribute[], entries: { name: string; rendered: string }[]): FileEdit[] {
  const indent = lineIndent(ast.text, block.span.start);
  const lines = [
    ...attrs.map((a) => ({ key: a.name, text: ast.text.slice(a.expr.span.start, a.expr.span.end) })),
    ...entries.map((e) => ({ key: e.name, text: e.rendered })),
  ];
  alignRuns(lines);
  const body = lines.map((l) => `${indent}  ${l.key} = ${l.text}`).join('\n');
  return [edit(ast, block.openBrace, block.closeBrace, `\n${body}\n${indent}`)];
}

/** `name` as an HCL object key: bare when it is an identifier, quoted otherwise. */
export function hclKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : JSON.stringify(name);
}

/** An HCL string literal (escaping interpolation markers). */
export function hclString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/** A JSON-like value as HCL, `terraform fmt` style (aligned `=` in objects), starting at `indent`. */
export function renderHcl(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => renderHcl(v, indent)).join(', ')}]`;
    return `[\n${value.map((v) => inner + renderHcl(v, inner)).join(',\n')},\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return '{}';
  const lines = entries.map(([k, v]) => ({ key: hclKey(k), text: renderHcl(v, inner) }));
  alignRuns(lines);
  return `{\n${lines.map((l) => `${inner}${l.key} = ${l.text}`).join('\n')}\n${indent}}`;
}

/** Pads keys so `=` lines up within each run of single-line values (a multi-line value splits runs). */
export function alignRuns(lines: { key: string; text: string }[]): void {
  let start = 0;
  const flush = (end: number) => {
    const run = lines.slice(start, end);
    const width = Math.max(0, ...run.map((l) => l.key.length));
    for (const l of run) l.key = l.key.padEnd(width);
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].text.includes('\n')) {
      // hclwrite leaves a line whose brackets stay open (`Principal = {`) out of alignment, and it ends the run.
      flush(i);
      start = i + 1;
    }
  }
  flush(lines.length);
}

/** `.tf.json`: a missing attribute is a JSON property added to the block's object, in the file's formatting. */
function jsonBlockTarget(ast: FileAst, block: Block, path: (string | number)[]): BlockTarget {
  const insertAll = (props: { name: PropName; value: Scalar }[]): FileEdit[] | undefined => {
    let text = ast.text;
    for (const p of props) {
      if (block.attrs.some((a) => a.name === p.name.tf)) return undefined;
      const edits = modify(text, [...path, p.name.tf], p.value, { formattingOptions: jsonFormatting(text) });
      for (const e of edits.sort((a, b) => b.offset - a.offset)) text = text.slice(0, e.offset) + e.content + text.slice(e.offset + e.length);
    }
    return text === ast.text ? undefined : [wholeTextEdit(ast, text)];
  };
  const target = {
    format: 'terraform' as const,
    file: ast.path,
    insert: (name: PropName, value: Scalar) => insertAll([{ name, value }]),
    insertAll,
  };
  return target;
}

/** The smallest single edit that turns `ast.text` into `text` (common prefix and suffix kept). */
function wholeTextEdit(ast: FileAst, text: string): FileEdit {
  const old = ast.text;
  let start = 0;
  while (start < old.length && start < text.length && old[start] === text[start]) start++;
  let endOld = old.length;
  let endNew = text.length;
  while (endOld > start && endNew > start && old[endOld - 1] === text[endNew - 1]) {
    endOld--;
    endNew--;
  }
  return { file: ast.path, range: { start: positionAt(ast.lineStarts, start), end: positionAt(ast.lineStarts, endOld) }, newText: text.slice(start, endNew) };
}

/** Indentation of a JSON text (jsonc-parser formatting options), or undefined for one-line JSON. */
export function jsonFormatting(text: string): FormattingOptions | undefined {
  if (!text.trim().includes('\n')) return undefined;
  const lines = text.split('\n');
  const open = lines.findIndex((l) => l.trim().startsWith('{'));
  const next = lines.slice(open + 1).find((l) => l.trim() !== '');
  const base = open >= 0 ? /^[ \t]*/.exec(lines[open])![0] : '';
  const inner = next ? /^[ \t]*/.exec(next)![0] : base + '  ';
  const unit = inner.length > base.length ? inner.slice(base.length) : '  ';
  return { insertSpaces: !unit.includes('\t'), tabSize: unit.includes('\t') ? 1 : unit.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}
