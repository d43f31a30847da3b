// Reads what log file validation needs for one trail over a period: the trail's bucket and prefix
// (DescribeTrails), CloudTrail's public keys (ListPublicKeys), the digest files under
// AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/ with their signature metadata, and every log file the
// digests list. Bounded (at most `maxObjects` objects) and concurrency-limited by the session; progress reported.
import { gunzipSync } from 'zlib';
import { DescribeTrailsCommand, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { DigestFile, LogFileRead, TrailPublicKey } from '../evidence/logValidation';
import type { AwsSession } from './awsSession';

export interface TrailLogsRead {
  bucket: string;
  region: string;
  account: string;
  digests: DigestFile[];
  publicKeys: TrailPublicKey[];
  logFiles: Map<string, LogFileRead>;
  /** Set when the object budget ran out: the result covers only part of the period. */
  truncated?: string;
}

const HOUR = 3_600_000;

/** `..._20261201T0130Z.json.gz` / `..._20261201T013012Z.json.gz` → the digest's end time. */
function digestEndFromKey(key: string): number | undefined {
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z(_backfill)?\.json(\.gz)?$/.exec(key);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) : undefined;
}

function unzip(bytes: Uint8Array): Buffer {
  const b = Buffer.from(bytes);
  return b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b, { maxOutputLength: 256 * 1024 * 1024 }) : b;
}

export async function readTrailLogs(session: AwsSession, opts: { trailArn: string; from: Date; to: Date; maxObjects?: number; onProgress?: (message: string) => void }): Promise<TrailLogsRead | { error: string }> {
  const [, , , region = '', account = ''] = opts.trailArn.split(':');
  if (!/^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/.test(opts.trailArn)) return { error: `not a trail ARN: ${opts.trailArn}` };
  const budget = opts.maxObjects ?? 5000;
  let used = 0;
  let truncated: string | undefined;

  const described = await session.call('cloudtrail', 'DescribeTrails', (abortSignal) =>
    session.client('cloudtrail', region).send(new DescribeTrailsCommand({ trailNameList: [opts.trailArn] }), { abortSignal }));
  if (!described.ok) return { error: described.failure.reason };
  const trail = described.value.trailList?.[0];
  if (!trail?.S3BucketName) return { error: `trail ${opts.trailArn} not found in ${region}` };
  const bucket = trail.S3BucketName;
  const prefix = trail.S3KeyPrefix ? `${trail.S3KeyPrefix.replace(/\/$/, '')}/` : '';

  const keysRead = await session.call('cloudtrail', 'ListPublicKeys', (abortSignal) =>
    session.client('cloudtrail', region).send(new ListPublicKeysCommand({ StartTime: new Date(opts.from.getTime() - HOUR), EndTime: new Date(opts.to.getTime() + HOUR) }), { abortSignal }));
  if (!keysRead.ok) return { error: keysRead.failure.reason };
  const publicKeys: TrailPublicKey[] = (keysRead.value.PublicKeyList ?? []).filter((k) => k.Value && k.Fingerprint).map((k) => ({
    fingerprint: k.Fingerprint!, der: Buffer.from(k.Value!), validFrom: k.ValidityStartTime?.toISOString(), validTo: k.ValidityEndTime?.toISOString(),
  }));

  // Digest keys of every day the period (plus the hour after, when its last digest lands) touches.
  const s3 = session.client('s3', region);
  const digestKeys: string[] = [];
  const lastDay = new Date(opts.to.getTime() + HOUR);
  for (let day = Date.UTC(opts.from.getUTCFullYear(), opts.from.getUTCMonth(), opts.from.getUTCDate()); day <= lastDay.getTime(); day += 24 * HOUR) {
    const d = new Date(day);
    const dayPrefix = `${prefix}AWSLogs/${account}/CloudTrail-Digest/${region}/${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/`;
    let token: string | undefined;
    do {
      const listed = await session.call('s3', 'ListObjectsV2', (abortSignal) =>
        s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: dayPrefix, ...(token ? { ContinuationToken: token } : {}) }), { abortSignal }));
      if (!listed.ok) return { error: listed.failure.reason };
      for (const o of listed.value.Contents ?? []) {
        const end = o.Key ? digestEndFromKey(o.Key) : undefined;
        if (o.Key && end !== undefined && end > opts.from.getTime() && end <= opts.to.getTime() + HOUR) digestKeys.push(o.Key);
      }
      token = listed.value.IsTruncated ? listed.value.NextContinuationToken : undefined;
    } while (token);
  }
  opts.onProgress?.(`${digestKeys.length} digest file(s) in the period`);

  const digests = (await Promise.all(digestKeys.map(async (key): Promise<DigestFile | undefined> => {
    if (++used > budget) { truncated = `stopped after ${budget} objects`; return undefined; }
    const got = await session.call('s3', 'GetObject', (abortSignal) => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }));
    if (!got.ok || !got.value.Body) return undefined;
    const content = unzip(await got.value.Body.transformToByteArray());
    const meta = got.value.Metadata ?? {};
    return { bucket, key, content, ...(meta.signature ? { signature: meta.signature } : {}), ...(meta['signature-algorithm'] ? { signatureAlgorithm: meta['signature-algorithm'] } : {}) };
  }))).filter((d): d is DigestFile => d !== undefined);

  const listed = new Set<string>();
  for (const d of digests) {
    try {
      for (const f of (JSON.parse(d.content.toString('utf8')) as { logFiles?: { s3Object?: string }[] }).logFiles ?? []) if (f.s3Object) listed.add(f.s3Object);
    } catch { /* an unreadable digest is reported by the validation */ }
  }
  opts.onProgress?.(`${listed.size} log file(s) to check`);
  const logFiles = new Map<string, LogFileRead>();
  await Promise.all([...listed].map(async (key) => {
    if (++used > budget) { truncated = `stopped after ${budget} objects`; return; }
    const got = await session.call('s3', 'GetObject', (abortSignal) => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }));
    logFiles.set(key, got.ok && got.value.Body ? { content: unzip(await got.value.Body.transformToByteArray()) } : { missing: got.ok ? 'empty object' : got.failure.reason });
  }));
  return { bucket, region, account, digests, publicKeys, logFiles, ...(truncated ? { truncated } : {}) };
}
