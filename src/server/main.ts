// Entry of dist/server.js: `trailguard-language-server --stdio` (or --node-ipc when VS Code starts it).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// A bug must cost one lint, not the editor's diagnostics: log it and keep serving.
process.on('uncaughtException', (err) => connection.console.error(`TrailGuard: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (err) => connection.console.error(`TrailGuard: ${String((err as Error)?.stack ?? err)}`));
startServer(connection);
