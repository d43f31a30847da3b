// One lint of one unit (a module folder, or a single file) and what the editor gets from it: diagnostics on every
// open file of the unit (and closed ones a workspace lint reported on), the findings code actions are computed from,
// and — for a Terraform module that calls others — the findings its call produced inside the child modules.
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Finding, ParseError } from '../core/model';
import type { SourceFile } from '../core/parse/unit';
import type { SuppressionComment } from '../core/suppress';
import { detectFormat, isModuleUnitKey, unitKeyOf } from '../core/formats/registry';
import { planCompanionDirs } from '../core/parse/plan/definitions';
import { CalledModuleFindings } from './calledModules';
import { findingToDiagnostic, oversizeDiagnostic, parseErrorToDiagnostic, reasonlessSuppressionDiagnostic } from './diagnostics';
import { EngineRunner } from './engineRunner';
import { fixAllPasses, type FixAllResult } from './fixAll';
import type { LintScheduler } from './scheduler';
import type { Session } from './session';
import { toLintConfig } from './settings';
import { TimeSlice } from './timeSlice';
import { absoluteFinding, resolverFrom } from './absolutePaths';

interface EngineFindings {
  findings: Finding[];
  errors: ParseError[];
  suppressions: SuppressionComment[];
  /** Findings in files outside the unit: child modules evaluated with this unit's arguments. */
  called: Finding[];
}

/** What the last lint of its own unit said about one file. */
interface FileResult { version: number | undefined; findings: Finding[]; diagnostics: Diagnostic[] }

/** A `module` block: its findings in the child are worth asking the engine for. */
const MODULE_CALL = /^[ \t]*module[ \t]+"/m;

export class UnitLinter {
  private readonly results = new Map<string, FileResult>();
  /** Closed files whose diagnostics stay because "Lint Workspace" published them. */
  readonly workspaceLinted = new Set<string>();
  readonly called = new CalledModuleFindings();
  readonly engine: EngineRunner;
  scheduler!: LintScheduler;

  constructor(private readonly session: Session) {
    this.engine = new EngineRunner(session.options.workerScript, (line) => session.connection.console.log(line));
  }

  /** The findings code actions of `file` may act on: its own unit's, then those a caller produced there. */
  findingsOf(file: string): Finding[] {
    return [...(this.results.get(file)?.findings ?? []), ...this.called.findingsFor(file)];
  }

  /** The file's diagnostics go (closed, deleted); findings callers produced in it stay while the callers are linted. */
  clear(file: string): void {
    this.results.delete(file);
    if (this.called.has(file) || this.session.hasPublished(file)) this.publishFile(file);
  }

  /** The files of a unit that get diagnostics: open ones, and closed ones a workspace lint reported on. */
  reportedFilesOf(key: string): string[] {
    const inUnit = (p: string) => unitKeyOf(p) === key;
    return [...new Set([...this.session.store.openPaths().filter(inUnit), ...[...this.workspaceLinted].filter(inUnit)])];
  }

  /** Linted units that read `dir` as a local child module, or that produced findings in it. */
  callersOf(dir: string): string[] {
    const out = new Set(this.called.callersOf(dir));
    for (const key of new Set([...this.session.store.openPaths(), ...this.workspaceLinted].map(unitKeyOf))) {
      if (!isModuleUnitKey(key)) continue;
      const caller = key.slice(0, -1);
      if (dir.startsWith(path.join(caller, '.terraform') + path.sep)) out.add(key);
      for (const f of this.session.store.moduleFiles(caller)) {
        for (const m of f.text.matchAll(/\bsource\s*=\s*"(\.{1,2}\/[^"]*)"/g)) if (path.resolve(caller, m[1]) === dir) out.add(key);
      }
    }
    return [...out];
  }

