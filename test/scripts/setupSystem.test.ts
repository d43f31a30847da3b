// scripts/setup-system.sh on a simulated bare machine: PATH holds only what a fresh Debian with Node has, plus fakes
// for `id` and `apt-get`, so the real system is never touched.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const script = path.resolve(__dirname, '../../scripts/setup-system.sh');

function machine(opts: { uid: number; apt: boolean; have?: string[] }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-bare-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const tool of ['bash', 'env', 'mktemp', 'tail', 'rm', 'cat']) {
    const real = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    fs.symlinkSync(real, path.join(bin, tool));
  }
  const fake = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!${fs.realpathSync('/bin/bash')}\n${body}\n`, { mode: 0o755 });
  fake('id', `echo ${opts.uid}`);
  if (opts.apt) fake('apt-get', `echo "apt-get $*" >> ${dir}/apt.log`);
  for (const t of opts.have ?? []) fake(t, 'exit 0');
  const run = (what: string) => spawnSync(path.join(bin, 'bash'), [script, what], { encoding: 'utf8', env: { PATH: bin, HOME: dir } });
  const aptLog = () => (fs.existsSync(path.join(dir, 'apt.log')) ? fs.readFileSync(path.join(dir, 'apt.log'), 'utf8') : '');
  return { run, aptLog, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('scripts/setup-system.sh (the set-up npm run demo and CI share)', () => {
  it('without root, prints the exact apt-get command for what is missing and exits 2 before anything long', () => {
    const m = machine({ uid: 1000, apt: true });
    try {
      const r = m.run('demo');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /these Debian packages are missing: ripgrep libkrb5-dev/);
      assert.match(r.stderr, /^ {2}sudo apt-get install -y ripgrep libkrb5-dev$/m);
      assert.equal(m.aptLog(), '', 'nothing installed without root');
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      m.dispose();
    }
  });

  it('as root with apt-get, says what it installs and installs exactly that', () => {
    const m = machine({ uid: 0, apt: true });
    try {
      const r = m.run('demo');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /installing Debian packages: ripgrep libkrb5-dev/);
      assert.match(m.aptLog(), /^apt-get update -qq\napt-get install -y -qq ripgrep libkrb5-dev\n$/);
    } finally {
      m.dispose();
    }
  });

  it('the test set-up adds chromium, neovim and emacs with eglot', () => {
    const m = machine({ uid: 1000, apt: false, have: ['rg', 'krb5-config'] });
    try {
      const r = m.run('test');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /sudo apt-get install -y chromium neovim emacs-nox elpa-eglot$/m);
    } finally {
      m.dispose();
    }
  });

  it('is silent and succeeds when everything is there', () => {
    const m = machine({ uid: 1000, apt: false, have: ['rg', 'krb5-config'] });
    try {
      const r = m.run('demo');
      assert.equal(r.status, 0);
      assert.equal(r.stderr, '');
    } finally {
      m.dispose();
    }
  });
});
