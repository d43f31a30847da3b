// "Fix all": apply every safe fix, as ESLint does with --fix: in passes. Within a pass, fixes whose edits touch
// the same text are deferred (the engine re-lints the fixed text and offers them again, at the new positions),
// so fixes that each realign a block still compose. The result is one minimal edit per changed file.
import type { FileEdit, Finding } from '../core/model';
import type { SourceFile } from '../core/parse/unit';
import { overlaps } from './codeActions';

const MAX_PASSES = 10;

export async function fixAllPasses(
  sources: SourceFile[],
  lint: (files: SourceFile[]) => Promise<Finding[]>,
): Promise<{ edits: FileEdit[]; fixes: number }> {
  const original = new Map(sources.map((s) => [s.path, s.text]));
  const texts = new Map(original);
  let fixes = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const findings = await lint([...texts].map(([path, text]) => ({ path, text })));
    const accepted: FileEdit[] = [];
    for (const f of findings) {
      const safe = f.fixes.find((x) => x.kind === 'safe');
      if (!safe || safe.edits.some((e) => !texts.has(e.file))) continue;
      if (safe.edits.some((e) => accepted.some((a) => a.file === e.file && overlaps(a.range, e.range)))) continue;
      accepted.push(...safe.edits);
      fixes++;
    }
    if (accepted.length === 0) break;
    for (const [file, text] of texts) {
      const edits = accepted.filter((e) => e.file === file);
      if (edits.length) texts.set(file, applyEdits(text, edits));
    }
  }
  const edits: FileEdit[] = [];
  for (const [file, text] of texts) {
    const before = original.get(file)!;
    if (text !== before) edits.push(minimalEdit(file, before, text));
  }
  return { edits, fixes };
}

function offsetAt(lineStarts: number[], text: string, pos: { line: number; character: number }): number {
  if (pos.line >= lineStarts.length) return text.length;
  return Math.min(lineStarts[pos.line] + pos.character, text.length);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Applies non-overlapping edits (same-point insertions keep their order). */
export function applyEdits(text: string, edits: FileEdit[]): string {
  const starts = lineStartsOf(text);
  const located = edits.map((e, i) => ({ e, i, start: offsetAt(starts, text, e.range.start), end: offsetAt(starts, text, e.range.end) }));
  located.sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const { e, start, end } of located) out = out.slice(0, start) + e.newText + out.slice(end);
  return out;
}

function positionAt(starts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/** One edit that turns `before` into `after`: the span between their common prefix and suffix. */
export function minimalEdit(file: string, before: string, after: string): FileEdit {
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const starts = lineStartsOf(before);
  return {
    file,
    range: { start: positionAt(starts, prefix), end: positionAt(starts, before.length - suffix) },
    newText: after.slice(prefix, after.length - suffix),
  };
}
