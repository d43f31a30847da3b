// Table-driven rule tests in the style of ESLint's RuleTester: for each case, exactly these findings of the rule
// (id, status, 1-based position), and — with `output` — the text after the preferred fixes, which must re-lint
// without that finding and without any new one (the fix invariant).
import * as assert from 'assert';
import { lintSources } from '../../src/core/engine';
import type { LintConfig } from '../../src/core/config';
import type { FileEdit, Finding } from '../../src/core/model';
import { applyEdits } from '../../src/core/fix/apply';

export interface ValidCase { name?: string; files: Record<string, string>; config?: Partial<LintConfig> }
export interface ExpectedFinding {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  status?: 'fail' | 'unknown';
  severity?: 'error' | 'warning' | 'info';
  message?: RegExp | string;
  file?: string;
}
export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  output?: Record<string, string>;
  /**
   * A snippet leaves placeholders to replace: the rule's failures on the fixed text (default none). Placeholders
   * never silence a finding, so a snippet's case names the "replace `<X>`" finding that remains.
   */
  afterFix?: ExpectedFinding[];
  /** The kind of every finding's preferred fix (safe: applied by Fix All and `--fix`; snippet: placeholders to review). */
  fixKind?: 'safe' | 'snippet';
}

export async function lintFiles(files: Record<string, string>, config?: Partial<LintConfig>) {
  return lintSources(Object.entries(files).map(([p, text]) => ({ path: p, text })), config);
}

function describeFinding(f: Finding): string {
  const r = f.range;
  return `${f.ruleId} ${f.status} ${f.file}:${r ? `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}` : '-'} ${f.message}`;
}

/** Applies the preferred (first) fix of every finding, grouped per file. */
export function applyFixes(files: Record<string, string>, findings: Finding[]): Record<string, string> {
  const edits = new Map<string, FileEdit[]>();
  for (const f of findings) for (const e of f.fixes[0]?.edits ?? []) edits.set(e.file, [...(edits.get(e.file) ?? []), e]);
  const out = { ...files };
  for (const [file, list] of edits) {
    assert.ok(file in out, `fix edits unknown file ${file}`);
    const { text, skipped } = applyEdits(out[file], list);
    assert.deepStrictEqual(skipped, [], 'fix edits overlap');
    out[file] = text;
  }
  return out;
}

function key(f: Finding): string {
  return `${f.ruleId}|${f.status}|${f.file}|${f.range?.start.line}:${f.range?.start.character}`;
}

function checkFinding(f: Finding, e: ExpectedFinding, where: string): void {
  assert.strictEqual(f.status, e.status ?? 'fail', where);
  assert.strictEqual(f.range!.start.line + 1, e.line, `line of ${where}`);
  assert.strictEqual(f.range!.start.character + 1, e.column, `column of ${where}`);
  if (e.endLine !== undefined) assert.strictEqual(f.range!.end.line + 1, e.endLine, `endLine of ${where}`);
  if (e.endColumn !== undefined) assert.strictEqual(f.range!.end.character + 1, e.endColumn, `endColumn of ${where}`);
  if (e.severity) assert.strictEqual(f.severity, e.severity, `severity of ${where}`);
  if (e.file) assert.strictEqual(f.file, e.file, `file of ${where}`);
  if (e.message instanceof RegExp) assert.match(f.message, e.message, where);
  else if (typeof e.message === 'string') assert.strictEqual(f.message, e.message, where);
}

export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    cases.valid.forEach((c, i) => {
      it(`valid: ${c.name ?? `#${i + 1}`}`, async () => {
        const result = await lintFiles(c.files, c.config);
        const mine = result.findings.filter((f) => f.ruleId === ruleId);
        assert.deepStrictEqual(mine.map(describeFinding), [], 'expected no finding');
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid: ${c.name ?? `#${i + 1}`}`, async () => {
        const result = await lintFiles(c.files, c.config);
        const mine = result.findings.filter((f) => f.ruleId === ruleId);
        const actual = mine.map((f) => describeFinding(f));
        assert.strictEqual(mine.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${actual.join('\n')}`);
        c.errors.forEach((e, j) => checkFinding(mine[j], e, `finding ${j + 1}: ${actual[j]}`));
        if (c.fixKind) for (const f of mine) assert.strictEqual(f.fixes[0]?.kind, c.fixKind, `fix kind of ${describeFinding(f)}`);
        if (c.output) {
          const fixed = applyFixes(c.files, mine);
          for (const [file, text] of Object.entries(c.output)) assert.strictEqual(fixed[file], text, `text of ${file} after the fix`);
          const after = await lintFiles(fixed, c.config);
          assert.deepStrictEqual(after.errors, [], 'fixed text must re-parse');
          const before = new Set(result.findings.filter((f) => f.ruleId !== ruleId || !mine.includes(f)).map(key));
          const remaining = after.findings.filter((f) => f.ruleId === ruleId && f.status === 'fail');
          if (!c.afterFix) assert.deepStrictEqual(remaining.map(describeFinding), [], 'the fix must remove the finding');
          else {
            assert.strictEqual(remaining.length, c.afterFix.length, `expected ${c.afterFix.length} finding(s) after the fix, got:\n${remaining.map(describeFinding).join('\n')}`);
            c.afterFix.forEach((e, j) => checkFinding(remaining[j], e, `after the fix, finding ${j + 1}: ${describeFinding(remaining[j])}`));
          }
          const added = after.findings.filter((f) => !before.has(key(f)) && f.ruleId !== ruleId);
          // Line shifts from inserted text move other findings; compare by rule, status and resource instead.
          const beforeIds = new Set(result.findings.map((f) => `${f.ruleId}|${f.status}|${f.resource}`));
          const reallyNew = added.filter((f) => !beforeIds.has(`${f.ruleId}|${f.status}|${f.resource}`));
          assert.deepStrictEqual(reallyNew.map(describeFinding), [], 'the fix must not add findings');
        }
      });
    });
  });
}
