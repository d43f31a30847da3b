#!/usr/bin/env node
// UI test of code ↔ account in a real VS Code (code-server + headless Chromium), as `npm run demo` shows it: the
// DEMO ORGANIZATION on the local endpoint (not AWS), a copy of examples/ open. After the scan, log-archive.tf shows
// a CodeLens with the live state of the demo bucket and the drift diagnostics (source trailguard-live); clicking the
// CodeLens reveals the bucket in the Audit trail view; Go to Definition on the trail opens main.tf at its line.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, startCodeServer, launchBrowser, copyWorkspace } = require('../../scripts/code-server/launch');
const { startDemoOrganization } = require('../../scripts/demo-organization');

const results = path.join(root, 'test-results', 'ui');
const STEP_TIMEOUT = 60000;
let step = 'start';
function log(message) {
  step = message;
  console.log(`  · ${message}`);
}

async function main() {
  if (!fs.existsSync(path.join(root, 'dist', 'link.js'))) throw new Error('dist/ missing: run `npm run build` first');
  fs.mkdirSync(results, { recursive: true });
  const aws = await startDemoOrganization({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'tg-ui-link-')) });
  // code-server's extension host inherits this environment: the scanner finds the demo profiles here.
  Object.assign(process.env, aws.env);
  const workspace = copyWorkspace(path.join(root, 'examples'));
  const started = Date.now();
  const cs = await startCodeServer({
    extensions: [root],
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'editor.minimap.enabled': false,
      'trailguard.aws.profiles': aws.profiles,
      'trailguard.aws.regions': ['us-east-1'],
      'workbench.sideBar.location': 'left',
    },
  });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  page.setDefaultTimeout(STEP_TIMEOUT);
  const shot = (name) => page.screenshot({ path: path.join(results, `${name}.png`) });
  try {
    log('open examples/ and the Audit trail view: the three demo accounts are scanned');
    await page.goto(cs.url(workspace));
    await page.locator('.monaco-workbench').waitFor();
    await page.click('.activitybar .action-label[aria-label^="TrailGuard"]');
    const pane = page.locator('.pane', { hasText: 'Audit trail' });
    const row = (text) => pane.locator('.monaco-list-row', { hasText: text }).first();
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('.pane .monaco-list-row')].map((r) => r.textContent ?? '');
      return rows.filter((t) => /trail buckets compliant|no trail buckets/.test(t) && !/scanning|checking/.test(t)).length >= 3;
    }, undefined, { timeout: STEP_TIMEOUT });

    log('open organization/log-archive.tf: a CodeLens on the bucket header says what is live');
    await page.locator('.monaco-workbench').click({ position: { x: 900, y: 400 } });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('log-archive.tf');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'log-archive.tf' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'log-archive.tf' }).waitFor();
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Live (' }).first();
    await lens.waitFor();
    const lensText = (await lens.innerText()).replace(/\u00a0/g, ' ');
    assert.strictEqual(lensText, 'Live (demo-management, 222233334444): 2 failing · Object Lock off · 3 drifts', `CodeLens text: ${lensText}`);
    await shot('link-01-codelens');

    log('the hover on the header line shows the live evidence');
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':2:3');
    await page.keyboard.press('Enter');
    await page.locator('.statusbar', { hasText: 'Ln 2, Col 3' }).waitFor();
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-editor .monaco-hover', { hasText: 'Live bucket acme-org-audit-logs' }).first();
    await hover.waitFor();
    const hoverText = (await hover.innerText()).replace(/\u00a0/g, ' ');
    for (const expected of ['profile demo-management, account 222233334444', 'TG201', 'Drift from this code', 'Live evidence (failing checks)', 'GetObjectLockConfiguration']) {
      assert.ok(hoverText.includes(expected), `hover shows ${expected}:\n${hoverText}`);
    }
    await shot('link-01b-hover');
    await page.keyboard.press('Escape');

    log('the drifts are diagnostics of source trailguard-live in Problems, Warning, at the attribute');
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor();
    await panel.getByText('sets Object Lock COMPLIANCE 365 days', { exact: false }).first().waitFor();
    const problems = (await panel.innerText()).replace(/\u00a0/g, ' ');
    for (const expected of [
      'Drift: organization/log-archive.tf:8 sets Object Lock COMPLIANCE 365 days; the live bucket has no Object Lock configuration',
      'Drift: organization/log-archive.tf:60 has a TLS-only deny in the bucket policy; the live bucket has no TLS-only deny in the bucket policy',
      'Drift: organization/log-archive.tf:2 has MFA Delete not set; the live bucket has MFA Delete Enabled',
      'trailguard-live',
    ]) assert.ok(problems.includes(expected), `Problems shows ${expected}:\n${problems}`);
    const driftRow = panel.locator('.monaco-list-row', { hasText: 'sets Object Lock COMPLIANCE 365 days' }).first();
    assert.ok(await driftRow.locator('.codicon-warning').count(), 'the rule drift is a Warning');
    assert.match(await driftRow.innerText(), /\[Ln 8, Col \d+\]/);
    await shot('link-02-drift-problems');

    log('click the CodeLens: the Audit trail view reveals and selects the bucket');
    await lens.click();
    const selected = pane.locator('.monaco-list-row.selected', { hasText: 'acme-org-audit-logs' });
    await selected.waitFor();
    const bucketRow = (await selected.innerText()).replace(/\u00a0/g, ' ');
    assert.ok(bucketRow.includes('defined in organization/log-archive.tf:2'), `the node says where it is defined: ${bucketRow}`);
    await shot('link-03-revealed');

    log('the linked trail offers Go to Definition: it opens main.tf at the trail\'s line');
    const trail = row('org-trail');
    await trail.hover();
    await trail.locator('.action-label[aria-label="Go to Definition"]').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'main.tf' }).waitFor();
    await page.locator('.statusbar', { hasText: 'Ln 32, Col 1' }).waitFor();
    await shot('link-04-go-to-definition');

    log('"Not deployed (in this scan)" lists the other examples\' trails and buckets');
    // The accounts' trees are long: collapse them so that the roots below are on screen.
    await page.locator('.part.sidebar .action-label[aria-label="Collapse All"]').first().click();
    await row('Not deployed (in this scan)').click();
    await page.keyboard.press('ArrowRight');
    await row('example-org-audit-logs').waitFor();
    console.log(`test/ui link: passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(root, results)}/`);
  } catch (err) {
    await shot('link-failure').catch(() => undefined);
    console.error(`test/ui link: failed at step "${step}" (screenshot: ${path.relative(root, path.join(results, 'link-failure.png'))})`);
    console.error(`extension host logs: ${cs.extensionHostLogs().join(' ')}`);
    throw err;
  } finally {
    await browser.close().catch(() => undefined);
    await cs.stop();
    await aws.close().catch(() => undefined);
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
