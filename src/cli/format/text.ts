// `--format text`: one line per finding, grouped by file, then a summary line.
import type { Finding, ParseError } from '../../core/model';
import { appendTo } from '../../core/dict';

export interface TextSummaryExtra { fixed?: number; suppressionsWithoutReason?: number }

/** Bytes of output gathered before a chunk is handed on. */
const CHUNK_CHARS = 64 * 1024;

/** The text report in chunks of about 64 K (a 70,000-finding report is never held as one string). */
export function* textChunks(findings: Finding[], errors: ParseError[], extra: TextSummaryExtra = {}): Generator<string> {
  let chunk = '';
  for (const line of textLines(findings, errors, extra)) {
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function textLines(findings: Finding[], errors: ParseError[], extra: TextSummaryExtra): string[] {
  const lines: string[] = [];
  const byFile = new Map<string, string[]>();
  const add = (file: string, line: string) => appendTo(byFile, file, line);
  for (const e of errors) add(e.file, `${e.file}:${e.range.start.line + 1}:${e.range.start.character + 1}  error  parse error: ${e.message}`);
  const shown = findings.filter((f) => !f.suppressed);
  for (const f of shown) {
    const r = f.range?.start ?? { line: 0, character: 0 };
    const severity = f.status === 'unknown' ? 'unknown' : f.severity;
    add(f.file ?? '', `${f.file}:${r.line + 1}:${r.character + 1}  ${severity}  ${f.message}  ${f.ruleId}`);
  }
  for (const [file, entries] of byFile) {
    lines.push(file, ...entries.map((e) => `  ${e}`), '');
  }
  const count = (pred: (f: Finding) => boolean) => shown.filter(pred).length;
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  const parts = [
    n(count((f) => f.status === 'fail' && f.severity === 'error'), 'error'),
    n(count((f) => f.status === 'fail' && f.severity === 'warning'), 'warning'),
    `${count((f) => f.status === 'fail' && f.severity === 'info')} info`,
    `${count((f) => f.status === 'unknown')} unknown`,
    `${findings.length - shown.length} suppressed`,
    n(errors.length, 'parse error'),
  ];
  if (extra.fixed) parts.push(`${extra.fixed} fixed`);
  let summary = `${shown.length + errors.length === 0 ? '✓ ' : '✖ '}${parts.join(', ')}`;
  if (extra.suppressionsWithoutReason) summary += ` (${n(extra.suppressionsWithoutReason, 'suppression')} without a reason)`;
  lines.push(summary);
  return lines;
}
