// Rule pages open rendered (Markdown preview of the page shipped with the extension, so offline too) from every
// place the editor shows a rule id: the Problems panel and hover links, and "Open documentation for TGxxx".
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const OPEN_RULE_DOC_COMMAND = 'trailguard.openRuleDoc';
const SERVER_OPEN_DOCS_COMMAND = 'trailguard.openDocs';
const RULE_ID = /^TG\d{3}$/;

export async function openRuleDoc(extensionUri: vscode.Uri, ruleId: unknown): Promise<void> {
  if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) return;
  const page = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
  await vscode.commands.executeCommand('markdown.showPreview', page).then(undefined, () => vscode.window.showTextDocument(page));
}

/** `command:` link to the rendered page; VS Code opens diagnostic code links with commands allowed. */
export function ruleDocLink(ruleId: string): vscode.Uri {
  return vscode.Uri.parse(`command:${OPEN_RULE_DOC_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}`);
}

/**
 * The server links each diagnostic to the raw Markdown file (right for other editors); in VS Code the link runs the
 * preview command instead, and the server's "open docs" command is answered here without a round trip.
 */
export function ruleDocMiddleware(extensionUri: vscode.Uri): Middleware {
  return {
    handleDiagnostics(uri, diagnostics, next) {
      for (const d of diagnostics) {
        const value = typeof d.code === 'object' ? d.code.value : d.code;
        if (d.source === 'trailguard' && typeof value === 'string' && RULE_ID.test(value)) d.code = { value, target: ruleDocLink(value) };
      }
      next(uri, diagnostics);
    },
    executeCommand(command, args, next) {
      if (command === SERVER_OPEN_DOCS_COMMAND) return openRuleDoc(extensionUri, args[0]);
      return next(command, args);
    },
  };
}
