// If the language server dies, the client restarts it and linting goes on: kill the server process (a child of
// this extension host) and check that an edit still gets fresh diagnostics.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { trailguardOnly, waitForDiagnostics, workspaceFile } from './helpers';

/** Pids of this extension host's child processes running dist/server.js (Linux /proc). */
function serverPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && cmdline.includes('dist/server.js')) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

describe('TrailGuard server crash', () => {
  it('is restarted by the client and keeps linting', async function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip();
    const uri = workspaceFile('infra/main.tf');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const [pid] = serverPids();
    assert.ok(pid, 'the language server runs as a child of the extension host');
    process.kill(pid, 'SIGKILL');
    let restarted: number | undefined;
    for (let i = 0; i < 100 && !restarted; i++) {
      await new Promise((r) => setTimeout(r, 100));
      restarted = serverPids().find((p) => p !== pid);
    }
    assert.ok(restarted && restarted !== pid, 'a new server process was started');
    // Break the line again: the new server must report it.
    const line = doc.getText().split('\n').findIndex((l) => l.includes('enable_log_file_validation'));
    await editor.edit((b) => b.replace(doc.lineAt(line).range, '  enable_log_file_validation = false'));
    const ds = await waitForDiagnostics(uri, (all) => trailguardOnly(all, 'TG101').length === 1);
    assert.strictEqual(trailguardOnly(ds, 'TG101').length, 1);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
