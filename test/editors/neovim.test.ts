// The documented Neovim set-up (docs/editors.md) in a real headless Neovim from Debian's package: the snippet for
// the installed version is taken from the page verbatim, so the page cannot drift from what works.
import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { documentedSnippet } from './snippets';

const repo = path.resolve(__dirname, '../..');

function nvimVersion(): [number, number] | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  const m = r.status === 0 ? /NVIM v(\d+)\.(\d+)/.exec(r.stdout) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function snippetFor([major, minor]: [number, number]): string {
  if (major > 0 || minor >= 11) return 'nvim-0.11';
  return minor >= 8 ? 'nvim-0.8' : 'nvim-0.7';
}

describe('Neovim with the documented configuration (real nvim, headless)', function () {
  this.timeout(120000);
  const version = nvimVersion();
  let ws: string;
  let result: any;

  before(function () {
    if (!version) {
      // CI installs Debian's neovim (.ci/run) and sets TRAILGUARD_REQUIRE_EDITORS, so this cannot pass silently there.
      if (process.env.TRAILGUARD_REQUIRE_EDITORS) throw new Error('nvim is not installed: apt-get install -y neovim');
      this.skip();
    }
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-nvim-'));
    fs.cpSync(path.join(repo, 'examples'), path.join(ws, 'examples'), { recursive: true });
    fs.mkdirSync(path.join(ws, '.git')); // the root marker: one server for the three folders
    const bin = path.join(ws, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'trailguard-language-server'), `#!/bin/sh\nexec "${process.execPath}" "${repo}/bin/trailguard-language-server.js" "$@"\n`, { mode: 0o755 });
    const documented = documentedSnippet(snippetFor(version));
    const settingsLine = "local trailguard_settings = { rules = { TG204 = 'warning' } }";
    assert.ok(documented.includes(settingsLine), 'the documented snippet carries the settings line the test replaces');
    const init = path.join(ws, 'init.lua');
    fs.writeFileSync(init, documented.replace(settingsLine, "local trailguard_settings = { rules = { TG106 = 'off' } }"));
    const out = path.join(ws, 'out.json');
    const files = ['examples/terraform/main.tf', 'examples/cloudformation/audit-trail.yaml', 'examples/policies/audit-bucket-policy.json'].map((f) => path.join(ws, f));
    const home = path.join(ws, 'home');
    fs.mkdirSync(home);
    execFileSync('nvim', ['--headless', '--clean', '-u', init, '-c', `luafile ${path.join(__dirname, 'nvim-driver.lua')}`], {
      cwd: ws,
      env: { ...process.env, HOME: home, XDG_STATE_HOME: path.join(home, 'state'), XDG_CACHE_HOME: path.join(home, 'cache'), PATH: `${bin}:${process.env.PATH}`, TG_OUT: out, TG_FILES: files.join(','), TG_FIX_CODE: 'TG101' },
      timeout: 110000,
      stdio: 'pipe',
    });
    result = JSON.parse(fs.readFileSync(out, 'utf8'));
    result.files = files;
    result.logs = [path.join(home, 'state'), path.join(home, 'cache')].flatMap((d) => listFiles(d)).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  });

  after(() => { if (ws) fs.rmSync(ws, { recursive: true, force: true }); });

  const codes = (file: number) => result[result.files[file]].diagnostics.map((d: { code: string; line: number; col: number }) => `${d.code}@${d.line}:${d.col}`);

  it('publishes Terraform findings at their attribute, with source trailguard', () => {
    const tf = result[result.files[0]];
    assert.equal(tf.filetype, 'terraform');
    assert.ok(codes(0).includes('TG101@20:3'), codes(0).join(' '));
    assert.ok(codes(0).includes('TG102@15:1'), codes(0).join(' '));
    assert.ok(tf.diagnostics.every((d: { source: string }) => d.source === 'trailguard'));
  });

  it('publishes CloudFormation YAML and bucket-policy JSON findings', () => {
    assert.ok(codes(1).includes('TG104@19:7'), codes(1).join(' '));
    assert.ok(codes(2).includes('TG206@3:3'), codes(2).join(' '));
  });

  it('honours a rule turned off in the settings table', () => {
    assert.ok(!codes(0).some((c: string) => c.startsWith('TG106@')), codes(0).join(' '));
    assert.ok(!codes(1).some((c: string) => c.startsWith('TG106@')), codes(1).join(' '));
  });

  it('applies the preferred quick fix through apply_workspace_edit, and the finding goes away', () => {
    assert.equal(result.fix.title, 'Set enable_log_file_validation = true');
    assert.ok(result.fix.gone, 'TG101 is gone after the fix');
    assert.match(result.fix.text.split('\n')[19], /^ {2}enable_log_file_validation\s*= true$/);
    assert.ok(result.fix.after.some((d: { code: string }) => d.code === 'TG102'), 'other findings stay');
  });

  it('runs one server for the project and asks for no registration the client did not announce', () => {
    assert.equal(result.clients, 1);
    assert.ok(!result.registrations.includes('workspace/didChangeConfiguration'), result.registrations.join(' '));
    assert.doesNotMatch(result.logs, /registerCapability|dynamicRegistration|unsupported/i);
  });
});

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
