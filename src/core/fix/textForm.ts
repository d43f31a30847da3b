// The byte-level form of a file that a fix must keep: byte order mark, line endings, final newline.
// Fixes are computed on an LF working text (parsers, line indexes and the edits' own newlines all speak LF);
// the form is put back before anything is written, so only the fixed lines change.

export type LineEnding = '\n' | '\r\n' | '\r';

export interface TextForm {
  bom: boolean;
  /** The file's line ending when it uses one consistently; mixed files are kept as they are (inserted lines: LF). */
  eol: LineEnding;
  /** Whether the working text was converted to LF (and must be converted back). */
  converted: boolean;
  finalNewline: boolean;
}

/** Splits `raw` (decoded text, BOM possibly still in front) into an LF working text and its form. */
export function toWorkingText(raw: string): { text: string; form: TextForm } {
  const bom = raw.charCodeAt(0) === 0xfeff;
  let text = bom ? raw.slice(1) : raw;
  const lf = countLoneLf(text);
  const crlf = count(text, '\r\n');
  const cr = count(text, '\r') - crlf;
  let eol: LineEnding = '\n';
  let converted = false;
  if (crlf > 0 && lf === 0) {
    // Every LF belongs to a CRLF: converting back is exact (a lone CR stays a lone CR both ways).
    eol = '\r\n';
    text = text.split('\r\n').join('\n');
    converted = true;
  } else if (cr > 0 && lf === 0 && crlf === 0) {
    eol = '\r';
    text = text.split('\r').join('\n');
    converted = true;
  }
  return { text, form: { bom, eol, converted, finalNewline: text.endsWith('\n') } };
}

/** The text to write: the working text in the file's original form. */
export function fromWorkingText(text: string, form: TextForm): string {
  let out = text;
  if (form.finalNewline && !out.endsWith('\n') && out.length > 0) out += '\n';
  if (!form.finalNewline) while (out.endsWith('\n')) out = out.slice(0, -1);
  if (form.converted) out = out.split('\n').join(form.eol);
  return (form.bom ? '\uFEFF' : '') + out;
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

function countLoneLf(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) if (i === 0 || text.charCodeAt(i - 1) !== 13) n++;
  return n;
}

/**
 * A lone CR is a line break to editors (and to YAML), but not to every parser we use: the engine reads it as LF.
 * The replacement is one character for one, so every offset, line and column stays where the editor has it.
 */
export function loneCrAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
