#!/usr/bin/env node
// Runs test/vscode inside a real VS Code extension host: code-server 4.100.3 (VS Code 1.100.3) with its own test
// harness, reached through the web workbench's `payload` parameter (extensionDevelopmentPath +
// extensionTestsPath), driven by headless Chromium. Exit code = the suite's result.
// Needs: `npm run build` first (dist/), scripts/code-server/install.sh (run automatically), /usr/bin/chromium.
const fs = require('fs');
const path = require('path');
const util = require('util');
const esbuild = require('esbuild');
const { root, startCodeServer, launchBrowser, copyWorkspace } = require('/work/main/scripts/code-server/launch');

const TIMEOUT_MS = 300000;

async function main() {
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js')) || !fs.existsSync(path.join(root, 'dist', 'server.js'))) {
    throw new Error('dist/extension.js or dist/server.js missing: run `npm run build` first');
  }
  const outDir = path.join(root, 'out', 'lv-vscode-tests');
  await esbuild.build({
    entryPoints: [path.join('/work/main/test/vscode', '_lv_index.ts')],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // mocha resolves from the repo's node_modules at run time; vscode is the extension host's API.
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const workspace = copyWorkspace(path.join('/work/main/test/vscode', 'workspace'));
  const cs = await startCodeServer({ settings: { 'trailguard.live.autoScan': false } });
  const browser = await launchBrowser();
  let code = 1;
  try {
    const page = await browser.newPage();
    const exit = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (c) => resolve(c));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      (type === 'error' ? process.stderr : process.stdout).write(line.endsWith('\n') ? line : line + '\n');
    });
    const payload = [
      ['extensionDevelopmentPath', cs.remoteUri(root)],
      ['extensionTestsPath', cs.remoteUri(path.join(outDir, 'index.js'))],
    ];
    const started = Date.now();
    await page.goto(cs.url(workspace, payload));
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS));
    const result = await Promise.race([exit, timeout]);
    if (result === 'timeout') {
      console.error(`test/vscode: no result within ${TIMEOUT_MS / 1000} s`);
      fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'test-results', 'vscode-timeout.png') });
      for (const log of cs.extensionHostLogs()) console.error(`--- ${log}\n${fs.readFileSync(log, 'utf8').slice(-4000)}`);
    } else {
      code = Number(result);
      console.log(`test/vscode: extension host exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await browser.close().catch(() => undefined);
    await cs.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  process.exitCode = code;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
