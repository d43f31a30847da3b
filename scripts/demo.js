#!/usr/bin/env node
// `npm run demo`: a real VS Code (code-server 4.100.3) on 127.0.0.1 with TrailGuard loaded and a copy of examples/
// open, plus the local DEMO ORGANIZATION endpoint (three accounts: management, log archive, security) behind one
// profile per account, so the live view shows the organization trail's chain across accounts.
// Open the printed URL in a browser; Ctrl+C (or SIGTERM to this process or to `npm run demo`) stops everything:
// code-server's whole process group and the demo endpoint, so nothing is left listening.
//
//   npm run demo [-- --port 8080] [-- --in-place]   (--in-place opens examples/ itself instead of a copy)
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const { root, startCodeServer, copyWorkspace } = require('./code-server/launch');

/** An expected failure: printed as one line, without a stack trace. */
class DemoError extends Error {}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function option(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** Parent, grandparent, ... pids (Linux /proc; elsewhere only the parent). */
function ancestors(depth) {
  const out = [];
  let pid = process.ppid;
  while (pid > 1 && out.length < depth) {
    out.push(pid);
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      break;
    }
  }
  return out;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startDemoOrganizationIfPresent() {
  const script = path.join(__dirname, 'demo-organization.js');
  if (!fs.existsSync(script)) return undefined;
  try {
    const { startDemoOrganization } = require(script);
    return await startDemoOrganization({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'trailguard-demo-org-')) });
  } catch (err) {
    console.warn(`demo AWS endpoint not started (${err.message}); linting works without it`);
    return undefined;
  }
}

async function main() {
  for (const f of ['dist/extension.js', 'dist/server.js']) {
    if (!fs.existsSync(path.join(root, f))) throw new DemoError(`${f} missing: run \`npm run build\` (npm run demo does)`);
  }
  const explicitPort = option('--port') ?? process.env.TRAILGUARD_DEMO_PORT;
  let port = Number(explicitPort ?? 8080);
  if (!(await portFree(port))) {
    if (explicitPort) throw new DemoError(`port ${port} is already in use (another demo still running?): stop it or pass --port N`);
    console.log(`port ${port} is in use; using a free port instead`);
    port = undefined;
  }
  const examples = path.join(root, 'examples');
  const workspace = process.argv.includes('--in-place') ? examples : copyWorkspace(examples);
  const aws = await startDemoOrganizationIfPresent();
  if (aws) Object.assign(process.env, aws.env);
  const settings = {
    'workbench.colorTheme': 'Default Dark Modern',
    ...(aws ? { 'trailguard.aws.profiles': aws.profiles, 'trailguard.aws.regions': ['us-east-1'] } : {}),
  };
  let cs;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (cs) await cs.stop();
    if (aws) await aws.close().catch(() => undefined);
    if (workspace !== examples) fs.rmSync(workspace, { recursive: true, force: true });
    process.exit(0);
  };
  // Installed before code-server starts: a Ctrl+C during the first (long) install still cleans up.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
  // `npm run demo` puts npm and a shell between the user and us, and a signal sent to npm does not always reach this
  // process: stop as well when the parent or grandparent (npm) goes away.
  const watched = ancestors(2);
  setInterval(() => {
    if (watched.some((pid) => !alive(pid))) void stop();
  }, 500).unref();
  cs = await startCodeServer({ extensions: [root], settings, port });
  const url = cs.url(workspace);
  console.log('');
  console.log(`TrailGuard demo: ${url}`);
  console.log(`  port:        ${cs.port} on 127.0.0.1 (--port N to choose)`);
  console.log(`  workspace:   ${workspace}${workspace === examples ? '' : ' (a copy of examples/; quick fixes edit the copy)'}`);
  if (aws) {
    console.log(`  AWS profiles: ${aws.profiles.join(', ')} → ${aws.url}`);
    console.log(`               LOCAL DEMO ORGANIZATION, not AWS: ${aws.accounts.map((a) => `${a.name} ${a.id}`).join(', ')}`);
    console.log('  code ↔ account: examples/organization is this organization\'s code; open the TrailGuard view, then');
    console.log('               organization/log-archive.tf: CodeLens, linked nodes and three deliberate drifts');
    console.log(`  scan it from a shell while the demo runs:`);
    console.log(`    AWS_CONFIG_FILE=${aws.configFile} AWS_SHARED_CREDENTIALS_FILE=${aws.credentialsFile} npx trailguard scan ${aws.profiles.map((p) => `--profile ${p}`).join(' ')} --region us-east-1`);
  }
  console.log('  Stop: Ctrl+C (or kill the npm process); code-server and the demo endpoint stop with it.');
}

main().catch((err) => {
  console.error(err instanceof DemoError ? `npm run demo: ${err.message}` : err);
  process.exit(err instanceof DemoError ? 2 : 1);
});
