// Where a trail's log and digest files are in its bucket. CloudTrail writes `<prefix>/AWSLogs/<account>/...`;
// an organization trail writes each member account's files under `<prefix>/AWSLogs/<organization id>/<account>/...`
// (trails made an organization trail before that layout existed keep `AWSLogs/<account>/`), so for an
// organization trail the bucket itself says which: one delimiter listing of `AWSLogs/`.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { AwsSession } from './awsSession';

export interface TrailLogRoot {
  /** `<prefix>/AWSLogs/<account>/` or `<prefix>/AWSLogs/<o-id>/<account>/`. */
  base: string;
  organizationId?: string;
}

export function keyPrefixOf(s3KeyPrefix: string | undefined): string {
  return s3KeyPrefix ? `${s3KeyPrefix.replace(/\/$/, '')}/` : '';
}

export async function trailLogRoot(s3: { session: AwsSession; region: string }, bucket: string, keyPrefix: string, account: string, organizationTrail: boolean): Promise<TrailLogRoot | { error: string }> {
  const plain = `${keyPrefix}AWSLogs/${account}/`;
  if (!organizationTrail) return { base: plain };
  const listed = await s3.session.call('s3', 'ListObjectsV2', (abortSignal) =>
    s3.session.client('s3', s3.region).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${keyPrefix}AWSLogs/`, Delimiter: '/', MaxKeys: 1000 }), { abortSignal }));
  if (!listed.ok) return { error: listed.failure.reason };
  const prefixes = (listed.value.CommonPrefixes ?? []).map((p) => p.Prefix ?? '');
  if (prefixes.includes(plain)) return { base: plain };
  const org = prefixes.map((p) => /^(?:.*\/)?AWSLogs\/(o-[a-z0-9]{10,32})\/$/.exec(p)?.[1]).find((id): id is string => id !== undefined);
  return org ? { base: `${keyPrefix}AWSLogs/${org}/${account}/`, organizationId: org } : { base: plain };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY/MM/DD/` of a UTC day. */
export function dayPath(t: number): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/`;
}

/** The time a CloudTrail file name carries: `..._20261201T1010Z_abc.json.gz`, `..._20261201T110000Z.json.gz`. */
export function timeInKey(key: string): number | undefined {
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z(?:_|\.json)/.exec(key.slice(key.lastIndexOf('/') + 1));
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) : undefined;
}
