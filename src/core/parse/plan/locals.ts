// `local.*` in a plan: Terraform leaves locals out of the plan's `configuration` section, so an expression that
// reads `local.trail_key_arn` lists only that name among its references. When the module's `.tf` files are at hand
// (the lint run's files, or `.terraform/modules` for a downloaded module), the local's own expression says what it
// refers to. This reads the `locals` blocks of those files just far enough to find that expression: brackets,
// strings and comments are skipped, nothing is evaluated.
import type { SourceFile } from '../unit';

/** Reference shapes Terraform lists (`aws_kms_key.trail.arn`, `module.logs.bucket_id`, `var.x`, `local.y`, `data.a.b`). */
const REFERENCE = /(?<![\w.-])(?:data\.[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*|module\.[A-Za-z_][\w-]*(?:\[[^\]\n]*\])?\.[A-Za-z_]\w*|var\.[A-Za-z_][\w-]*|local\.[A-Za-z_][\w-]*|[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)(?:\[[^\]\n]*\]|\.[A-Za-z_]\w*)*/g;

/**
 * The references in the expression of `local.<name>`, as written in a `locals` block of `files` (one module's
 * `.tf` files); undefined when no such local is found.
 */
export function localReferences(files: readonly SourceFile[], name: string): string[] | undefined {
  for (const f of files) {
    if (!f.path.endsWith('.tf')) continue;
    const expr = localExpression(f.text, name);
    if (expr !== undefined) return [...new Set(expr.match(REFERENCE) ?? [])];
  }
  return undefined;
}

/** The text of `name = <expression>` inside a top-level `locals { ... }` of `text`. */
function localExpression(text: string, name: string): string | undefined {
  const header = /^[ \t]*locals[ \t]*\{/gm;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const body = m.index + m[0].length;
    // Attributes of the block start at depth 0 relative to its brace, one per line.
    let depth = 0;
    let lineStart = true;
    for (let i = body; i < text.length; i++) {
      const c = text[i];
      if (lineStart && depth === 0) {
        const attr = new RegExp(`^[ \\t]*${name.replace(/[^\w-]/g, '')}[ \\t]*=(?!=)`).exec(text.slice(i, i + name.length + 200));
        if (attr && /^[ \t]*[A-Za-z_]/.test(text.slice(i, i + attr[0].length))) {
          const start = i + attr[0].length;
          return text.slice(start, expressionEnd(text, start));
        }
      }
      lineStart = false;
      if (c === '\n') lineStart = true;
      else if (c === '"') i = stringEnd(text, i);
      else if (c === '#' || (c === '/' && text[i + 1] === '/')) i = text.indexOf('\n', i) - 1 < 0 ? text.length : text.indexOf('\n', i) - 1;
      else if (c === '/' && text[i + 1] === '*') {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? text.length : close + 1;
      }
      else if (c === '{' || c === '[' || c === '(') depth++;
      else if (c === '}' || c === ']' || c === ')') {
        if (depth === 0) break; // the end of this locals block
        depth--;
      }
    }
  }
  return undefined;
}

/** Where an attribute's expression that starts at `start` ends: the first newline outside brackets and strings. */
function expressionEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i);
    else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      if (depth === 0) return i;
      depth--;
    } else if (c === '\n' && depth === 0) return i;
  }
  return text.length;
}

/** The index of the quote that closes the string opening at `open` (templates `${...}` may hold quotes). */
function stringEnd(text: string, open: number): number {
  let interp = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '$' && text[i + 1] === '{') {
      interp++;
      i++;
    } else if (c === '}' && interp > 0) interp--;
    else if (c === '"' && interp === 0) return i;
    else if (c === '\n' && interp === 0) return i;
  }
  return text.length;
}
