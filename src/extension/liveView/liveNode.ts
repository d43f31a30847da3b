// The plain node model of the "Audit trail" tree and the small helpers every node builder shares. No `vscode`
// import: treeProvider.ts maps these nodes to TreeItems.
import type { AccountScan, CheckResult } from '../../live/types';
import type { CheckCounts } from './scanSummary';

export type NodeIcon =
  | 'pass' | 'fail-error' | 'fail-warning' | 'fail-info' | 'unknown'
  | 'trail' | 'bucket' | 'key' | 'lake' | 'region' | 'account' | 'info'
  /** The scan itself failed (account or region could not be read): unknown, never green. */
  | 'error'
  /** Untrusted workspace: no AWS call is made. */
  | 'lock'
  | 'loading'
  | 'recorder'
  | 'folder';

/** How an entity node's icon is coloured: its worst check. */
export type NodeTone = 'pass' | 'fail-error' | 'fail-warning' | 'fail-info' | 'unknown';

export interface NodeCommand { command: string; title: string; arguments?: unknown[] }

export interface LiveNode {
  /** Unique and stable across refreshes (VS Code keeps expansion state by id). */
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon: NodeIcon;
  tone?: NodeTone;
  /** Space-separated tokens that package.json menus match with `viewItem =~ /\btgFail\b/`. */
  contextValue: string;
  command?: NodeCommand;
  /** Open the node initially (root, regions). */
  expanded?: boolean;
  children: LiveNode[];
  /** What the context-menu commands act on. */
  check?: CheckResult;
  consoleUrl?: string;
}

export interface LiveViewState {
  /** `workspace.isTrusted`: when false the view makes no AWS call at all. */
  trusted: boolean;
  /** False when the shared config/credentials files define no profile (the welcome content shows instead). */
  profilesAvailable: boolean;
  profile?: string;
  /** Regions the user picked; empty = the scanner's default (the profile's region). */
  regions: string[];
  scanning: boolean;
  /** What the scan in flight is doing. */
  progress?: string;
  /** Last (possibly cached) scan for this profile and regions. */
  scan?: AccountScan;
  /** Every account of the last scan, each a root (several profiles, an organization); defaults to `[scan]`. */
  scans?: AccountScan[];
  /** The last scan attempt threw (not the same as `scan.error`, which the scanner reports itself). */
  error?: string;
  /** The current time: a cached scan from another day shows its date, not just its time. */
  now?: Date;
  /** The scan is held back until the user acts (e.g. confirm a workspace endpoint setting). */
  blocked?: { reason: string; command?: NodeCommand };
}

export const Commands = {
  refresh: 'trailguard.live.refresh',
  selectProfile: 'trailguard.live.selectProfile',
  scanOrganization: 'trailguard.live.scanOrganization',
  selectRegions: 'trailguard.live.selectRegions',
  copyRemediation: 'trailguard.live.copyRemediation',
  openConsole: 'trailguard.live.openConsole',
  openRuleDoc: 'trailguard.live.openRuleDoc',
  exportReport: 'trailguard.live.exportReport',
  cancel: 'trailguard.live.cancel',
  confirmEndpoint: 'trailguard.live.confirmEndpoint',
  manageTrust: 'workbench.trust.manage',
} as const;

export const retry: NodeCommand = { command: Commands.refresh, title: 'Retry the scan' };

export function messageNode(
  id: string, label: string, icon: NodeIcon,
  extra: { description?: string; tooltip?: string; command?: NodeCommand; contextValue?: string } = {},
): LiveNode {
  return {
    id,
    label,
    description: extra.description,
    tooltip: extra.tooltip,
    icon,
    contextValue: extra.contextValue ?? 'tgMessage',
    command: extra.command,
    children: [],
  };
}

export function plainText(text: string): string {
  return text.replace(/`([^`\n]+)`/g, '$1');
}

export function contextOf(base: string, consoleUrl: string | undefined): string {
  return consoleUrl ? `${base} tgConsole` : base;
}

export function toneOf(counts: CheckCounts): NodeTone | undefined {
  if (counts.failError) return 'fail-error';
  if (counts.failWarning) return 'fail-warning';
  if (counts.failInfo) return 'fail-info';
  if (counts.unknown) return 'unknown';
  if (counts.pass) return 'pass';
  return undefined;
}

/**
 * Failing checks by severity: `2 errors · 1 warning · 3 info`. Info results are advice, so they are counted as
 * info, never as "failing".
 */
export function severityTally(counts: CheckCounts): string[] {
  const parts: string[] = [];
  if (counts.failError) parts.push(plural(counts.failError, 'error'));
  if (counts.failWarning) parts.push(plural(counts.failWarning, 'warning'));
  if (counts.failInfo) parts.push(`${counts.failInfo} info`);
  return parts;
}

/**
 * `2 errors · 1 warning · 1 unknown · 4 pass · 1 n/a`, `all 7 pass`, `no checks`. Never "all pass" when something
 * is unknown or failing.
 */
export function countsLabel(counts: CheckCounts): string {
  const total = counts.fail + counts.unknown + counts.pass + counts.notApplicable;
  if (total === 0) return 'no checks';
  const na = counts.notApplicable ? [`${counts.notApplicable} n/a`] : [];
  if (counts.fail === 0 && counts.unknown === 0) return [`all ${counts.pass} pass`, ...na].join(' · ');
  const parts = severityTally(counts);
  if (counts.unknown) parts.push(`${counts.unknown} unknown`);
  parts.push(`${counts.pass} pass`, ...na);
  return parts.join(' · ');
}

export function countsSentence(counts: CheckCounts): string {
  const failing = [
    `${counts.failError} ${counts.failError === 1 ? 'error' : 'errors'}`,
    `${counts.failWarning} ${counts.failWarning === 1 ? 'warning' : 'warnings'}`,
    `${counts.failInfo} info`,
  ].join(', ');
  return `Checks: ${failing}, ${counts.unknown} unknown, ${counts.pass} passing` +
    (counts.notApplicable ? `, ${counts.notApplicable} not applicable` : '') + '.';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