  async lintUnit(key: string, signal?: AbortSignal): Promise<number> {
    const s = this.session;
    await s.settingsPending;
    const reported = this.reportedFilesOf(key);
    if (reported.length === 0) {
      // The caller is gone: so are the findings its calls produced in child modules.
      for (const file of this.called.drop(key)) this.publishFile(file);
      return 0;
    }
    const started = Date.now();
    const versions = new Map(reported.map((p) => [p, s.store.getOpen(p)?.version]));
    const { sources, oversize } = this.lintableSources(key);
    for (const p of reported) {
      if (oversize.has(p)) continue;
      // A closed file over the limit is not read at all.
      const size = s.store.getOpen(p) ? undefined : s.store.diskSize(p);
      if (size !== undefined && size > s.settings.maxFileSize) oversize.set(p, size);
    }
    const withCalled = isModuleUnitKey(key) && sources.some((f) => f.text.includes('module') && MODULE_CALL.test(f.text));
    const slice = new TimeSlice(signal);
    const result = await this.runEngine(key, sources, reported, signal, withCalled, slice);
    const byFile = new Map<string, { findings: Finding[]; errors: ParseError[]; suppressions: SuppressionComment[] }>(
      reported.map((p) => [p, { findings: [], errors: [], suppressions: [] }]),
    );
    for (const f of result.findings) byFile.get(f.file!)?.findings.push(f);
    for (const e of result.errors) byFile.get(e.file)?.errors.push(e);
    for (const c of result.suppressions) byFile.get(c.file)?.suppressions.push(c);
    let problems = 0;
    for (const [file, { findings, errors, suppressions }] of byFile) {
      const version = versions.get(file);
      // The document moved on while we linted: its next lint is already scheduled and will publish.
      if (version !== undefined && s.store.getOpen(file)?.version !== version && this.scheduler.isPending(key)) continue;
      if (version === undefined && !this.workspaceLinted.has(file) && !s.store.getOpen(file)) continue;
      const size = oversize.get(file);
      const diagnostics =
        size !== undefined
          ? [oversizeDiagnostic(size, s.settings.maxFileSize)]
          : [
              ...errors.map(parseErrorToDiagnostic),
              ...suppressions.flatMap((c) => reasonlessSuppressionDiagnostic(c, s.store.textOf(file)) ?? []),
              ...(await slice.map(findings, (f) => findingToDiagnostic(f, s.options.docsBase, s.uriOf))),
            ];
      if (slice.dueNow()) await slice.next();
      // The document moved on while we converted: its next lint is already scheduled and will publish.
      if (version !== undefined && s.store.getOpen(file)?.version !== version && this.scheduler.isPending(key)) continue;
      this.results.set(file, { version, findings: size !== undefined ? [] : findings, diagnostics });
      problems += diagnostics.length;
      this.publishFile(file);
    }
    if (!this.scheduler.isPending(key)) for (const file of this.called.set(key, result.called)) this.publishFile(file);
    // The output channel's account of what the server did: which unit, how many files, how long, what it found.
    s.connection.console.log(`linted ${this.describeUnit(key, sources.length)} in ${Date.now() - started} ms: ${problems} problem${problems === 1 ? '' : 's'} in ${reported.length} open file${reported.length === 1 ? '' : 's'}`);
    return problems;
  }

  /**
   * Every safe fix of a file's findings, composed in memory by the core (fixes that touch the same text wait a pass,
   * a fix that would break the file or add a finding anywhere in its unit is dropped and logged).
   */
  async fixAllOf(file: string): Promise<FixAllResult> {
    const key = unitKeyOf(file);
    await this.scheduler.whenIdle(key);
    const { sources } = this.lintableSources(key);
    if (!sources.some((f) => f.path === file)) return { edits: [], fixes: 0, dropped: [] };
    const all = sources.map((f) => f.path);
    const result = await fixAllPasses(sources, (files) => this.runEngine(key, files, all), (f) => f.file === file);
    const console = this.session.connection.console;
    if (result.untouched) console.warn(`TrailGuard fix all: ${file} not fixed: ${result.untouched}`);
    for (const d of result.dropped) console.warn(`TrailGuard fix all: not applied ${d.ruleId} "${d.title}" at ${d.file}:${d.line + 1}: ${d.reason}`);
    return result;
  }

  /** A file's own diagnostics, with those its callers' lints produced in it (the same problem once). */
  private publishFile(file: string): void {
    const own = this.results.get(file);
    if (!this.called.has(file)) return this.session.publish(file, own?.diagnostics ?? [], own?.version);
    const diagnostics = [...(own?.diagnostics ?? [])];
    const seen = new Set(diagnostics.map(diagnosticKey));
    for (const f of this.called.findingsFor(file)) {
      const d = findingToDiagnostic(f, this.session.options.docsBase, this.session.uriOf);
      const k = diagnosticKey(d);
      if (seen.has(k)) continue;
      seen.add(k);
      diagnostics.push(d);
    }
    this.session.publish(file, diagnostics, own?.version);
  }

