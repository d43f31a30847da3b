#!/usr/bin/env node
// Takes the README screenshot of the "Audit trail" view: code-server with TrailGuard, the DEMO account served by
// the local AWS endpoint (scripts/demo-aws.js, not AWS), headless Chromium. Also a smoke test of the real UI:
// it fails unless the tree shows the demo account, a failing check and an unknown one.
//
//   npm run build && node test/vscode/liveViewScreenshot.js [out.png]     (default media/audit-trail-view.png)
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, startCodeServer, launchBrowser, copyWorkspace } = require('../../scripts/code-server/launch');
const { startDemoAws } = require('../../scripts/demo-aws');

async function main() {
  const out = path.resolve(process.argv[2] ?? path.join(root, 'media', 'audit-trail-view.png'));
  const aws = await startDemoAws({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'tg-shot-aws-')) });
  // code-server's extension host inherits this environment: the scanner finds the `demo` profile here.
  Object.assign(process.env, aws.env);
  const workspace = copyWorkspace(path.join(root, 'examples'));
  const cs = await startCodeServer({
    extensions: [root],
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'trailguard.aws.profile': aws.profile,
      'trailguard.aws.regions': ['us-east-1', 'eu-west-1'],
      'workbench.sideBar.location': 'left',
    },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(cs.url(workspace));
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.click('.activitybar .action-label[aria-label^="TrailGuard"]', { timeout: 60000 });
    // A wider side bar, so labels and descriptions are readable: drag its edge.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (sidebar) {
      const edge = sidebar.x + sidebar.width - 1;
      await page.mouse.move(edge, sidebar.y + 300);
      await page.mouse.down();
      await page.mouse.move(edge + 380, sidebar.y + 300, { steps: 8 });
      await page.mouse.up();
    }
    const pane = page.locator('.pane', { hasText: 'Audit trail' });
    const row = (text) => pane.locator('.monaco-list-row', { hasText: text }).first();
    await row(`demo (${aws.account})`).waitFor({ timeout: 60000 });
    // Wait for the scan to finish (the root description stops saying "scanning").
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('.pane .monaco-list-row')].map((r) => r.textContent ?? '');
      return rows.some((t) => /trail buckets compliant|no trail buckets/.test(t) && !/scanning/.test(t));
    }, undefined, { timeout: 60000 });
    // Open the legacy trail and its bucket: failing checks with their severity icons.
    await row('demo-legacy-trail').click();
    await page.keyboard.press('ArrowRight');
    await row('demo-legacy-trail-logs').click();
    await page.keyboard.press('ArrowRight');
    await pane.locator('.monaco-list-row .codicon-error').first().waitFor({ timeout: 30000 });
    // Show the evidence tooltip of the seed check: Object Lock on the trail bucket.
    await row('TG201 Object Lock').hover();
    await page.locator('.monaco-hover, .workbench-hover').first().waitFor({ timeout: 10000 }).catch(() => undefined);
    await page.waitForTimeout(800);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    const text = await pane.innerText();
    for (const expected of [`demo (${aws.account})`, 'us-east-1', 'eu-west-1', 'demo-legacy-trail', 'TG2']) {
      if (!text.includes(expected)) throw new Error(`the view does not show "${expected}":\n${text}`);
    }
    console.log(`screenshot: ${path.relative(process.cwd(), out)}\n--- view text ---\n${text}`);
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
