// "Retention in practice": what the log bucket really holds, beside what its configuration promises (TG201-TG204).
// Three facts, each with a verdict that never reads green when it could not be read:
// - the oldest log object still present, against how far back the logs should reach (the minimum retention, but no
//   earlier than the trail's StartLoggingTime);
// - the Object Lock retain-until dates of a sample of objects, against written + minimum retention;
// - delivery gaps: stretches longer than an hour without a log file in the period.
// Pure: src/live/readRetentionInPractice.ts reads the bucket.

import type { ApiCallRecord } from '../live/types';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface RetentionInPracticeInput {
  trailArn: string;
  bucket: string;
  /** Where the trail's files are: `AWSLogs/<account>/` or `AWSLogs/<o-id>/<account>/`. */
  base: string;
  region: string;
  minRetentionDays: number;
  now: Date;
  /** GetTrailStatus StartLoggingTime (the latest start: logs reach back at least to it). */
  loggingSince?: string;
  /** The oldest log object under `<base>CloudTrail/`, null when there is none, or why it could not be listed. */
  oldest: { key: string; lastModified: string } | null | { unknown: string };
  /** GetObjectLockConfiguration of the bucket. */
  objectLock: 'enabled' | 'none' | { unknown: string };
  /** GetObjectRetention of the sampled objects (`none`: the object has no retention). */
  samples: { key: string; lastModified: string; retention: { mode: string; retainUntil: string } | 'none' | { unknown: string } }[];
  /** Deliveries of the period: when each log file was written (its name's time); or why they could not be listed. */
  period: { from: string; to: string; deliveries: string[] | { unknown: string }; truncated?: string };
}

export type FactStatus = 'ok' | 'short' | 'not applicable' | 'unknown';

export interface RetentionInPractice {
  trailArn: string;
  bucket: string;
  base: string;
  region: string;
  minRetentionDays: number;
  oldest: { status: FactStatus; key: string | null; written: string | null; ageDays: number | null; expectedSince: string | null; detail: string };
  retainUntil: {
    status: FactStatus;
    sampled: number;
    short: { key: string; written: string; retainUntil: string | null; mode: string | null; required: string }[];
    samples: { key: string; written: string; mode: string | null; retainUntil: string | null; required: string; status: FactStatus; detail?: string }[];
    detail: string;
  };
  deliveryGaps: { status: FactStatus | 'gaps'; from: string; to: string; deliveries: number; gaps: { from: string; to: string; hours: number }[]; detail: string };
  /** The API answers these facts rest on (the reader sets them; the report stores them and keeps `evidence`). */
  calls?: ApiCallRecord[];
  /** In the report: SHA-256 keys of the stored answers (its `evidence`). */
  evidence?: string[];
}

/** One trail's retention in practice, or why it could not be read at all (never left out silently). */
export type RetentionEntry = RetentionInPractice | { trailArn: string; bucket: string | null; error: string };

const STATUS_WORD: Record<string, string> = { ok: 'OK', short: 'SHORT', gaps: 'GAPS', 'not applicable': 'NOT APPLICABLE', unknown: 'UNKNOWN' };

/** Plain text lines (scan text output, editor output): one block per trail. */
export function retentionLines(entries: RetentionEntry[]): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if ('error' in e) {
      out.push(`${e.trailArn}${e.bucket ? ` → ${e.bucket}` : ''}: UNKNOWN — ${e.error}`);
      continue;
    }
    out.push(`${e.trailArn} → s3://${e.bucket}/${e.base} (minimum retention ${e.minRetentionDays} days)`);
    out.push(`  oldest log object   ${STATUS_WORD[e.oldest.status]}  ${e.oldest.detail}`);
    out.push(`  retain-until sample ${STATUS_WORD[e.retainUntil.status]}  ${e.retainUntil.detail}`);
    out.push(`  delivery gaps       ${STATUS_WORD[e.deliveryGaps.status]}  ${e.deliveryGaps.detail}`);
  }
  return out;
}

export function retentionWord(status: string): string {
  return STATUS_WORD[status] ?? status.toUpperCase();
}

const day = (t: number | string) => new Date(t).toISOString().slice(0, 10);

