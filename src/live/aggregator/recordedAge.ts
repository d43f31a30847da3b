// The age of recorded data on every result of an aggregator scan: each check names the configuration item's capture
// time, and a check whose item is older than the limit is not a verdict — unknown, saying how old the data is and
// what it recorded — so stale data never reads as a fresh pass (or a failure that may have been fixed since).
import type { AccountScan, CheckResult } from '../types';
import type { ConfigItem } from './configItems';

/** Items still behind an entity after direct reads: trails by ARN, buckets by name, keys by ARN. */
export interface RecordedAges { trails: Map<string, ConfigItem>; buckets: Map<string, ConfigItem>; keys: Map<string, ConfigItem> }

const VERDICTS = new Set<CheckResult['status']>(['pass', 'fail', 'notApplicable']);

/** `3 h`, `2 d`: how long ago. */
export function ageText(ms: number): string {
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (h < 48) return `${Math.round(h)} h`;
  return `${Math.round(h / 24)} d`;
}

/** Marks the scan's checks in place (the tree and the flat list share them); returns the oldest capture time. */
export function applyRecordedAge(scan: AccountScan, ages: RecordedAges, opts: { aggregator: string; maxAgeMs: number; now?: number }): string | undefined {
  const now = opts.now ?? Date.now();
  let oldest: string | undefined;
  const mark = (checks: CheckResult[], ci: ConfigItem | undefined) => {
    if (!ci) return;
    const capturedAt = ci.configurationItemCaptureTime ?? '';
    const t = Date.parse(capturedAt);
    if (!oldest || (Number.isNaN(t) ? true : t < Date.parse(oldest))) oldest = capturedAt;
    const recorded = { aggregator: opts.aggregator, capturedAt };
    for (const c of checks) {
      c.recorded = recorded;
      const age = Number.isNaN(t) ? undefined : now - t;
      if (!VERDICTS.has(c.status) || (age !== undefined && age <= opts.maxAgeMs)) continue;
      const was = c.status === 'notApplicable' ? 'not applicable' : c.status;
      const reason = age === undefined
        ? `AWS Config recorded no capture time for this resource; it recorded: ${was}`
        : `AWS Config data is ${ageText(age)} old (captured ${capturedAt}), older than the ${ageText(opts.maxAgeMs)} limit; it recorded: ${was}`;
      Object.assign(c, { status: 'unknown', severity: 'info', reason, message: `${c.ruleId} could not be verified: ${reason}` });
      delete c.remediation;
    }
  };
  for (const region of scan.regions) {
    // Account-level checks rest on the account's trails: their oldest item.
    const trailItems = region.trails.map((t) => ages.trails.get(t.arn)).filter((ci): ci is ConfigItem => ci !== undefined);
    const oldestTrail = trailItems.sort((a, b) => Date.parse(a.configurationItemCaptureTime ?? '') - Date.parse(b.configurationItemCaptureTime ?? ''))[0];
    mark(region.checks, oldestTrail);
    for (const t of region.trails) {
      mark(t.checks, ages.trails.get(t.arn));
      if (t.bucket) mark(t.bucket.checks, ages.buckets.get(t.bucket.name));
      if (t.key) mark(t.key.checks, ages.keys.get(t.key.arn));
    }
  }
  for (const b of scan.otherBuckets) mark(b.checks, ages.buckets.get(b.name));
  return oldest;
}
