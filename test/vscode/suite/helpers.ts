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

/**
 * `vscode.executeCodeActionProvider`, retried while VS Code cancels it: the workbench cancels a code-action request
 * when its text model changes or is re-synced during the request, and then reports either "Canceled" or no
 * actions at all (about once in a dozen runs in code-server; TRAILGUARD_SERVER_DEBUG_LOG shows the server did
 * answer). `expected` says what a complete answer contains.
 */
export async function codeActionsAt(
  uri: vscode.Uri,
  range: vscode.Range,
  kind: string,
  expected: (actions: vscode.CodeAction[]) => boolean = (a) => a.length > 0,
): Promise<vscode.CodeAction[]> {
  let last: vscode.CodeAction[] = [];
  for (let attempt = 1; attempt <= 4; attempt++) {
    try {
      last = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
      if (expected(last)) return last;
    } catch (err) {
      if (!/Canceled/.test(String(err))) throw err;
    }
    console.log(`      (code actions for ${uri.path.split('/').pop()} came back incomplete, attempt ${attempt}; asking again)`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}
