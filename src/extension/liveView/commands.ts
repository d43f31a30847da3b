// Commands of the "Audit trail" view: profile and region pickers, refresh/cancel, the per-check context actions
// (copy the remediation command, open the console or the rule doc) and the evidence report export.
import * as vscode from 'vscode';
import type { AccountScan } from '../../live/types';
import type { DriftSection } from '../../evidence/types';
import { buildEvidenceReport, reportBaseName } from '../../evidence/report';
import { renderReportFiles } from '../../evidence/integrity';
import { evidenceSettings } from '../../evidence/settings';
import { exportExceptions, withSettingLayers } from './exportExceptions';
import { version } from '../../cli/version';
import { defaultRuleOptions } from '../../core/rules/rule';
import { Commands, type LiveNode } from './nodeModel';
import { AWS_REGIONS } from './regions';
import type { LiveScanner } from './liveScanner';
import type { LiveTreeProvider } from './treeProvider';
import type { ScanRequest } from './scanSession';
import { KEYS, readLiveSettings, writeSetting } from './settings';

/** What the commands need from the running view (index.ts). */
export interface LiveViewController {
  readonly scanner: LiveScanner;
  readonly provider: LiveTreeProvider;
  currentScan(): AccountScan | undefined;
  /** Every account of the current scan (several profiles, an organization); `[currentScan()]` otherwise. */
  currentScans?(): AccountScan[];
  refresh(userInitiated: boolean): Promise<void>;
  /** The request of the scan shown (profiles, role, confirmed endpoint): what follow-up reads use. */
  currentRequest?(): ScanRequest | undefined;
  cancel(): void;
  confirmEndpoint(): Promise<void>;
  /** Code ↔ account drift of the scans shown (the report's "Drift" section), when a workspace is linked. */
  drift?(): DriftSection | undefined;
}

export function registerLiveCommands(context: vscode.ExtensionContext, view: LiveViewController): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.refresh, () => view.refresh(true)),
    vscode.commands.registerCommand(Commands.cancel, () => view.cancel()),
    vscode.commands.registerCommand(Commands.confirmEndpoint, () => view.confirmEndpoint()),
    vscode.commands.registerCommand(Commands.selectProfile, () => selectProfile(view)),
    vscode.commands.registerCommand(Commands.scanOrganization, () => toggleOrganization(view)),
    vscode.commands.registerCommand(Commands.selectRegions, selectRegions),
    vscode.commands.registerCommand(Commands.copyRemediation, copyRemediation),
    vscode.commands.registerCommand(Commands.openConsole, openConsole),
    vscode.commands.registerCommand(Commands.openRuleDoc, (arg: unknown) => openRuleDoc(context, arg)),
    vscode.commands.registerCommand(Commands.exportReport, (arg?: unknown) => exportReport(view, exportArgs(arg))),
  ];
}

/**
 * Pick one profile or several (each account a root). One picked writes `trailguard.aws.profile` and clears the list;
 * several write `trailguard.aws.profiles`; none picked returns to the SDK default.
 */
async function selectProfile(view: LiveViewController): Promise<void> {
  let profiles: string[];
  try {
    profiles = await view.scanner.listProfiles();
  } catch (err) {
    void vscode.window.showErrorMessage(`TrailGuard: could not read the AWS config files: ${(err as Error).message}`);
    return;
  }
  const settings = readLiveSettings();
  const current = settings.profiles.length ? settings.profiles : settings.profile ? [settings.profile] : [];
  if (profiles.length === 0) {
    void vscode.window.showWarningMessage('TrailGuard: no AWS profile found. Create one with `aws configure` or `aws configure sso`.');
  }
  const fromEnv = process.env.AWS_PROFILE;
  const picked = await vscode.window.showQuickPick(profiles.map((p) => ({ label: p, picked: current.includes(p) })), {
    title: 'TrailGuard: Select AWS Profile',
    placeHolder: `Profiles to scan — several: one root per account; none: the SDK default (${fromEnv ? `AWS_PROFILE=${fromEnv}` : 'AWS_PROFILE, else default'})`,
    canPickMany: true,
  });
  if (!picked) return;
  const names = picked.map((p) => p.label);
  if (names.length === current.length && names.every((n) => current.includes(n))) {
    await view.refresh(true);
    return;
  }
  // The configuration change events refresh the tree.
  if (names.length > 1) {
    await writeSetting(KEYS.profiles, names);
  } else {
    if (settings.profiles.length) await writeSetting(KEYS.profiles, []);
    await writeSetting(KEYS.profile, names[0] ?? '');
  }
}

