// `trailguard lint --fix`: read each file once, fix each lint unit in memory (src/core/fix/compose.ts), and write
// back only what changed, in the file's own form (BOM, line endings, final newline), atomically. Every fix written
// is reported on stderr and counted; every fix not applied and every file not written says why.
import * as path from 'path';
import { lintSources, type LintResult } from '../core/engine';
import type { LintConfig } from '../core/config';
import type { ParseError } from '../core/model';
import type { FileKind, SourceFile } from '../core/parse/unit';
import { detectFormat } from '../core/formats/registry';
import { composeFixes, type AppliedFix } from '../core/fix/compose';
import { fromWorkingText, toWorkingText, type TextForm } from '../core/fix/textForm';
import { checkBeforeWrite, fixFileSystem, writeFileAtomically } from './fixWrite';
import type { Io } from './io';
import { decodeUtf8, INVALID_UTF8_MESSAGE } from '../core/text';
import { tooLargeMessage } from '../core/limits';
import { readPlanContext } from './sources';
import { appendTo } from '../core/dict';

export interface FixRun {
  result: LintResult;
  /** Fixes written to disk (a fix that edits two files counts once, and only if both were written). */
  fixed: number;
  /** Files that could not be written (EACCES, ENOSPC, …): the run exits 2. */
  writeFailures: number;
}

