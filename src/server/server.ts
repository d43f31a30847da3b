// The TrailGuard language server. It owns the documents: it lints a file on open and change (a Terraform file
// together with its module folder), publishes the findings of every open file of the unit, and answers code
// actions from the last lint. All parsing happens here, never in the editor's extension host.
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, ParseError } from '../core/model';
import type { SourceFile } from '../core/parse/unit';
import type { SuppressionComment } from '../core/suppress';
import {
  codeActions,
  FIX_ALL_COMMAND,
  FIX_ALL_KIND,
  LINT_FILES_COMMAND,
  OPEN_DOCS_COMMAND,
  toWorkspaceEdit,
} from './codeActions';
import {
  defaultDocsBase,
  findingToDiagnostic,
  configProblemToDiagnostic,
  oversizeDiagnostic,
  parseErrorToDiagnostic,
  reasonlessSuppressionDiagnostic,
  ruleDocsUrl,
} from './diagnostics';
import { EngineRunner } from './engineRunner';
import { fixAllPasses, type FixAllResult } from './fixAll';
import { detectFormat, isCandidateName, isModuleMember, isModuleUnitKey, unitKeyOf, workspaceGlob } from '../core/formats/registry';
import { planCompanionDirs } from '../core/parse/plan/definitions';
import { LintScheduler } from './scheduler';
import { defaultSettings, parseSettings, toLintConfig, type ServerSettings } from './settings';
import { SourceStore } from './sourceStore';
import { globMatch } from '../core/glob';
import { isConfigFile, WorkspaceConfigs } from './workspaceConfigs';
import { checkConfigText } from '../core/configCheck';
import { version } from '../cli/version';

export interface ServerOptions {
  /** Milliseconds between the last change and the lint; changes during a lint are coalesced into one re-lint. */
  debounceMs: number;
  docsBase: string;
  /** Script to start as the lint worker for large units (the server bundle); undefined: lint everything inline. */
  workerScript?: string;
}

interface EngineFindings { findings: Finding[]; errors: ParseError[]; suppressions: SuppressionComment[] }

/** What the last lint said about one file: what code actions are computed from. */
interface FileResult { version: number | undefined; findings: Finding[] }

