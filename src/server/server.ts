// The TrailGuard language server. It owns the documents: it lints a file on open and change (a Terraform file
// together with its module folder), publishes the findings of every open file of the unit, and answers code
// actions from the last lint. Parsing happens in its lint workers, never in the editor's extension host.
// This file wires the protocol: lifecycle and settings, document and file-watcher events. What a lint does is in
// unitLint.ts, where it runs in engineRunner.ts (lintWorkerClient.ts, lintWorker.ts), code actions and commands
// in commands.ts.
import * as path from 'path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_COMMAND, FIX_ALL_KIND, LINT_FILES_COMMAND, OPEN_DOCS_COMMAND } from './codeActions';
import { serveCommands } from './commands';
import { configProblemToDiagnostic, defaultDocsBase } from './diagnostics';
import { isModuleMember, unitKeyOf, workspaceGlob } from '../core/formats/registry';
import { LintScheduler } from './scheduler';
import { parseSettings } from './settings';
import { Session, type ServerOptions } from './session';
import { UnitLinter } from './unitLint';
import { isConfigFile } from './workspaceConfigs';
import { checkConfigText } from '../core/configCheck';
import { version } from '../cli/version';

export type { ServerOptions } from './session';

export function startServer(connection: Connection, overrides: Partial<ServerOptions> = {}): void {
  const documents = new TextDocuments(TextDocument);
  const session = new Session(connection, { debounceMs: 5, docsBase: defaultDocsBase(), ...overrides });
  const { store, configs, pathOf } = session;
  const linter = new UnitLinter(session);
  const scheduler = new LintScheduler(session.options.debounceMs, (key, signal) => linter.lintUnit(key, signal), (err) =>
    connection.console.error(`TrailGuard lint failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`),
  );
  linter.scheduler = scheduler;

  const scheduleFor = (file: string) => scheduler.schedule(unitKeyOf(file));

  function relintAll(): void {
    const keys = new Set([...store.openPaths(), ...linter.workspaceLinted].map(unitKeyOf));
    for (const key of keys) scheduler.schedule(key);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    session.canPullConfiguration = !!caps.workspace?.configuration;
    session.canRegisterConfigurationChange = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    session.canWatchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    store.cacheListings = session.canWatchFiles;
    session.canShowDocument = !!caps.window?.showDocument?.support;
    const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
    if (typeof init.debounceMs === 'number') scheduler.setDelay(Math.min(150, Math.max(0, init.debounceMs)));
    if (typeof init.docsBaseUrl === 'string' && init.docsBaseUrl) session.options.docsBase = init.docsBaseUrl;
    if (init.settings !== undefined) session.settings = parseSettings(init.settings);
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
    linter.engine.prestart();
    if (session.canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: workspaceGlob() },
          { globPattern: '**/.trailguard.{yaml,yml}' },
        ],
      });
    }
    // Without dynamic registration the client still sends workspace/didChangeConfiguration (it is a notification
    // every client may send); registering anyway makes eglot, nvim-lspconfig and Helix warn on every start.
    if (session.canPullConfiguration && session.canRegisterConfigurationChange) {
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
    await session.refreshSettings();
    session.logSettings();
    session.markSettingsLoaded();
    relintAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    const pushed = (change.settings as Record<string, unknown> | undefined)?.trailguard;
    await session.refreshSettings(pushed);
    session.logSettings();
    store.invalidateAll();
    relintAll();
  });

  /** A `.trailguard.yaml` being edited: its own problems (unknown rule ids, severities, keys) at their position. */
  function checkConfigDocument(file: string, text: string, version: number): void {
    session.uris.set(file, session.uriOf(file));
    session.publish(file, checkConfigText(text).map((p) => configProblemToDiagnostic(p)), version);
  }

  documents.onDidOpen((e) => {
    const file = pathOf(e.document.uri);
    if (file && isConfigFile(file)) return checkConfigDocument(file, e.document.getText(), e.document.version);
    if (!file || !session.lintable(file)) return;
    session.uris.set(file, e.document.uri);
    store.setOpen(file, e.document.getText(), e.document.version);
    scheduleFor(file);
  });

  documents.onDidChangeContent((e) => {
    const file = pathOf(e.document.uri);
    if (file && isConfigFile(file)) return checkConfigDocument(file, e.document.getText(), e.document.version);
    if (!file || !session.lintable(file)) return;
    const open = store.getOpen(file);
    if (open && open.version === e.document.version) return; // the open event already scheduled this version
    store.setOpen(file, e.document.getText(), e.document.version);
    scheduleFor(file);
  });

  documents.onDidClose((e) => {
    const file = pathOf(e.document.uri);
    if (!file) return;
    store.closeOpen(file);
    if (!linter.workspaceLinted.has(file)) {
      linter.clear(file);
      if (!linter.called.has(file)) session.uris.delete(file);
    }
    // Open siblings now see the file as it is on disk; a unit no longer linted drops its child-module findings.
    if (isModuleMember(file) || linter.called.hasCaller(unitKeyOf(file))) scheduleFor(file);
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
        linter.workspaceLinted.delete(file);
        if (!store.getOpen(file)) linter.clear(file);
      }
      if (session.lintable(file)) units.add(unitKeyOf(file));
      // Callers read a child module from disk: they are re-evaluated with its new text.
      for (const caller of linter.callersOf(path.dirname(file))) units.add(caller);
    }
    for (const key of units) if (linter.reportedFilesOf(key).length || linter.called.hasCaller(key)) scheduler.schedule(key);
  });

  serveCommands(session, linter, scheduler);
  connection.onShutdown(() => linter.engine.dispose());
  documents.listen(connection);
  connection.listen();
}
