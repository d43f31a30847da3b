// Reads what log file validation needs for one trail, one region and one account over a period: the trail's
// bucket and prefix (DescribeTrails), CloudTrail's public keys (ListPublicKeys), the digest files under
// <prefix>/AWSLogs/[<o-id>/]<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/ with their signature metadata, and
// every log file the digests list. Bounded (at most `maxObjects` objects), concurrency-limited by the session(s),
// cancellable (the sessions' signal), with progress.
import { gunzipSync } from 'zlib';
import { DescribeTrailsCommand, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { DigestFile, LogFileRead, TrailPublicKey } from '../evidence/logValidation';
import type { AwsSession } from './awsSession';
import { dayPath, keyPrefixOf, timeInKey, trailLogRoot } from './trailLogPaths';

export interface TrailLogsRead {
  bucket: string;
  region: string;
  account: string;
  /** Where the digests were read: `AWSLogs/o-…/<account>/CloudTrail-Digest/<region>/` for an organization trail. */
  digestPrefix: string;
  organizationId?: string;
  digests: DigestFile[];
  /** Digest objects listed but not readable (access denied, throttled...). */
  unreadableDigests: { key: string; endTime: number; reason: string }[];
  publicKeys: TrailPublicKey[];
  logFiles: Map<string, LogFileRead>;
  /** Set when the object budget ran out: the result covers only part of the period. */
  truncated?: string;
}

export interface ReadTrailLogsOptions {
  trailArn: string;
  from: Date;
  to: Date;
  /** Whose files to read (an organization trail's member account); default the trail's own account. */
  account?: string;
  /** Which region's digests; default the trail's home region. */
  region?: string;
  maxObjects?: number;
  /** Reads the bucket when another account owns it (default: the trail's session); a function gets the bucket's name. */
  bucketSession?: AwsSession | ((bucket: string, region: string) => Promise<AwsSession | undefined>);
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

const HOUR = 3_600_000;

function unzip(bytes: Uint8Array): Buffer {
  const b = Buffer.from(bytes);
  return b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b, { maxOutputLength: 256 * 1024 * 1024 }) : b;
}

export async function readTrailLogs(session: AwsSession, opts: ReadTrailLogsOptions): Promise<TrailLogsRead | { error: string }> {
  if (!/^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/.test(opts.trailArn)) return { error: `not a trail ARN: ${opts.trailArn}` };
  const [, , , homeRegion = '', trailAccount = ''] = opts.trailArn.split(':');
  const account = opts.account ?? trailAccount;
  const budget = opts.maxObjects ?? 5000;
  const cancelled = () => opts.signal?.aborted === true;
  let used = 0;
  let truncated: string | undefined;

  const described = await session.call('cloudtrail', 'DescribeTrails', (abortSignal) =>
    session.client('cloudtrail', homeRegion).send(new DescribeTrailsCommand({ trailNameList: [opts.trailArn] }), { abortSignal }));
  if (!described.ok) return { error: described.failure.reason };
  const trail = described.value.trailList?.[0];
  if (!trail?.S3BucketName) return { error: `trail ${opts.trailArn} not found in ${homeRegion}` };
  if (account !== trailAccount && !trail.IsOrganizationTrail) return { error: `${opts.trailArn} is not an organization trail: it logs only account ${trailAccount}` };
  const region = opts.region ?? homeRegion;
  const bucket = trail.S3BucketName;
  const s3Session = (typeof opts.bucketSession === 'function' ? await opts.bucketSession(bucket, region) : opts.bucketSession) ?? session;
  const s3 = s3Session.client('s3', region);

  const keysRead = await session.call('cloudtrail', 'ListPublicKeys', (abortSignal) =>
    session.client('cloudtrail', region).send(new ListPublicKeysCommand({ StartTime: new Date(opts.from.getTime() - HOUR), EndTime: new Date(opts.to.getTime() + HOUR) }), { abortSignal }));
  if (!keysRead.ok) return { error: keysRead.failure.reason };
  const publicKeys: TrailPublicKey[] = (keysRead.value.PublicKeyList ?? []).filter((k) => k.Value && k.Fingerprint).map((k) => ({
    fingerprint: k.Fingerprint!, der: Buffer.from(k.Value!), validFrom: k.ValidityStartTime?.toISOString(), validTo: k.ValidityEndTime?.toISOString(),
  }));

  const root = await trailLogRoot({ session: s3Session, region }, bucket, keyPrefixOf(trail.S3KeyPrefix), account, trail.IsOrganizationTrail === true);
  if ('error' in root) return root;
  const digestPrefix = `${root.base}CloudTrail-Digest/${region}/`;

  // Digest keys of every day the period (plus the hour after, when its last digest lands) touches.
  const digestKeys: string[] = [];
  const lastDay = opts.to.getTime() + HOUR;
  for (let day = Date.UTC(opts.from.getUTCFullYear(), opts.from.getUTCMonth(), opts.from.getUTCDate()); day <= lastDay; day += 24 * HOUR) {
    let token: string | undefined;
    do {
      if (cancelled()) return { error: 'cancelled' };
      const listed = await s3Session.call('s3', 'ListObjectsV2', (abortSignal) =>
        s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${digestPrefix}${dayPath(day)}`, ...(token ? { ContinuationToken: token } : {}) }), { abortSignal }));
      if (!listed.ok) return { error: listed.failure.reason };
      for (const o of listed.value.Contents ?? []) {
        const end = o.Key ? timeInKey(o.Key) : undefined;
        if (o.Key && end !== undefined && end > opts.from.getTime() && end <= opts.to.getTime() + HOUR) digestKeys.push(o.Key);
      }
      token = listed.value.IsTruncated ? listed.value.NextContinuationToken : undefined;
    } while (token);
  }
  opts.onProgress?.(`${digestKeys.length} digest file(s) in the period under ${digestPrefix}`);

  const get = (key: string) => s3Session.call('s3', 'GetObject', (abortSignal) => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }));
  const unreadableDigests: TrailLogsRead['unreadableDigests'] = [];
  const digests = (await Promise.all(digestKeys.map(async (key): Promise<DigestFile | undefined> => {
    if (++used > budget) {
      truncated = `stopped after ${budget} objects`;
      unreadableDigests.push({ key, endTime: timeInKey(key)!, reason: 'not read (object budget)' });
      return undefined;
    }
    const got = await get(key);
    if (!got.ok && got.failure.code !== 'NoSuchKey') unreadableDigests.push({ key, endTime: timeInKey(key)!, reason: got.failure.reason });
    if (!got.ok || !got.value.Body) return undefined;
    const content = unzip(await got.value.Body.transformToByteArray());
    const meta = got.value.Metadata ?? {};
    return { bucket, key, content, ...(meta.signature ? { signature: meta.signature } : {}), ...(meta['signature-algorithm'] ? { signatureAlgorithm: meta['signature-algorithm'] } : {}) };
  }))).filter((d): d is DigestFile => d !== undefined);
  if (cancelled()) return { error: 'cancelled' };

  const listed = new Set<string>();
  for (const d of digests) {
    try {
      for (const f of (JSON.parse(d.content.toString('utf8')) as { logFiles?: { s3Object?: string }[] }).logFiles ?? []) if (f.s3Object) listed.add(f.s3Object);
    } catch { /* an unreadable digest is reported by the validation */ }
  }
  opts.onProgress?.(`${listed.size} log file(s) to check`);
  const logFiles = new Map<string, LogFileRead>();
  let checked = 0;
  await Promise.all([...listed].map(async (key) => {
    if (++used > budget) { truncated = `stopped after ${budget} objects`; return; }
    const got = await get(key);
    logFiles.set(key, got.ok
      ? got.value.Body ? { content: unzip(await got.value.Body.transformToByteArray()) } : { missing: 'empty object' }
      : got.failure.code === 'NoSuchKey' ? { missing: 'NoSuchKey: the object is gone' } : { unreadable: got.failure.reason });
    if (++checked % 250 === 0) opts.onProgress?.(`${checked}/${listed.size} log file(s) read`);
  }));
  if (cancelled()) return { error: 'cancelled' };
  return {
    bucket, region, account, digestPrefix, ...(root.organizationId ? { organizationId: root.organizationId } : {}),
    digests, unreadableDigests, publicKeys, logFiles, ...(truncated ? { truncated } : {}),
  };
}
