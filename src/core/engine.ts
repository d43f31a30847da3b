// The lint pipeline: files → units (a Terraform module folder, a template, a policy file, a plan) → Scene → rules →
// findings with severity from settings and suppressions applied. Pure: the caller supplies file contents.
import * as path from 'path';
import type { Finding, ParseError } from './model';
import type { SourceFile, ParsedUnit } from './parse/unit';
import { ignoreInForce, mergeConfig, type LintConfig } from './config';
import { evaluateSceneWithEntities } from './evaluate';
import { recordingReader, type UnitCache, type UnitIdentity } from './unitCache';
import { diskReader } from './parse/terraform/workspaceFiles';
import type { FileReader } from './parse/terraform/evaluate';
import { detectFormat, formatById, formatByName, notRecognisedMessage, type InputFormat } from './formats/registry';
import { parsers, type ParserOptions } from './formats/parsers';
import { peerIndex } from './rules';
import { applySuppressions, scanSuppressionComments, type SuppressionComment } from './suppress';
import { globMatch } from './glob';
import { inspectText } from './text';
import { loneCrAsLf } from './fix/textForm';
import { calledModuleDirs } from './parse/terraform/moduleTree';
import { appendTo } from './dict';

export interface LintResult {
  findings: Finding[];
  errors: ParseError[];
  /** Every suppression comment that silenced something (counted and shown; reason-less ones get a hint). */
  suppressions: SuppressionComment[];
}

export interface Unit { format: InputFormat; files: SourceFile[] }

/**
 * Groups files into lint units by their format (formats/registry.ts): the Terraform files of one folder form one
 * module, every other recognised file stands alone. Files in `options.named` are recognised by content whatever
 * their name, and reported when no format recognises them (never silently skipped).
 */
export function groupUnits(files: SourceFile[], errors: ParseError[], options: Pick<LintOptions, 'named' | 'byContent'> = {}): Unit[] {
  const modules = new Map<string, SourceFile[]>();
  const units: Unit[] = [];
  for (const file of files) {
    const problem = inspectText(file.text);
    if (problem) {
      errors.push({ file: file.path, range: { start: problem.pos, end: problem.pos }, message: problem.message });
      continue;
    }
    const named = options.named?.has(file.path) ?? false;
    const format = detectFormat(file.path, file.text, { anyName: named || (options.byContent?.has(file.path) ?? false) });
    if (!format) {
      if (named) errors.push({ file: file.path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: notRecognisedMessage() });
      continue;
    }
    if (format.unit === 'file') {
      units.push({ format, files: [file] });
      continue;
    }
    const dir = path.dirname(file.path);
    appendTo(modules, dir, file);
  }
  for (const moduleFiles of modules.values()) {
    // A folder with only variable files has nothing to lint.
    if (moduleFiles.some((f) => formatByName(f.path)?.unit === 'module')) units.push({ format: formatById('terraform'), files: moduleFiles });
  }
  return units;
}

/** Parses one unit with its format's parser. Never throws: a parser that does becomes a parse error of the unit. */
export async function parseUnit(unit: Unit, options: ParserOptions = {}): Promise<ParsedUnit> {
  try {
    return await parsers[unit.format.id](unit.files, options);
  } catch (err) {
    const zero = { line: 0, character: 0 };
    return {
      scene: { trails: [], buckets: [], keys: [], recorders: [], eventDataStores: [], aggregators: [], orgPolicies: [] },
      errors: [{ file: unit.files[0].path, range: { start: zero, end: zero }, message: `internal error while parsing: ${(err as Error).message}` }],
    };
  }
}

