// Child process: raw tree-sitter parse of the given files (no evaluation, no rules). Prints ms.
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';

async function main(files: string[]): Promise<void> {
  const grammar = path.join(path.dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm');
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(fs.readFileSync(grammar)));
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const started = process.hrtime.bigint();
  for (const text of texts) parser.parse(text)?.delete();
  process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6 }));
}

void main(process.argv.slice(2));
