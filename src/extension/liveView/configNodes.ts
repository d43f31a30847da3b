// "Other audit-log buckets" and "AWS Config recorder": the account-wide branches beside the regions.
import type { CheckResult, RegionScan, ScannedBucket, ScannedRecorder } from '../../live/types';
import { checkNodes } from './checkNodes';
import { countChecks } from './scanSummary';
import { countsLabel, messageNode, plural, retry, toneOf, type LiveNode } from './liveNode';
import { bucketNode } from './resourceNodes';

export function otherBucketsNode(parentId: string, buckets: ScannedBucket[]): LiveNode {
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

/** An account-level result about AWS Config (its rule's metadata says so): shown under the recorder node. */
export function isConfigCheck(check: CheckResult): boolean {
  return check.service === 'config';
}

export function configNode(parentId: string, regions: RegionScan[]): LiveNode {
  const id = `${parentId}/config`;
  const children: LiveNode[] = [];
  const all: CheckResult[] = [];
  for (const region of regions) {
    const rid = `${id}/${region.region}`;
    const regionChecks = region.checks.filter(isConfigCheck);
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
