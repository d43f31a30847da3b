// Reads what log file validation needs for one trail and one account over a period: the trail's bucket and prefix
// (DescribeTrails), then for each region — the one asked for, else every region with digest files under
// <prefix>/AWSLogs/[<o-id>/]<account>/CloudTrail-Digest/ (a multi-region trail's chain is per region, as
// `aws cloudtrail validate-logs` follows it) — CloudTrail's public keys of that region (ListPublicKeys), the digest
// files of the period with their signature metadata, and every log file the digests list. Bounded (at most
// `maxObjects` objects over all regions), concurrency-limited by the session(s), cancellable (the signal), with
// progress.
import { gunzipSync } from 'zlib';
import { DescribeTrailsCommand, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { DigestFile, LogFileRead, TrailPublicKey } from '../evidence/logValidation';
import type { AwsSession } from './awsSession';
import { dayPath, keyPrefixOf, timeInKey, trailLogRoot } from './trailLogPaths';

export interface RegionLogsRead {
  region: string;
  /** `…/CloudTrail-Digest/<region>/`. */
  digestPrefix: string;
  digests: DigestFile[];
  /** Digest objects listed but not readable (access denied, throttled, object budget). */
  unreadableDigests: { key: string; endTime: number; reason: string }[];
  publicKeys: TrailPublicKey[];
  logFiles: Map<string, LogFileRead>;
}

export interface TrailLogsRead {
  bucket: string;
  account: string;
  /** `<prefix>/AWSLogs/[<o-id>/]<account>/CloudTrail-Digest/`. */
  digestPrefix: string;
  organizationId?: string;
  regions: RegionLogsRead[];
  /** Set when the object budget ran out: the result covers only part of the period. */
  truncated?: string;
}

export interface ReadTrailLogsOptions {
  trailArn: string;
  from: Date;
  to: Date;
  /** Whose files to read (an organization trail's member account); default the trail's own account. */
  account?: string;
  /** Which region's digests; default every region with digest files (the home region when there are none). */
  region?: string;
  maxObjects?: number;
  /** Reads the bucket when another account owns it (default: the trail's session); a function gets the bucket's name. */
  bucketSession?: AwsSession | ((bucket: string, region: string) => Promise<AwsSession | undefined>);
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

const HOUR = 3_600_000;
/** Regions read at most (every AWS region of a partition fits). */
const MAX_REGIONS = 64;

function unzip(bytes: Uint8Array): Buffer {
  const b = Buffer.from(bytes);
  return b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b, { maxOutputLength: 256 * 1024 * 1024 }) : b;
}

export async function readTrailLogs(session: AwsSession, opts: ReadTrailLogsOptions): Promise<TrailLogsRead | { error: string }> {
  if (!/^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/.test(opts.trailArn)) return { error: `not a trail ARN: ${opts.trailArn}` };
  const [, , , homeRegion = '', trailAccount = ''] = opts.trailArn.split(':');
  const account = opts.account ?? trailAccount;
  const budget = { left: opts.maxObjects ?? 5000, max: opts.maxObjects ?? 5000, truncated: undefined as string | undefined };

  const described = await session.call('cloudtrail', 'DescribeTrails', (abortSignal) =>
    session.client('cloudtrail', homeRegion).send(new DescribeTrailsCommand({ trailNameList: [opts.trailArn] }), { abortSignal }));
  if (!described.ok) return { error: described.failure.reason };
  const trail = described.value.trailList?.[0];
  if (!trail?.S3BucketName) return { error: `trail ${opts.trailArn} not found in ${homeRegion}` };
  if (account !== trailAccount && !trail.IsOrganizationTrail) return { error: `${opts.trailArn} is not an organization trail: it logs only account ${trailAccount}` };
  const bucket = trail.S3BucketName;
  const s3Session = (typeof opts.bucketSession === 'function' ? await opts.bucketSession(bucket, homeRegion) : opts.bucketSession) ?? session;
  const s3 = s3Session.client('s3', homeRegion);
  const list = (params: { Prefix: string; Delimiter?: string; ContinuationToken?: string }) =>
    s3Session.call('s3', 'ListObjectsV2', (abortSignal) => s3.send(new ListObjectsV2Command({ Bucket: bucket, ...params }), { abortSignal }));

  const root = await trailLogRoot({ session: s3Session, region: homeRegion }, bucket, keyPrefixOf(trail.S3KeyPrefix), account, trail.IsOrganizationTrail === true);
  if ('error' in root) return root;
  const digestRoot = `${root.base}CloudTrail-Digest/`;

  let regions = opts.region ? [opts.region] : [];
  if (!opts.region) {
    const listed = await list({ Prefix: digestRoot, Delimiter: '/' });
    if (!listed.ok) return { error: listed.failure.reason };
    regions = (listed.value.CommonPrefixes ?? []).map((p) => (p.Prefix ?? '').slice(digestRoot.length).replace(/\/$/, '')).filter((r) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(r)).slice(0, MAX_REGIONS);
    if (regions.length === 0) regions = [homeRegion];
  }
  const read: RegionLogsRead[] = [];
  for (const region of regions) {
    const r = await readRegion(region);
    if ('error' in r) return r;
    read.push(r);
  }
  return { bucket, account, digestPrefix: digestRoot, ...(root.organizationId ? { organizationId: root.organizationId } : {}), regions: read, ...(budget.truncated ? { truncated: budget.truncated } : {}) };

  async function readRegion(region: string): Promise<RegionLogsRead | { error: string }> {
    const cancelled = () => opts.signal?.aborted === true;
    const keysRead = await session.call('cloudtrail', 'ListPublicKeys', (abortSignal) =>
      session.client('cloudtrail', region).send(new ListPublicKeysCommand({ StartTime: new Date(opts.from.getTime() - HOUR), EndTime: new Date(opts.to.getTime() + HOUR) }), { abortSignal }));
    if (!keysRead.ok) return { error: keysRead.failure.reason };
    const publicKeys: TrailPublicKey[] = (keysRead.value.PublicKeyList ?? []).filter((k) => k.Value && k.Fingerprint).map((k) => ({
      fingerprint: k.Fingerprint!, der: Buffer.from(k.Value!), validFrom: k.ValidityStartTime?.toISOString(), validTo: k.ValidityEndTime?.toISOString(),
    }));
    const digestPrefix = `${digestRoot}${region}/`;

    // Digest keys of every day the period (plus the hour after, when its last digest lands) touches.
    const digestKeys: string[] = [];
    const lastDay = opts.to.getTime() + HOUR;
    for (let day = Date.UTC(opts.from.getUTCFullYear(), opts.from.getUTCMonth(), opts.from.getUTCDate()); day <= lastDay; day += 24 * HOUR) {
      let token: string | undefined;
      do {
        if (cancelled()) return { error: 'cancelled' };
        const listed = await list({ Prefix: `${digestPrefix}${dayPath(day)}`, ...(token ? { ContinuationToken: token } : {}) });
        if (!listed.ok) return { error: listed.failure.reason };
        for (const o of listed.value.Contents ?? []) {
          const end = o.Key ? timeInKey(o.Key) : undefined;
          if (o.Key && end !== undefined && end > opts.from.getTime() && end <= opts.to.getTime() + HOUR) digestKeys.push(o.Key);
        }
        token = listed.value.IsTruncated ? listed.value.NextContinuationToken : undefined;
      } while (token);
    }
    opts.onProgress?.(`${region}: ${digestKeys.length} digest file(s) in the period under ${digestPrefix}`);

    const get = (key: string) => s3Session.call('s3', 'GetObject', (abortSignal) => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }));
    const spend = (): boolean => {
      if (budget.left <= 0) { budget.truncated = `stopped after ${budget.max} objects`; return false; }
      budget.left--;
      return true;
    };
    const unreadableDigests: RegionLogsRead['unreadableDigests'] = [];
    const digests = (await Promise.all(digestKeys.map(async (key): Promise<DigestFile | undefined> => {
      if (!spend()) {
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
    opts.onProgress?.(`${region}: ${listed.size} log file(s) to check`);
    const logFiles = new Map<string, LogFileRead>();
    let checked = 0;
    await Promise.all([...listed].map(async (key) => {
      if (!spend()) return;
      const got = await get(key);
      logFiles.set(key, got.ok
        ? got.value.Body ? { content: unzip(await got.value.Body.transformToByteArray()) } : { missing: 'empty object' }
        : got.failure.code === 'NoSuchKey' ? { missing: 'NoSuchKey: the object is gone' } : { unreadable: got.failure.reason });
      if (++checked % 250 === 0) opts.onProgress?.(`${region}: ${checked}/${listed.size} log file(s) read`);
    }));
    if (cancelled()) return { error: 'cancelled' };
    return { region, digestPrefix, digests, unreadableDigests, publicKeys, logFiles };
  }
}
