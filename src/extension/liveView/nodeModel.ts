// Turns a live AccountScan (plus what the view knows about profile, trust and scanning) into plain tree nodes.
// No `vscode` import: the tree's content — labels, icons, tooltips and the states that say *why* something is
// empty or unknown — is decided here and unit-tested; treeProvider.ts only maps these nodes to TreeItems.
import type { AccountScan, CheckResult, RegionScan, ScannedBucket, ScannedKey, ScannedRecorder, ScannedTrail } from '../../live/types';
import { countChecks, countUnreadableWithoutChecks, summarizeTrailBuckets, type CheckCounts } from './scanSummary';
import { escapeMarkdown, formatScanTime, inlineCode, jsonBlock, messageMarkdown } from './markdown';

export type NodeIcon =
  | 'pass' | 'fail-error' | 'fail-warning' | 'fail-info' | 'unknown'
  | 'trail' | 'bucket' | 'key' | 'region' | 'account' | 'info'
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
  selectRegions: 'trailguard.live.selectRegions',
  copyRemediation: 'trailguard.live.copyRemediation',
  openConsole: 'trailguard.live.openConsole',
  openRuleDoc: 'trailguard.live.openRuleDoc',
  exportReport: 'trailguard.live.exportReport',
  cancel: 'trailguard.live.cancel',
  confirmEndpoint: 'trailguard.live.confirmEndpoint',
  manageTrust: 'workbench.trust.manage',
} as const;

const retry: NodeCommand = { command: Commands.refresh, title: 'Retry the scan' };

/** The whole tree for the current state. An empty array means "show the welcome content" (no profile). */
export function buildLiveTree(state: LiveViewState): LiveNode[] {
  if (!state.trusted) {
    return [messageNode('untrusted', 'Workspace not trusted: no AWS calls are made', 'lock', {
      tooltip: 'TrailGuard does not call AWS from an untrusted workspace, because workspace settings could redirect ' +
        'the scanner or pick a profile. Trust this workspace to scan the live account.',
      command: { command: Commands.manageTrust, title: 'Manage Workspace Trust' },
    })];
  }
  if (!state.profilesAvailable && !state.scan) return [];
  if (state.blocked) {
    return [messageNode('blocked', state.blocked.reason, 'info', { tooltip: escapeMarkdown(state.blocked.reason), command: state.blocked.command })];
  }
  if (!state.scan) {
    if (state.scanning) {
      return [messageNode('scanning', `Scanning ${profileLabel(state.profile)}…`, 'loading', {
        description: [regionsLabel(state.regions), state.progress].filter(Boolean).join(' · '),
      })];
    }
    if (state.error) {
      return [messageNode('scan-failed', `Could not scan ${profileLabel(state.profile)}: ${state.error}`, 'error', {
        description: 'click to retry',
        tooltip: `**The scan failed.** ${escapeMarkdown(state.error)}\n\nNothing in this account has been verified.`,
        command: retry,
      })];
    }
    return [messageNode('not-scanned', 'Not scanned yet', 'info', {
      description: `${profileLabel(state.profile)} · click to scan`,
      command: { command: Commands.refresh, title: 'Scan the account' },
    })];
  }
  return [accountNode(state, state.scan)];
}

/** `23:50 UTC` for a scan of today (UTC), `2026-11-20 23:50 UTC` for an older (cached) one. */
function whenScanned(iso: string, now: Date | undefined): string {
  const sameDay = now !== undefined && !Number.isNaN(Date.parse(iso)) && new Date(iso).toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  return sameDay || now === undefined ? formatScanTime(iso, 'time') : formatScanTime(iso).replace(/:\d\d UTC$/, ' UTC');
}

function profileLabel(profile: string | undefined): string {
  return profile ? `profile ${profile}` : 'the default profile';
}

function regionsLabel(regions: string[]): string {
  return regions.length ? regions.join(', ') : 'profile region';
}

// ---------------------------------------------------------------------------------------------------------------
// Account root.

