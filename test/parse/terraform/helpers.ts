// Shared helpers for the Terraform parser tests: parse a virtual folder, print ranges 1-based as the CLI does.
import type { Attr, FileEdit, Loc, Scene } from '../../../src/core/model';
import { applyEdits } from '../../../src/core/fix/apply';
import { parseTerraformModule } from '../../../src/core/parse/terraform';
import type { ParsedUnit } from '../../../src/core/parse/unit';

export async function parse(files: Record<string, string>): Promise<ParsedUnit> {
  return parseTerraformModule(Object.entries(files).map(([path, text]) => ({ path, text })));
}

export async function scene(files: Record<string, string>): Promise<Scene> {
  return (await parse(files)).scene;
}

/** `file:line:col-line:col`, 1-based. */
export function at(loc: Loc | undefined): string {
  if (!loc) return '<none>';
  const { start, end } = loc.range;
  return `${loc.file}:${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

/** The source text a location covers. */
export function textAt(files: Record<string, string>, loc: Loc | undefined): string {
  if (!loc) return '<none>';
  const lines = files[loc.file].split('\n');
  const { start, end } = loc.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}

export function known<T>(a: Attr<T>): T | undefined {
  return a.state === 'known' ? a.value : undefined;
}

export function apply(files: Record<string, string>, edits: FileEdit[] | undefined): Record<string, string> {
  if (!edits || !edits.length) throw new Error('no edits');
  const out = { ...files };
  for (const file of new Set(edits.map((e) => e.file))) {
    out[file] = applyEdits(out[file], edits.filter((e) => e.file === file)).text;
  }
  return out;
}
