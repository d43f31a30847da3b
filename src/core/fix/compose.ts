// Fix All and `--fix`: every safe fix of one lint unit, composed safely, as ESLint does it: in passes.
//  - A pass takes a set of fixes whose edits do not touch each other's (the others wait: after a re-lint the
//    engine offers them again at their new positions, built on the text the earlier fixes wrote).
//  - The pass's text must parse strictly (duplicate keys are errors), lint without a new parse error or a new
//    finding, and have lost the findings of the fixes it applied. If not, the fixes are tried one by one: a fix
//    that fails alone is dropped and reported with the reason; one that only fails in company waits a pass.
//  - Passes stop when nothing is left to apply, or after MAX_PASSES.
// A unit with a parse error (lenient or strict) is left untouched: a fix computed from a partial parse can append
// the same lines again on every run.
import type { FileEdit, Finding, Fix, ParseError } from '../model';
import type { FileKind, SourceFile } from '../parse/unit';
import { applyEdits, rangesTouch } from './apply';
import { strictParseProblems } from './strictParse';
import { appendTo } from '../dict';

export const MAX_PASSES = 10;

export interface UnitLint { findings: Finding[]; errors: ParseError[] }

export interface ComposeOptions {
  /** Lints the unit's files as given (all of them reported: a fix must not add a finding in a sibling file). */
  lint(files: SourceFile[]): Promise<UnitLint>;
  /** The kind of each file, for the strict re-parse (undefined: not a lintable file, never edited). */
  kindOf(file: SourceFile): FileKind | undefined;
  maxPasses?: number;
  /** Which findings' fixes to apply (default: all); the whole unit is still checked for new findings. */
  wanted?: (finding: Finding) => boolean;
}

/** A fix that was applied, with where its finding was when it was applied. */
export interface AppliedFix { ruleId: string; resource: string; title: string; file: string; line: number; files: string[] }

/** A fix that was not applied, and why. */
export interface DroppedFix { ruleId: string; resource: string; title: string; file: string; line: number; reason: string }

export interface ComposeResult {
  /** The unit's files after the fixes (same order as given; unchanged files keep their text). */
  files: SourceFile[];
  applied: AppliedFix[];
  dropped: DroppedFix[];
  /** Set when the unit was left untouched, with the reason. */
  untouched?: string;
  /** The lint of `files`. */
  lint: UnitLint;
  /** False when fixes were still pending after the last pass. */
  converged: boolean;
}

interface Candidate { finding: Finding; fix: Fix }

const identity = (f: Finding): string => `${f.ruleId}|${f.status}|${f.resource}|${f.file ?? ''}`;

/** Names a fix independently of where it currently is (its position moves as other fixes land). */
const fixKey = (c: Candidate): string => `${identity(c.finding)}|${c.fix.title}|${c.fix.edits.map((e) => `${e.file}\u0000${e.newText}`).join('\u0001')}`;

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function active(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.status !== 'pass' && !f.suppressed);
}

function describeError(e: ParseError): string {
  return `${e.file}:${e.range.start.line + 1}: ${e.message}`;
}

/** Fixes one unit. Pure apart from `options.lint`: nothing is written here. */
export async function composeFixes(sources: SourceFile[], options: ComposeOptions): Promise<ComposeResult> {
  const maxPasses = options.maxPasses ?? MAX_PASSES;
  const kinds = new Map(sources.map((s) => [s.path, options.kindOf(s)]));
  let files = sources.map((s) => ({ ...s }));
  let lint = await options.lint(files);
  const applied: AppliedFix[] = [];
  const dropped: DroppedFix[] = [];
  const result = (extra: Partial<ComposeResult>): ComposeResult => ({ files, applied, dropped, lint, converged: true, ...extra });

  if (lint.errors.length) {
    return result({ untouched: `it has parse errors (${describeError(lint.errors[0])}${lint.errors.length > 1 ? ` and ${lint.errors.length - 1} more` : ''}); fix them first` });
  }
  // Nothing to fix, nothing to check: a clean tree costs one lint, not a second, strict parse of every file.
  const offered = lint.findings.some((f) => f.status === 'fail' && !f.suppressed && f.fixes.some((x) => x.kind === 'safe') && (!options.wanted || options.wanted(f)));
  if (!offered) return result({});
  for (const file of files) {
    const kind = kinds.get(file.path);
    if (!kind) continue;
    const problems = await strictParseProblems(kind, file.text);
    if (problems.length) return result({ untouched: `${file.path}:${problems[0].line + 1}: ${problems[0].message}; fix it first` });
  }

  const droppedKeys = new Set<string>();
  for (let pass = 0; pass < maxPasses; pass++) {
    const candidates = pendingFixes(lint, files, kinds, droppedKeys, options.wanted, dropped);
    if (candidates.length === 0) return result({});
    const selected = selectNonTouching(candidates);
    const together = await tryFixes(files, lint, selected, options, kinds);
    let accepted = selected;
    let outcome: Outcome = together;
    if (!together.ok) {
      // Find out which fix is at fault: build the pass up one fix at a time.
      accepted = [];
      for (const c of selected) {
        const trial = await tryFixes(files, lint, [...accepted, c], options, kinds);
        if (trial.ok) {
          accepted.push(c);
          outcome = trial;
          continue;
        }
        const alone = accepted.length === 0 ? trial : await tryFixes(files, lint, [c], options, kinds);
        if (!alone.ok) {
          droppedKeys.add(fixKey(c));
          dropped.push({ ...describe(c), reason: alone.problem });
        }
      }
      if (accepted.length === 0) continue;
    }
    if (!outcome.ok) continue;
    files = outcome.files;
    lint = outcome.lint;
    for (const c of accepted) applied.push({ ...describe(c), files: [...new Set(c.fix.edits.map((e) => e.file))] });
    // Lines reported are lines of the text as finally written: move what this pass's edits moved.
    const edits = accepted.flatMap((c) => c.fix.edits);
    for (const entry of [...applied, ...dropped]) entry.line = lineAfter(entry.file, entry.line, edits);
  }
  return result({ converged: pendingFixes(lint, files, kinds, droppedKeys, options.wanted).length === 0 });
}

