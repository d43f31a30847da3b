// Starts code-server (installed by install.sh, outside the repo) on 127.0.0.1 with a throw-away profile, and
// headless Debian Chromium through playwright-core. Shared by the real-editor tests and `npm run demo`.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const http = require('http');

const root = path.join(__dirname, '..', '..');

/** Path of the code-server binary, installing it first if needed (idempotent, ~70 s the first time). */
function ensureCodeServer() {
  if (process.env.TRAILGUARD_CODE_SERVER) return process.env.TRAILGUARD_CODE_SERVER;
  const r = spawnSync('bash', [path.join(__dirname, 'install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('code-server install failed (scripts/code-server/install.sh)');
  return r.stdout.trim().split('\n').pop();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/**
 * Starts code-server. `extensions` are folders linked into the extensions dir (loaded like installed ones);
 * `settings` go into the user settings. Resolves with { url(folder, payload?), port, dirs, stop() }.
 */
async function startCodeServer({ extensions = [], vsix, settings = {}, port, keep = false, workspaceTrust = false } = {}) {
  const bin = ensureCodeServer();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-code-server-'));
  const dirs = {
    base,
    home: path.join(base, 'home'),
    userData: path.join(base, 'user-data'),
    extensions: path.join(base, 'extensions'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': workspaceTrust,
        'git.enabled': false,
        'window.commandCenter': false,
        ...settings,
      },
      null,
      2,
    ),
  );
  for (const ext of extensions) {
    const manifest = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));
    fs.symlinkSync(ext, path.join(dirs.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`));
  }
  const env = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
  };
  if (vsix) {
    const r = spawnSync(bin, ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', path.resolve(vsix)], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  }
  port = port ?? (await freePort());
  const log = fs.openSync(path.join(base, 'code-server.log'), 'a');
  const child = spawn(
    bin,
    [
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
    ],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + 60000;
  while (!(await healthy(port))) {
    if (exited || Date.now() > deadline) {
      throw new Error(`code-server did not start; see ${path.join(base, 'code-server.log')}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const authority = `127.0.0.1:${port}`;
  return {
    port,
    dirs,
    pid: child.pid,
    url(folder, payload) {
      let u = `http://${authority}/?folder=${encodeURIComponent(folder)}`;
      if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
    /** A file path as the remote extension host sees it in a payload. */
    remoteUri(p) {
      return `vscode-remote://${authority}${p}`;
    },
    /** Log files of the extension host (for failures). */
    extensionHostLogs() {
      const out = [];
      const walk = (d) => {
        for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (/exthost|remoteexthost|TrailGuard/i.test(p)) out.push(p);
        }
      };
      walk(path.join(dirs.userData, 'logs'));
      return out;
    },
    async stop() {
      // Kill the whole process group: killing only the main pid leaves the file watcher behind.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 300));
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      if (!keep) fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.TRAILGUARD_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Copies a fixture folder to a temp workspace (tests edit files; the repo copy stays clean). */
function copyWorkspace(src) {
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-ws-'));
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}

/** The UI tests run the bundled extension: fail early, with the fix, when it has not been built. */
function requireBuild() {
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) throw new Error('dist/ missing: run `npm run build` first');
}

/** A page of the screenshot size the README uses, with a step timeout. */
async function openPage(browser, timeoutMs = 30000) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(timeoutMs);
  return page;
}

/** Answers VS Code's workspace-trust prompt with "No" and waits until the window is in Restricted Mode. */
async function declineWorkspaceTrust(page) {
  await page.getByRole('button', { name: /No, I don.t trust the authors/ }).click();
  await page.locator('.statusbar, .monaco-workbench').getByText(/Restricted Mode/).first().waitFor();
}

module.exports = { root, ensureCodeServer, startCodeServer, launchBrowser, copyWorkspace, requireBuild, openPage, declineWorkspaceTrust };
