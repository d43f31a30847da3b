// Turns a live AccountScan (plus what the view knows about profile, trust and scanning) into plain tree nodes.
// No `vscode` import: the tree's content — labels, icons, tooltips and the states that say *why* something is
// empty or unknown — is decided here and unit-tested; treeProvider.ts only maps these nodes to TreeItems.
import type { AccountScan, CheckResult, RegionScan, ScannedTrail } from '../../live/types';
import { checkNodes } from './checkNodes';
import { configNode, isConfigCheck, otherBucketsNode } from './configNodes';
import {
  Commands, contextOf, countsLabel, countsSentence, messageNode, plainText, plural, retry, severityTally, toneOf,
  type LiveNode, type LiveViewState,
} from './liveNode';
import { escapeMarkdown, formatScanTime, inlineCode, messageMarkdown } from './markdown';
import { bucketNode, eventDataStoreNode, keyNode } from './resourceNodes';
import { countChecks, countUnreadableWithoutChecks, summarizeTrailBuckets } from './scanSummary';

export * from './liveNode';
export { checkIcon, checkTooltip, sortChecks } from './checkNodes';
export { isConfigCheck } from './configNodes';
export { shortKeyName } from './resourceNodes';

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
  const scans = state.scans?.length ? state.scans : state.scan ? [state.scan] : [];
  if (scans.length === 0) {
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
  const several = scans.length > 1;
  const roots = new Set(scans.flatMap((s) => (s.account ? [s.account] : [])));
  return scans.map((scan) => accountNode(state, scan, several, roots));
}

