// A minimal LSP client for tests: spawns the bundled server over stdio exactly as an editor does and records
// what it publishes. The server is bundled fresh into a temp folder, so the test never runs a stale dist/.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

const root = path.join(__dirname, '..', '..');
let bundled: string | undefined;

/**
 * jsonc-parser's UMD build hides its requires from esbuild (its ESM build bundles cleanly); web-tree-sitter's ESM
 * build needs import.meta, which a CommonJS bundle does not have (its CJS build works).
 */
const cjsFriendlyBuilds: import('esbuild').Plugin = {
  name: 'cjs-friendly-builds',
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, () => ({
      path: path.join(path.dirname(require.resolve('jsonc-parser/package.json')), 'lib', 'esm', 'main.js'),
    }));
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
  },
};

/** Builds src/server/main.ts with esbuild into a temp dir, with the wasm files beside it as in dist/. */
export async function bundleServer(): Promise<string> {
  if (bundled) return bundled;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const esbuild = require('esbuild') as typeof import('esbuild');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-server-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'dist', 'server.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'src/server/main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    plugins: [cjsFriendlyBuilds],
    logLevel: 'error',
  });
  const grammarDir = path.dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json'));
  for (const f of [require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(grammarDir, 'tree-sitter-terraform.wasm'), path.join(grammarDir, 'tree-sitter-hcl.wasm')]) {
    fs.copyFileSync(f, path.join(dir, 'dist', path.basename(f)));
  }
  bundled = out;
  return out;
}

export function uriOf(file: string): string {
  return pathToFileURL(file).toString();
}

export interface ClientOptions {
  workspace: string;
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  /** Client capabilities as eglot, Helix or Neovim announce them: no dynamic registration of configuration changes. */
  dynamicConfigurationRegistration?: boolean;
  /** false: the client never answers workspace/configuration (settings only arrive pushed). */
  pullConfiguration?: boolean;
}

export class TestClient {
  readonly published = new Map<string, PublishDiagnosticsParams>();
  /** Every publication, in order. */
  readonly history: PublishDiagnosticsParams[] = [];
  private readonly waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private readonly versions = new Map<string, number>();
  readonly texts = new Map<string, string>();
  settings: Record<string, unknown>;
  /** Every workspace/applyEdit the server sent, already applied to `texts`. */
  readonly appliedEdits: WorkspaceEdit[] = [];
  readonly shownDocuments: string[] = [];
  readonly log: string[] = [];
  /** The method of every client/registerCapability registration the server asked for. */
  readonly registrations: string[] = [];

