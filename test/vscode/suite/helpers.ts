// Helpers for tests that run inside the VS Code extension host.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'trailguard.trailguard';

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test needs a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}

/** Waits until the diagnostics of `uri` satisfy `pred`, and returns them. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  pred: (ds: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30000,
): Promise<vscode.Diagnostic[]> {
  const current = vscode.languages.getDiagnostics(uri);
  if (pred(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for diagnostics on ${uri.path}; have: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)} ${d.message}`))}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const ds = vscode.languages.getDiagnostics(uri);
      if (pred(ds)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(ds);
      }
    });
  });
}

export function trailguardOnly(ds: vscode.Diagnostic[], code?: string): vscode.Diagnostic[] {
  return ds.filter((d) => d.source === 'trailguard' && (!code || codeOf(d) === code));
}