  private sourcesOf(key: string): SourceFile[] {
    const store = this.session.store;
    if (isModuleUnitKey(key)) return store.moduleFiles(key.slice(0, -1));
    const text = store.textOf(key);
    if (text === undefined) return [];
    // A plan's findings relate to the `.tf` definitions of its modules: the engine reads them (and reports on `only`).
    if (detectFormat(key, text, { anyName: this.session.included(key) })?.id === 'terraform-plan') {
      return [{ path: key, text }, ...planCompanionDirs(key, text).flatMap((dir) => store.moduleFiles(dir))];
    }
    return [{ path: key, text }];
  }

  /** A unit's files as the engine should see them: files over the size limit are left out (and reported). */
  private lintableSources(key: string): { sources: SourceFile[]; oversize: Map<string, number> } {
    const max = this.session.settings.maxFileSize;
    const oversize = new Map<string, number>();
    const sources: SourceFile[] = [];
    for (const f of this.sourcesOf(key)) {
      // UTF-8 needs at most 3 bytes per UTF-16 unit: most files are clearly under the limit without counting.
      const size = f.text.length * 3 <= max ? 0 : Buffer.byteLength(f.text, 'utf8');
      if (size > max) oversize.set(f.path, size);
      else sources.push(f);
    }
    return { sources, oversize };
  }

  /**
   * Runs the engine on a unit's files (absolute paths) and returns what it found in `only`, with absolute paths;
   * `withCalled`: also what it found outside the unit's files (child modules evaluated with the unit's arguments).
   */
  private async runEngine(key: string, sources: SourceFile[], only: string[], signal?: AbortSignal, withCalled = false, slice = new TimeSlice(signal)): Promise<EngineFindings> {
    const s = this.session;
    const folder = s.configs.folderOf(only[0] ?? sources[0]?.path ?? key);
    const base = folder ?? (isModuleUnitKey(key) ? key.slice(0, -1) : path.dirname(key));
    const files = sources.map((f) => ({ path: path.relative(base, f.path), text: f.text }));
    if (files.length === 0) return { findings: [], errors: [], suppressions: [], called: [] };
    const config = toLintConfig(s.settings, s.configs.configFor(folder));
    config.exclude = [...(config.exclude ?? []), ...s.settings.exclude];
    const byContent = new Set(sources.filter((f) => s.included(f.path)).map((f) => path.relative(base, f.path)));
    const result = await this.engine.lint({
      unit: key,
      label: this.describeUnit(key, files.length),
      files,
      config,
      // Everything the unit's evaluation found, when child modules are wanted; the engine filters otherwise.
      only: withCalled ? undefined : new Set(only.map((p) => path.relative(base, p))),
      byContent,
      maxFileSize: s.settings.maxFileSize,
      root: base,
      signal,
    });
    const abs = resolverFrom(base);
    const onlySet = new Set(only);
    const inUnit = new Set(sources.map((f) => f.path));
    // A worker's result is already what the editor is shown, with absolute paths.
    const shown = result.shown ? result : { ...result, findings: await slice.map(result.findings.filter((f) => f.status !== 'pass' && !f.suppressed && f.file), (f) => absoluteFinding(f, abs)) };
    const errors = result.shown ? result.errors : result.errors.map((e) => ({ ...e, file: abs(e.file) }));
    const suppressions = result.shown ? result.suppressions : result.suppressions.map((c) => ({ ...c, file: abs(c.file) }));
    return {
      findings: shown.findings.filter((f) => onlySet.has(f.file!)),
      errors: errors.filter((e) => onlySet.has(e.file)),
      suppressions: suppressions.filter((c) => onlySet.has(c.file)),
      called: withCalled ? shown.findings.filter((f) => !inUnit.has(f.file!)) : [],
    };
  }

  describeUnit(key: string, files: number): string {
    const folder = this.session.configs.folderOf(key);
    const name = folder ? path.relative(folder, key) || '.' : key;
    return isModuleUnitKey(key) ? `module ${name}${name.endsWith(path.sep) ? '' : path.sep} (${files} file${files === 1 ? '' : 's'})` : name;
  }
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.code}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}|${d.message}`;
}