  private constructor(private readonly proc: ChildProcess, readonly conn: ProtocolConnection, options: ClientOptions) {
    this.settings = options.settings ?? {};
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, p);
      this.history.push(p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.pred(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((i) => (i.section === 'trailguard' ? this.settings : null)),
    );
    conn.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      this.registrations.push(...p.registrations.map((r) => r.method));
      return null;
    });
    conn.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
      this.appliedEdits.push(params.edit);
      this.applyWorkspaceEdit(params.edit);
      return { applied: true };
    });
    conn.onRequest('window/showDocument', (params: { uri: string }) => {
      this.shownDocuments.push(params.uri);
      return { success: true };
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.log.push(p.message);
      for (const w of this.logWaiters.filter((x) => x.pred(p.message))) {
        this.logWaiters.splice(this.logWaiters.indexOf(w), 1);
        w.resolve(p.message);
      }
    });
  }

  private readonly logWaiters: { pred: (line: string) => boolean; resolve: (line: string) => void }[] = [];

  /** Resolves with the first output-channel line (already logged or to come) that satisfies `pred`. */
  logLine(pred: (line: string) => boolean, timeoutMs = 15000): Promise<string> {
    const seen = this.log.find(pred);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; log: ${JSON.stringify(this.log.slice(-5))}`)), timeoutMs);
      this.logWaiters.push({ pred, resolve: (l) => { clearTimeout(timer); resolve(l); } });
    });
  }

  /** The server's process id (the benchmark signals its event-loop monitor). */
  get pid(): number {
    return this.proc.pid!;
  }

  static async start(options: ClientOptions): Promise<TestClient> {
    const server = await bundleServer();
    // TRAILGUARD_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
    const nodeArgs = (process.env.TRAILGUARD_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const proc = spawn(process.execPath, [...nodeArgs, server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stderr!.on('data', (d) => process.stderr.write(`[server] ${d}`));
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!)) as ProtocolConnection;
    const client = new TestClient(proc, conn, options);
    conn.listen();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(options.workspace),
      workspaceFolders: [{ uri: uriOf(options.workspace), name: path.basename(options.workspace) }],
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: options.pullConfiguration ?? true,
          applyEdit: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          didChangeConfiguration: { dynamicRegistration: options.dynamicConfigurationRegistration ?? true },
          workspaceFolders: true,
        },
        window: { showDocument: { support: true } },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
          synchronization: { dynamicRegistration: false },
        },
      },
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  /** Resolves with the next publication for `file` that satisfies `pred` (or the current one, if it already does). */
  diagnostics(file: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 15000): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    const current = this.published.get(uri);
    if (current && pred(current)) return Promise.resolve(current.diagnostics);
    return this.nextDiagnostics(file, pred, timeoutMs);
  }

  /** Resolves with the next publication for `file` that satisfies `pred`, ignoring what was published before. */
  nextDiagnostics(file: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 15000): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${file} within ${timeoutMs} ms; last: ${JSON.stringify(this.published.get(uri)?.diagnostics.map((d) => d.code))}`)), timeoutMs);
      this.waiters.push({ uri, pred, resolve: (p) => { clearTimeout(timer); resolve(p.diagnostics); } });
    });
  }

  /** Waits for the diagnostics of a given document version. */
  diagnosticsOfVersion(file: string, version: number): Promise<Diagnostic[]> {
    return this.diagnostics(file, (p) => p.version === version);
  }

  async open(file: string, text: string, languageId = file.endsWith('.tf') ? 'terraform' : file.endsWith('.json') ? 'json' : 'yaml'): Promise<number> {
    this.versions.set(file, 1);
    this.texts.set(file, text);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
    return 1;
  }

  /** Replaces the whole text (as a full-range incremental change); returns the new version. */
  async change(file: string, text: string): Promise<number> {
    const old = this.texts.get(file) ?? '';
    const lines = old.split('\n');
    const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
    return this.edit(file, [{ range: { start: { line: 0, character: 0 }, end }, newText: text }]);
  }

  async edit(file: string, edits: TextEdit[]): Promise<number> {
    const version = (this.versions.get(file) ?? 0) + 1;
    this.versions.set(file, version);
    this.texts.set(file, applyTextEdits(this.texts.get(file) ?? '', edits, false));
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf(file), version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    return version;
  }

  async close(file: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  async codeActions(file: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return (await this.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(file) },
      range,
      context: { diagnostics, only },
    })) as CodeAction[];
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.conn.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  async watchedFilesChanged(changes: { file: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: uriOf(c.file), type: c.type })) });
  }

  async configurationChanged(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: { trailguard: settings } });
  }

  /** Applies a workspace edit to the texts this client holds (open documents) and to files on disk otherwise. */
  applyWorkspaceEdit(edit: WorkspaceEdit): void {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      const file = new URL(uri).pathname;
      const text = this.texts.get(file) ?? fs.readFileSync(file, 'utf8');
      this.texts.set(file, applyTextEdits(text, edits));
    }
  }

  async stop(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

/** Applies LSP text edits to a text; with `sorted` false they are applied in the order given (didChange semantics). */
export function applyTextEdits(text: string, edits: TextEdit[], sorted = true): string {
  const offsetAt = (t: string, pos: { line: number; character: number }) => {
    let offset = 0;
    for (let l = 0; l < pos.line; l++) {
      const nl = t.indexOf('\n', offset);
      if (nl === -1) return t.length;
      offset = nl + 1;
    }
    return Math.min(offset + pos.character, t.length);
  };
  if (!sorted) {
    for (const e of edits) text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
    return text;
  }
  const withOffsets = edits.map((e) => ({ e, start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end) }));
  withOffsets.sort((a, b) => b.start - a.start || b.end - a.end);
  for (const { e, start, end } of withOffsets) text = text.slice(0, start) + e.newText + text.slice(end);
  return text;
}
