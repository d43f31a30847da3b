// The documented Emacs set-up (docs/editors.md) in a real Emacs in batch mode with Debian's eglot: the snippet is
// taken from the page verbatim.
import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { documentedSnippet } from './snippets';

const repo = path.resolve(__dirname, '../..');

function emacsHasEglot(): boolean {
  const r = spawnSync('emacs', ['--batch', '-q', '--eval', "(require 'eglot)"], { encoding: 'utf8' });
  return r.status === 0;
}

describe('Emacs with eglot and the documented configuration (real emacs, batch)', function () {
  this.timeout(120000);
  let ws: string;
  let result: any;
  let files: string[];

  before(function () {
    if (!emacsHasEglot()) {
      if (process.env.TRAILGUARD_REQUIRE_EDITORS) throw new Error('emacs with eglot is not installed: apt-get install -y emacs-nox elpa-eglot');
      this.skip();
    }
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-emacs-'));
    fs.cpSync(path.join(repo, 'examples'), path.join(ws, 'examples'), { recursive: true });
    fs.mkdirSync(path.join(ws, '.git'));
    const bin = path.join(ws, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'trailguard-language-server'), `#!/bin/sh\nexec "${process.execPath}" "${repo}/bin/trailguard-language-server.js" "$@"\n`, { mode: 0o755 });
    const documented = documentedSnippet('emacs');
    const settingsLine = `'(:trailguard (:rules (:TG204 "warning"))))`;
    assert.ok(documented.includes(settingsLine), 'the documented snippet carries the settings line the test replaces');
    const init = path.join(ws, 'init.el');
    fs.writeFileSync(init, documented.replace(settingsLine, `'(:trailguard (:rules (:TG106 "off"))))`));
    files = ['examples/terraform/main.tf', 'examples/cloudformation/audit-trail.yaml', 'examples/policies/audit-bucket-policy.json'].map((f) => path.join(ws, f));
    const out = path.join(ws, 'out.json');
    const home = path.join(ws, 'home');
    fs.mkdirSync(home);
    execFileSync('emacs', ['--batch', '-q', '-l', init, '-l', path.join(__dirname, 'emacs-driver.el')], {
      cwd: ws,
      env: { ...process.env, HOME: home, PATH: `${bin}:${process.env.PATH}`, TG_OUT: out, TG_FILES: files.join(','), TG_FIX_CODE: 'TG101' },
      timeout: 110000,
      stdio: 'pipe',
    });
    result = JSON.parse(fs.readFileSync(out, 'utf8'));
  });

  after(() => { if (ws) fs.rmSync(ws, { recursive: true, force: true }); });

  const codes = (i: number) => (result[files[i]].diagnostics as { code: string; line: number; col: number }[]).map((d) => `${d.code}@${d.line}:${d.col}`);

  it('lints Terraform, CloudFormation YAML and policy JSON buffers', () => {
    assert.ok(codes(0).includes('TG101@20:3'), codes(0).join(' '));
    assert.ok(codes(0).includes('TG102@15:1'), codes(0).join(' '));
    assert.ok(codes(1).includes('TG104@19:7'), codes(1).join(' '));
    assert.ok(codes(2).includes('TG206@3:3'), codes(2).join(' '));
    assert.equal(result[files[2]].mode, 'js-json-mode', 'Emacs 28 gets the JSON mode the snippet defines');
  });

  it('honours a rule turned off in eglot-workspace-configuration', () => {
    assert.ok(!codes(0).some((c) => c.startsWith('TG106@')), codes(0).join(' '));
    assert.ok(!codes(1).some((c) => c.startsWith('TG106@')), codes(1).join(' '));
  });

  it("applies the preferred quick fix through eglot's own workspace edit, and the finding goes away", () => {
    assert.equal(result.fix.title, 'Set enable_log_file_validation = true');
    assert.ok(result.fix.gone);
    assert.match(result.fix.text.split('\n')[19], /^ {2}enable_log_file_validation\s*= true$/);
  });

  it('runs one server for the project and logs no unsupported registration', () => {
    assert.equal(result.servers, 1);
    assert.doesNotMatch(result.messages, /unsupported capability/i);
    assert.doesNotMatch(result.events, /client\/registerCapability[\s\S]{0,400}didChangeConfiguration/);
  });
});
