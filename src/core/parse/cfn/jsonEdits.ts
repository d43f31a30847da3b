// Insertions into CloudFormation / policy JSON through jsonc-parser `modify`, formatted with the indentation the
// file already uses.
import { modify, type FormattingOptions } from 'jsonc-parser';
import type { TextEdit } from './yamlEdits';

export type JsonPath = (string | number)[];

export class JsonEditor {
  private readonly formatting: FormattingOptions;

  constructor(private readonly text: string) {
    this.formatting = detectFormatting(text);
  }

  /** Sets `path` to `value`, creating missing parent objects. */
  set(path: JsonPath, value: unknown): TextEdit[] {
    return this.convert(modify(this.text, path, value, { formattingOptions: this.formatting }));
  }

  /** Appends `value` to the array at `path`. */
  append(path: JsonPath, value: unknown): TextEdit[] {
    return this.convert(modify(this.text, [...path, -1], value, { formattingOptions: this.formatting, isArrayInsertion: true }));
  }

  private convert(edits: { offset: number; length: number; content: string }[]): TextEdit[] {
    return edits.map((e) => ({ start: e.offset, end: e.offset + e.length, newText: e.content }));
  }
}

function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text);
  if (m && m[1].startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: m ? m[1].length : 2, eol };
}
