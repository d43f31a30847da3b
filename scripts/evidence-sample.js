#!/usr/bin/env node
// Regenerates docs/evidence-sample/: the evidence report of the DEMO ORGANIZATION (local endpoint on port 4599,
// not AWS — the report's title says so), as `trailguard evidence --profile demo-management --profile
// demo-log-archive --profile demo-security --region us-east-1` writes it.
//
//   node scripts/evidence-sample.js
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
require('esbuild-register/dist/node').register({ target: 'node20' });
const { startDemoOrganization } = require('./demo-organization');
const { scanAccounts } = require(path.join(root, 'src/live/scanAccounts.ts'));
const { buildEvidenceReport } = require(path.join(root, 'src/evidence/report.ts'));
const { renderReportFiles } = require(path.join(root, 'src/evidence/integrity.ts'));
const { evidenceSettings, exceptionsFromConfig } = require(path.join(root, 'src/evidence/settings.ts'));
const { loadConfigFile } = require(path.join(root, 'src/core/config.ts'));
const { version } = require(path.join(root, 'src/cli/version.ts'));
const { retentionForScans } = require(path.join(root, 'src/live/retentionForScans.ts'));
const { settingExceptions } = require(path.join(root, 'src/evidence/exceptionSources.ts'));

/** One exception, to show the register: MFA Delete on the log archive bucket waits for the root user. */
const CONFIG = [
  'ignore:',
  '  - resource: "*"',
  '    rules: [TG204]',
  '    reason: MFA Delete needs the root user of the log archive account (ticket SEC-142)',
  '    expires: 2027-03-31',
].join('\n');

async function main() {
  const demo = await startDemoOrganization({ port: 4599 });
  Object.assign(process.env, demo.env);
  try {
    const config = loadConfigFile(CONFIG);
    const multi = await scanAccounts({ profiles: demo.profiles, regions: ['us-east-1'], ruleOptions: config, ruleSettings: config.rules });
    const retentionInPractice = await retentionForScans(multi.accounts, { profiles: demo.profiles, minRetentionDays: config.minRetentionDays ?? 365 });
    const report = buildEvidenceReport(multi.accounts, {
      retentionInPractice,
      generatedAt: new Date(),
      tool: { version, commit: null },
      settings: evidenceSettings(config, '.trailguard.yaml'),
      exceptions: [...exceptionsFromConfig(config, '.trailguard.yaml'), ...settingExceptions(evidenceSettings(config, '.trailguard.yaml'))],
    });
    const out = path.join(root, 'docs', 'evidence-sample');
    fs.mkdirSync(out, { recursive: true });
    for (const [name, text] of Object.entries(renderReportFiles(report, 'demo-organization-evidence').files)) fs.writeFileSync(path.join(out, name), text);
    process.stdout.write(`${report.title}\n${report.summary.verdict}\nwrote ${out}\n`);
  } finally {
    await demo.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exitCode = 1;
});