/** Where line `line` of `file` is after `edits` (all made on the same text). */
function lineAfter(file: string, line: number, edits: FileEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    if (e.file !== file) continue;
    const { start, end } = e.range;
    if (end.line < line || (end.line === line && end.character === 0 && start.line < line + 1 && (start.line < line || start.character === 0))) {
      delta += e.newText.split('\n').length - 1 - (end.line - start.line);
    }
  }
  return line + delta;
}

function describe(c: Candidate): Omit<DroppedFix, 'reason'> {
  return { ruleId: c.finding.ruleId, resource: c.finding.resource, title: c.fix.title, file: c.finding.file ?? '', line: c.finding.range?.start.line ?? 0 };
}

/** The safe fixes still to apply, in finding order. */
function pendingFixes(
  lint: UnitLint,
  files: SourceFile[],
  kinds: Map<string, FileKind | undefined>,
  droppedKeys: Set<string>,
  wanted: ((finding: Finding) => boolean) | undefined,
  dropped?: DroppedFix[],
): Candidate[] {
  const paths = new Set(files.map((f) => f.path));
  const out: Candidate[] = [];
  for (const finding of lint.findings) {
    if (finding.status !== 'fail' || finding.suppressed || (wanted && !wanted(finding))) continue;
    const fix = finding.fixes.find((x) => x.kind === 'safe');
    if (!fix || fix.edits.length === 0) continue;
    const c = { finding, fix };
    if (droppedKeys.has(fixKey(c))) continue;
    // Only edits inside the unit, to files we can re-parse strictly (a fix at a value's source outside the unit
    // would be applied blind).
    const outside = fix.edits.find((e) => !paths.has(e.file));
    const notEditable = fix.edits.find((e) => paths.has(e.file) && !kinds.get(e.file));
    if (outside || notEditable) {
      droppedKeys.add(fixKey(c));
      const reason = outside ? `it edits ${outside.file}, which is not part of this lint unit` : `it edits ${notEditable!.file}, which fixes may not edit (generated output)`;
      dropped?.push({ ...describe(c), reason });
      continue;
    }
    out.push(c);
  }
  return out;
}

/** Greedy, in finding order: a fix joins the pass when none of its edits touches an edit already taken. */
function selectNonTouching(candidates: Candidate[]): Candidate[] {
  const taken: FileEdit[] = [];
  const out: Candidate[] = [];
  for (const c of candidates) {
    if (c.fix.edits.some((e) => taken.some((t) => t.file === e.file && rangesTouch(t.range, e.range)))) continue;
    taken.push(...c.fix.edits);
    out.push(c);
  }
  return out;
}

type Outcome = { ok: true; files: SourceFile[]; lint: UnitLint } | { ok: false; problem: string };

/** Applies `fixes` to `files` and checks the result: strict parse, no new error or finding, their findings gone. */
async function tryFixes(files: SourceFile[], before: UnitLint, fixes: Candidate[], options: ComposeOptions, kinds: Map<string, FileKind | undefined>): Promise<Outcome> {
  const byFile = new Map<string, FileEdit[]>();
  for (const c of fixes) for (const e of c.fix.edits) appendTo(byFile, e.file, e);
  const next: SourceFile[] = [];
  for (const file of files) {
    const edits = byFile.get(file.path);
    if (!edits) {
      next.push(file);
      continue;
    }
    const { text, skipped } = applyEdits(file.text, edits);
    if (skipped.length) return { ok: false, problem: 'its edits overlap each other' };
    const problems = await strictParseProblems(kinds.get(file.path)!, text);
    if (problems.length) return { ok: false, problem: `the result would not parse: ${file.path}:${problems[0].line + 1}: ${problems[0].message}` };
    next.push({ ...file, text });
  }
  const after = await options.lint(next);
  const errorsBefore = countBy(before.errors, (e) => `${e.file}: ${e.message}`);
  for (const e of after.errors) {
    if ((errorsBefore.get(`${e.file}: ${e.message}`) ?? 0) === 0) return { ok: false, problem: `the result has a parse error: ${describeError(e)}` };
  }
  const was = countBy(active(before.findings), identity);
  const now = countBy(active(after.findings), identity);
  for (const [k, n] of now) {
    if (n > (was.get(k) ?? 0)) {
      const added = active(after.findings).find((f) => identity(f) === k)!;
      return { ok: false, problem: `it would add a finding: ${added.ruleId} ${added.resource} at ${added.file}:${(added.range?.start.line ?? 0) + 1}: ${added.message}` };
    }
  }
  const removing = countBy(fixes.map((c) => c.finding), identity);
  for (const [k, n] of removing) {
    if ((now.get(k) ?? 0) > (was.get(k) ?? 0) - n) return { ok: false, problem: 'it does not remove its finding' };
  }
  return { ok: true, files: next, lint: after };
}
