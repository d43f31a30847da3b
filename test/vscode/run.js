#!/usr/bin/env node
// Runs test/vscode inside a real VS Code extension host: code-server 4.100.3 (VS Code 1.100.3) with its own test
// harness, reached through the web workbench's `payload` parameter (extensionDevelopmentPath +
// extensionTestsPath), driven by headless Chromium. Exit code = the suite's result.
// Needs: `npm run build` first (dist/), scripts/code-server/install.sh (run automatically), /usr/bin/chromium.
const fs = require('fs');
const path = require('path');
const util = require('util');
const { bundleSuite } = require('./bundleSuite');
const { startDemoAws } = require('../../scripts/demo-aws');
const { root, startCodeServer, launchBrowser, copyWorkspace } = require('../../scripts/code-server/launch');

const TIMEOUT_MS = Number(process.env.TRAILGUARD_VSCODE_TEST_TIMEOUT ?? 180000);

async function main() {
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js')) || !fs.existsSync(path.join(root, 'dist', 'server.js'))) {
    throw new Error('dist/extension.js or dist/server.js missing: run `npm run build` first');
  }
  const suite = await bundleSuite();
  const workspace = copyWorkspace(path.join(__dirname, 'workspace'));
  // The live view needs an AWS profile to show anything: the local demo endpoint provides one (never real AWS).
  const aws = await startDemoAws();
  Object.assign(process.env, aws.env);
  const cs = await startCodeServer({ settings: { 'trailguard.aws.autoScan': false, 'trailguard.aws.profile': aws.profile, 'trailguard.aws.regions': ['us-east-1'] } });
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
      ['extensionTestsPath', cs.remoteUri(suite)],
    ];
    const started = Date.now();
    await page.goto(cs.url(workspace, payload));
    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)));
    const result = await Promise.race([exit, timeout]);
    clearTimeout(timer);
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
    await aws.close().catch(() => undefined);
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  process.exitCode = code;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
