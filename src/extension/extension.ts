// The VS Code client: it starts the TrailGuard language server as a separate process and wires documents,
// commands and the live view. Nothing heavy happens here: all parsing and linting runs in the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { crashTolerantErrorHandler } from './errorHandler';
import { documentSelector, fileWatcherGlob } from './selector';
import { lintWorkspace } from './lintWorkspace';
import { OPEN_RULE_DOC_COMMAND, openRuleDoc, ruleDocMiddleware } from './ruleDocs';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('TrailGuard', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const extraGlobs = vscode.workspace.getConfiguration('trailguard').get<string[]>('files.include', []);
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(extraGlobs),
    outputChannel: output,
    // No `synchronize`: the server registers for configuration changes itself and pulls the `trailguard` section
    // through workspace/configuration, as it does with every other editor.
    initializationOptions: { docsBaseUrl: vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules').toString() + '/' },
    errorHandler: crashTolerantErrorHandler(output),
    diagnosticCollectionName: 'trailguard',
    middleware: ruleDocMiddleware(context.extensionUri),
  };
  client = new LanguageClient('trailguard', 'TrailGuard', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('trailguard.showOutput', () => output.show(true)),
    vscode.commands.registerCommand(OPEN_RULE_DOC_COMMAND, (ruleId: unknown) => openRuleDoc(context.extensionUri, ruleId)),
    vscode.commands.registerCommand('trailguard.lintWorkspace', () => (client ? lintWorkspace(client, fileWatcherGlob(extraGlobs)) : undefined)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('trailguard.files.include')) {
        void vscode.window.showInformationMessage('TrailGuard: reload the window to lint the new file patterns.');
      }
    }),
  );

  registerLiveViewIfPresent(context, output);

  // Start in the background: activation returns at once and the editor stays responsive.
  client.start().catch((err: unknown) => output.error(`TrailGuard language server failed to start: ${String(err)}`));
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop().catch(() => undefined);
  client = undefined;
}

/** The live account view lives in ./liveView (built separately); its absence or failure never breaks linting. */
function registerLiveViewIfPresent(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const live = require('./liveView') as { registerLiveView?: (ctx: vscode.ExtensionContext) => void };
    live.registerLiveView?.(context);
  } catch (err) {
    output.warn(`TrailGuard live view unavailable: ${(err as Error).message}`);
  }
}
