#!/usr/bin/env node
// Starts TrailGuard's local AWS endpoint with the DEMO ORGANIZATION (a scenario file, not AWS): three accounts —
// management (the organization trail), log archive (its bucket), security (its key) — behind one endpoint, and
// writes a shared config with one profile per account, so the live view shows the trail → bucket → key chain
// crossing accounts without an AWS account. The organization trail's last 24 hours of log and digest files are
// generated at start (signed with a key made here): one log file tampered with, one digest deleted (a gap in the
// chain), two hours without a delivery — what `trailguard verify-logs` and the tree's "Validate Log Files" find.
//
//   node scripts/demo-organization.js [--port 4598] [--dir DIR] [--json]
//
// Programmatic use (npm run demo): `const { startDemoOrganization } = require('./demo-organization');`
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
// The endpoint is TypeScript test support code: load it through esbuild-register (a dev dependency).
require('esbuild-register/dist/node').register({ target: 'node20' });
const { startAwsEndpoint } = require(path.join(root, 'test/support/aws-endpoint/server.ts'));
const { loadOrganizationScenario } = require(path.join(root, 'test/support/aws-endpoint/scenario.ts'));
const { writeEndpointProfiles } = require(path.join(root, 'test/support/aws-endpoint/profile.ts'));
const { addDemoOrganizationLogs } = require(path.join(root, 'test/support/aws-endpoint/digests.ts'));

/** Profile name → the scenario access key id that signs as that account. */
const DEMO_PROFILES = [
  { name: 'demo-management', accessKeyId: 'AKIADEMOMANAGEMENT01' },
  { name: 'demo-log-archive', accessKeyId: 'AKIADEMOLOGARCHIVE01' },
  { name: 'demo-security', accessKeyId: 'AKIADEMOSECURITY0001' },
];
const DEMO_ROLE = 'TrailGuardAudit';

/**
 * @param {{ port?: number, dir?: string, latencyMs?: number, now?: Date }} [opts]
 * @returns {Promise<{ url: string, port: number, profiles: string[], role: string, aggregator?: string, accounts: { id: string, name: string }[],
 *   description: string, configFile: string, credentialsFile: string, env: Record<string, string>,
 *   logs: { trail: string, from: string, to: string, tamperedLog: string, droppedDigest: string }, close: () => Promise<void> }>}
 */
async function startDemoOrganization(opts = {}) {
  const scenario = loadOrganizationScenario('demo-organization');
  const logs = addDemoOrganizationLogs(scenario, opts.now || new Date());
  const endpoint = await startAwsEndpoint({ scenario, port: opts.port || 0, latencyMs: opts.latencyMs });
  const dir = opts.dir || fs.mkdtempSync(path.join(os.tmpdir(), 'trailguard-demo-org-'));
  const files = writeEndpointProfiles(endpoint.url, DEMO_PROFILES, { dir });
  return {
    url: endpoint.url,
    port: endpoint.port,
    profiles: DEMO_PROFILES.map((p) => p.name),
    role: DEMO_ROLE,
    /** The demo organization's AWS Config aggregator (in the management account, us-east-1). */
    aggregator: Object.keys(scenario.aggregators ?? {})[0],
    accounts: Object.entries(scenario.accounts).map(([id, a]) => ({ id, name: a.name })),
    description: scenario.description,
    configFile: files.configFile,
    credentialsFile: files.credentialsFile,
    env: { AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile },
    logs: { trail: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail', from: logs.start.toISOString(), to: logs.end.toISOString(), tamperedLog: logs.tamperedLog, droppedDigest: logs.droppedDigest },
    close: () => endpoint.close(),
  };
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--dir') opts.dir = argv[++i];
    else if (a === '--json') opts.json = true;
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2));
  startDemoOrganization(opts).then((demo) => {
    if (opts.json) {
      const { close, ...info } = demo;
      process.stdout.write(JSON.stringify(info) + '\n');
    } else {
      const env = `AWS_CONFIG_FILE=${demo.configFile} AWS_SHARED_CREDENTIALS_FILE=${demo.credentialsFile}`;
      process.stdout.write(
        'TrailGuard DEMO ORGANIZATION endpoint — not real AWS accounts\n' +
          `  ${demo.description}\n` +
          `  listening on ${demo.url}\n` +
          `  profiles: ${demo.profiles.join(', ')}\n` +
          `try: ${env} node bin/trailguard.js scan ${demo.profiles.map((p) => `--profile ${p}`).join(' ')} --region us-east-1\n` +
          `or:  ${env} node bin/trailguard.js scan --profile ${demo.profiles[0]} --organization --assume-role ${demo.role} --region us-east-1\n` +
          `or, from its AWS Config aggregator: ${env} node bin/trailguard.js scan --profile ${demo.profiles[0]} --aggregator ${demo.aggregator}\n` +
          `log file integrity (one tampered file, one gap): ${env} node bin/trailguard.js verify-logs --profile ${demo.profiles[0]} ` +
          `--bucket-profile ${demo.profiles[1]} --trail ${demo.logs.trail} --from ${demo.logs.from} --to ${demo.logs.to}\n`,
      );
    }
    const stop = () => demo.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }, (err) => {
    process.stderr.write(`demo-organization: ${err.message}\n`);
    process.exit(2);
  });
}

module.exports = { startDemoOrganization, DEMO_PROFILES, DEMO_ROLE };
