// The numbers the root of the tree and the evidence report lead with. The KPI is the share of trail buckets whose
// checks all pass: a bucket with an unknown check, or one that could not be read, is not counted as compliant —
// "green isn't compliant, empty is also green".
import type { AccountScan, CheckResult, ScannedBucket } from '../../live/types';

export interface CheckCounts {
  pass: number;
  fail: number;
  unknown: number;
  /** Not judged: the rule does not apply, is off, or is opt-in and not enabled (never counted as a pass). */
  notApplicable: number;
  off: number;
  optInNotEnabled: number;
  failError: number;
  failWarning: number;
  failInfo: number;
}

export function countChecks(checks: readonly CheckResult[]): CheckCounts {
  const c: CheckCounts = { pass: 0, fail: 0, unknown: 0, notApplicable: 0, off: 0, optInNotEnabled: 0, failError: 0, failWarning: 0, failInfo: 0 };
  for (const check of checks) {
    c[check.status]++;
    if (check.status === 'fail') {
      if (check.severity === 'error') c.failError++;
      else if (check.severity === 'warning') c.failWarning++;
      else c.failInfo++;
    }
  }
  return c;
}

export interface TrailBucketSummary {
  /** Distinct buckets that some trail of the scan delivers to. */
  total: number;
  /** Every check ran and passed. */
  compliant: number;
  /** At least one check failed with error or warning severity (an info result alone is not a failure). */
  failing: number;
  /** Nothing failed, but something could not be verified (unknown check, unreadable bucket, no check at all). */
  unknown: number;
  /** floor(compliant / total × 100), so 99.6 % is never shown as 100 %; 0 when there is no trail bucket. */
  percent: number;
  buckets: { name: string; verdict: 'compliant' | 'failing' | 'unknown' }[];
}

export function summarizeTrailBuckets(scan: AccountScan): TrailBucketSummary {
  // A multi-region or organization trail shows up in every region (shadow copies): merge the copies by name.
  const byName = new Map<string, ScannedBucket[]>();
  for (const region of scan.regions) {
    for (const trail of region.trails) {
      if (!trail.bucket) continue;
      const copies = byName.get(trail.bucket.name) ?? [];
      copies.push(trail.bucket);
      byName.set(trail.bucket.name, copies);
    }
  }
  const buckets: TrailBucketSummary['buckets'] = [];
  for (const [name, copies] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    const checks = copies.flatMap((b) => b.checks);
    const counts = countChecks(checks);
    // Information results are advice (MFA Delete absent, data events on a few buckets): not failing.
    const verdict = counts.failError + counts.failWarning > 0
      ? 'failing'
      : counts.unknown > 0 || checks.length === 0 || copies.some((b) => b.inaccessible)
        ? 'unknown'
        : 'compliant';
    buckets.push({ name, verdict });
  }
  const total = buckets.length;
  const compliant = buckets.filter((b) => b.verdict === 'compliant').length;
  return {
    total,
    compliant,
    failing: buckets.filter((b) => b.verdict === 'failing').length,
    unknown: buckets.filter((b) => b.verdict === 'unknown').length,
    percent: total ? Math.floor((compliant * 100) / total) : 0,
    buckets,
  };
}

/**
 * Trail buckets and keys that could not be read and carry no check at all (a cross-account bucket): nothing about
 * them is verified, so they count as unknown next to the unknown checks.
 */
export function countUnreadableWithoutChecks(scan: AccountScan): number {
  const seen = new Set<string>();
  for (const region of scan.regions) {
    for (const trail of region.trails) {
      if (trail.bucket?.inaccessible && trail.bucket.checks.length === 0) seen.add(`bucket:${trail.bucket.name}`);
      if (trail.key?.inaccessible && trail.key.checks.length === 0) seen.add(`key:${trail.key.arn}`);
    }
  }
  for (const b of scan.otherBuckets) if (b.inaccessible && b.checks.length === 0) seen.add(`bucket:${b.name}`);
  return seen.size;
}
