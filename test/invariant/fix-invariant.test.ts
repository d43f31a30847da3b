// The fix invariant over every file we have: for EVERY finding that offers a safe fix, in examples/, test/fixtures/
// and the peer corpus, apply that one fix alone, re-lint, and require that
//   - the fixed text parses no worse than before (no new parse error),
//   - that finding (same rule, status and resource) is gone,
//   - no finding appeared that was not there before.
// Findings are compared by rule id + status + resource, counted as a multiset, because inserted lines move every
// later finding. A failure here is a bug in the rule or parser that built the fix: the message has the input.
//
// Then Fix All over the same files: ALL safe fixes of a unit applied together, as `--fix` and the editor's
// source.fixAll do (src/core/fix/compose.ts), and required that
//   - no fix is dropped (each composes with the others) and the passes converge,
//   - every changed file parses strictly (duplicate keys are errors), checked here independently,
//   - no finding and no parse error appears that was not there before,
//   - a second Fix All on the result changes nothing (idempotence).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintSources, type LintResult } from '../../src/core/engine';
import type { LintConfig } from '../../src/core/config';
import type { FileEdit, Finding, Fix } from '../../src/core/model';
import type { SourceFile } from '../../src/core/parse/unit';
import { applyEdits } from '../../src/core/fix/apply';
import { composeFixes } from '../../src/core/fix/compose';
import { strictParseProblems } from '../../src/core/fix/strictParse';
import { detectFormat } from '../../src/core/formats/registry';
import { allRules } from '../../src/core/rules';
import { collectFiles } from '../../src/cli/walk';
import { findCorpus, readManifest } from '../../scripts/conformance';

const repoRoot = path.join(__dirname, '..', '..');

/**
 * Every rule on and every bucket and key in scope, so that as many fixes as possible are exercised; and the
 * defaults a user gets, where a fix must hold just as well.
 */
const configs: { label: string; config: Partial<LintConfig> }[] = [
  { label: 'scope: all', config: { scope: 'all', optIn: allRules.filter((r) => r.meta.optIn).map((r) => r.meta.id) } },
  { label: 'defaults', config: {} },
];

interface LintTarget { label: string; files: SourceFile[] }

/** One target per folder: the unit the engine would form (Terraform files of a folder together, the rest alone). */
function foldersUnder(dir: string): LintTarget[] {
  const abs = path.join(repoRoot, dir);
  if (!fs.existsSync(abs)) return [];
  const byFolder = new Map<string, SourceFile[]>();
  for (const file of collectFiles([abs], () => undefined)) {
    const rel = path.relative(repoRoot, file).split(path.sep).join('/');
    const folder = path.posix.dirname(rel);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), { path: rel, text: fs.readFileSync(file, 'utf8') }]);
  }
  return [...byFolder].map(([folder, files]) => ({ label: folder, files }));
}

/** Each corpus fixture alone, as in the conformance run. */
function corpusFiles(corpus: string): LintTarget[] {
  const paths = [...new Set(readManifest(corpus).map((c) => c.path))].sort();
  return paths.map((p) => ({ label: p, files: [{ path: p, text: fs.readFileSync(path.join(corpus, p), 'utf8') }] }));
}

const identity = (f: Finding): string => `${f.ruleId}|${f.status}|${f.resource}`;

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function showEdits(edits: FileEdit[]): string {
  return edits
    .map((e) => `${e.file}:${e.range.start.line + 1}:${e.range.start.character + 1}-${e.range.end.line + 1}:${e.range.end.character + 1} ← ${JSON.stringify(e.newText)}`)
    .join('; ');
}

function where(f: Finding): string {
  return `${f.ruleId} ${f.status} ${f.resource} at ${f.file}:${(f.range?.start.line ?? 0) + 1}`;
}

/** Applies one fix; undefined text means the fix is malformed (unknown file, overlapping edits). */
function applyOne(files: SourceFile[], fix: Fix): { files: SourceFile[] } | { problem: string } {
  const byFile = new Map<string, FileEdit[]>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const out = files.map((f) => ({ ...f }));
  for (const [file, edits] of byFile) {
    const target = out.find((f) => f.path === file);
    if (!target) return { problem: `edits a file outside the unit: ${file}` };
    const { text, skipped } = applyEdits(target.text, edits);
    if (skipped.length) return { problem: `edits overlap: ${showEdits(skipped)}` };
    if (text === target.text) return { problem: 'changes nothing' };
    target.text = text;
  }
  return { files: out };
}

/** What is wrong after applying `fix` for `finding` (empty when the invariant holds). */
function compare(finding: Finding, before: LintResult, after: LintResult): string[] {
  const problems: string[] = [];
  const errorsBefore = countBy(before.errors, (e) => `${e.file}|${e.message}`);
  for (const [k, n] of countBy(after.errors, (e) => `${e.file}|${e.message}`)) {
    if (n > (errorsBefore.get(k) ?? 0)) problems.push(`introduces a parse error: ${k.replace('|', ': ')}`);
  }
  const was = countBy(before.findings, identity);
  const now = countBy(after.findings, identity);
  const id = identity(finding);
  if ((now.get(id) ?? 0) >= (was.get(id) ?? 0)) problems.push(`does not remove the finding (${now.get(id)} left)`);
  for (const [k, n] of now) {
    if (k !== id && n > (was.get(k) ?? 0)) {
      const added = after.findings.filter((f) => identity(f) === k).map((f) => `${where(f)}: ${f.message}`);
      problems.push(`adds ${k}: ${added.join(' / ')}`);
    }
  }
  return problems;
}

/** Fixes applied, over both settings, and the rules whose safe fixes were among them. */
let exercised = 0;
const exercisedRules = new Set<string>();

