// Where a fix must change a value that is not written at the attribute itself (issue 8: "fix the value where it
// comes from"): `enable_log_file_validation = var.validation` gets its `false` from the variable's default or a
// tfvars entry, so the fix sets it there and the reference stays. A value computed from an expression
// (`!var.x`, a function) has no one place to change, and one set outside this module is named, not overwritten.
import type { Loc, ValueSource } from '../../model';
import type { Expr } from './ast';
import type { Evaluated } from './attrs';
import type { Evaluator } from './evaluate';

/** A literal written as is: `false`, `365`, `"Enabled"` (no interpolation). */
function isLiteralExpr(e: Expr): boolean {
  return e.k === 'lit' || (e.k === 'tmpl' && !e.heredoc && e.parts.every((p) => p.k === 'text'));
}

function isLiteralText(text: string): boolean {
  return /^(true|false|-?\d+(\.\d+)?|"[^"\\$%]*")$/.test(text.trim());
}

function inside(loc: Loc, file: string, start: { line: number; character: number }, end: { line: number; character: number }): boolean {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return loc.file === file && before(start, loc.range.start) && before(loc.range.end, end);
}

/** Where the value of `got` is written, when that is not the attribute's own literal. */
export function valueSource(ev: Evaluator, file: string, got: Evaluated): ValueSource | undefined {
  const expr = got.attr.expr;
  if (isLiteralExpr(expr)) return undefined;
  const written = ev.mod.text(file, expr.span).trim();
  const shown = written.split('\n')[0].slice(0, 60);
  const from = got.value.loc;
  const here = ev.loc(file, expr.span);
  if (!from || inside(from, file, here.range.start, here.range.end)) return { via: `\`${shown}\`` };
  const ast = ev.mod.files.get(from.file);
  if (!ast) return { via: `\`${shown}\`, set outside this module (${from.file})`, outside: true };
  const text = ast.text.slice(ast.lineStarts[from.range.start.line] + from.range.start.character, ast.lineStarts[from.range.end.line] + from.range.end.character);
  const where = `${from.file}:${from.range.start.line + 1}`;
  let via = `\`${shown}\` (${where})`;
  const m = expr.k === 'ref' && expr.ops.length === 1 && expr.ops[0].k === 'attr' ? expr.ops[0].name : undefined;
  if (m && expr.k === 'ref' && expr.root === 'var') via = ev.mod.tfvars.get(m) ? `\`${m}\` in ${where}` : `the default of \`var.${m}\` (${where})`;
  else if (m && expr.k === 'ref' && expr.root === 'local') via = `\`local.${m}\` (${where})`;
  return isLiteralText(text) ? { via, loc: from, text: text.trim() } : { via };
}
