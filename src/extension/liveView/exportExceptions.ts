// The exceptions register of an evidence report exported from the editor: the `trailguard.*` settings that change
// verdicts (a rule switched off, a severity or the minimum retention lowered) and every suppression comment
// declared in the workspace's infrastructure code (where, which rules, why) — the same register as the CLI's,
// except that the editor does not lint here, so a comment is listed as declared rather than with what it silenced.
import * as vscode from 'vscode';
import { peerIndex } from '../../core/rules/index';
import { scanSuppressionComments } from '../../core/suppress';
import { declaredSuppressions, settingExceptions } from '../../evidence/exceptionSources';
import type { EvidenceSettings, ExceptionRule } from '../../evidence/types';

const IAC_FILES = '**/*.{tf,tf.json,tfvars,yaml,yml,json,template,cfn}';
const EXCLUDED = '{**/node_modules/**,**/.terraform/**,**/.git/**,**/cdk.out/**}';
/** Files read for suppression comments at most (a larger workspace: the register says it is partial). */
const MAX_FILES = 5000;
const MAX_BYTES = 2 * 1024 * 1024;

export async function exportExceptions(settings: EvidenceSettings): Promise<ExceptionRule[]> {
  const out: ExceptionRule[] = [...settingExceptions(settings)];
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0 || !vscode.workspace.isTrusted) return out;
  const files = await vscode.workspace.findFiles(IAC_FILES, EXCLUDED, MAX_FILES + 1);
  const peers = peerIndex();
  const comments = [];
  for (const uri of files.slice(0, MAX_FILES)) {
    const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => undefined);
    if (!stat || stat.size > MAX_BYTES) continue;
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    comments.push(...scanSuppressionComments(uri.fsPath, text, peers));
  }
  const root = folders[0]!.uri.fsPath;
  out.push(...declaredSuppressions(comments, root));
  if (files.length > MAX_FILES) {
    out.push({ kind: 'suppression', path: '*', reason: `only the first ${MAX_FILES} infrastructure files were read for suppression comments`, source: 'workspace (partial)' });
  }
  return out;
}
