// Small helpers for the CloudFormation parser tests: parse inline text, apply LSP edits, read positions.
import type { FileEdit, Range } from '../../../src/core/model';
import { parseCloudFormation, parsePolicyFile } from '../../../src/core/parse/cfn';
import type { ParsedUnit } from '../../../src/core/parse/unit';

export function yamlUnit(text: string, path = 'template.yaml'): ParsedUnit {
  return parseCloudFormation({ path, text }, 'cfn-yaml');
}

export function jsonUnit(text: string, path = 'template.json'): ParsedUnit {
  return parseCloudFormation({ path, text }, 'cfn-json');
}

export function policyUnit(text: string, path = 'policy.json'): ParsedUnit {
  return parsePolicyFile({ path, text });
}

/** Applies LSP edits (0-based line/character) to a text, last edit first. */
export function applyEdits(text: string, edits: FileEdit[] | undefined): string {
  if (!edits || !edits.length) throw new Error('no edits');
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** `[line, character, endLine, endCharacter]` (0-based) for compact range assertions. */
export function span(range: Range | undefined): [number, number, number, number] | undefined {
  return range && [range.start.line, range.start.character, range.end.line, range.end.character];
}

export function lines(...l: string[]): string {
  return l.join('\n') + '\n';
}
