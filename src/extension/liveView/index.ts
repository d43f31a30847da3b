// The "Audit trail" view of the live account: wires the pure pieces (node model, scan session, endpoint policy,
// evidence report) to VS Code — tree view, status bar, commands, settings, workspace trust and progress.
import * as vscode from 'vscode';
import type { AccountScan } from '../../live/types';
import { registerLiveCommands, type LiveViewController } from './commands';
import { decideEndpoint } from './endpointPolicy';
import { loadLiveScanner, type LiveScanner } from './liveScanner';
import { LogValidation } from './logValidation';
import { withLogValidation } from './logValidationNodes';
import { buildLiveTree, Commands, type LiveNode, type LiveViewState } from './nodeModel';
import { ScanSession, type ScanRequest } from './scanSession';
import { affectsLiveSettings, autoScanEnabled, endpointLayers, readLiveSettings, type LiveSettings } from './settings';
import { LiveTreeProvider } from './treeProvider';
import { registerCodeLink } from '../link';

export const VIEW_ID = 'trailguard.auditTrail';
const CACHE_KEY = 'trailguard.live.scanCache';
const CONFIRMED_ENDPOINT_KEY = 'trailguard.live.confirmedEndpointUrl';
const CACHE_ENTRIES = 5;
export const SNAPSHOT_COMMAND = 'trailguard.live.treeSnapshot';

