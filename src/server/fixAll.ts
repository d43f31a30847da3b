// "Fix all" for the language server: every safe fix of the file's unit, composed by the core (passes of
// non-touching fixes, strict re-parse, no new finding; src/core/fix/compose.ts), returned as one minimal edit per
// changed file. The editor's text may use CRLF: fixes are computed on LF text and the line endings put back.
import type { FileEdit, Finding, ParseError } from '../core/model';
import type { SourceFile } from '../core/parse/unit';
import { detectFormat } from '../core/formats/registry';
import { composeFixes, type DroppedFix } from '../core/fix/compose';
import { fromWorkingText, toWorkingText } from '../core/fix/textForm';
import { minimalEdit } from '../core/fix/apply';

export interface FixAllResult {
  edits: FileEdit[];
  fixes: number;
  dropped: DroppedFix[];
  /** Why nothing was fixed, when the unit could not be fixed at all (parse errors). */
  untouched?: string;
}

export async function fixAllPasses(
  sources: SourceFile[],
  lint: (files: SourceFile[]) => Promise<{ findings: Finding[]; errors: ParseError[] }>,
  wanted?: (finding: Finding) => boolean,
): Promise<FixAllResult> {
  const working = sources.map((s) => ({ path: s.path, original: s.text, ...toWorkingText(s.text) }));
  const composed = await composeFixes(working.map((w) => ({ path: w.path, text: w.text })), {
    lint,
    wanted,
    kindOf: (s) => {
      const format = detectFormat(s.path, s.text);
      return format?.fixable ? format.id : undefined;
    },
  });
  const edits: FileEdit[] = [];
  composed.files.forEach((file, i) => {
    const w = working[i];
    if (file.text === w.text) return;
    edits.push(minimalEdit(file.path, w.original, fromWorkingText(file.text, w.form)));
  });
  return { edits, fixes: composed.applied.length, dropped: composed.dropped, untouched: composed.untouched };
}