interface ReadFile {
  source: SourceFile;
  bytes: Buffer;
  form: TextForm;
  /** Why this file must not be rewritten, whatever its unit's fixes. */
  notFixable?: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function readForFix(file: string, maxSize: number, errors: ParseError[]): ReadFile | undefined {
  const zero = { line: 0, character: 0 };
  try {
    const size = fixFileSystem.statSync(file).size;
    if (size > maxSize) {
      errors.push({ file, range: { start: zero, end: zero }, message: tooLargeMessage(size, maxSize) });
      return undefined;
    }
    const bytes = fixFileSystem.readFileSync(file);
    let raw: string;
    let notFixable: string | undefined;
    try {
      raw = strictUtf8.decode(bytes);
    } catch {
      // Linted as usual, reported at the bad bytes, and never rewritten: the bytes cannot round-trip.
      const decoded = decodeUtf8(bytes);
      raw = decoded.text;
      if (decoded.invalidAt) errors.push({ file, range: { start: decoded.invalidAt, end: decoded.invalidAt }, message: INVALID_UTF8_MESSAGE });
      notFixable = 'it is not valid UTF-8';
    }
    const { text, form } = toWorkingText(raw);
    return { source: { path: file, text }, bytes, form, notFixable };
  } catch (err) {
    errors.push({ file, range: { start: zero, end: zero }, message: `cannot read: ${(err as Error).message}` });
    return undefined;
  }
}

/** The lint units the engine forms: a folder's Terraform files together, every other file alone. */
function unitsOf(files: ReadFile[], named: ReadonlySet<string>): ReadFile[][] {
  const units = new Map<string, ReadFile[]>();
  for (const f of files) {
    const format = detectFormat(f.source.path, f.source.text, { anyName: named.has(f.source.path) });
    if (!format) continue;
    const key = format.unit !== 'file' ? `${path.dirname(f.source.path)}${path.sep}` : f.source.path;
    appendTo(units, key, f);
  }
  return [...units.values()];
}

/** The format of a file that fixes may edit (a plan is generated output: its fixes belong in the configuration). */
function fixableKind(s: SourceFile, named: ReadonlySet<string>): FileKind | undefined {
  const format = detectFormat(s.path, s.text, { anyName: named.has(s.path) });
  return format?.fixable ? format.id : undefined;
}

const where = (file: string, line: number) => `${file}:${line + 1}`;

export async function runFix(
  paths: string[],
  maxSize: number,
  config: Partial<LintConfig> | undefined,
  io: Io,
  readErrors: ParseError[],
  named: ReadonlySet<string> = new Set(),
  report: { includePasses?: boolean } = {},
): Promise<FixRun> {
  const files = paths.map((p) => readForFix(p, maxSize, readErrors)).filter((f): f is ReadFile => !!f);
  // A plan is linted with the configuration it came from, as in a plain lint (and is never edited itself).
  const context = readPlanContext(files.map((f) => f.source), maxSize, named);
  const finalTexts = new Map(files.map((f) => [f.source.path, f.source.text]));
  let fixed = 0;
  let writeFailures = 0;
  for (const unit of unitsOf(files, named)) {
    const byPath = new Map(unit.map((f) => [f.source.path, f]));
    const blocked = unit.find((f) => f.notFixable);
    const composed = await composeFixes(unit.map((f) => f.source), {
      lint: (sources) => lintSources(sources, config, undefined, { cache: false, named, context, maxFileSize: maxSize }),
      kindOf: (s) => fixableKind(s, named),
      ...(blocked ? { maxPasses: 0 } : {}),
    });
    const offered = composed.lint.findings.filter((f) => f.status === 'fail' && !f.suppressed && f.fixes.some((x) => x.kind === 'safe')).length;
    const unitName = unit.length === 1 ? unit[0].source.path : `${path.dirname(unit[0].source.path)}${path.sep} (Terraform module)`;
    const untouched = blocked ? `${blocked.source.path}: ${blocked.notFixable}` : composed.untouched;
    if (untouched) {
      if (offered) io.stderr(`not fixed ${unitName}: ${untouched} (${offered} safe fix${offered === 1 ? '' : 'es'} not applied)\n`);
      continue;
    }
    for (const d of composed.dropped) io.stderr(`not fixed ${where(d.file, d.line)}  ${d.ruleId}  ${d.title}: ${d.reason}\n`);
    if (!composed.converged) io.stderr(`not fixed ${unitName}: fixes were still pending after the last pass; run --fix again and report this\n`);

    // Write the changed files; a fix counts when every file it edits was written.
    const written = new Set<string>();
    const failed = new Map<string, string>();
    const changed = composed.files.filter((f) => f.text !== byPath.get(f.path)!.source.text);
    if (changed.length > 1 && composed.applied.some((a) => a.files.length > 1)) {
      // A fix spans files (a reference here, the data source it needs there): half of it would break the module,
      // so when one file cannot be written, none is.
      const blockers = changed.map((f) => ({ path: f.path, outcome: checkBeforeWrite(f.path, byPath.get(f.path)!.bytes) })).filter((b) => !b.outcome.ok);
      if (blockers.length) {
        for (const b of blockers) {
          failed.set(b.path, (b.outcome as { reason: string }).reason);
          if ((b.outcome as { kind: string }).kind === 'error') writeFailures++;
        }
        for (const f of changed) if (!failed.has(f.path)) failed.set(f.path, `held back with ${blockers[0].path}, which a fix also edits and which could not be written`);
      }
    }
    for (const after of changed) {
      const read = byPath.get(after.path)!;
      if (failed.has(after.path)) continue;
      const outcome = writeFileAtomically(after.path, Buffer.from(fromWorkingText(after.text, read.form), 'utf8'), read.bytes);
      if (outcome.ok) {
        written.add(after.path);
        finalTexts.set(after.path, after.text);
        continue;
      }
      failed.set(after.path, outcome.reason);
      if (outcome.kind === 'error') writeFailures++;
    }
    const lost = new Map<string, AppliedFix[]>();
    for (const a of [...composed.applied].sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line)) {
      if (a.files.every((f) => written.has(f))) {
        fixed++;
        io.stderr(`fixed ${where(a.file, a.line)}  ${a.ruleId}  ${a.title}\n`);
      } else {
        for (const f of a.files.filter((x) => failed.has(x))) lost.set(f, [...(lost.get(f) ?? []), a]);
      }
    }
    for (const [file, reason] of failed) {
      const n = lost.get(file)?.length ?? 0;
      io.stderr(`not written ${file}: ${reason}; ${n} fix${n === 1 ? '' : 'es'} not applied\n`);
    }
  }
  // The report describes the files as they now are on disk (or as read, where nothing was written).
  const result = await lintSources(files.map((f) => ({ path: f.source.path, text: finalTexts.get(f.source.path)! })), config, undefined, {
    cache: false,
    named,
    context,
    includePasses: report.includePasses,
    maxFileSize: maxSize,
  });
  return { result, fixed, writeFailures };
}