export function startServer(connection: Connection, overrides: Partial<ServerOptions> = {}): void {
  const documents = new TextDocuments(TextDocument);
  const options: ServerOptions = { debounceMs: 5, docsBase: defaultDocsBase(), ...overrides };
  let settings: ServerSettings = defaultSettings;
  const store = new SourceStore(() => settings.maxFileSize);
  const configs = new WorkspaceConfigs((msg) => connection.console.warn(msg));
  const results = new Map<string, FileResult>();
  /** Closed files whose diagnostics stay because "Lint Workspace" published them. */
  const workspaceLinted = new Set<string>();
  /** Files that currently have diagnostics published (so that they can be cleared). */
  const published = new Set<string>();
  const uris = new Map<string, string>();
  let canPullConfiguration = false;
  /** Only a client that announced dynamic registration may be sent client/registerCapability for it (LSP 3.17). */
  let canRegisterConfigurationChange = false;
  let canWatchFiles = false;
  let canShowDocument = false;

  const uriOf = (file: string): string => uris.get(file) ?? pathToFileURL(file).toString();
  const pathOf = (uri: string): string | undefined => {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  };

  let settingsLoaded!: () => void;

  const engine = new EngineRunner(options.workerScript);
  const scheduler = new LintScheduler(options.debounceMs, (key) => lintUnit(key), (err) =>
    connection.console.error(`TrailGuard lint failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`),
  );

  /** Files the server lints: every file some input format may claim (formats/registry.ts), plus `files.include`. */
  function lintable(file: string): boolean {
    return isCandidateName(file) || included(file);
  }

  function included(file: string): boolean {
    if (!settings.include.length) return false;
    const folder = configs.folderOf(file);
    const rel = folder ? path.relative(folder, file) : path.basename(file);
    return settings.include.some((g) => globMatch(g, rel));
  }

  function publish(file: string, diagnostics: Diagnostic[], version?: number): void {
    if (diagnostics.length) published.add(file);
    else published.delete(file);
    void connection.sendDiagnostics({ uri: uriOf(file), diagnostics, version });
  }

  function clear(file: string): void {
    results.delete(file);
    if (published.has(file)) publish(file, []);
  }

  /** The files of a unit that get diagnostics: open ones, and closed ones a workspace lint reported on. */
  function reportedFilesOf(key: string): string[] {
    const inUnit = (p: string) => unitKeyOf(p) === key;
    return [...new Set([...store.openPaths().filter(inUnit), ...[...workspaceLinted].filter(inUnit)])];
  }

  function sourcesOf(key: string): SourceFile[] {
    if (isModuleUnitKey(key)) return store.moduleFiles(key.slice(0, -1));
    const text = store.textOf(key);
    if (text === undefined) return [];
    // A plan's findings relate to the `.tf` definitions of its modules: the engine reads them (and reports on `only`).
    if (detectFormat(key, text, { anyName: included(key) })?.id === 'terraform-plan') {
      return [{ path: key, text }, ...planCompanionDirs(key, text).flatMap((dir) => store.moduleFiles(dir))];
    }
    return [{ path: key, text }];
  }

  /** Runs the engine on a unit's files (absolute paths) and returns what it found in `only`, with absolute paths. */
  async function runEngine(key: string, sources: SourceFile[], only: string[]): Promise<EngineFindings> {
    const folder = configs.folderOf(only[0] ?? sources[0]?.path ?? key);
    const base = folder ?? (isModuleUnitKey(key) ? key.slice(0, -1) : path.dirname(key));
    const files = sources.map((f) => ({ path: path.relative(base, f.path), text: f.text }));
    if (files.length === 0) return { findings: [], errors: [], suppressions: [] };
    const config = toLintConfig(settings, configs.configFor(folder));
    config.exclude = [...(config.exclude ?? []), ...settings.exclude];
    const byContent = new Set(sources.filter((f) => included(f.path)).map((f) => path.relative(base, f.path)));
    const result = await engine.lint(files, config, new Set(only.map((p) => path.relative(base, p))), byContent, settings.maxFileSize);
    const abs = (p: string) => path.resolve(base, p);
    const onlySet = new Set(only);
    return {
      findings: result.findings
        .filter((f) => f.status !== 'pass' && !f.suppressed && f.file)
        .map((f) => absoluteFinding(f, abs))
        .filter((f) => onlySet.has(f.file!)),
      errors: result.errors.map((e) => ({ ...e, file: abs(e.file) })).filter((e) => onlySet.has(e.file)),
      suppressions: result.suppressions.map((c) => ({ ...c, file: abs(c.file) })).filter((c) => onlySet.has(c.file)),
    };
  }

  /** A unit's files as the engine should see them: files over the size limit are left out (and reported). */
  function lintableSources(key: string): { sources: SourceFile[]; oversize: Map<string, number> } {
    const oversize = new Map<string, number>();
    const sources: SourceFile[] = [];
    for (const f of sourcesOf(key)) {
      // UTF-8 needs at most 3 bytes per UTF-16 unit: most files are clearly under the limit without counting.
      const size = f.text.length * 3 <= settings.maxFileSize ? 0 : Buffer.byteLength(f.text, 'utf8');
      if (size > settings.maxFileSize) oversize.set(f.path, size);
      else sources.push(f);
    }
    return { sources, oversize };
  }

  async function lintUnit(key: string): Promise<number> {
    await settingsPending;
    const reported = reportedFilesOf(key);
    if (reported.length === 0) return 0;
    const started = Date.now();
    const versions = new Map(reported.map((p) => [p, store.getOpen(p)?.version]));
    const { sources, oversize } = lintableSources(key);
    for (const p of reported) {
      if (oversize.has(p)) continue;
      // A closed file over the limit is not read at all.
      const size = store.getOpen(p) ? undefined : store.diskSize(p);
      if (size !== undefined && size > settings.maxFileSize) oversize.set(p, size);
    }
    const result = await runEngine(key, sources, reported);
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
      if (version !== undefined && store.getOpen(file)?.version !== version && scheduler.isPending(key)) continue;
      if (version === undefined && !workspaceLinted.has(file) && !store.getOpen(file)) continue;
      const size = oversize.get(file);
      const diagnostics =
        size !== undefined
          ? [oversizeDiagnostic(size, settings.maxFileSize)]
          : [
              ...errors.map(parseErrorToDiagnostic),
              ...suppressions.flatMap((c) => reasonlessSuppressionDiagnostic(c, store.textOf(file)) ?? []),
              ...findings.map((f) => findingToDiagnostic(f, options.docsBase, uriOf)),
            ];
      results.set(file, { version, findings: size !== undefined ? [] : findings });
      problems += diagnostics.length;
      publish(file, diagnostics, version);
    }
    // The output channel's account of what the server did: which unit, how many files, how long, what it found.
    connection.console.log(`linted ${describeUnit(key, sources.length)} in ${Date.now() - started} ms: ${problems} problem${problems === 1 ? '' : 's'} in ${reported.length} open file${reported.length === 1 ? '' : 's'}`);
    return problems;
  }

  function scheduleFor(file: string): void {
    scheduler.schedule(unitKeyOf(file));
  }

  function relintAll(): void {
    const keys = new Set([...store.openPaths(), ...workspaceLinted].map(unitKeyOf));
    for (const key of keys) scheduler.schedule(key);
  }

  /**
   * The settings being read: a lint waits for them, so that a file opened meanwhile is not published with the old
   * ones. Until the first read after `initialized` completes, nothing is linted (a rule the user turned off would
   * otherwise flicker in at start-up).
   */
  let settingsPending: Promise<void> = new Promise<void>((resolve) => (settingsLoaded = resolve));

  /**
   * Pushed settings (the `trailguard` section of workspace/didChangeConfiguration, as eglot, Helix and lspconfig
   * send them) win; otherwise they are pulled through workspace/configuration when the client answers that request.
   */
  /** The configuration in force, in the output channel, whenever it changes. */
  function logSettings(): void {
    const { rules, optIn, minRetentionDays, scope, auditBucketPatterns, exclude, maxFileSize } = settings;
    connection.console.info(`settings in force: ${JSON.stringify({ rules, optIn, minRetentionDays, scope, auditBucketPatterns, exclude, maxFileSize })}; .trailguard.yaml at the workspace root applies under them`);
  }

  function refreshSettings(pushed?: unknown): Promise<void> {
    settingsPending = (async () => {
      try {
        if (pushed !== undefined && pushed !== null) settings = parseSettings(pushed);
        else if (canPullConfiguration) settings = parseSettings(await connection.workspace.getConfiguration('trailguard'));
      } catch (err) {
        connection.console.warn(`TrailGuard could not read settings: ${(err as Error).message}`);
      }
    })();
    return settingsPending;
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canPullConfiguration = !!caps.workspace?.configuration;
    canRegisterConfigurationChange = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    canWatchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    store.cacheListings = canWatchFiles;
    canShowDocument = !!caps.window?.showDocument?.support;
    const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
    if (typeof init.debounceMs === 'number') scheduler.setDelay(Math.min(150, Math.max(0, init.debounceMs)));
    if (typeof init.docsBaseUrl === 'string' && init.docsBaseUrl) options.docsBase = init.docsBaseUrl;
    if (init.settings !== undefined) settings = parseSettings(init.settings);
    const folders = params.workspaceFolders?.map((f) => pathOf(f.uri)).filter((p): p is string => !!p) ?? [];
    if (folders.length === 0 && params.rootUri) {
      const root = pathOf(params.rootUri);
      if (root) folders.push(root);
    }
    configs.setFolders(folders);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: [OPEN_DOCS_COMMAND, FIX_ALL_COMMAND, LINT_FILES_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'trailguard-language-server', version },
    };
  });

  connection.onInitialized(async () => {
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: workspaceGlob() },
          { globPattern: '**/.trailguard.{yaml,yml}' },
        ],
      });
    }
    // Without dynamic registration the client still sends workspace/didChangeConfiguration (it is a notification
    // every client may send); registering anyway makes eglot, nvim-lspconfig and Helix warn on every start.
    if (canPullConfiguration && canRegisterConfigurationChange) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'trailguard' });
    }
    try {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        configs.setFolders([
          ...configs.folders().filter((f) => !e.removed.some((r) => pathOf(r.uri) === f)),
          ...e.added.map((a) => pathOf(a.uri)).filter((p): p is string => !!p),
        ]);
        relintAll();
      });
    } catch {
      // The client does not support workspace folder notifications.
    }
    await refreshSettings();
    logSettings();
    settingsLoaded();
    relintAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    const pushed = (change.settings as Record<string, unknown> | undefined)?.trailguard;
    await refreshSettings(pushed);
    logSettings();
    store.invalidateAll();
    relintAll();
  });

  function describeUnit(key: string, files: number): string {
    const folder = configs.folderOf(key);
    const name = folder ? path.relative(folder, key) || '.' : key;
    return isModuleUnitKey(key) ? `module ${name}${name.endsWith(path.sep) ? '' : path.sep} (${files} file${files === 1 ? '' : 's'})` : name;
  }

  /** A `.trailguard.yaml` being edited: its own problems (unknown rule ids, severities, keys) at their position. */
  function checkConfigDocument(file: string, text: string, version: number): void {
    uris.set(file, uriOf(file));
    publish(file, checkConfigText(text).map((p) => configProblemToDiagnostic(p)), version);
  }

  documents.onDidOpen((e) => {
    const file = pathOf(e.document.uri);
    if (file && isConfigFile(file)) return checkConfigDocument(file, e.document.getText(), e.document.version);
    if (!file || !lintable(file)) return;
    uris.set(file, e.document.uri);
    store.setOpen(file, e.document.getText(), e.document.version);
    scheduleFor(file);
  });

  documents.onDidChangeContent((e) => {
    const file = pathOf(e.document.uri);
    if (file && isConfigFile(file)) return checkConfigDocument(file, e.document.getText(), e.document.version);
    if (!file || !lintable(file)) return;
    const open = store.getOpen(file);
    if (open && open.version === e.document.version) return; // the open event already scheduled this version
    store.setOpen(file, e.document.getText(), e.document.version);
    scheduleFor(file);
  });

  documents.onDidClose((e) => {
    const file = pathOf(e.document.uri);
    if (!file) return;
    store.closeOpen(file);
    if (!workspaceLinted.has(file)) {
      clear(file);
      uris.delete(file);
    }
    // Open siblings now see the file as it is on disk.
    if (isModuleMember(file)) scheduleFor(file);
  });

  connection.onDidChangeWatchedFiles((params) => {
    const units = new Set<string>();
    for (const change of params.changes) {
      const file = pathOf(change.uri);
      if (!file) continue;
      if (/^\.trailguard\.ya?ml$/.test(path.basename(file))) {
        configs.invalidate(file);
        store.invalidateAll();
        relintAll();
        continue;
      }
      store.invalidate(file, change.type !== FileChangeType.Changed);
      if (change.type === FileChangeType.Deleted) {
        workspaceLinted.delete(file);
        if (!store.getOpen(file)) clear(file);
      }
      if (lintable(file)) units.add(unitKeyOf(file));
    }
    for (const key of units) if (reportedFilesOf(key).length) scheduler.schedule(key);
  });

  /**
   * Every safe fix of a file's findings, composed in memory by the core (fixes that touch the same text wait a pass,
   * a fix that would break the file or add a finding anywhere in its unit is dropped and logged).
   */
  async function fixAllOf(file: string): Promise<FixAllResult> {
    const key = unitKeyOf(file);
    await scheduler.whenIdle(key);
    const { sources } = lintableSources(key);
    if (!sources.some((s) => s.path === file)) return { edits: [], fixes: 0, dropped: [] };
    const all = sources.map((s) => s.path);
    const result = await fixAllPasses(sources, (files) => runEngine(key, files, all), (f) => f.file === file);
    if (result.untouched) connection.console.warn(`TrailGuard fix all: ${file} not fixed: ${result.untouched}`);
    for (const d of result.dropped) connection.console.warn(`TrailGuard fix all: not applied ${d.ruleId} "${d.title}" at ${d.file}:${d.line + 1}: ${d.reason}`);
    return result;
  }

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const file = pathOf(params.textDocument.uri);
    if (!file) return [];
    await scheduler.whenIdle(unitKeyOf(file));
    const text = store.textOf(file) ?? '';
    const wantsFixAll = params.context.only?.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(o + '.'));
    const fixAll = wantsFixAll ? await fixAllOf(file) : undefined;
    const actions = codeActions({
      fixAllEdits: fixAll?.edits,
      diagnostics: params.context.diagnostics,
      only: params.context.only,
      findings: results.get(file)?.findings ?? [],
      filePath: file,
      text,
      uriOf,
      docsUrl: (id) => ruleDocsUrl(id, options.docsBase),
    });
    debugLog(`codeAction ${file} ${JSON.stringify(params.range)} only=${params.context.only} diagnostics=${JSON.stringify(params.context.diagnostics.map((d) => [d.code, d.source, d.range.start]))} → ${actions.length}`);
    return actions;
  });

  connection.onExecuteCommand(async (params, token: CancellationToken) => {
    const args = params.arguments ?? [];
    switch (params.command) {
      case OPEN_DOCS_COMMAND: {
        const ruleId = String(args[0] ?? '').toUpperCase();
        if (!/^TG\d{3}$/.test(ruleId)) return { opened: false };
        const url = ruleDocsUrl(ruleId, options.docsBase);
        if (canShowDocument) {
          const r = await connection.window.showDocument({ uri: url, external: !url.startsWith('file:') });
          return { opened: r.success, url };
        }
        connection.window.showInformationMessage(`Documentation for ${ruleId}: ${url}`);
        return { opened: false, url };
      }
      case FIX_ALL_COMMAND: {
        const uri = typeof args[0] === 'string' ? args[0] : (args[0] as { uri?: string } | undefined)?.uri;
        const file = uri ? pathOf(uri) : undefined;
        if (!file) return { applied: false, fixes: 0 };
        const { edits, fixes, dropped, untouched } = await fixAllOf(file);
        if (untouched) connection.window.showWarningMessage(`TrailGuard: ${path.basename(file)} was not fixed: ${untouched}`);
        else if (dropped.length) {
          connection.window.showWarningMessage(`TrailGuard: ${dropped.length} fix${dropped.length === 1 ? ' was' : 'es were'} not applied (${dropped.map((d) => `${d.ruleId}: ${d.reason}`).join('; ')})`);
        }
        if (edits.length === 0) return { applied: false, fixes: 0 };
        const r = await connection.workspace.applyEdit({ label: 'TrailGuard: fix all safe problems', edit: toWorkspaceEdit(edits, uriOf) });
        return { applied: r.applied, fixes };
      }
      case LINT_FILES_COMMAND: {
        const list = (Array.isArray(args[0]) ? args[0] : (args[0] as { uris?: unknown[] } | undefined)?.uris) ?? [];
        const files = list.map((u) => (typeof u === 'string' ? pathOf(u) : undefined)).filter((p): p is string => !!p && !!lintable(p));
        for (const f of files) workspaceLinted.add(f);
        let problems = 0;
        let linted = 0;
        for (const key of new Set(files.map(unitKeyOf))) {
          if (token.isCancellationRequested) break;
          problems += await scheduler.runNow(key);
          linted++;
        }
        return { units: linted, files: files.length, problems, cancelled: token.isCancellationRequested };
      }
      default:
        return undefined;
    }
  });

  connection.onShutdown(() => engine.dispose());
  documents.listen(connection);
  connection.listen();
}

/** TRAILGUARD_SERVER_DEBUG_LOG=<file>: a line per code-action request (for chasing editor-side races). */
function debugLog(line: string): void {
  const file = process.env.TRAILGUARD_SERVER_DEBUG_LOG;
  if (file) fs.appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
}

/** The engine works on workspace-relative paths (so that globs in settings read naturally); the editor needs absolute ones. */
function absoluteFinding(f: Finding, abs: (p: string) => string): Finding {
  const absLoc = <T extends { file: string }>(l: T): T => ({ ...l, file: abs(l.file) });
  return {
    ...f,
    file: f.file ? abs(f.file) : f.file,
    related: f.related.map((r) => (r.loc ? { ...r, loc: absLoc(r.loc) } : r)),
    fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map(absLoc) })),
  };
}
