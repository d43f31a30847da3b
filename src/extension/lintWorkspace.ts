// "TrailGuard: Lint Workspace": finds every IaC file, hands them to the server folder by folder (so a module is
// linted once, with all its files), and shows progress that can be cancelled. Results land in Problems.
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { appendTo } from '../core/dict';

const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.terraform/**', '**/.git/**', '**/cdk.out/**'];

/** The folders never worth reading, plus the user's `trailguard.files.exclude` (the server skips those anyway). */
function excludeGlob(): string {
  const user = vscode.workspace.getConfiguration('trailguard').get<string[]>('files.exclude', []);
  // As in the engine (and .gitignore), a pattern without a slash matches at any depth.
  const globs = [...new Set([...ALWAYS_EXCLUDED, ...user.map((g) => (g.includes('/') ? g : `**/${g}`))])];
  return `{${globs.join(',')}}`;
}
const BATCH_FOLDERS = 10;

interface LintFilesResult { units: number; files: number; problems: number; cancelled: boolean }

export async function lintWorkspace(client: LanguageClient, include: string): Promise<void> {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'TrailGuard: linting workspace', cancellable: true },
    async (progress, token) => {
      const files = await vscode.workspace.findFiles(include, excludeGlob(), undefined, token);
      const byFolder = new Map<string, vscode.Uri[]>();
      for (const f of files) {
        const dir = path.dirname(f.fsPath);
        appendTo(byFolder, dir, f);
      }
      const folders = [...byFolder.values()];
      let problems = 0;
      let done = 0;
      for (let i = 0; i < folders.length && !token.isCancellationRequested; i += BATCH_FOLDERS) {
        const batch = folders.slice(i, i + BATCH_FOLDERS).flat();
        const result = (await client.sendRequest(
          'workspace/executeCommand',
          { command: 'trailguard.lintFiles', arguments: [batch.map((u) => u.toString())] },
          token,
        )) as LintFilesResult | undefined;
        problems += result?.problems ?? 0;
        done += batch.length;
        progress.report({ message: `${done}/${files.length} files`, increment: (batch.length / Math.max(1, files.length)) * 100 });
      }
      const summary = token.isCancellationRequested
        ? `TrailGuard: cancelled after ${done} of ${files.length} files (${problems} problems so far).`
        : `TrailGuard: ${files.length} files linted, ${problems} problems.`;
      void vscode.window.setStatusBarMessage(summary, 8000);
      if (!token.isCancellationRequested && problems > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
    },
  );
}
