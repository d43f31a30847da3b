#!/usr/bin/env node
// A workspace setting must not redirect the live scan without the user's consent (real UI: code-server + headless
// Chromium). The workspace's .vscode/settings.json sets `trailguard.aws.endpointUrl`; the user's profile has no
// endpoint of its own. Declining the modal leaves the view paused with no call made; accepting it scans through
// that endpoint.
//
//   npm run build && node test/vscode/liveViewWorkspaceEndpoint.js
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, startCodeServer, launchBrowser, copyWorkspace, requireBuild, openPage } = require('../../scripts/code-server/launch');

require('esbuild-register/dist/node').register({ target: 'node20' });
const { startAwsEndpoint } = require('../support/aws-endpoint/server.ts');
const { loadScenario } = require('../support/aws-endpoint/scenario.ts');

const results = path.join(root, 'test-results', 'ui');

async function main() {
  requireBuild();
  fs.mkdirSync(results, { recursive: true });
  const endpoint = await startAwsEndpoint({ scenario: loadScenario('demo') });
  // A plain profile: without the workspace setting, its calls would go to AWS itself.
  const awsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-ws-endpoint-aws-'));
  fs.writeFileSync(path.join(awsDir, 'config'), '[profile plain]\nregion = us-east-1\n');
  fs.writeFileSync(path.join(awsDir, 'credentials'), '[plain]\naws_access_key_id = AKIATRAILGUARDTEST03\naws_secret_access_key = not-a-secret\n');
  Object.assign(process.env, { AWS_CONFIG_FILE: path.join(awsDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials') });
  const workspace = copyWorkspace(path.join(root, 'test', 'vscode', 'workspace'));
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'trailguard.aws.endpointUrl': endpoint.url }, null, 2));
  const cs = await startCodeServer({ extensions: [root], settings: { 'trailguard.aws.profile': 'plain', 'trailguard.aws.regions': ['us-east-1'] } });
  const browser = await launchBrowser();
  const page = await openPage(browser);
  const dialog = page.locator('.monaco-dialog-box');
  try {
    await page.goto(cs.url(workspace));
    await page.locator('.monaco-workbench').waitFor();
    await page.click('.activitybar .action-label[aria-label^="TrailGuard"]');
    const pane = page.locator('.pane', { hasText: 'Audit trail' });

    console.log('  · the view asks before using the workspace endpoint; decline');
    await dialog.getByText('trailguard.aws.endpointUrl').waitFor();
    assert.ok((await dialog.innerText()).includes(endpoint.url), 'the dialog names the endpoint');
    await page.screenshot({ path: path.join(results, 'live-view-workspace-endpoint.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await pane.locator('.monaco-list-row', { hasText: 'Scan paused' }).waitFor();
    await page.waitForTimeout(2000);
    assert.deepEqual(endpoint.calls.map((c) => c.operation), [], 'no call before the user agreed');

    console.log('  · review it from the node; accept: the scan goes to that endpoint');
    await pane.locator('.monaco-list-row', { hasText: 'Scan paused' }).click();
    await dialog.getByRole('button', { name: 'Use this endpoint' }).click();
    await pane.locator('.monaco-list-row', { hasText: 'plain (123456789012)' }).waitFor({ timeout: 60000 });
    assert.ok(endpoint.calls.some((c) => c.operation === 'GetCallerIdentity'), 'the scan used the confirmed endpoint');
    console.log(`test/vscode live view workspace endpoint: passed (${endpoint.calls.length} calls, all after consent)`);
  } catch (err) {
    await page.screenshot({ path: path.join(results, 'live-view-workspace-endpoint-failure.png') }).catch(() => undefined);
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
