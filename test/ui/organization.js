#!/usr/bin/env node
// UI test of the organization view in a real VS Code (code-server + headless Chromium): the DEMO ORGANIZATION of
// three accounts behind the local endpoint (scripts/demo-organization.js, not AWS), one profile per account
// (`trailguard.aws.profiles`). The "Audit trail" view shows three account roots, appearing progressively (a root
// "checking…" before its checks arrive); under the management account the organization trail, its log bucket
// labelled with the log-archive account and its key with the security account; and an n/a row (TG202 on the
// bucket without Object Lock), said as "not applicable", never "pass".
//
//   npm run build && node test/ui/organization.js
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, startCodeServer, launchBrowser, copyWorkspace, requireBuild, openPage } = require('../../scripts/code-server/launch');
const { startDemoOrganization } = require('../../scripts/demo-organization');

const results = path.join(root, 'test-results', 'ui');

let step = 'start';
function log(message) {
  step = message;
  console.log(`  · ${message}`);
}

async function main() {
  requireBuild();
  fs.mkdirSync(results, { recursive: true });
  // 150 ms per call: slow enough that the tree visibly fills in while the accounts are scanned.
  const org = await startDemoOrganization({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'tg-ui-org-')), latencyMs: 150 });
  // code-server's extension host inherits this environment: the scanner finds the demo profiles here.
  Object.assign(process.env, org.env);
  const [management, logArchive, security] = org.accounts.map((a) => a.id);
  const workspace = copyWorkspace(path.join(root, 'test', 'vscode', 'workspace'));
  const cs = await startCodeServer({
    extensions: [root],
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'trailguard.aws.profiles': org.profiles, 'trailguard.aws.regions': ['us-east-1'] },
  });
  const browser = await launchBrowser();
  const page = await openPage(browser, 60000);
  const shot = (name) => page.screenshot({ path: path.join(results, `${name}.png`) });
  try {
    log('open the TrailGuard view');
    await page.goto(cs.url(workspace));
    await page.locator('.monaco-workbench').waitFor();
    await page.click('.activitybar .action-label[aria-label^="TrailGuard"]');
    const pane = page.locator('.pane', { hasText: 'Audit trail' });
    const row = (text) => pane.locator('.monaco-list-row', { hasText: text }).first();

    log('the accounts appear progressively: a root "checking…" before its verdicts');
    const roots = [`${org.profiles[0]} (${management})`, `${org.profiles[1]} (${logArchive})`, `${org.profiles[2]} (${security})`];
    let sawChecking = false;
    for (let i = 0; i < 600; i++) {
      const text = await pane.innerText().catch(() => '');
      if (/checking…/.test(text) && roots.some((r) => text.includes(r))) sawChecking = true;
      if (roots.every((r) => text.includes(r)) && !/checking…|scanning/i.test(text)) break;
      await page.waitForTimeout(100);
    }
    assert.ok(sawChecking, 'a root showed its trails "checking…" before the checks arrived');

    log('three account roots, one per profile');
    for (const r of roots) await row(r).waitFor();
    await shot('org-01-roots');

    log('under the management account: the organization trail, its bucket in log-archive, its key in security');
    // A click toggles a tree row: only click a collapsed one, then wait until it says it is expanded.
    // The tree can re-render between finding a row and clicking it (the code ↔ account link adds a root when the scan
    // finishes), so the click may land on the row that moved under the pointer: check, and click again if needed.
    const expand = async (text) => {
      const expanded = pane.locator('.monaco-list-row[aria-expanded="true"]', { hasText: text }).first();
      for (let attempt = 1; ; attempt++) {
        const r = row(text);
        await r.waitFor();
        if ((await r.getAttribute('aria-expanded')) === 'false') await r.click();
        try {
          await expanded.waitFor({ timeout: 10_000 });
          return;
        } catch (e) {
          if (attempt === 3) throw e;
        }
      }
    };
    await expand(roots[0]);
    await expand('us-east-1');
    await expand('org-trail');
    const bucket = row('acme-org-audit-logs');
    await bucket.waitFor();
    assert.match(await bucket.innerText(), new RegExp(`account ${logArchive}`), 'the bucket names its owner account');
    const key = row('5ec0r1ty');
    assert.match(await key.innerText(), new RegExp(`account ${security}`), 'the key names its owner account');

    log('the bucket without Object Lock: TG202 is "not applicable", not "pass"');
    await expand('acme-org-audit-logs');
    const retention = row('TG202');
    await retention.waitFor();
    const retentionText = await retention.innerText();
    assert.match(retentionText, /not applicable/, retentionText);
    assert.doesNotMatch(retentionText, /\bpass\b/, retentionText);
    await shot('org-02-chain');
    console.log(`test/ui organization: passed (${roots.length} account roots, chain across accounts, n/a row)`);
  } catch (err) {
    await shot('org-failure').catch(() => undefined);
    console.error(`test/ui organization: failed at step "${step}" (screenshot: test-results/ui/org-failure.png)`);
    throw err;
  } finally {
    await browser.close().catch(() => undefined);
    await cs.stop();
    await org.close().catch(() => undefined);
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
