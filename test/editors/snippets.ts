// The set-ups in docs/editors.md are tested verbatim: a snippet is the fenced block after `<!-- snippet: NAME -->`.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const repo = path.resolve(__dirname, '../..');

/** The code block after `<!-- snippet: NAME -->` in docs/editors.md. */
export function documentedSnippet(name: string): string {
  const page = fs.readFileSync(path.join(repo, 'docs/editors.md'), 'utf8');
  const m = new RegExp(`<!-- snippet: ${name.replace('.', '\\.')} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(page);
  assert.ok(m, `docs/editors.md has no snippet ${name}`);
  return m[1];
}