export function registerLiveView(context: vscode.ExtensionContext, scanner: LiveScanner = loadLiveScanner()): LiveViewController {
  const provider = new LiveTreeProvider();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  // Code ↔ account: where each live resource is defined, and drift (src/extension/link).
  const link = registerCodeLink(context, {
    reveal: async (id) => {
      const find = (nodes: readonly LiveNode[]): LiveNode | undefined => nodes.reduce<LiveNode | undefined>((hit, n) => hit ?? (n.id === id ? n : find(n.children)), undefined);
      const node = find(provider.getRoots());
      if (node) await view.reveal(node, { select: true, focus: true, expand: true });
    },
    changed: () => render(),
    config: () => {
      const settings = readLiveSettings();
      return { ...(settings.minRetentionDays !== undefined ? { minRetentionDays: settings.minRetentionDays } : {}), optIn: settings.optIn, rules: { ...settings.ruleSettings }, auditBucketPatterns: settings.auditBucketPatterns };
    },
  });
  const session = new ScanSession(
    async (request, signal, onProgress, onAccount) => {
      const common = {
        regions: request.regions.length ? request.regions : undefined,
        auditBucketPatterns: request.auditBucketPatterns,
        endpointUrl: request.endpointUrl,
        ruleOptions: {
          ...(request.minRetentionDays !== undefined ? { minRetentionDays: request.minRetentionDays } : {}),
          optIn: request.optIn ?? [],
        },
        ruleSettings: request.ruleSettings,
        ...(request.assumeRole ? { assumeRole: request.assumeRole } : {}),
        signal,
        // The evaluated scenes come back with the scan for linking; `link.adopt` takes them off before caching.
        keepScenes: true,
        onProgress: (p: { message: string; done: number; total: number }) => onProgress(`${p.message} (${p.done}/${p.total})`),
      };
      const several = (request.profiles?.length ?? 0) > 1 || request.organization || request.configAggregator;
      if (several && scanner.scanAccounts) {
        const multi = await scanner.scanAccounts({
          ...common, profiles: request.profiles, organization: request.organization, onAccount: onAccount && ((a) => onAccount(link.adopt(a))),
          ...(request.configAggregator ? { aggregator: request.configAggregator } : {}),
        });
        return multi.accounts.map((a) => link.adopt(a));
      }
      return link.adopt(await scanner.scanAccount({ ...common, profile: request.profiles?.[0] ?? request.profile, onPartial: onAccount }));
    },
    context.globalState.get<[string, AccountScan | AccountScan[]][]>(CACHE_KEY, []),
  );
  const status = vscode.window.createStatusBarItem('trailguard.awsProfile', vscode.StatusBarAlignment.Left, 50);
  status.name = 'TrailGuard AWS profile';
  status.command = Commands.selectProfile;

  let profilesAvailable = true;
  let blocked: LiveViewState['blocked'];
  /** Settings changed while the view was hidden: scan when it becomes visible. */
  let stale = false;
  // "Validate Log Files" results, shown under their trail until the settings change.
  const logValidation = new LogValidation({
    scanner,
    request: () => session.state.request,
    roots: () => provider.getRoots(),
    rerender: () => render(),
  });

  const render = (): void => {
    const settings = readLiveSettings();
    const s = session.state;
    const state: LiveViewState = {
      trusted: vscode.workspace.isTrusted,
      profilesAvailable,
      profile: settings.profile,
      regions: settings.regions,
      scanning: s.scanning,
      progress: s.progress,
      scan: s.scan,
      scans: s.scans,
      error: s.error,
      blocked,
      now: new Date(),
    };
    link.show(vscode.workspace.isTrusted ? s.scans ?? (s.scan ? [s.scan] : []) : []);
    provider.setRoots(withLogValidation(link.decorate(buildLiveTree(state)), logValidation.states));
    void vscode.commands.executeCommand('setContext', 'trailguard.live.noProfile', !profilesAvailable);
    void vscode.commands.executeCommand('setContext', 'trailguard.live.scanning', s.scanning);
    void vscode.commands.executeCommand('setContext', 'trailguard.live.hasScan', Boolean(s.scan && vscode.workspace.isTrusted));
    const profile = settings.profile ?? process.env.AWS_PROFILE ?? 'default';
    const several = settings.profiles.length > 1;
    status.text = settings.configAggregator
      ? `$(cloud) AWS: Config aggregator ${settings.configAggregator.name}`
      : settings.organization
      ? `$(cloud) AWS: organization via ${settings.profiles[0] ?? profile}`
      : several ? `$(cloud) AWS: ${settings.profiles.length} profiles` : `$(cloud) AWS: ${settings.profiles[0] ?? profile}`;
    const accounts = (s.scans ?? []).map((a) => a.account).filter(Boolean);
    status.tooltip = several || settings.organization
      ? `TrailGuard scans ${settings.organization ? 'every account of the organization' : `profiles ${settings.profiles.join(', ')}`}` +
        `${accounts.length ? ` (${accounts.length} accounts)` : ''}. Click to pick profiles.`
      : s.scan?.account
        ? `TrailGuard scans profile ${settings.profiles[0] ?? profile} (account ${s.scan.account}). Click to pick other profiles.`
        : `TrailGuard scans profile ${settings.profiles[0] ?? profile}. Click to pick other profiles.`;
    status.show();
  };

  session.onDidChange(() => {
    render();
    if (!session.state.scanning && session.state.scan) {
      void context.globalState.update(CACHE_KEY, session.cacheEntries().slice(-CACHE_ENTRIES));
    }
  });

  /** Profiles in the shared files; undefined when they could not be read (the scan will say why). */
  let knownProfiles: string[] | undefined;
  const updateProfilesAvailable = async (): Promise<void> => {
    try {
      knownProfiles = await scanner.listProfiles();
      // Credentials in the environment need no profile file.
      profilesAvailable = knownProfiles.length > 0 || Boolean(process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE);
    } catch {
      // An unreadable config file is the scanner's error to report; do not hide the tree behind the welcome.
      knownProfiles = undefined;
      profilesAvailable = true;
    }
  };

  /** The request whose cached scan to show, without asking anything (an unconfirmed endpoint is left out). */
  const cachedRequest = (): ScanRequest => {
    const request = requestFromSettings(readLiveSettings());
    const decision = decideEndpoint(endpointLayers(), context.workspaceState.get<string>(CONFIRMED_ENDPOINT_KEY));
    if (decision.kind === 'use') request.endpointUrl = decision.url;
    return request;
  };

  /** Nothing names a profile and there is no `default` one: ask, rather than fail on missing credentials. */
  const needsProfileChoice = (settings: LiveSettings): boolean =>
    // `trailguard.aws.profiles` chooses too (several accounts): only with neither is there nothing to scan.
    !settings.profile && settings.profiles.length === 0 && !process.env.AWS_PROFILE && !process.env.AWS_ACCESS_KEY_ID &&
    knownProfiles !== undefined && knownProfiles.length > 0 && !knownProfiles.includes('default');

  /** One modal at a time: overlapping refreshes (view opened + settings changed) share the answer. */
  let pendingConfirmation: { url: string; answer: Promise<boolean> } | undefined;
  const confirmOnce = (url: string, profile: string | undefined): Promise<boolean> => {
    if (pendingConfirmation?.url !== url) {
      const answer = askToConfirmEndpoint(url, profile).finally(() => {
        if (pendingConfirmation?.answer === answer) pendingConfirmation = undefined;
      });
      pendingConfirmation = { url, answer };
    }
    return pendingConfirmation.answer;
  };

  /** The request for the current settings, or undefined when the user has not confirmed a workspace endpoint. */
  const currentRequest = async (askForConfirmation: boolean): Promise<ScanRequest | undefined> => {
    const settings = readLiveSettings();
    if (needsProfileChoice(settings)) {
      blocked = {
        reason: `Select the AWS profile to scan (${knownProfiles!.length === 1 ? 'one profile' : `${knownProfiles!.length} profiles`} found, no default)`,
        command: { command: Commands.selectProfile, title: 'Select AWS Profile' },
      };
      return undefined;
    }
    const request = requestFromSettings(settings);
    let decision = decideEndpoint(endpointLayers(), context.workspaceState.get<string>(CONFIRMED_ENDPOINT_KEY));
    if (decision.kind === 'confirm' && askForConfirmation && await confirmOnce(decision.url, settings.profile)) {
      await context.workspaceState.update(CONFIRMED_ENDPOINT_KEY, decision.url);
      decision = { kind: 'use', url: decision.url, from: 'workspace' };
    }
    if (decision.kind === 'confirm') {
      blocked = {
        reason: `Scan paused: this workspace sets trailguard.aws.endpointUrl to ${decision.url}, which you have not confirmed`,
        command: { command: Commands.confirmEndpoint, title: 'Review the workspace endpoint' },
      };
      return undefined;
    }
    blocked = undefined;
    if (decision.kind === 'use') request.endpointUrl = decision.url;
    return request;
  };

  const refresh = async (userInitiated: boolean): Promise<void> => {
    stale = false;
    if (!vscode.workspace.isTrusted) {
      // No AWS call at all, and no endpoint prompt either: the tree says why.
      session.clear();
      render();
      return;
    }
    await updateProfilesAvailable();
    if (!profilesAvailable) {
      session.clear();
      render();
      return;
    }
    // Ask about a workspace endpoint when the user acted, or when they have not declined it yet.
    const declinedEndpoint = blocked?.command?.command === Commands.confirmEndpoint;
    const request = await currentRequest(userInitiated || !declinedEndpoint);
    if (!request) {
      session.clear();
      render();
      return;
    }
    const scanning = session.scan(request);
    await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => scanning);
    await scanning;
  };

  /** Settings changed: rescan now if the view is visible, else show what is cached and scan when it opens. */
  const onSettingsChanged = (): void => {
    logValidation.clear();
    if (view.visible) {
      void refresh(false);
      return;
    }
    stale = true;
    session.cancel();
    session.select(cachedRequest());
    render();
  };

  const controller: LiveViewController = {
    scanner,
    provider,
    currentScan: () => (vscode.workspace.isTrusted ? session.state.scan : undefined),
    currentScans: () => (vscode.workspace.isTrusted ? session.state.scans ?? (session.state.scan ? [session.state.scan] : []) : []),
    refresh,
    drift: () => link.driftSection(),
    currentRequest: () => session.state.request,
    cancel: () => session.cancel(),
    confirmEndpoint: async () => {
      await context.workspaceState.update(CONFIRMED_ENDPOINT_KEY, undefined);
      blocked = undefined;
      await refresh(true);
    },
  };

  context.subscriptions.push(
    view,
    provider,
    status,
    { dispose: () => session.clear() },
    view.onDidChangeVisibility((e) => {
      if (!e.visible) return;
      if (stale || (autoScanEnabled() && !session.state.scan && !session.state.scanning && !blocked)) void refresh(false);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsLiveSettings(e)) onSettingsChanged();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      render();
      if (view.visible) void refresh(false);
      else stale = true;
    }),
    ...registerLiveCommands(context, controller),
    ...logValidation.register(),
    // Not contributed (so not in the palette): lets the in-editor tests read the tree the user sees.
    vscode.commands.registerCommand(SNAPSHOT_COMMAND, () => JSON.parse(JSON.stringify(provider.getRoots())) as unknown),
  );

  // Start from the cached scan for the current settings (shown with its scan time); scan once the view is open.
  session.select(cachedRequest());
  render();
  void updateProfilesAvailable().then(() => {
    render();
    if (view.visible && autoScanEnabled() && vscode.workspace.isTrusted && !session.state.scan) void refresh(false);
  });
  return controller;
}

