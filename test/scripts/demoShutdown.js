#!/usr/bin/env node
// `npm run demo` stops cleanly: SIGTERM to the npm process the user started leaves nothing listening — neither
// code-server (its own process group) nor the demo AWS endpoint. Needs code-server installed (npm run test:editor
// installs it first), so it runs with the real-editor tests.
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const root = path.join(__dirname, '..', '..');

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function listening(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** Live processes whose command line contains `needle`. */
function processesWith(needle) {
  const out = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) out.push(`${pid}: ${cmd.slice(0, 120)}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function main() {
  const port = await freePort();
  // A detached group of our own, so that a failing check can still clean up everything it started.
  const npm = spawn('npm', ['run', 'demo', '--', '--port', String(port)], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout.on('data', (d) => (out += d));
  npm.stderr.on('data', (d) => (out += d));
  const fail = (msg) => {
    try {
      process.kill(-npm.pid, 'SIGKILL');
    } catch {}
    console.error(`demo shutdown: FAIL: ${msg}\n--- output ---\n${out}`);
    process.exit(1);
  };
  const deadline = Date.now() + 240000;
  while (!/Stop: Ctrl\+C/.test(out)) {
    if (Date.now() > deadline || npm.exitCode !== null) return fail('the demo did not print its banner');
    await new Promise((r) => setTimeout(r, 200));
  }
  const endpoint = /→ http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
  if (!new RegExp(`port:\\s+${port} on 127\\.0\\.0\\.1`).test(out)) return fail(`the banner does not name port ${port}`);
  if (!endpoint) return fail('the banner does not name the demo AWS endpoint');
  if (!(await listening(port)) || !(await listening(Number(endpoint[1])))) return fail('code-server or the endpoint is not listening');

  process.kill(npm.pid, 'SIGTERM'); // only npm, as a user's `kill <pid>` would
  const stopBy = Date.now() + 15000;
  for (;;) {
    const left = [
      ...((await listening(port)) ? [`port ${port}`] : []),
      ...((await listening(Number(endpoint[1]))) ? [`endpoint port ${endpoint[1]}`] : []),
      ...processesWith(`127.0.0.1:${port}`),
    ];
    if (left.length === 0) break;
    if (Date.now() > stopBy) return fail(`still running 15 s after SIGTERM to npm: ${left.join('; ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  try {
    process.kill(-npm.pid, 'SIGKILL');
  } catch {}
  console.log(`demo shutdown: ok (code-server on ${port} and the endpoint on ${endpoint[1]} stopped after SIGTERM to npm)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
