// The "Terraform plan JSON" section of docs/conformance.md: each plan fixture (test/fixtures/plan*/plan.json, made
// with `terraform show -json` from the `.tf` files beside it) linted as CI would lint it, next to its source linted
// as a user would (every folder of the tree on its own). A plan knows every value, so what the source leaves
// unknown is decided there; test/conformance/plan.test.ts pins that, and the exact findings are asserted in
// test/parse/plan/plan.test.ts.
import * as fs from 'fs';
import * as path from 'path';
import { lintSources } from '../src/core/engine';
import type { Finding } from '../src/core/model';
import type { SourceFile } from '../src/core/parse/unit';
import { detectFormat } from '../src/core/formats/registry';

const FIXTURES = path.join('test', 'fixtures');

export interface PlanRow {
  /** Fixture folder, relative to the repository. */
  fixture: string;
  /** Every folder of the source on its own (what `trailguard lint .` reports). */
  source: { fail: Finding[]; unknown: Finding[] };
  /** The root module's folder (the folder of the plan): the configuration the plan was made from. */
  root: { fail: Finding[]; unknown: Finding[] };
  plan: { fail: Finding[]; unknown: Finding[]; related: number; errors: string[] };
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== '.terraform') out.push(...filesUnder(full));
    else if (e.isFile()) out.push(full);
  }
  return out.sort();
}

export async function measurePlans(repoRoot: string): Promise<PlanRow[]> {
  const rows: PlanRow[] = [];
  const fixtures = fs.readdirSync(path.join(repoRoot, FIXTURES)).filter((d) => d.startsWith('plan') && fs.existsSync(path.join(repoRoot, FIXTURES, d, 'plan.json'))).sort();
  for (const name of fixtures) {
    const dir = path.join(repoRoot, FIXTURES, name);
    const read = (abs: string): SourceFile => ({ path: path.relative(dir, abs).split(path.sep).join('/'), text: fs.readFileSync(abs, 'utf8') });
    const all = filesUnder(dir).map(read);
    const plan = all.filter((f) => detectFormat(f.path, f.text)?.id === 'terraform-plan');
    const source = all.filter((f) => !plan.includes(f));
    // The source as a user lints it: each folder on its own (the CLI's units), findings of all of them.
    const byFolder = new Map<string, SourceFile[]>();
    for (const f of source) byFolder.set(path.posix.dirname(f.path), [...(byFolder.get(path.posix.dirname(f.path)) ?? []), f]);
    const sourceFindings: Finding[] = [];
    let rootFindings: Finding[] = [];
    // Paths are relative to the fixture, and child modules are read from disk relative to the working folder.
    const cwd = process.cwd();
    process.chdir(dir);
    let planResult;
    try {
      for (const [folder, files] of byFolder) {
        const found = (await lintSources(files)).findings;
        sourceFindings.push(...found);
        if (folder === '.') rootFindings = found;
      }
      planResult = await lintSources(plan, undefined, undefined, { context: source });
    } finally {
      process.chdir(cwd);
    }
    const planFindings = planResult.findings.filter((f) => plan.some((p) => p.path === f.file));
    rows.push({
      fixture: path.join(FIXTURES, name).split(path.sep).join('/'),
      source: { fail: sourceFindings.filter((f) => f.status === 'fail'), unknown: sourceFindings.filter((f) => f.status === 'unknown') },
      root: { fail: rootFindings.filter((f) => f.status === 'fail'), unknown: rootFindings.filter((f) => f.status === 'unknown') },
      plan: {
        fail: planFindings.filter((f) => f.status === 'fail'),
        unknown: planFindings.filter((f) => f.status === 'unknown'),
        related: planFindings.filter((f) => f.related.some((r) => r.message.endsWith('is defined here'))).length,
        errors: planResult.errors.map((e) => e.message),
      },
    });
  }
  return rows;
}

const list = (fs: Finding[]) => fs.map((f) => `${f.ruleId} ${f.file}:${(f.range?.start.line ?? 0) + 1}`).join('<br>') || '—';

export async function planSection(repoRoot: string): Promise<string[]> {
  const out: string[] = ['## Terraform plan JSON', ''];
  out.push('Each plan fixture linted as CI lints it (`trailguard lint plan.json`), beside its `.tf` source linted folder by folder (`trailguard lint .`: a module folder on its own uses its variables\' defaults). The plan knows every value (variables set for the run, module outputs, data sources), so nothing is unknown there.');
  out.push('');
  out.push('| Fixture | Input | Fail | Unknown | Findings related to their `.tf` definition | Unknown findings |');
  out.push('|---|---|---|---|---|---|');
  for (const row of await measurePlans(repoRoot)) {
    out.push(`| \`${row.fixture}\` | \`.tf\` source | ${row.source.fail.length} | ${row.source.unknown.length} | — | ${list(row.source.unknown)} |`);
    out.push(`| | \`plan.json\` | ${row.plan.fail.length} | ${row.plan.unknown.length} | ${row.plan.related} of ${row.plan.fail.length + row.plan.unknown.length} | ${list(row.plan.unknown)} |`);
  }
  out.push('');
  return out;
}