export function judgeRetentionInPractice(i: RetentionInPracticeInput): RetentionInPractice {
  const now = i.now.getTime();
  const min = i.minRetentionDays;
  // How far back logs must reach: the minimum retention, but not before logging (re)started.
  const since = i.loggingSince ? Date.parse(i.loggingSince) : NaN;
  const expected = Math.max(now - min * DAY, Number.isNaN(since) ? -Infinity : since);

  let oldest: RetentionInPractice['oldest'];
  if (i.oldest && 'unknown' in i.oldest) {
    oldest = { status: 'unknown', key: null, written: null, ageDays: null, expectedSince: null, detail: `the log objects could not be listed: ${i.oldest.unknown}` };
  } else if (i.oldest === null) {
    oldest = { status: Number.isNaN(since) ? 'unknown' : 'short', key: null, written: null, ageDays: null, expectedSince: Number.isNaN(since) ? null : day(expected),
      detail: `no log object under ${i.base}CloudTrail/${Number.isNaN(since) ? '' : ` although the trail has logged since ${day(since)}`}` };
  } else {
    const written = Date.parse(i.oldest.lastModified);
    const ageDays = Math.floor((now - written) / DAY);
    if (Number.isNaN(since) && written > now - min * DAY + DAY) {
      oldest = { status: 'unknown', key: i.oldest.key, written: i.oldest.lastModified, ageDays, expectedSince: null,
        detail: `the oldest log object is ${ageDays} day(s) old, less than the minimum retention of ${min} days; when the trail started logging is unknown (cloudtrail:GetTrailStatus), so whether older logs were deleted cannot be told` };
    } else if (written > expected + DAY) {
      oldest = { status: 'short', key: i.oldest.key, written: i.oldest.lastModified, ageDays, expectedSince: day(expected),
        detail: `the oldest log object is from ${day(written)} (${ageDays} day(s) old), but logs should reach back to ${day(expected)} ` +
          `(minimum retention ${min} days${Number.isNaN(since) ? '' : `, logging since ${day(since)}`}): older logs were deleted or expired, or the trail wrote to another bucket before` };
    } else {
      oldest = { status: 'ok', key: i.oldest.key, written: i.oldest.lastModified, ageDays, expectedSince: day(expected),
        detail: `the oldest log object is from ${day(written)} (${ageDays} day(s) old); logs must reach back to ${day(expected)}` };
    }
  }

  const required = (written: string) => new Date(Date.parse(written) + min * DAY).toISOString();
  let retainUntil: RetentionInPractice['retainUntil'];
  if (i.objectLock === 'none') {
    retainUntil = { status: 'not applicable', sampled: 0, short: [], samples: [], detail: 'no Object Lock on the bucket, so no object has a retain-until date (see TG201)' };
  } else if (typeof i.objectLock === 'object') {
    retainUntil = { status: 'unknown', sampled: 0, short: [], samples: [], detail: `the bucket's Object Lock configuration could not be read: ${i.objectLock.unknown}` };
  } else {
    const samples = i.samples.map((s) => {
      const need = required(s.lastModified);
      if (s.retention === 'none') return { key: s.key, written: s.lastModified, mode: null, retainUntil: null, required: need, status: 'short' as const, detail: 'no retention on the object' };
      if ('unknown' in s.retention) return { key: s.key, written: s.lastModified, mode: null, retainUntil: null, required: need, status: 'unknown' as const, detail: s.retention.unknown };
      // A day's slack: CloudTrail writes an object minutes after its name's time.
      const ok = Date.parse(s.retention.retainUntil) + DAY >= Date.parse(need);
      return { key: s.key, written: s.lastModified, mode: s.retention.mode, retainUntil: s.retention.retainUntil, required: need, status: ok ? 'ok' as const : 'short' as const };
    });
    const short = samples.filter((s) => s.status === 'short').map((s) => ({ key: s.key, written: s.written, retainUntil: s.retainUntil, mode: s.mode, required: s.required }));
    const unknown = samples.filter((s) => s.status === 'unknown');
    const governance = samples.filter((s) => s.mode === 'GOVERNANCE').length;
    const status: FactStatus = samples.length === 0 ? 'unknown' : short.length ? 'short' : unknown.length ? 'unknown' : 'ok';
    retainUntil = {
      status, sampled: samples.length, short, samples,
      detail: samples.length === 0 ? 'no log object to sample'
        : short.length ? `${short.length} of ${samples.length} sampled object(s) are retained for less than ${min} days after they were written (or not at all)`
          : unknown.length ? `${unknown.length} of ${samples.length} sampled object(s) could not be read: ${unknown[0]!.detail}`
            : `all ${samples.length} sampled object(s) are retained at least ${min} days after they were written` +
              (governance ? ` (${governance} in GOVERNANCE mode, which a user with s3:BypassGovernanceRetention can shorten)` : ''),
    };
  }

  let deliveryGaps: RetentionInPractice['deliveryGaps'];
  const p = i.period;
  if (!Array.isArray(p.deliveries)) {
    deliveryGaps = { status: 'unknown', from: p.from, to: p.to, deliveries: 0, gaps: [], detail: `the log files of the period could not be listed: ${p.deliveries.unknown}` };
  } else {
    const times = p.deliveries.map((t) => Date.parse(t)).filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
    const edges = [Date.parse(p.from), ...times, Date.parse(p.to)];
    const gaps: { from: string; to: string; hours: number }[] = [];
    for (let k = 1; k < edges.length; k++) {
      const span = edges[k]! - edges[k - 1]!;
      if (span > HOUR) gaps.push({ from: new Date(edges[k - 1]!).toISOString(), to: new Date(edges[k]!).toISOString(), hours: Math.round((span / HOUR) * 10) / 10 });
    }
    const status = p.truncated ? 'unknown' : gaps.length ? 'gaps' : 'ok';
    deliveryGaps = {
      status, from: p.from, to: p.to, deliveries: times.length, gaps,
      detail: (gaps.length ? `${gaps.length} stretch(es) of more than an hour without a log file in ${i.region}: ${gaps.map((g) => `${g.from.slice(0, 16)}Z → ${g.to.slice(0, 16)}Z (${g.hours} h)`).join(', ')}`
        : `a log file at least every hour in ${i.region} (${times.length} deliveries)`) + (p.truncated ? `; incomplete: ${p.truncated}` : ''),
    };
  }
  return { trailArn: i.trailArn, bucket: i.bucket, base: i.base, region: i.region, minRetentionDays: min, oldest, retainUntil, deliveryGaps };
}