function checkTargets(title: string, targets: () => LintTarget[]): void {
  describe(title, function () {
    this.timeout(120_000);
    for (const target of targets()) {
      it(target.label, async () => {
        const problems: string[] = [];
        for (const { label: settings, config } of configs) {
          const before = await lintSources(target.files, config);
          for (const finding of before.findings) {
            const fix = finding.fixes.find((x) => x.kind === 'safe');
            if (!fix) continue;
            exercised++;
            exercisedRules.add(finding.ruleId);
            const applied = applyOne(target.files, fix);
            const label = `[${settings}] ${where(finding)}, fix "${fix.title}" [${showEdits(fix.edits)}]`;
            if ('problem' in applied) {
              problems.push(`${label}: ${applied.problem}`);
              continue;
            }
            const after = await lintSources(applied.files, config);
            for (const p of compare(finding, before, after)) problems.push(`${label}: ${p}`);
          }
        }
        assert.deepStrictEqual(problems, [], `safe fixes in ${target.label} break the invariant`);
      });
    }
  });
}

/** Fixes applied by Fix All, over both settings. */
let composed = 0;

/** What is wrong with Fix All over `files` (empty when the invariant holds). */
async function fixAllProblems(files: SourceFile[], config: Partial<LintConfig>): Promise<string[]> {
  const kindOf = (s: SourceFile) => detectFormat(s.path, s.text)?.id;
  const lint = (sources: SourceFile[]) => lintSources(sources, config);
  const before = await lint(files);
  const first = await composeFixes(files, { lint, kindOf });
  if (first.untouched) return before.errors.length ? [] : [`left untouched although it has no parse error: ${first.untouched}`];
  composed += first.applied.length;
  const problems: string[] = [];
  for (const d of first.dropped) problems.push(`dropped ${d.ruleId} ${d.resource} at ${d.file}:${d.line + 1} "${d.title}": ${d.reason}`);
  if (!first.converged) problems.push('fixes still pending after the last pass');
  for (const file of first.files) {
    const original = files.find((f) => f.path === file.path)!;
    if (file.text === original.text) continue;
    for (const p of await strictParseProblems(kindOf(file)!, file.text)) problems.push(`${file.path}:${p.line + 1} does not parse strictly after Fix All: ${p.message}`);
  }
  const after = await lint(first.files);
  const errorsBefore = countBy(before.errors, (e) => `${e.file}|${e.message}`);
  for (const [k, n] of countBy(after.errors, (e) => `${e.file}|${e.message}`)) {
    if (n > (errorsBefore.get(k) ?? 0)) problems.push(`Fix All introduces a parse error: ${k.replace('|', ': ')}`);
  }
  const active = (r: LintResult) => r.findings.filter((f) => f.status !== 'pass' && !f.suppressed);
  const was = countBy(active(before), identity);
  for (const [k, n] of countBy(active(after), identity)) {
    if (n > (was.get(k) ?? 0)) problems.push(`Fix All adds ${k}: ${active(after).filter((f) => identity(f) === k).map((f) => `${where(f)}: ${f.message}`).join(' / ')}`);
  }
  const second = await composeFixes(first.files, { lint, kindOf });
  if (second.applied.length || second.files.some((f, i) => f.text !== first.files[i].text)) {
    problems.push(`Fix All is not idempotent: a second run applies ${second.applied.map((a) => `${a.ruleId} "${a.title}"`).join(', ')}`);
  }
  return problems;
}

function checkFixAll(title: string, targets: () => LintTarget[]): void {
  describe(title, function () {
    this.timeout(120_000);
    for (const target of targets()) {
      it(target.label, async () => {
        const problems: string[] = [];
        for (const { label: settings, config } of configs) {
          for (const p of await fixAllProblems(target.files, config)) problems.push(`[${settings}] ${p}`);
        }
        assert.deepStrictEqual(problems, [], `Fix All in ${target.label} breaks the invariant`);
      });
    }
  });
}

describe('fix invariant: every safe fix removes its finding and nothing else', () => {
  checkTargets('examples/', () => foldersUnder('examples'));
  checkTargets('test/fixtures/', () => foldersUnder('test/fixtures'));
  const corpus = findCorpus();
  if (corpus) checkTargets('peer corpus', () => corpusFiles(corpus));
  else it.skip('peer corpus (not found; set TRAILGUARD_CORPUS or place it at ../shared/corpus)');

  after(() => {
    console.log(`    safe fixes exercised: ${exercised}`);
  });
});

describe('fix invariant: Fix All applies every safe fix together, parses strictly, adds nothing, and is idempotent', () => {
  checkFixAll('examples/', () => foldersUnder('examples'));
  checkFixAll('test/fixtures/', () => foldersUnder('test/fixtures'));
  const corpus = findCorpus();
  if (corpus) checkFixAll('peer corpus', () => corpusFiles(corpus));
  else it.skip('peer corpus (not found; set TRAILGUARD_CORPUS or place it at ../shared/corpus)');

  after(() => {
    console.log(`    fixes applied by Fix All: ${composed}`);
  });
});

// The sweep is only as good as its inputs: every rule that offers a safe fix must have had one applied above
// (test/fixtures/config/ holds the AWS Config rules' failing cases). Needs the corpus, like the sweep over it.
describe('fix invariant: coverage', () => {
  it('applied the safe fix of every rule that declares one', function () {
    if (!findCorpus()) this.skip();
    const safe = allRules.filter((r) => r.meta.fix === 'safe').map((r) => r.meta.id);
    assert.deepStrictEqual(safe.filter((id) => !exercisedRules.has(id)), [], 'rules with a safe fix that no input of the sweep exercised');
    for (const id of ['TG401', 'TG403', 'TG404']) assert.ok(exercisedRules.has(id), `${id}'s safe fix was not applied`);
  });
});