export interface LintOptions {
  /**
   * Keep parse trees and conversions for the next lint of the same files (default: the editor re-lints on every
   * keystroke). A batch lint (CLI, workers) passes false: each file is parsed once and its tree freed at once.
   */
  cache?: boolean;
  /** Today (YYYY-MM-DD, UTC) for ignore expiry; default: the current date. */
  today?: string;
  /** Files named explicitly (CLI arguments): recognised by content whatever their name, reported when unrecognised. */
  named?: ReadonlySet<string>;
  /** Files recognised by content whatever their name, silently skipped when unrecognised (`files.include`). */
  byContent?: ReadonlySet<string>;
  /** Also report what passed, did not apply or is switched off (JUnit wants one test case per rule × resource). */
  includePasses?: boolean;
  /**
   * Files that are not linted but that formats may point into: the `.tf` definitions of a plan's resources when
   * the plan is linted without them (see formats/parsers.ts).
   */
  context?: readonly SourceFile[];
  /** The file-size limit in UTF-8 bytes (limits.ts), honoured by every parser. */
  maxFileSize?: number;
  /** Results of unchanged units from an earlier run (CLI `--cache`); see unitCache.ts. */
  unitCache?: UnitCache;
  /**
   * Asked between units and between a unit's parse and its rules: true stops the lint with `LintCancelled` (the
   * language server's lint was superseded by a newer edit). What was parsed so far stays in the parse cache.
   */
  cancelled?: () => boolean;
  /**
   * The folder relative paths are read from when a module names files outside the input (child modules,
   * `file()`); default: the working directory. The language server lints workspace-relative paths.
   */
  root?: string;
  /** false: findings' fixes without their edits (evaluate.ts `fixEdits`), for a lint that applies no fix. Default true. */
  fixEdits?: boolean;
}

/** A lint stopped because `LintOptions.cancelled` said so; `stage` is where it stopped. */
export class LintCancelled extends Error {
  constructor(readonly stage: string) {
    super(`lint cancelled ${stage}`);
    this.name = 'LintCancelled';
  }
}

/** Lints the given units; `onlyFiles` limits the reported findings (the language server lints one module for one file). */
export async function lintSources(input: SourceFile[], config?: Partial<LintConfig>, onlyFiles?: ReadonlySet<string>, options: LintOptions = {}): Promise<LintResult> {
  const files = input.map((f) => ({ ...f, text: loneCrAsLf(f.text) }));
  const settings = mergeConfig(config);
  const errors: ParseError[] = [];
  const included = files.filter((f) => !settings.exclude.some((g) => globMatch(g, f.path)));
  const units = groupUnits(included, errors, options);
  const disabled = new Set(Object.entries(settings.rules).filter(([, v]) => v === 'off').map(([k]) => k));
  const peers = peerIndex();
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const commentsByFile = new Map<string, SuppressionComment[]>();
  const used = new Set<SuppressionComment>();
  // An ignore past its `expires:` date no longer suppresses anything.
  const ignoresInForce = settings.ignore.filter((i) => ignoreInForce(i, options.today));
  const findings: Finding[] = [];
  const calledModules = calledModuleDirs(included);
  const context = options.context ? [...included, ...options.context] : included;
  // The reader behind each unit's recording reader (--cache): one index of the input's files for the whole run,
  // not one per unit.
  let cacheReader: FileReader | undefined;
  for (const unit of units) {
    if (options.cancelled?.()) throw new LintCancelled(findings.length || errors.length ? 'between units' : 'before parsing');
    // A folder another unit calls as a local module is checked through that call (with its arguments).
    const called = isCalledModule(unit, calledModules);
    const id = options.unitCache && unitIdentity(unit, called, settings, options);
    const cached = id && options.unitCache!.get(id);
    if (cached) {
      errors.push(...cached.errors);
      for (const s of cached.suppressions) used.add(s);
      for (const f of cached.findings) if (!onlyFiles || (f.file !== undefined && onlyFiles.has(f.file))) findings.push(f);
      continue;
    }
    const recording = id ? recordingReader((cacheReader ??= diskReader(included, options.root))) : undefined;
    const reader = recording?.reader ?? (options.root ? diskReader(unit.files, options.root) : undefined);
    const parsed = await parseUnit(unit, { cache: options.cache, context, maxFileSize: options.maxFileSize, files: reader });
    if (options.cancelled?.()) throw new LintCancelled('after parsing');
    errors.push(...parsed.errors);
    const unitFindings: Finding[] = [];
    const unitUsed = new Set<SuppressionComment>();
    if (!called) {
      const collected = evaluateSceneWithEntities(parsed.scene, settings, { surface: unit.format.family, disabled, includePasses: options.includePasses, fixEdits: options.fixEdits });
      // Generated input (a plan) is not where a fix belongs: its findings keep their related definition instead.
      if (!unit.format.fixable) for (const c of collected) c.finding.fixes = [];
      if (parsed.related?.length) for (const c of collected) addRelated(c.finding, parsed.related);
      // Suppressions are applied per unit (a finding only lies in its own unit's files), so that the unit's scene
      // and syntax trees can be freed before the next unit is parsed: a 2,000-file lint must not hold them all.
      // Indexed loops here and below: this function runs once per unit, mostly before V8 optimises it, and an
      // unoptimised for-of allocates an iterator result per finding.
      const filesFound = new Set<string>();
      for (let i = 0; i < collected.length; i++) {
        const file = collected[i].finding.file;
        if (file) filesFound.add(file);
      }
      const comments: SuppressionComment[] = [];
      for (const file of filesFound) {
        let inFile = commentsByFile.get(file);
        if (!inFile) {
          inFile = scanSuppressionComments(file, texts.get(file) ?? '', peers);
          commentsByFile.set(file, inFile);
        }
        comments.push(...inFile);
      }
      applySuppressions(collected, comments, peers, ignoresInForce, unitUsed);
      for (let i = 0; i < collected.length; i++) unitFindings.push(applySeverity(collected[i].finding, settings));
    }
    for (const s of unitUsed) used.add(s);
    for (let i = 0; i < unitFindings.length; i++) {
      const f = unitFindings[i];
      if (!onlyFiles || (f.file !== undefined && onlyFiles.has(f.file))) findings.push(f);
    }
    if (id && recording) {
      // A plan points into every Terraform file of the run (its resources' definitions): all of them are inputs.
      if (unit.format.id === 'terraform-plan') for (const f of context) if (f.path !== unit.files[0].path) recording.reads.files.set(f.path, f.text);
      options.unitCache!.set(id, { findings: unitFindings, errors: parsed.errors, suppressions: [...unitUsed] }, recording.reads);
    }
  }
  return { findings: sortFindings(findings, { dedupe: true }), errors: capParseErrors(errors), suppressions: [...used] };
}