/** `profile prod`, or `role Audit from profile management` for an account read through an assumed role. */
function reachedLabel(scan: AccountScan): string {
  if (!scan.via || scan.via.startsWith('profile ')) return `profile ${scan.profile}`;
  const role = /:role\/(?:.*\/)?([^/\s]+)/.exec(scan.via)?.[1];
  return role ? `role ${role} from profile ${scan.profile}` : scan.via;
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

/** `several`: one of several account roots, so each is named by account and says how it was reached. */
function accountNode(state: LiveViewState, scan: AccountScan, several = false, roots: ReadonlySet<string> = new Set()): LiveNode {
  // By account: stable while a scan goes from its trail list to its checks, and across profiles of one account.
  const id = scan.account ? `account/${scan.account}` : `account/profile:${scan.profile}`;
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
    for (const region of scan.regions) children.push(regionNode(id, region, scan, roots));
    if (!scan.partial) {
      children.push(otherBucketsNode(id, scan.otherBuckets));
      children.push(configNode(id, scan.regions));
    }
  }

  if (scan.partial && !scan.error) {
    // Trails listed, checks running: regions and trails at once, no tally that could read as a verdict.
    const label = `${scan.via && !scan.via.startsWith('profile ') ? scan.accountName ?? scan.account : scan.profile} (${scan.account ?? 'account unknown'})`;
    return {
      id, label, description: [several ? reachedLabel(scan) : undefined, 'checking…'].filter(Boolean).join(' · '),
      tooltip: `**${escapeMarkdown(label)}**\n\nTrails listed; the checks are still running.`,
      icon: 'account', contextValue: 'tgAccount', expanded: true, children,
    };
  }
  const counts = countChecks(scan.findings);
  const unreadable = countUnreadableWithoutChecks(scan);
  const unknown = counts.unknown + unreadable;
  const kpi = summarizeTrailBuckets(scan);
  const byRole = Boolean(scan.via && !scan.via.startsWith('profile '));
  const label = `${byRole ? scan.accountName ?? scan.account ?? 'account unknown' : scan.profile} (${scan.account ?? 'account unknown'})`;
  const parts: string[] = [];
  if (several) parts.push(byRole ? `via ${reachedLabel(scan)}` : scan.accountName ?? 'via its profile');
  if (state.scanning) parts.push(state.progress ? `scanning: ${state.progress}…` : 'scanning…');
  if (scan.error) {
    parts.push('nothing verified', `tried ${whenScanned(scan.finishedAt, state.now)}`);
  } else {
    parts.push(kpi.total ? `${kpi.compliant}/${kpi.total} trail buckets compliant (${kpi.percent}%)` : 'no trail buckets');
    parts.push(...(severityTally(counts).length ? severityTally(counts) : ['nothing failing']), `${unknown} unknown`);
    parts.push(`scanned ${whenScanned(scan.finishedAt, state.now)}`);
  }

  const tooltip = [
    `**${escapeMarkdown(label)}**`,
    '',
    `Profile: ${inlineCode(scan.profile)}  `,
    `Account: ${scan.account ? inlineCode(scan.account) : 'unknown'}${scan.accountName ? ` (${escapeMarkdown(scan.accountName)})` : ''}  `,
    `Reached through: ${escapeMarkdown(scan.via ?? `profile ${scan.profile}`)}  `,
    scan.callerArn ? `Identity: ${inlineCode(scan.callerArn)}  ` : undefined,
    `Regions: ${scan.regions.map((r) => r.region).join(', ') || 'none'}  `,
    `Scanned: ${formatScanTime(scan.startedAt)} – ${formatScanTime(scan.finishedAt, 'time')}`,
    '',
    kpi.total
      ? `Trail buckets compliant (every check passes): **${kpi.compliant} of ${kpi.total} (${kpi.percent}%)**` +
        (kpi.unknown ? `, ${kpi.unknown} could not be fully verified` : '')
      : 'No trail bucket was found, so nothing proves the audit trail is stored safely.',
    '',
    `${countsSentence(counts).replace(/\.$/, '')}` +
      (unreadable ? `; ${plural(unreadable, 'trail bucket or key')} could not be read at all` : ''),
  ].filter((l) => l !== undefined).join('\n');

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

function regionNode(parentId: string, region: RegionScan, scan: AccountScan, roots: ReadonlySet<string>): LiveNode {
  const id = `${parentId}/region/${region.region}`;
  const regionChecks = region.checks.filter((c) => !isConfigCheck(c));
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
  if (region.trails.length === 0 && !region.error && !scan.partial) children.push(noTrailsNode(id, region));
  for (const trail of region.trails) children.push(trailNode(id, trail, region, scan, roots));
  const stores = region.eventDataStores ?? [];
  for (const store of stores) children.push(eventDataStoreNode(id, store));
  const counts = countChecks([...regionChecks, ...region.trails.flatMap(trailChecks), ...stores.flatMap((s) => s.checks)]);
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
  if (scan.partial) {
    return { id, label: region.region, description: `${plural(region.trails.length, 'trail')} · checking…`, icon: 'region', contextValue: 'tgRegion', expanded: true, children };
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

function trailNode(parentId: string, trail: ScannedTrail, region: RegionScan, scan: AccountScan, roots: ReadonlySet<string>): LiveNode {
  const id = `${parentId}/trail/${trail.arn || trail.name}`;
  const children = checkNodes(id, trail.checks);
  if (trail.bucket) children.push(bucketNode(id, trail.bucket, false));
  if (trail.key) children.push(keyNode(id, trail.key));
  const shadowElsewhere = trail.shadow && trail.homeRegion !== region.region;
  // An organization trail seen from a member account: one trail, checked under the account that owns it.
  const owner = trail.arn.split(':')[4];
  const otherAccount = owner && scan.account && owner !== scan.account ? owner : undefined;
  const checkedInThisAccount = scan.regions.some((r) => r.trails.some((t) => t.arn === trail.arn && (t.checks.length > 0 || t.bucket)));
  if (otherAccount && !checkedInThisAccount) {
    const checkedThere = roots.has(otherAccount);
    children.push(messageNode(`${id}/owner`,
      checkedThere ? `Checked under account ${otherAccount}` : `Trail of account ${otherAccount}, not scanned`,
      checkedThere ? 'info' : 'unknown', {
        tooltip: checkedThere
          ? `This is the shadow copy of a trail of account ${otherAccount} (an organization trail); its checks, log bucket and key are listed under that account.`
          : `This is the shadow copy of a trail of account ${otherAccount}. Add a profile of that account (trailguard.aws.profiles) or scan the organization to verify it.`,
      }));
  } else if (shadowElsewhere && trail.checks.length === 0 && !trail.bucket) {
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
  if (scan.partial) {
    // Listed, not yet checked: shown at once, with nothing that reads as a verdict.
    return {
      id, label: trail.name, description: [trail.isOrganizationTrail ? 'organization trail' : undefined, 'checking…'].filter(Boolean).join(' · '),
      tooltip: `**Trail ${escapeMarkdown(trail.name)}**\n\nARN: ${inlineCode(trail.arn)}\n\nIts checks are still running.`,
      icon: 'trail', contextValue: 'tgTrail', children: [],
    };
  }
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