/** The scan request for the settings, without the endpoint (that needs the trust decision first). */
function requestFromSettings(settings: LiveSettings): ScanRequest {
  return {
    profile: settings.profile,
    ...(settings.profiles.length ? { profiles: settings.profiles } : {}),
    ...(settings.assumeRole ? { assumeRole: settings.assumeRole } : {}),
    ...(settings.organization && settings.assumeRole ? { organization: true } : {}),
    ...(settings.configAggregator ? { configAggregator: settings.configAggregator } : {}),
    regions: settings.regions,
    auditBucketPatterns: settings.auditBucketPatterns,
    minRetentionDays: settings.minRetentionDays,
    optIn: settings.optIn,
    ruleSettings: settings.ruleSettings,
  };
}

async function askToConfirmEndpoint(url: string, profile: string | undefined): Promise<boolean> {
  const use = 'Use this endpoint';
  const answer = await vscode.window.showWarningMessage(
    `This workspace sets "trailguard.aws.endpointUrl" to ${url}.`,
    {
      modal: true,
      detail: `TrailGuard would send its signed, read-only AWS requests for profile ${profile ?? 'default'} — and receive the ` +
        'audit evidence it shows — from this address instead of AWS. Only continue if you trust this workspace to ' +
        'choose where your AWS requests go (for example a LocalStack or test endpoint). User-level settings are not asked about.',
    },
    use,
  );
  return answer === use;
}
