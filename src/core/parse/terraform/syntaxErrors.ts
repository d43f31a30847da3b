// Syntax-error reporting for a converted file: the first error tree-sitter recovered from, said in words, and the
// chunk-by-chunk recovery that keeps one broken block from swallowing the blocks after it.
import type { Span } from './ast';
import { lineStartsOf } from './ast';
import type { Converted } from './convert';
import type { SNode as Node } from './snapshot';

export interface SyntaxProblem { span: Span; message: string; kind: 'syntax' | 'depth' }

/** The first ERROR or MISSING node, found by descending only into subtrees that contain one (no recursion). */
export function firstSyntaxError(root: Node, text: string): SyntaxProblem | undefined {
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

/**
 * Whether the brackets of an HCL text (outside strings, comments and template interpolations) surely do not
 * match: `unbalanced` then means the file has a syntax error whatever tree-sitter would make of it, so a broken
 * file can go straight to the chunk-by-chunk recovery without a whole-file parse first (which, with one unclosed
 * brace before thousands of blocks, cost more than the rest of the lint). `unsure` for anything this scan does
 * not follow (heredocs, a string over a line end, an unterminated comment).
 */
export function bracketBalance(text: string): 'balanced' | 'unbalanced' | 'unsure' {
  // Open brackets: `{` `[` `(`, `$` for a `${` / `%{` interpolation, `"` for a string.
  const stack: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    const top = stack.length ? stack[stack.length - 1] : '';
    if (top === '"') {
      if (c === '\\') i += 2;
      else if (c === '\n') return 'unsure';
      else if (c === '"') {
        stack.pop();
        i++;
      } else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3; // `$${` is literal
      else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        stack.push('$');
        i += 2;
      } else i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return 'unsure';
      i = end + 2;
    } else if (c === '<' && text[i + 1] === '<') {
      return 'unsure';
    } else if (c === '"' || c === '{' || c === '[' || c === '(') {
      stack.push(c);
      i++;
    } else if (c === '}' || c === ']' || c === ')') {
      const open = c === '}' ? '{' : c === ']' ? '[' : '(';
      if (top !== open && !(c === '}' && top === '$')) return 'unbalanced';
      stack.pop();
      i++;
    } else i++;
  }
  if (!stack.length) return 'balanced';
  return stack.includes('"') ? 'unsure' : 'unbalanced';
}