/** Turns the organization scan on (every account through the role) or off; asks for the role name when none is set. */
async function toggleOrganization(view: LiveViewController): Promise<void> {
  const settings = readLiveSettings();
  if (settings.organization) {
    await writeSetting(KEYS.organization, false);
    return;
  }
  if (!settings.assumeRole) {
    const role = await vscode.window.showInputBox({
      title: 'TrailGuard: Scan Organization',
      prompt: 'Role to assume in every member account (from the first profile, which must be the management account or a delegated administrator)',
      placeHolder: 'OrganizationAccountAccessRole, or your read-only audit role',
      validateInput: (v) => (/^[\w+=,.@-]{1,64}$/.test(v.trim()) ? undefined : 'An IAM role name: letters, digits and +=,.@_-'),
    });
    if (!role) return;
    await writeSetting(KEYS.assumeRoleName, role.trim());
  }
  await writeSetting(KEYS.organization, true);
  if (!view.currentScan()) await view.refresh(true);
}

async function selectRegions(): Promise<void> {
  const current = new Set(readLiveSettings().regions);
  const known = [...new Set([...AWS_REGIONS, ...current])];
  const items = known.map((r) => ({ label: r, picked: current.has(r) }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'TrailGuard: Select Regions',
    placeHolder: 'Regions to scan (none selected = the profile\'s region)',
    canPickMany: true,
  });
  if (!picked) return;
  await writeSetting(KEYS.regions, picked.map((p) => p.label));
}

/** Commands from a context menu get the node; from elsewhere (keybinding) the current selection is unknown. */
function nodeArg(arg: unknown): LiveNode | undefined {
  return arg && typeof arg === 'object' && 'contextValue' in arg ? (arg as LiveNode) : undefined;
}

async function copyRemediation(arg: unknown): Promise<void> {
  const check = nodeArg(arg)?.check;
  if (!check?.remediation) {
    void vscode.window.showInformationMessage('TrailGuard: this check has no remediation command.');
    return;
  }
  await vscode.env.clipboard.writeText(check.remediation);
  // MFA Delete can only be turned on by the bucket owner's root user with its MFA device.
  const caveat = check.ruleId === 'TG204' && !/root/i.test(check.remediation)
    ? ' Note: MFA Delete can only be enabled with the root user\'s credentials and its MFA device (--mfa "<device-arn> <code>").'
    : '';
  void vscode.window.showInformationMessage(`TrailGuard: copied the ${check.ruleId} remediation command.${caveat}`);
}

async function openConsole(arg: unknown): Promise<void> {
  const node = nodeArg(arg);
  const url = node?.consoleUrl ?? node?.check?.consoleUrl;
  await openHttps(url, 'This item has no AWS Console link.');
}