function isCalledModule(unit: Unit, calledModules: ReadonlySet<string>): boolean {
  return unit.format.id === 'terraform' && calledModules.has(path.normalize(path.dirname(unit.files[0].path)));
}

function unitIdentity(unit: Unit, called: boolean, settings: LintConfig, options: LintOptions): UnitIdentity {
  return {
    format: unit.format.id,
    files: unit.files,
    // A result without fix edits must never be served to a lint that applies fixes (nor the other way round).
    salt: JSON.stringify([settings, called, options.includePasses ?? false, options.maxFileSize ?? null, options.today ?? new Date().toISOString().slice(0, 10), options.fixEdits ?? true]),
  };
}

/**
 * The share of units (0..1) whose results `options.unitCache` holds, looked up as lintSources would, without
 * evaluating anything: the CLI lints a warm workspace in one thread instead of starting workers.
 */
export function cachedUnitShare(input: SourceFile[], config: Partial<LintConfig> | undefined, options: LintOptions): number {
  if (!options.unitCache) return 0;
  const settings = mergeConfig(config);
  const files = input.map((f) => ({ ...f, text: loneCrAsLf(f.text) }));
  const included = files.filter((f) => !settings.exclude.some((g) => globMatch(g, f.path)));
  const units = groupUnits(included, [], options);
  if (units.length === 0) return 0;
  const calledModules = calledModuleDirs(included);
  const hits = units.filter((u) => options.unitCache!.get(unitIdentity(u, isCalledModule(u, calledModules), settings, options))).length;
  return hits / units.length;
}

/** At most this many parse errors per file; the rest are counted in one last error ("and N more"). */
export const MAX_PARSE_ERRORS_PER_FILE = 100;

