// Settings reach the server: turning a rule off in the user settings removes its diagnostics, and back on
// restores them (the server pulls `trailguard` through workspace/configuration on change).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { trailguardOnly, waitForDiagnostics, workspaceFile } from './helpers';

describe('TrailGuard settings', () => {
  it('trailguard.rules turns a rule off and on again', async () => {
    const uri = workspaceFile('infra/main.tf');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForDiagnostics(uri, (ds) => trailguardOnly(ds, 'TG103').length === 1);
    const config = vscode.workspace.getConfiguration('trailguard');
    await config.update('rules', { TG103: 'off' }, vscode.ConfigurationTarget.Global);
    try {
      await waitForDiagnostics(uri, (ds) => trailguardOnly(ds).length > 0 && trailguardOnly(ds, 'TG103').length === 0);
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
    const back = await waitForDiagnostics(uri, (ds) => trailguardOnly(ds, 'TG103').length === 1);
    assert.strictEqual(trailguardOnly(back, 'TG103')[0].severity, vscode.DiagnosticSeverity.Warning);
  });
});
