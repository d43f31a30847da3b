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

type Layered = { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown };

/** Which settings layer sets a value (the most specific one wins, as VS Code merges them). */
function layerOf(i: Layered | undefined, pick: (v: unknown) => unknown = (v) => v): string | undefined {
  if (!i) return undefined;
  if (pick(i.workspaceFolderValue) !== undefined) return 'workspace folder settings';
  if (pick(i.workspaceValue) !== undefined) return 'workspace settings';
  if (pick(i.globalValue) !== undefined) return 'user settings';
  return undefined;
}

/**
 * The run record's settings with each rule setting and the minimum retention named by the setting and the layer that
 * sets it (`trailguard.rules.TG204: off (workspace settings)`), so the register says where to look.
 */
export function withSettingLayers(settings: EvidenceSettings): EvidenceSettings {
  const cfg = vscode.workspace.getConfiguration('trailguard');
  const rules = cfg.inspect<Record<string, unknown>>('rules') as Layered | undefined;
  const ruleLayer = (id: string) => layerOf(rules, (v) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[id] : undefined)) ?? 'settings';
  const retention = layerOf(cfg.inspect('minRetentionDays') as Layered | undefined, (v) => (typeof v === 'number' ? v : undefined));
  return {
    ...settings,
    rulesOff: settings.rulesOff.map((o) => ({ ...o, setting: `trailguard.rules.${o.ruleId}: off (${ruleLayer(o.ruleId)})` })),
    severityOverrides: settings.severityOverrides.map((o) => ({ ...o, setting: `trailguard.rules.${o.ruleId}: ${o.severity} (${ruleLayer(o.ruleId)})` })),
    ...(retention ? { minRetentionSetting: `trailguard.minRetentionDays: ${settings.minRetentionDays} (${retention})` } : {}),
  };
}

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