function accountNode(state: LiveViewState, scan: AccountScan): LiveNode {
  const id = `account/${scan.profile}`;
  const children: LiveNode[] = [];
  if (state.error) {
    children.push(messageNode(`${id}/refresh-failed`, `Last refresh failed: ${state.error}`, 'error', {
      description: `showing the scan of ${formatScanTime(scan.finishedAt)}`,
      tooltip: `**The last refresh failed.** ${escapeMarkdown(state.error)}\n\nThe results below are from ${formatScanTime(scan.finishedAt)}.`,
      command: retry,
    }));
  }
  if (scan.error) {
    children.push(messageNode(`${id}/error`, `Account could not be scanned: ${scan.error}`, 'error', {
      description: 'nothing verified',
      tooltip: `**Unknown: the account could not be scanned.**\n\n${messageMarkdown(scan.error)}\n\nNo check has run; this is not a pass.`,
      command: retry,
    }));
  } else {
    for (const region of scan.regions) children.push(regionNode(id, region, scan));
    children.push(otherBucketsNode(id, scan.otherBuckets));
    children.push(configNode(id, scan.regions));
  }

  const counts = countChecks(scan.findings);
  const unreadable = countUnreadableWithoutChecks(scan);
  const unknown = counts.unknown + unreadable;
  const kpi = summarizeTrailBuckets(scan);
  const label = `${scan.profile} (${scan.account ?? 'account unknown'})`;
  const parts: string[] = [];
  if (state.scanning) parts.push(state.progress ? `scanning: ${state.progress}…` : 'scanning…');
  if (scan.error) {
    parts.push('nothing verified', `tried ${whenScanned(scan.finishedAt, state.now)}`);
  } else {
    parts.push(kpi.total ? `${kpi.compliant}/${kpi.total} trail buckets compliant (${kpi.percent}%)` : 'no trail buckets');
    parts.push(`${counts.fail} failing`, `${unknown} unknown`);
    parts.push(`scanned ${whenScanned(scan.finishedAt, state.now)}`);
  }

  const tooltip = [
    `**${escapeMarkdown(label)}**`,
    '',
    `Profile: ${inlineCode(scan.profile)}  `,
    `Account: ${scan.account ? inlineCode(scan.account) : 'unknown'}  `,
    `Regions: ${scan.regions.map((r) => r.region).join(', ') || 'none'}  `,
    `Scanned: ${formatScanTime(scan.startedAt)} – ${formatScanTime(scan.finishedAt, 'time')}`,
    '',
    kpi.total
      ? `Trail buckets compliant (every check passes): **${kpi.compliant} of ${kpi.total} (${kpi.percent}%)**` +
        (kpi.unknown ? `, ${kpi.unknown} could not be fully verified` : '')
      : 'No trail bucket was found, so nothing proves the audit trail is stored safely.',
    '',
    `Checks: ${counts.fail} failing, ${counts.unknown} unknown, ${counts.pass} passing` +
      (unreadable ? `; ${plural(unreadable, 'trail bucket or key')} could not be read at all` : ''),
  ].join('\n');

  return {
    id,
    label,
    description: parts.join(' · '),
    tooltip,
    icon: 'account',
    tone: scan.error ? 'unknown' : toneOf({ ...counts, unknown }),
    contextValue: 'tgAccount',
    expanded: true,
    children,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Regions and trails.

function regionNode(parentId: string, region: RegionScan, scan: AccountScan): LiveNode {
  const id = `${parentId}/region/${region.region}`;
  const regionChecks = region.checks.filter((c) => !isConfigRule(c.ruleId));
  const children: LiveNode[] = [];
  if (region.error) {
    // What could be read is still shown below the error; nothing here is a pass by omission.
    children.push(messageNode(`${id}/error`, `Could not scan: ${region.error}`, 'error', {
      description: 'click to retry',
      tooltip: `**Unknown: ${region.region} could not be fully scanned.**\n\n${messageMarkdown(region.error)}\n\nChecks that depend on it did not run; this is not a pass.`,
      command: retry,
    }));
  }
  children.push(...checkNodes(id, regionChecks));
  if (region.trails.length === 0 && !region.error) children.push(noTrailsNode(id, region));
  for (const trail of region.trails) children.push(trailNode(id, trail, region, scan));
  const counts = countChecks([...regionChecks, ...region.trails.flatMap(trailChecks)]);
  if (region.error) {
    return {
      id,
      label: region.region,
      description: `could not be scanned: ${plainText(region.error)}`,
      tooltip: `**Unknown: ${region.region} could not be fully scanned.**\n\n${messageMarkdown(region.error)}\n\n${countsSentence(counts)}`,
      icon: 'region',
      tone: counts.fail ? toneOf(counts) : 'unknown',
      contextValue: 'tgRegion tgError',
      expanded: true,
      children,
    };
  }
  return {
    id,
    label: region.region,
    description: `${plural(region.trails.length, 'trail')} · ${countsLabel(counts)}`,
    tooltip: `**${region.region}**\n\n${plural(region.trails.length, 'trail')} seen here (including shadow copies of multi-region and organization trails).\n\n${countsSentence(counts)}`,
    icon: 'region',
    tone: region.trails.length === 0 ? 'fail-error' : toneOf(counts),
    contextValue: 'tgRegion',
    expanded: true,
    children,
  };
}

function noTrailsNode(parentId: string, region: RegionScan): LiveNode {
  const tg120 = region.checks.find((c) => c.ruleId === 'TG120');
  const why = 'No trail (not even a shadow of a multi-region or organization trail) records this region, so API ' +
    'activity here leaves no audit log.';
  return messageNode(`${parentId}/no-trails`, 'No trails in this region', tg120 && tg120.status === 'pass' ? 'info' : 'fail-error', {
    description: 'TG120: not covered by any trail',
    tooltip: `**No trails in ${region.region}.**\n\n${why}\n\nThis is what TG120 fails on: create a multi-region trail that logs read and write management events.` +
      (tg120 ? `\n\n[TG120 documentation](${tg120.docUrl})` : ''),
    contextValue: 'tgNoTrails',
  });
}

function trailChecks(trail: ScannedTrail): CheckResult[] {
  return [...trail.checks, ...(trail.bucket?.checks ?? []), ...(trail.key?.checks ?? [])];
}

function trailNode(parentId: string, trail: ScannedTrail, region: RegionScan, scan: AccountScan): LiveNode {
  const id = `${parentId}/trail/${trail.arn || trail.name}`;
  const children = checkNodes(id, trail.checks);
  if (trail.bucket) children.push(bucketNode(id, trail.bucket, false));
  if (trail.key) children.push(keyNode(id, trail.key));
  const shadowElsewhere = trail.shadow && trail.homeRegion !== region.region;
  if (shadowElsewhere && trail.checks.length === 0 && !trail.bucket) {
    const homeScanned = scan.regions.some((r) => r.region === trail.homeRegion && !r.error);
    children.push(messageNode(`${id}/shadow`,
      homeScanned ? `Checked in its home region ${trail.homeRegion}` : `Home region ${trail.homeRegion} not scanned`,
      homeScanned ? 'info' : 'unknown', {
        tooltip: homeScanned
          ? `This is a shadow copy of a trail whose home region is ${trail.homeRegion}; its checks are listed there.`
          : `This is a shadow copy of a trail whose home region is ${trail.homeRegion}, which this scan did not include. ` +
            'Add that region with "TrailGuard: Select Regions" to verify the trail.',
        command: homeScanned ? undefined : { command: Commands.selectRegions, title: 'Select Regions' },
      }));
  }
  const counts = countChecks(trailChecks(trail));
  const tags: string[] = [];
  if (trail.isOrganizationTrail) tags.push('organization trail');
  if (shadowElsewhere) tags.push(`shadow · home ${trail.homeRegion}`);
  else if (trail.shadow) tags.push('shadow');
  tags.push(countsLabel(counts));
  const tooltip = [
    `**Trail ${escapeMarkdown(trail.name)}**`,
    '',
    `ARN: ${inlineCode(trail.arn)}  `,
    `Home region: ${trail.homeRegion}  `,
    trail.isOrganizationTrail ? 'Organization trail (covers every account of the organization)  ' : undefined,
    trail.shadow ? `Shadow trail: seen from ${region.region}, managed in ${trail.homeRegion}${trail.isOrganizationTrail ? ' (possibly from the management account)' : ''}  ` : undefined,
    `Log bucket: ${trail.bucket ? inlineCode(trail.bucket.name) : 'not scanned'}  `,
    `KMS key: ${trail.key ? inlineCode(trail.key.arn) : 'none'}`,
    '',
    countsSentence(counts),
    trail.consoleUrl ? `\n[Open in AWS Console](${trail.consoleUrl})` : undefined,
  ].filter((l) => l !== undefined).join('\n');
  return {
    id,
    label: trail.name,
    description: tags.join(' · '),
    tooltip,
    icon: 'trail',
    tone: toneOf(counts),
    contextValue: contextOf('tgTrail', trail.consoleUrl),
    children,
    consoleUrl: trail.consoleUrl,
  };
}

/** `showWhy`: under "Other audit-log buckets" the reason (pattern, tag) is news; under a trail it is obvious. */
function bucketNode(parentId: string, bucket: ScannedBucket, showWhy: boolean): LiveNode {
  const id = `${parentId}/bucket/${bucket.name}`;
  const counts = countChecks(bucket.checks);
  const children = checkNodes(id, bucket.checks);
  if (bucket.inaccessible && bucket.checks.length === 0) {
    children.push(messageNode(`${id}/inaccessible`, `Not verified: ${bucket.inaccessible}`, 'unknown', {
      tooltip: `**Unknown.** ${escapeMarkdown(bucket.inaccessible)}`,
    }));
  }
  const status = bucket.inaccessible ? `unknown: ${bucket.inaccessible}` : countsLabel(counts);
  const description = showWhy ? `${bucket.why} · ${status}` : `log bucket · ${status}`;
  return {
    id,
    label: bucket.name,
    description,
    tooltip: [
      `**Bucket ${escapeMarkdown(bucket.name)}**`,
      '',
      `Why it is checked: ${escapeMarkdown(bucket.why)}`,
      bucket.inaccessible ? `\n**Could not be read:** ${escapeMarkdown(bucket.inaccessible)}` : undefined,
      '',
      countsSentence(counts),
      bucket.consoleUrl ? `\n[Open in AWS Console](${bucket.consoleUrl})` : undefined,
    ].filter((l) => l !== undefined).join('\n'),
    icon: 'bucket',
    tone: bucket.inaccessible ? 'unknown' : toneOf(counts),
    contextValue: contextOf('tgBucket', bucket.consoleUrl),
    children,
    consoleUrl: bucket.consoleUrl,
  };
}

function keyNode(parentId: string, key: ScannedKey): LiveNode {
  const id = `${parentId}/key/${key.arn}`;
  const counts = countChecks(key.checks);
  const children = checkNodes(id, key.checks);
  if (key.inaccessible && key.checks.length === 0) {
    children.push(messageNode(`${id}/inaccessible`, `Not verified: ${key.inaccessible}`, 'unknown', {
      tooltip: `**Unknown.** ${escapeMarkdown(key.inaccessible)}`,
    }));
  }
  return {
    id,
    label: shortKeyName(key.arn),
    description: key.inaccessible ? `KMS key · unknown: ${key.inaccessible}` : `KMS key · ${countsLabel(counts)}`,
    tooltip: [
      `**KMS key** ${inlineCode(key.arn)}`,
      key.inaccessible ? `\n**Could not be read:** ${escapeMarkdown(key.inaccessible)}` : undefined,
      '',
      countsSentence(counts),
      key.consoleUrl ? `\n[Open in AWS Console](${key.consoleUrl})` : undefined,
    ].filter((l) => l !== undefined).join('\n'),
    icon: 'key',
    tone: key.inaccessible ? 'unknown' : toneOf(counts),
    contextValue: contextOf('tgKey', key.consoleUrl),
    children,
    consoleUrl: key.consoleUrl,
  };
}

/** `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-...` → `key/1234abcd-...`; aliases and ids stay as they are. */
export function shortKeyName(arn: string): string {
  const m = /^arn:[^:]+:kms:[^:]*:[^:]*:(.+)$/.exec(arn);
  return m ? m[1] : arn;
}

// ---------------------------------------------------------------------------------------------------------------
// Other audit buckets and AWS Config.

function otherBucketsNode(parentId: string, buckets: ScannedBucket[]): LiveNode {
  const id = `${parentId}/other-buckets`;
  const counts = countChecks(buckets.flatMap((b) => b.checks));
  return {
    id,
    label: 'Other audit-log buckets',
    description: buckets.length ? `${plural(buckets.length, 'bucket')} · ${countsLabel(counts)}` : 'none matched',
    tooltip: 'Buckets that no trail delivers to but that match `trailguard.auditBucketPatterns` or carry the audit tag; ' +
      'they get the same TG2xx checks as trail buckets.' +
      (buckets.length ? '' : '\n\nNone matched. Add name patterns in the `trailguard.auditBucketPatterns` setting.'),
    icon: 'folder',
    tone: buckets.length ? toneOf(counts) : undefined,
    contextValue: 'tgOtherBuckets',
    children: buckets.map((b) => bucketNode(id, b, true)),
  };
}

export function isConfigRule(ruleId: string): boolean {
  return /^TG4\d\d$/.test(ruleId);
}

function configNode(parentId: string, regions: RegionScan[]): LiveNode {
  const id = `${parentId}/config`;
  const children: LiveNode[] = [];
  const all: CheckResult[] = [];
  for (const region of regions) {
    const rid = `${id}/${region.region}`;
    const regionChecks = region.checks.filter((c) => isConfigRule(c.ruleId));
    const checks = [...regionChecks, ...region.recorders.flatMap((r) => r.checks)];
    all.push(...checks);
    const inner = [...checkNodes(rid, regionChecks), ...region.recorders.map((r) => recorderNode(rid, r))];
    if (region.recorders.length === 0 && checks.length === 0) {
      // (When TG403 reports the missing recorder, its check node already says so.)
      inner.push(region.error
        ? messageNode(`${rid}/error`, `Could not scan: ${region.error}`, 'error', { command: retry })
        : messageNode(`${rid}/no-recorder`, 'No configuration recorder found, and no Config check ran', 'unknown', {
          tooltip: 'The scan returned neither a recorder nor a Config check (TG401–TG404) for this region, so AWS Config is not verified here.',
        }));
    }
    const counts = countChecks(checks);
    children.push({
      id: rid,
      label: region.region,
      description: `${plural(region.recorders.length, 'recorder')} · ${countsLabel(counts)}`,
      icon: 'region',
      tone: toneOf(counts),
      contextValue: 'tgConfigRegion',
      children: inner,
    });
  }
  const counts = countChecks(all);
  return {
    id,
    label: 'AWS Config recorder',
    description: countsLabel(counts),
    tooltip: 'AWS Config recorders per region (TG401–TG404): the configuration history that complements the audit trail.',
    icon: 'recorder',
    tone: toneOf(counts),
    contextValue: 'tgConfig',
    children,
  };
}

function recorderNode(parentId: string, recorder: ScannedRecorder): LiveNode {
  const id = `${parentId}/recorder/${recorder.name}`;
  const counts = countChecks(recorder.checks);
  return {
    id,
    label: recorder.name,
    description: `recorder · ${countsLabel(counts)}`,
    icon: 'recorder',
    tone: toneOf(counts),
    contextValue: 'tgRecorder',
    children: checkNodes(id, recorder.checks),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Checks.

const statusRank = { fail: 0, unknown: 1, pass: 2 } as const;
const severityRank = { error: 0, warning: 1, info: 2 } as const;

/** Failing first (worst severity first), then unknown, then passing; by rule id within each group. */
export function sortChecks(checks: CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) =>
    statusRank[a.status] - statusRank[b.status] ||
    (a.status === 'fail' ? severityRank[a.severity] - severityRank[b.severity] : 0) ||
    a.ruleId.localeCompare(b.ruleId));
}

function checkNodes(parentId: string, checks: CheckResult[]): LiveNode[] {
  const seen = new Map<string, number>();
  return sortChecks(checks).map((c) => {
    const n = (seen.get(c.ruleId) ?? 0) + 1;
    seen.set(c.ruleId, n);
    return checkNode(`${parentId}/check/${c.ruleId}${n > 1 ? `#${n}` : ''}`, c);
  });
}

export function checkIcon(check: CheckResult): NodeIcon {
  if (check.status === 'pass') return 'pass';
  if (check.status === 'unknown') return 'unknown';
  return check.severity === 'error' ? 'fail-error' : check.severity === 'warning' ? 'fail-warning' : 'fail-info';
}

function checkNode(id: string, check: CheckResult): LiveNode {
  // Descriptions are plain text: the scanner's `code` marks would show as backticks.
  const description = plainText(check.status === 'pass'
    ? 'pass'
    : check.status === 'unknown'
      ? `unknown: ${check.reason ?? check.message}`
      : check.message);
  const tokens = ['tgCheck', check.status === 'fail' ? 'tgFail' : check.status === 'unknown' ? 'tgUnknown' : 'tgPass'];
  if (check.remediation) tokens.push('tgRemediation');
  if (check.consoleUrl) tokens.push('tgConsole');
  if (check.docUrl) tokens.push('tgDoc');
  return {
    id,
    label: `${check.ruleId} ${check.title}`,
    description,
    tooltip: checkTooltip(check),
    icon: checkIcon(check),
    contextValue: tokens.join(' '),
    children: [],
    check,
    consoleUrl: check.consoleUrl,
  };
}

const statusWord = { pass: 'PASS', fail: 'FAIL', unknown: 'UNKNOWN' } as const;

/** The evidence a user (or auditor) needs to trust the verdict: the API values, or why it could not be checked. */
export function checkTooltip(check: CheckResult): string {
  const lines: string[] = [];
  const sev = check.status === 'fail' ? ` (${check.severity})` : '';
  lines.push(`**${check.ruleId} ${escapeMarkdown(check.title)}**: ${statusWord[check.status]}${sev}`, '');
  lines.push(messageMarkdown(check.message), '');
  if (check.status === 'unknown') {
    lines.push(`**Unknown because:** ${messageMarkdown(check.reason ?? 'the scanner gave no reason')}`, '');
  }
  lines.push(`Resource: ${inlineCode(check.resource)}${check.region ? ` · Region: ${check.region}` : ''}`, '');
  if (check.evidence && Object.keys(check.evidence).length) {
    lines.push('Evidence (API values seen):', '', jsonBlock(check.evidence), '');
  } else if (check.status !== 'unknown') {
    lines.push('No API evidence recorded for this check.', '');
  }
  if (check.status === 'fail' && check.remediation) {
    lines.push('Fix:', '', '```sh', check.remediation, '```', '');
  }
  const links = [`[${check.ruleId} documentation](${check.docUrl})`];
  if (check.consoleUrl) links.push(`[Open in AWS Console](${check.consoleUrl})`);
  lines.push(links.join(' · '));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers.

function messageNode(
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

function plainText(text: string): string {
  return text.replace(/`([^`\n]+)`/g, '$1');
}

function contextOf(base: string, consoleUrl: string | undefined): string {
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

/** `2 failing · 1 unknown`, `all 7 pass`, `no checks`. Never "all pass" when something is unknown. */
export function countsLabel(counts: CheckCounts): string {
  const total = counts.fail + counts.unknown + counts.pass;
  if (total === 0) return 'no checks';
  if (counts.fail === 0 && counts.unknown === 0) return `all ${counts.pass} pass`;
  const parts: string[] = [];
  if (counts.fail) parts.push(`${counts.fail} failing`);
  if (counts.unknown) parts.push(`${counts.unknown} unknown`);
  parts.push(`${counts.pass} pass`);
  return parts.join(' · ');
}

function countsSentence(counts: CheckCounts): string {
  return `Checks: ${counts.fail} failing, ${counts.unknown} unknown, ${counts.pass} passing.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
