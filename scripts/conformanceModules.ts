// The "Module trees" section of docs/conformance.md: the Terraform module trees of test/fixtures/terraform/
// module-tree linted as a user would lint each root folder (child modules evaluated from `../modules/...` and
// `.terraform/modules`), with what is found and what stays unknown. The exact findings are asserted in
// test/parse/terraform/modules.test.ts; this makes a change in them visible in the report.
import * as fs from 'fs';
import * as path from 'path';
import { lintSources } from '../src/core/engine';

const TREE = path.join('test', 'fixtures', 'terraform', 'module-tree');
const ROOTS = ['live', 'uninitialised'];

export async function moduleTreeSection(repoRoot: string): Promise<string[]> {
  const out: string[] = ['## Module trees', ''];
  out.push(`Root modules under \`${TREE.split(path.sep).join('/')}\`, each linted with its own folder's files; the child modules are read from disk as Terraform would (local sources, \`.terraform/modules/modules.json\`).`);
  out.push('');
  out.push('| Root | Fail | Unknown | Findings (rule, status, file:line) |');
  out.push('|---|---|---|---|');
  for (const root of ROOTS) {
    const dir = path.join(repoRoot, TREE, root);
    const files = fs.readdirSync(dir).filter((n) => n.endsWith('.tf')).sort().map((n) => ({ path: path.join(TREE, root, n), text: fs.readFileSync(path.join(dir, n), 'utf8') }));
    const cwd = process.cwd();
    process.chdir(repoRoot);
    let findings;
    try {
      findings = (await lintSources(files)).findings;
    } finally {
      process.chdir(cwd);
    }
    const shown = findings.map((f) => `${f.ruleId} ${f.status} ${path.relative(TREE, f.file ?? '').split(path.sep).join('/')}:${(f.range?.start.line ?? 0) + 1}`);
    out.push(`| \`${root}\` | ${findings.filter((f) => f.status === 'fail').length} | ${findings.filter((f) => f.status === 'unknown').length} | ${shown.join('<br>')} |`);
  }
  out.push('');
  return out;
}
