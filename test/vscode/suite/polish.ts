// First-five-minutes polish in the real editor: a typo in .trailguard.yaml is flagged where it is, and the Getting
// Started walkthrough opens.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitForDiagnostics, workspaceFile } from './helpers';

describe('TrailGuard first-run polish in VS Code', () => {
  it('flags a typo in a .trailguard.yaml at its position', async () => {
    // Not the workspace root's: that one would change the settings of the other suites.
    const uri = workspaceFile('polish/.trailguard.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('rules:\n  TG2044: warning\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [d] = await waitForDiagnostics(uri, (ds) => ds.some((x) => x.source === 'trailguard'));
    assert.strictEqual(d.message, 'unknown rule id "TG2044" (did you mean TG204?)');
    assert.strictEqual(doc.getText(d.range), 'TG2044');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
  });

  it('opens the Getting Started walkthrough', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { walkthroughs: { id: string; steps: unknown[] }[] } };
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.strictEqual(walkthrough.steps.length, 4);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${walkthrough.id}`, false);
    const deadline = Date.now() + 15000;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
      if (labels.some((l) => /welcome|walkthrough|get started/i.test(l))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(labels.some((l) => /welcome|walkthrough|get started/i.test(l)), `a walkthrough tab among ${labels.join(' | ')}`);
  });
});
