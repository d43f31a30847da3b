#!/usr/bin/env node
// The TrailGuard language server for any LSP editor: `trailguard-language-server --stdio`.
const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`trailguard-language-server ${require('../package.json').version}\n`);
  process.exit(0);
}
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`Usage: trailguard-language-server [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]

The TrailGuard language server: lints Terraform, CloudFormation and S3/KMS policy JSON for AWS audit-logging
guardrails and offers quick fixes, over the Language Server Protocol. Editors start it; it talks LSP on stdin/stdout
by default (--stdio).

Options:
  --stdio        talk LSP over stdin/stdout (the default)
  --node-ipc     talk LSP over Node IPC (VS Code)
  --version, -v  print the version and exit
  --help, -h     print this help and exit

Settings: the "trailguard" section, pulled through workspace/configuration or pushed with
workspace/didChangeConfiguration; a .trailguard.yaml at the workspace root applies too.
Set-ups for Neovim, Emacs, Helix and Zed: docs/editors.md. Nothing appears? Check the editor's LSP log and
trailguard.trace.server.
`);
  process.exit(0);
}
if (!args.some((a) => a === '--stdio' || a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
require('../dist/server.js');
