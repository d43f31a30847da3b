// Entry of dist/server.js: `trailguard-language-server --stdio` (or --node-ipc when VS Code starts it). The same
// file runs as the lint worker thread for large units (see engineRunner.ts).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { isLintWorker, runLintWorker } from './lintWorker';
import { startServer } from './server';

if (isLintWorker()) {
  runLintWorker();
} else {
  const connection = createConnection(ProposedFeatures.all);
  // A bug must cost one lint, not the editor's diagnostics: log it and keep serving.
  process.on('uncaughtException', (err) => connection.console.error(`TrailGuard: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => connection.console.error(`TrailGuard: ${String((err as Error)?.stack ?? err)}`));
  startServer(connection, { workerScript: __filename });
}
