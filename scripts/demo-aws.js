#!/usr/bin/env node
// Starts TrailGuard's local AWS endpoint with the DEMO account (a scenario file, not AWS) and writes a shared
// config with a `demo` profile pointing at it, so the live view and `trailguard scan` have something to show
// without an AWS account.
//
//   node scripts/demo-aws.js [--port 4599] [--dir DIR] [--latency MS] [--scenario NAME|FILE] [--json]
//
// Programmatic use (npm run demo): `const { startDemoAws } = require('./demo-aws'); const demo = await
// startDemoAws({ port, dir }); ...; await demo.close();`
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
// The endpoint is TypeScript test support code: load it through esbuild-register (a dev dependency).
require('esbuild-register/dist/node').register({ target: 'node20' });
const { startAwsEndpoint } = require(path.join(root, 'test/support/aws-endpoint/server.ts'));
const { loadScenario } = require(path.join(root, 'test/support/aws-endpoint/scenario.ts'));
const { writeEndpointProfile } = require(path.join(root, 'test/support/aws-endpoint/profile.ts'));

const DEMO_PROFILE = 'demo';

/**
 * @param {{ port?: number, dir?: string, latencyMs?: number, scenario?: string }} [opts]
 * @returns {Promise<{ url: string, port: number, profile: string, account: string, description: string,
 *   configFile: string, credentialsFile: string, env: Record<string, string>, close: () => Promise<void> }>}
 */
async function startDemoAws(opts = {}) {
  const scenario = loadScenario(opts.scenario || 'demo');
  const endpoint = await startAwsEndpoint({ scenario, port: opts.port || 0, latencyMs: opts.latencyMs });
  const dir = opts.dir || fs.mkdtempSync(path.join(os.tmpdir(), 'trailguard-demo-aws-'));
  const files = writeEndpointProfile(endpoint.url, { profile: DEMO_PROFILE, region: 'us-east-1', dir });
  return {
    url: endpoint.url,
    port: endpoint.port,
    profile: DEMO_PROFILE,
    account: scenario.account,
    description: scenario.description,
    configFile: files.configFile,
    credentialsFile: files.credentialsFile,
    env: { AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, AWS_PROFILE: DEMO_PROFILE },
    close: () => endpoint.close(),
  };
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--dir') opts.dir = argv[++i];
    else if (a === '--latency') opts.latencyMs = Number(argv[++i]);
    else if (a === '--scenario') opts.scenario = argv[++i];
    else if (a === '--json') opts.json = true;
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2));
  startDemoAws(opts).then((demo) => {
    if (opts.json) {
      const { close, ...info } = demo;
      process.stdout.write(JSON.stringify(info) + '\n');
    } else {
      process.stdout.write(
        `TrailGuard DEMO AWS endpoint — not a real AWS account\n` +
          `  ${demo.description}\n` +
          `  listening on ${demo.url}\n` +
          `  AWS_CONFIG_FILE=${demo.configFile}\n` +
          `  AWS_SHARED_CREDENTIALS_FILE=${demo.credentialsFile}\n` +
          `  profile: ${demo.profile} (account ${demo.account})\n` +
          `try: AWS_CONFIG_FILE=${demo.configFile} AWS_SHARED_CREDENTIALS_FILE=${demo.credentialsFile} node bin/trailguard.js scan --profile demo --region us-east-1 --region eu-west-1\n`,
      );
    }
    const stop = () => demo.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }, (err) => {
    process.stderr.write(`demo-aws: ${err.message}\n`);
    process.exit(2);
  });
}

module.exports = { startDemoAws, DEMO_PROFILE };
