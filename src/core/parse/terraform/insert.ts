// Inserting an attribute into a block the way `terraform fmt` would leave it: the body's indentation, and `=`
// aligned with the run of consecutive single-line attributes the new line joins (hclwrite aligns neighbouring
// lines that have an `=` with balanced brackets; any other line, e.g. `policy = jsonencode({`, breaks the run).
import type { BlockTarget, FileEdit, PropName, Scalar } from '../../model';
import { renderScalar } from '../../fix/edits';
import type { Attribute, Block, FileAst } from './ast';
import { positionAt } from './ast';

export function blockTarget(ast: FileAst, block: Block): BlockTarget {
  return {
    format: 'terraform',
    file: ast.path,
    insert: (name: PropName, value: Scalar) => insertAttribute(ast, block, name.tf, renderScalar(value, 'terraform')),
  };
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

/** An edit on `ast`'s file; inserted line breaks follow the file's own (`\r\n` files stay `\r\n`). */
export function edit(ast: FileAst, start: number, end: number, newText: string): FileEdit {
  const text = ast.text.includes('\r\n') ? newText.replace(/\r?\n/g, '\r\n') : newText;
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
  if (block.attrs.some((a) => a.name === name)) return undefined;
  const text = ast.text;
  const indent = bodyIndent(ast, block);
  const attrs = block.items.filter((i): i is Attribute => (i as Block).type === undefined);
  const last = attrs[attrs.length - 1];
  if (!last) {
    const braceLine = lineOf(ast, block.openBrace);
    const closeLine = lineOf(ast, block.closeBrace);
    if (braceLine === closeLine) {
      // `resource "x" "y" {}` → open the body onto its own lines.
      const closingIndent = lineIndent(text, block.span.start);
      return [edit(ast, block.openBrace, block.closeBrace, `\n${indent}${name} = ${rendered}\n${closingIndent}`)];
    }
    const at = endOfLine(text, block.openBrace);
    return [edit(ast, at, at, `\n${indent}${name} = ${rendered}`)];
  }
  const edits: FileEdit[] = [];
  const lastIsSingleLine = lineOf(ast, last.span.start) === lineOf(ast, last.span.end);
  // A value that opens brackets across lines (`x = {`) is never aligned by fmt, and does not align others.
  const joinsRun = lastIsSingleLine && !rendered.includes('\n');
  const run = joinsRun ? alignedRun(ast, block, last) : [];
  const width = Math.max(name.length, ...run.map((a) => a.name.length));
  if (run.length) {
    for (const a of run) {
      const eq = text.indexOf('=', a.nameSpan.end);
      const pad = ' '.repeat(width - a.name.length + 1);
      if (eq > 0 && text.slice(a.nameSpan.end, eq) !== pad) edits.push(edit(ast, a.nameSpan.end, eq, pad));
    }
  }
  const at = endOfLine(text, last.span.end);
  const pad = run.length ? ' '.repeat(width - name.length) : '';
  edits.push(edit(ast, at, at, `\n${indent}${name}${pad} = ${rendered}`));
  return edits;
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
