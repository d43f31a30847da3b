// What the server knows of its client and workspace: the settings in force (and the pull in flight), the open and
// disk texts, `.trailguard.yaml` per folder, file ↔ URI, and which files carry published diagnostics.
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { isCandidateName } from '../core/formats/registry';
import { globMatch } from '../core/glob';
import { defaultSettings, parseSettings, type ServerSettings } from './settings';
import { SourceStore } from './sourceStore';
import { WorkspaceConfigs } from './workspaceConfigs';

export interface ServerOptions {
  /** Milliseconds between the last change and the lint; changes during a lint are coalesced into one re-lint. */
  debounceMs: number;
  docsBase: string;
  /** Script to start as the lint worker for heavy units (the server bundle); undefined: lint everything inline. */
  workerScript?: string;
}

export class Session {
  settings: ServerSettings = defaultSettings;
  readonly store = new SourceStore(() => this.settings.maxFileSize);
  readonly configs: WorkspaceConfigs;
  /** Files that currently have diagnostics published (so that they can be cleared). */
  private readonly published = new Set<string>();
  readonly uris = new Map<string, string>();
  canPullConfiguration = false;
  /** Only a client that announced dynamic registration may be sent client/registerCapability for it (LSP 3.17). */
  canRegisterConfigurationChange = false;
  canWatchFiles = false;
  canShowDocument = false;
  private settingsLoaded!: () => void;
  /**
   * The settings being read: a lint waits for them, so that a file opened meanwhile is not published with the old
   * ones. Until the first read after `initialized` completes, nothing is linted (a rule the user turned off would
   * otherwise flicker in at start-up).
   */
  settingsPending: Promise<void> = new Promise<void>((resolve) => (this.settingsLoaded = resolve));

  constructor(readonly connection: Connection, readonly options: ServerOptions) {
    this.configs = new WorkspaceConfigs((msg) => connection.console.warn(msg));
  }

  /** pathToFileURL of files no editor URI is known for (thousands of diagnostics name a handful of files). */
  private readonly fileUris = new Map<string, string>();

  uriOf = (file: string): string => {
    const known = this.uris.get(file) ?? this.fileUris.get(file);
    if (known) return known;
    const uri = pathToFileURL(file).toString();
    this.fileUris.set(file, uri);
    return uri;
  };

  pathOf = (uri: string): string | undefined => {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  };

  /** Files the server lints: every file some input format may claim (formats/registry.ts), plus `files.include`. */
  lintable = (file: string): boolean => isCandidateName(file) || this.included(file);

  included(file: string): boolean {
    if (!this.settings.include.length) return false;
    const folder = this.configs.folderOf(file);
    const rel = folder ? path.relative(folder, file) : path.basename(file);
    return this.settings.include.some((g) => globMatch(g, rel));
  }

  publish(file: string, diagnostics: Diagnostic[], version?: number): void {
    if (diagnostics.length) this.published.add(file);
    else this.published.delete(file);
    void this.connection.sendDiagnostics({ uri: this.uriOf(file), diagnostics, version });
  }

  hasPublished(file: string): boolean {
    return this.published.has(file);
  }

  /** The first settings read is done: lints may start. */
  markSettingsLoaded(): void {
    this.settingsLoaded();
  }

  /**
   * Pushed settings (the `trailguard` section of workspace/didChangeConfiguration, as eglot, Helix and lspconfig
   * send them) win; otherwise they are pulled through workspace/configuration when the client answers that request.
   */
  refreshSettings(pushed?: unknown): Promise<void> {
    this.settingsPending = (async () => {
      try {
        if (pushed !== undefined && pushed !== null) this.settings = parseSettings(pushed);
        else if (this.canPullConfiguration) this.settings = parseSettings(await this.connection.workspace.getConfiguration('trailguard'));
      } catch (err) {
        this.connection.console.warn(`TrailGuard could not read settings: ${(err as Error).message}`);
      }
    })();
    return this.settingsPending;
  }

  /** The configuration in force, in the output channel, whenever it changes. */
  logSettings(): void {
    const { rules, optIn, minRetentionDays, scope, auditBucketPatterns, exclude, maxFileSize } = this.settings;
    this.connection.console.info(`settings in force: ${JSON.stringify({ rules, optIn, minRetentionDays, scope, auditBucketPatterns, exclude, maxFileSize })}; .trailguard.yaml at the workspace root applies under them`);
  }
}
