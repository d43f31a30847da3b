#!/usr/bin/env node
// The TrailGuard language server for any LSP editor: `trailguard-language-server --stdio`.
if (!process.argv.some((a) => a === '--stdio' || a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
require('../dist/server.js');
