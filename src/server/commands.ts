// What the user asks of the server: code actions (quick fixes, suppressions, docs, fix all) computed from the last
// lint, and the commands behind them — open a rule's documentation, fix all safe problems of a file, lint a list
// of files (the extension's "Lint Workspace").
import * as fs from 'fs';
import * as path from 'path';
import type { CancellationToken, CodeAction, CodeActionParams } from 'vscode-languageserver/node';
import { unitKeyOf } from '../core/formats/registry';
import { codeActions, FIX_ALL_COMMAND, FIX_ALL_KIND, LINT_FILES_COMMAND, OPEN_DOCS_COMMAND, toWorkspaceEdit } from './codeActions';
import { ruleDocsUrl } from './diagnostics';
import type { LintScheduler } from './scheduler';
import type { Session } from './session';
import type { UnitLinter } from './unitLint';

export function serveCommands(session: Session, linter: UnitLinter, scheduler: LintScheduler): void {
  const { connection, store, options, uriOf, pathOf } = session;

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const file = pathOf(params.textDocument.uri);
    if (!file) return [];
    await scheduler.whenIdle(unitKeyOf(file));
    const text = store.textOf(file) ?? '';
    const wantsFixAll = params.context.only?.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(o + '.'));
    const fixAll = wantsFixAll ? await linter.fixAllOf(file) : undefined;
    const actions = codeActions({
      fixAllEdits: fixAll?.edits,
      diagnostics: params.context.diagnostics,
      only: params.context.only,
      findings: linter.findingsOf(file),
      filePath: file,
      text,
      uriOf,
      docsUrl: (id) => ruleDocsUrl(id, options.docsBase),
    });
    debugLog(`codeAction ${file} ${JSON.stringify(params.range)} only=${params.context.only} diagnostics=${JSON.stringify(params.context.diagnostics.map((d) => [d.code, d.source, d.range.start]))} → ${actions.length}`);
    return actions;
  });

  connection.onExecuteCommand(async (params, token: CancellationToken) => {
    const args = params.arguments ?? [];
    switch (params.command) {
      case OPEN_DOCS_COMMAND: {
        const ruleId = String(args[0] ?? '').toUpperCase();
        if (!/^TG\d{3}$/.test(ruleId)) return { opened: false };
        const url = ruleDocsUrl(ruleId, options.docsBase);
        if (session.canShowDocument) {
          const r = await connection.window.showDocument({ uri: url, external: !url.startsWith('file:') });
          return { opened: r.success, url };
        }
        connection.window.showInformationMessage(`Documentation for ${ruleId}: ${url}`);
        return { opened: false, url };
      }
      case FIX_ALL_COMMAND: {
        const uri = typeof args[0] === 'string' ? args[0] : (args[0] as { uri?: string } | undefined)?.uri;
        const file = uri ? pathOf(uri) : undefined;
        if (!file) return { applied: false, fixes: 0 };
        const { edits, fixes, dropped, untouched } = await linter.fixAllOf(file);
        if (untouched) connection.window.showWarningMessage(`TrailGuard: ${path.basename(file)} was not fixed: ${untouched}`);
        else if (dropped.length) {
          connection.window.showWarningMessage(`TrailGuard: ${dropped.length} fix${dropped.length === 1 ? ' was' : 'es were'} not applied (${dropped.map((d) => `${d.ruleId}: ${d.reason}`).join('; ')})`);
        }
        if (edits.length === 0) return { applied: false, fixes: 0 };
        const r = await connection.workspace.applyEdit({ label: 'TrailGuard: fix all safe problems', edit: toWorkspaceEdit(edits, uriOf) });
        return { applied: r.applied, fixes };
      }
      case LINT_FILES_COMMAND: {
        const list = (Array.isArray(args[0]) ? args[0] : (args[0] as { uris?: unknown[] } | undefined)?.uris) ?? [];
        const files = list.map((u) => (typeof u === 'string' ? pathOf(u) : undefined)).filter((p): p is string => !!p && session.lintable(p));
        for (const f of files) linter.workspaceLinted.add(f);
        let problems = 0;
        let linted = 0;
        for (const key of new Set(files.map(unitKeyOf))) {
          if (token.isCancellationRequested) break;
          problems += await scheduler.runNow(key);
          linted++;
        }
        return { units: linted, files: files.length, problems, cancelled: token.isCancellationRequested };
      }
      default:
        return undefined;
    }
  });
}

/** TRAILGUARD_SERVER_DEBUG_LOG=<file>: a line per code-action request (for chasing editor-side races). */
function debugLog(line: string): void {
  const file = process.env.TRAILGUARD_SERVER_DEBUG_LOG;
  if (file) fs.appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
}
