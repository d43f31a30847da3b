#!/usr/bin/env node
// Workspace trust and the live view, in the real UI (code-server + headless Chromium): in a workspace the user
// does not trust, the "Audit trail" view says why it is empty and the AWS endpoint receives no call at all, even
// with a profile configured; once the user trusts the workspace, the view scans.
//
//   npm run build && node test/vscode/liveViewRestricted.js
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, startCodeServer, launchBrowser, copyWorkspace, requireBuild, openPage, declineWorkspaceTrust } = require('../../scripts/code-server/launch');

require('esbuild-register/dist/node').register({ target: 'node20' });
const { startAwsEndpoint } = require('../support/aws-endpoint/server.ts');
const { loadScenario } = require('../support/aws-endpoint/scenario.ts');
const { writeEndpointProfile } = require('../support/aws-endpoint/profile.ts');

const results = path.join(root, 'test-results', 'ui');

async function main() {
  requireBuild();
  fs.mkdirSync(results, { recursive: true });
  const endpoint = await startAwsEndpoint({ scenario: loadScenario('demo') });
  const files = writeEndpointProfile(endpoint.url, { profile: 'demo', dir: fs.mkdtempSync(path.join(os.tmpdir(), 'tg-restricted-aws-')) });
  // Inherited by code-server's extension host: the profile exists, so only trust can stop the scan.
  Object.assign(process.env, { AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile });
  const workspace = copyWorkspace(path.join(root, 'test', 'vscode', 'workspace'));
  const cs = await startCodeServer({
    extensions: [root],
    workspaceTrust: true,
    settings: { 'security.workspace.trust.startupPrompt': 'always', 'trailguard.aws.profile': 'demo', 'trailguard.aws.regions': ['us-east-1'] },
  });
  const browser = await launchBrowser();
  const page = await openPage(browser);
  try {
    await page.goto(cs.url(workspace));
    await page.locator('.monaco-workbench').waitFor();
    console.log('  · answer the trust prompt: do not trust');
    await declineWorkspaceTrust(page);

    console.log('  · open the TrailGuard view: it says why, and makes no AWS call');
    await page.click('.activitybar .action-label[aria-label^="TrailGuard"]');
    const pane = page.locator('.pane', { hasText: 'Audit trail' });
    await pane.locator('.monaco-list-row', { hasText: 'Workspace not trusted: no AWS calls are made' }).waitFor();
    await page.waitForTimeout(3000);
    assert.deepEqual(endpoint.calls.map((c) => `${c.service}:${c.operation}`), [], 'no AWS call in an untrusted workspace');
    await page.screenshot({ path: path.join(results, 'live-view-restricted.png') });

    console.log('  · trust the workspace from the node: the view scans');
    await pane.locator('.monaco-list-row', { hasText: 'Workspace not trusted' }).click();
    await page.getByRole('button', { name: /^Trust$/ }).first().click();
    await pane.locator('.monaco-list-row', { hasText: 'demo (123456789012)' }).waitFor({ timeout: 60000 });
    assert.ok(endpoint.calls.some((c) => c.operation === 'GetCallerIdentity'), 'the scan ran after trust was granted');
    console.log(`test/vscode live view restricted mode: passed (${endpoint.calls.length} calls after trust, none before)`);
  } catch (err) {
    await page.screenshot({ path: path.join(results, 'live-view-restricted-failure.png') }).catch(() => undefined);
    throw err;
  } finally {
    await browser.close().catch(() => undefined);
    await cs.stop();
    await endpoint.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