/** Keeps the first MAX_PARSE_ERRORS_PER_FILE errors of each file (in order) and says how many more there were. */
export function capParseErrors(errors: ParseError[]): ParseError[] {
  const perFile = new Map<string, number>();
  const out: ParseError[] = [];
  const extra = new Map<string, { first: ParseError; count: number }>();
  for (const e of errors) {
    const n = (perFile.get(e.file) ?? 0) + 1;
    perFile.set(e.file, n);
    if (n <= MAX_PARSE_ERRORS_PER_FILE) out.push(e);
    else {
      const more = extra.get(e.file);
      if (more) more.count++;
      else extra.set(e.file, { first: e, count: 1 });
    }
  }
  for (const [file, { first, count }] of extra) {
    out.push({ file, range: first.range, message: `and ${count} more parse error${count === 1 ? '' : 's'} in this file (only the first ${MAX_PARSE_ERRORS_PER_FILE} are listed)` });
  }
  return out;
}

/** Related information of the unit (a plan resource's definition) for a finding inside its extent. */
function addRelated(finding: Finding, related: NonNullable<ParsedUnit['related']>): void {
  const r = finding.range;
  if (!r || !finding.file) return;
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  for (const { extent, info } of related) {
    if (extent.file !== finding.file || !before(extent.range.start, r.start) || !before(r.end, extent.range.end)) continue;
    if (!finding.related.some((x) => x.message === info.message)) finding.related.push(info);
  }
}

function applySeverity(finding: Finding, settings: LintConfig): Finding {
  const override = settings.rules[finding.ruleId];
  if (finding.status === 'fail' && override && override !== 'off') finding.severity = override;
  return finding;
}

/** Same order as `localeCompare` without arguments, but built once: tens of thousands of findings get sorted. */
const collator = new Intl.Collator();

/**
 * By file, line, column, rule id; ties keep their order. `dedupe`: a bucket shared by two trails is one entity,
 * but a satellite resource may be reached twice: the same finding (file, position, rule, status, message) is kept
 * once, the first time. Sorted, such findings are neighbours, so each is compared with the few kept ones of equal
 * sort key: no key string or map entry per finding (they were most of the cost of 70,000 findings).
 */
export function sortFindings(findings: Finding[], options: { dedupe?: boolean } = {}): Finding[] {
  // Files and rule ids are ranked once by the collator and the sort compares numbers: tens of thousands of
  // findings, each compared ~17 times, made the collator the cost.
  const fileRank = collationRanks(findings.map((f) => f.file ?? ''));
  const ruleRank = collationRanks(findings.map((f) => f.ruleId));
  const n = findings.length;
  const file = new Float64Array(n);
  const line = new Float64Array(n);
  const character = new Float64Array(n);
  const rule = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = findings[i];
    file[i] = fileRank.get(f.file ?? '')!;
    line[i] = f.range?.start.line ?? 0;
    character[i] = f.range?.start.character ?? 0;
    rule[i] = ruleRank.get(f.ruleId)!;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => file[a] - file[b] || line[a] - line[b] || character[a] - character[b] || rule[a] - rule[b] || a - b);
  const before = findings.slice();
  findings.length = 0;
  let runStart = 0; // the first finding kept with the current sort key
  for (let i = 0; i < n; i++) {
    const k = order[i];
    const f = before[k];
    if (options.dedupe) {
      const p = i > 0 ? order[i - 1] : -1;
      if (p < 0 || file[p] !== file[k] || line[p] !== line[k] || character[p] !== character[k] || rule[p] !== rule[k]) runStart = findings.length;
      else if (keptBefore(findings, runStart, f)) continue;
    }
    findings.push(f);
  }
  return findings;
}

function keptBefore(kept: Finding[], from: number, f: Finding): boolean {
  for (let j = from; j < kept.length; j++) if (sameFinding(kept[j], f)) return true;
  return false;
}

function sameFinding(a: Finding, b: Finding): boolean {
  return a.file === b.file && a.range?.start.line === b.range?.start.line && a.range?.start.character === b.range?.start.character &&
    a.ruleId === b.ruleId && a.status === b.status && a.message === b.message;
}

/** Each distinct value's rank in collator order; values the collator holds equal share a rank. */
function collationRanks(values: string[]): Map<string, number> {
  const distinct = [...new Set(values)].sort(collator.compare);
  const ranks = new Map<string, number>();
  let rank = 0;
  for (let i = 0; i < distinct.length; i++) {
    if (i > 0 && collator.compare(distinct[i - 1], distinct[i]) !== 0) rank++;
    ranks.set(distinct[i], rank);
  }
  return ranks;
}