/** The rule page shipped with the extension (works offline, as the diagnostics' links do), else the web page. */
async function openRuleDoc(context: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const check = nodeArg(arg)?.check;
  if (check && /^TG\d{3}$/.test(check.ruleId)) {
    const local = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${check.ruleId}.md`);
    const exists = await vscode.workspace.fs.stat(local).then(() => true, () => false);
    if (exists) {
      await vscode.commands.executeCommand('markdown.showPreview', local).then(undefined, () => vscode.window.showTextDocument(local));
      return;
    }
  }
  await openHttps(check?.docUrl, 'This item has no rule documentation link.');
}

/** Only https links are opened: the URLs are built from names the AWS APIs returned. */
async function openHttps(url: string | undefined, missing: string): Promise<void> {
  if (!url) {
    void vscode.window.showInformationMessage(`TrailGuard: ${missing}`);
    return;
  }
  const uri = vscode.Uri.parse(url, true);
  if (uri.scheme !== 'https' && uri.scheme !== 'file') {
    void vscode.window.showWarningMessage(`TrailGuard: not opening ${url} (only https links are opened).`);
    return;
  }
  await vscode.env.openExternal(uri);
}

/** Export without dialogs (tasks, keybindings, tests): `{ format: 'md' | 'json' | 'both', uri }`. */
interface ExportArgs { exts: ('md' | 'json')[]; uri: vscode.Uri }

function exportArgs(arg: unknown): ExportArgs | undefined {
  if (!arg || typeof arg !== 'object' || 'contextValue' in arg) return undefined;
  const { format, uri } = arg as { format?: unknown; uri?: unknown };
  const exts = format === 'md' ? ['md' as const] : format === 'json' ? ['json' as const] : format === 'both' ? ['md' as const, 'json' as const] : undefined;
  const target = uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.file(uri) : undefined;
  return exts && target ? { exts, uri: target } : undefined;
}

async function exportReport(view: LiveViewController, args: ExportArgs | undefined): Promise<vscode.Uri[]> {
  const scan = view.currentScan();
  if (!scan) {
    void vscode.window.showInformationMessage('TrailGuard: nothing to export yet. Scan the account first (TrailGuard: Refresh).');
    return [];
  }
  // The report covers every account of the scan, with per-account and overall totals (src/evidence).
  const scans = (view.currentScans?.() ?? [scan]).filter((s) => !s.partial);
  if (scans.length === 0) {
    void vscode.window.showInformationMessage('TrailGuard: the scan is still running; export once its checks are in.');
    return [];
  }
  const generatedAt = new Date();
  const drift = view.drift?.();
  if (args) return writeReports(view, scans, generatedAt, args.exts, args.uri, drift);
  const format = await vscode.window.showQuickPick(
    [
      { label: 'Markdown', description: 'for people: summary, what needs attention, every check with its evidence', exts: ['md'] as const },
      { label: 'JSON', description: 'for tools: the same findings as `trailguard scan --format json`, plus a summary', exts: ['json'] as const },
      { label: 'Markdown and JSON', description: 'both files side by side', exts: ['md', 'json'] as const },
    ],
    { title: 'TrailGuard: Export Evidence Report', placeHolder: scans.length > 1 ? `Scan of ${scans.length} accounts` : `Scan of ${scan.profile} (${scan.account ?? 'account unknown'})` },
  );
  if (!format) return [];
  const first = format.exts[0];
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(require('os').homedir() as string);
  const target = await vscode.window.showSaveDialog({
    title: 'Save the evidence report',
    defaultUri: vscode.Uri.joinPath(folder, `${reportBaseName(scan.account, scan.profile, generatedAt)}.${first}`),
    filters: first === 'md' ? { Markdown: ['md'] } : { JSON: ['json'] },
  });
  if (!target) return [];
  const written = await writeReports(view, scans, generatedAt, [...format.exts], target, drift);
  const open = 'Open';
  void vscode.window.showInformationMessage(
    `TrailGuard: evidence report saved (${written.map((u) => u.path.split('/').pop()).join(', ')}).`, open,
  ).then((answer) => (answer === open ? vscode.window.showTextDocument(written[0]) : undefined));
  return written;
}

/**
 * The same report as `trailguard evidence` (src/evidence): one file per format, the second beside the first with
 * its own extension; with both, also the `.sha256` checksum list `trailguard verify` checks.
 */
async function writeReports(view: LiveViewController, scans: AccountScan[], generatedAt: Date, exts: ('md' | 'json')[], target: vscode.Uri, drift?: DriftSection): Promise<vscode.Uri[]> {
  const live = readLiveSettings();
  // What the log buckets really hold (oldest object, retain-until sample, delivery gaps), read now as the CLI does.
  const request = view.currentRequest?.();
  const retentionInPractice = request && view.scanner.retentionInPractice
    ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'TrailGuard: reading the log buckets (retention in practice)' }, () =>
      view.scanner.retentionInPractice!(scans, {
        profiles: request.profiles?.length ? request.profiles : [request.profile],
        ...(request.endpointUrl ? { endpointUrl: request.endpointUrl } : {}),
        ...(request.assumeRole ? { assumeRole: request.assumeRole } : {}),
        minRetentionDays: live.minRetentionDays ?? defaultRuleOptions.minRetentionDays,
        now: generatedAt,
      }).catch(() => undefined))
    : undefined;
  const settings = withSettingLayers(evidenceSettings({ optIn: live.optIn, rules: live.ruleSettings, auditBucketPatterns: live.auditBucketPatterns, ...(live.minRetentionDays !== undefined ? { minRetentionDays: live.minRetentionDays } : {}) }, 'trailguard.* settings'));
  const report = buildEvidenceReport(scans, {
    ...(retentionInPractice ? { retentionInPractice } : {}),
    generatedAt,
    tool: { version, commit: process.env.TRAILGUARD_COMMIT ?? null },
    settings,
    exceptions: await exportExceptions(settings),
    ...(drift ? { drift } : {}),
  });
  const base = target.path.split('/').pop()!.replace(/\.[^.]*$/, '');
  const { files } = renderReportFiles(report, base);
  const written: vscode.Uri[] = [];
  for (const ext of [...exts, ...(exts.length === 2 ? ['sha256' as const] : [])]) {
    const uri = ext === exts[0] ? target : target.with({ path: target.path.replace(/\.[^./]*$/, '') + `.${ext}` });
    await vscode.workspace.fs.writeFile(uri, Buffer.from(files[`${base}.${ext}`]!, 'utf8'));
    written.push(uri);
  }
  return written;
}
