#!/usr/bin/env node
// `npm run test:electron`: the same in-editor suite (test/vscode) in a desktop VS Code downloaded by
// @vscode/test-electron, for machines that can reach update.code.visualstudio.com. Not part of `npm test`: the CI
// machines cannot download VS Code, and they run the suite in code-server instead (`npm run test:vscode`).
// Env: TRAILGUARD_VSCODE_VERSION (default 1.100.3, the version code-server 4.100.3 embeds); on a headless Linux
// box run it under xvfb-run.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { bundleSuite } = require('../vscode/bundleSuite');

const root = path.join(__dirname, '..', '..');

async function main() {
  for (const f of ['dist/extension.js', 'dist/server.js']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} missing: run \`npm run build\` first`);
  }
  const extensionTestsPath = await bundleSuite();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-electron-ws-'));
  fs.cpSync(path.join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-electron-user-'));
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ 'trailguard.aws.autoScan': false, 'workbench.startupEditor': 'none' }));
  try {
    await runTests({
      version: process.env.TRAILGUARD_VSCODE_VERSION || '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', userData],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`test:electron failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
