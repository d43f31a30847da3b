#!/usr/bin/env node
// `npm run demo`: a real VS Code (code-server 4.100.3) on 127.0.0.1 with TrailGuard loaded and a copy of examples/
// open, plus the local demo AWS endpoint behind a `demo` profile so the live view has an account to show.
// Open the printed URL in a browser; Ctrl+C stops everything.
//
//   npm run demo [-- --port 8080] [-- --in-place]   (--in-place opens examples/ itself instead of a copy)
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, startCodeServer, copyWorkspace } = require('./code-server/launch');

function option(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function startDemoAwsIfPresent() {
  const script = path.join(__dirname, 'demo-aws.js');
  if (!fs.existsSync(script)) return undefined;
  try {
    const { startDemoAws } = require(script);
    return await startDemoAws({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'trailguard-demo-aws-')) });
  } catch (err) {
    console.warn(`demo AWS endpoint not started (${err.message}); linting works without it`);
    return undefined;
  }
}

async function main() {
  for (const f of ['dist/extension.js', 'dist/server.js']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} missing: run \`npm run build\` (npm run demo does)`);
  }
  const examples = path.join(root, 'examples');
  const workspace = process.argv.includes('--in-place') ? examples : copyWorkspace(examples);
  const aws = await startDemoAwsIfPresent();
  if (aws) Object.assign(process.env, aws.env);
  const port = Number(option('--port') ?? process.env.TRAILGUARD_DEMO_PORT ?? 8080);
  const settings = {
    'workbench.colorTheme': 'Default Dark Modern',
    ...(aws ? { 'trailguard.aws.profile': aws.profile, 'trailguard.aws.regions': ['us-east-1'] } : {}),
  };
  let cs;
  try {
    cs = await startCodeServer({ extensions: [root], settings, port });
  } catch (err) {
    if (option('--port')) throw err;
    // The default port is taken: any free one will do.
    cs = await startCodeServer({ extensions: [root], settings });
  }
  const url = cs.url(workspace);
  console.log('');
  console.log(`TrailGuard demo: ${url}`);
  console.log(`  workspace:   ${workspace}${workspace === examples ? '' : ' (a copy of examples/; quick fixes edit the copy)'}`);
  if (aws) console.log(`  AWS profile: ${aws.profile} → ${aws.url} (demo account ${aws.account}, not AWS)`);
  console.log('  Ctrl+C to stop.');
  const stop = async () => {
    await cs.stop();
    if (aws) await aws.close().catch(() => undefined);
    if (workspace !== examples) fs.rmSync(workspace, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
