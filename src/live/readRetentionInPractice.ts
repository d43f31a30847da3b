// Reads the facts of "retention in practice" (src/evidence/retentionInPractice.ts) for one trail: its bucket and
// prefix (DescribeTrails), StartLoggingTime (GetTrailStatus), the bucket's Object Lock configuration, the oldest log
// object (one ListObjectsV2 of the regions under <base>CloudTrail/, then the first key of each region: keys sort by
// date), the log files of the period in the trail's home region (one listing per day), and GetObjectRetention of
// a sample of them (evenly spread, plus the oldest). Bounded by `maxObjects` listed keys, cancellable.
import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { GetObjectLockConfigurationCommand, GetObjectRetentionCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { judgeRetentionInPractice, type RetentionInPractice, type RetentionInPracticeInput } from '../evidence/retentionInPractice';
import type { AwsSession } from './awsSession';
import { dayPath, keyPrefixOf, timeInKey, trailLogRoot } from './trailLogPaths';

export interface ReadRetentionOptions {
  trailArn: string;
  minRetentionDays: number;
  /** The period whose deliveries are checked (default: the 24 hours before `now`). */
  from?: Date;
  to?: Date;
  now?: Date;
  /** Objects whose retention is read (default 10, plus the oldest). */
  sample?: number;
  maxObjects?: number;
  account?: string;
  bucketSession?: AwsSession | ((bucket: string, region: string) => Promise<AwsSession | undefined>);
  signal?: AbortSignal;
}

const HOUR = 3_600_000;

export async function readRetentionInPractice(session: AwsSession, opts: ReadRetentionOptions): Promise<RetentionInPractice | { error: string }> {
  const [, , , region = '', trailAccount = ''] = opts.trailArn.split(':');
  const now = opts.now ?? new Date();
  const to = opts.to ?? new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const from = opts.from ?? new Date(to.getTime() - 24 * HOUR);
  const budget = opts.maxObjects ?? 5000;
  const ct = session.client('cloudtrail', region);
  const described = await session.call('cloudtrail', 'DescribeTrails', (abortSignal) => ct.send(new DescribeTrailsCommand({ trailNameList: [opts.trailArn] }), { abortSignal }));
  if (!described.ok) return { error: described.failure.reason };
  const trail = described.value.trailList?.[0];
  if (!trail?.S3BucketName) return { error: `trail ${opts.trailArn} not found in ${region}` };
  const bucket = trail.S3BucketName;
  const status = await session.call('cloudtrail', 'GetTrailStatus', (abortSignal) => ct.send(new GetTrailStatusCommand({ Name: opts.trailArn }), { abortSignal }));
  const s3Session = (typeof opts.bucketSession === 'function' ? await opts.bucketSession(bucket, region) : opts.bucketSession) ?? session;
  const s3 = s3Session.client('s3', region);
  const list = (params: { Prefix: string; Delimiter?: string; MaxKeys?: number; ContinuationToken?: string }) =>
    s3Session.call('s3', 'ListObjectsV2', (abortSignal) => s3.send(new ListObjectsV2Command({ Bucket: bucket, ...params }), { abortSignal }));

  const root = await trailLogRoot({ session: s3Session, region }, bucket, keyPrefixOf(trail.S3KeyPrefix), opts.account ?? trailAccount, trail.IsOrganizationTrail === true);
  if ('error' in root) return root;
  const logs = `${root.base}CloudTrail/`;

  const lock = await s3Session.call('s3', 'GetObjectLockConfiguration', (abortSignal) => s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }), { abortSignal }));
  const objectLock: RetentionInPracticeInput['objectLock'] = lock.ok
    ? lock.value.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled' ? 'enabled' : 'none'
    : lock.failure.kind === 'notConfigured' ? 'none' : { unknown: lock.failure.reason };

  // The oldest object: the first key of each region's folder (YYYY/MM/DD sorts by date).
  let oldest: RetentionInPracticeInput['oldest'] = null;
  const regions = await list({ Prefix: logs, Delimiter: '/' });
  if (!regions.ok) oldest = { unknown: regions.failure.reason };
  else {
    const firsts = await Promise.all((regions.value.CommonPrefixes ?? []).slice(0, 64).map((p) => list({ Prefix: p.Prefix ?? logs, MaxKeys: 1 })));
    for (const r of firsts) {
      if (!r.ok) { oldest = { unknown: r.failure.reason }; break; }
      const o = r.value.Contents?.[0];
      const written = o?.LastModified?.toISOString();
      if (o?.Key && written && (oldest === null || ('lastModified' in oldest && written < oldest.lastModified))) oldest = { key: o.Key, lastModified: written };
    }
  }

  // The period's deliveries in the home region.
  const listed: { key: string; lastModified: string }[] = [];
  let deliveries: string[] | { unknown: string } = [];
  let truncated: string | undefined;
  for (let d = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); d < to.getTime() && !truncated; d += 24 * HOUR) {
    let token: string | undefined;
    do {
      if (opts.signal?.aborted) return { error: 'cancelled' };
      const page = await list({ Prefix: `${logs}${region}/${dayPath(d)}`, ...(token ? { ContinuationToken: token } : {}) });
      if (!page.ok) { deliveries = { unknown: page.failure.reason }; break; }
      for (const o of page.value.Contents ?? []) {
        const t = o.Key ? timeInKey(o.Key) : undefined;
        if (o.Key && t !== undefined && t >= from.getTime() && t < to.getTime()) listed.push({ key: o.Key, lastModified: o.LastModified?.toISOString() ?? new Date(t).toISOString() });
      }
      if (listed.length > budget) { truncated = `stopped after listing ${budget} objects`; break; }
      token = page.value.IsTruncated ? page.value.NextContinuationToken : undefined;
    } while (token);
    if (!Array.isArray(deliveries)) break;
  }
  if (Array.isArray(deliveries)) deliveries = listed.map((o) => new Date(timeInKey(o.key)!).toISOString());

  // Retain-until of a sample: evenly spread over the period's objects, plus the oldest object.
  const n = opts.sample ?? 10;
  const picks = new Map<string, string>();
  if (oldest && 'key' in oldest) picks.set(oldest.key, oldest.lastModified);
  for (let k = 0; k < Math.min(n, listed.length); k++) {
    const o = listed[Math.floor((k * listed.length) / Math.min(n, listed.length))]!;
    picks.set(o.key, o.lastModified);
  }
  const samples: RetentionInPracticeInput['samples'] = objectLock === 'enabled'
    ? await Promise.all([...picks].map(async ([key, lastModified]) => {
      const r = await s3Session.call('s3', 'GetObjectRetention', (abortSignal) => s3.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: key }), { abortSignal }));
      const retention: RetentionInPracticeInput['samples'][number]['retention'] = r.ok
        ? r.value.Retention?.RetainUntilDate ? { mode: r.value.Retention.Mode ?? 'unknown', retainUntil: r.value.Retention.RetainUntilDate.toISOString() } : 'none'
        : r.failure.code === 'NoSuchObjectLockConfiguration' ? 'none' : { unknown: r.failure.reason };
      return { key, lastModified, retention };
    }))
    : [];

  return judgeRetentionInPractice({
    trailArn: opts.trailArn, bucket, base: root.base, region, minRetentionDays: opts.minRetentionDays, now,
    ...(status.ok && status.value.StartLoggingTime ? { loggingSince: status.value.StartLoggingTime.toISOString() } : {}),
    oldest, objectLock, samples,
    period: { from: from.toISOString(), to: to.toISOString(), deliveries, ...(truncated ? { truncated } : {}) },
  });
}
