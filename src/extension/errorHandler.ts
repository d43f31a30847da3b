// If the server crashes, restart it, and tell the user once per session (not on every restart); give up after
// five crashes in three minutes so a crash loop does not eat the machine.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type ErrorHandler } from 'vscode-languageclient/node';

export function crashTolerantErrorHandler(output: vscode.LogOutputChannel): ErrorHandler {
  const restarts: number[] = [];
  let told = false;
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && now - restarts[0] > 3 * 60_000) restarts.shift();
      if (restarts.length > 5) {
        output.error('TrailGuard language server crashed 5 times in 3 minutes; not restarting.');
        return { action: CloseAction.DoNotRestart, message: 'The TrailGuard language server keeps crashing and was stopped. See "TrailGuard: Show Output".' };
      }
      output.warn('TrailGuard language server stopped unexpectedly; restarting it.');
      if (!told) {
        told = true;
        void vscode.window.showWarningMessage('The TrailGuard language server crashed and was restarted.', 'Show Output').then((pick) => {
          if (pick) output.show(true);
        });
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}
