#!/usr/bin/env node
// Workspace trust: in a workspace the user does not trust (Restricted Mode), TrailGuard still lints — it never
// runs code from the workspace — while the live view makes no AWS calls. Drives code-server through Chromium:
// answer the trust prompt with "No", open a violating Terraform file, and expect TG101 in Problems.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { root, startCodeServer, launchBrowser, copyWorkspace, requireBuild, openPage, declineWorkspaceTrust } = require('../../scripts/code-server/launch');

const results = path.join(root, 'test-results', 'ui');

async function main() {
  requireBuild();
  fs.mkdirSync(results, { recursive: true });
  const workspace = copyWorkspace(path.join(root, 'test', 'vscode', 'workspace'));
  const started = Date.now();
  const cs = await startCodeServer({ extensions: [root], workspaceTrust: true, settings: { 'security.workspace.trust.startupPrompt': 'always' } });
  const browser = await launchBrowser();
  const page = await openPage(browser);
  try {
    await page.goto(cs.url(workspace));
    await page.locator('.monaco-workbench').waitFor();
    console.log('  · answer the trust prompt: do not trust');
    await declineWorkspaceTrust(page);

    console.log('  · open infra/main.tf and expect TG101 in Problems');
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('main.tf');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'main.tf' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'main.tf' }).waitFor();
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.getByText('enable_log_file_validation', { exact: false }).first().waitFor();
    const text = await panel.innerText();
    assert.ok(text.includes('TG101'), `TG101 in Problems:\n${text}`);
    await page.screenshot({ path: path.join(results, 'restricted-mode.png') });
    console.log(`test/ui restricted mode: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    await page.screenshot({ path: path.join(results, 'restricted-failure.png') }).catch(() => undefined);
    throw err;
  } finally {
    await browser.close().catch(() => undefined);
    await cs.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
