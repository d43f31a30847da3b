// CloudTrail log and digest files for the test endpoint, signed as CloudTrail signs them (SHA256withRSA over
// "end time\nbucket/key\nhex sha256 of the digest\nprevious signature") with a key made in test set-up, so log
// file validation runs on real bytes. Damage on request: a modified log file, a dropped digest, a broken chain.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'crypto';
import { gzipSync } from 'zlib';
import type { OrganizationScenario } from './organization';
import type { Scenario } from './scenario';

export interface SignedLogsOptions {
  bucket: string;
  account: string;
  region: string;
  trailName: string;
  /** Start of the first hour; one digest (and one log file) per hour. */
  start: Date;
  hours: number;
  /** Hour index whose log file is overwritten after its digest was signed. */
  tamperLog?: number;
  /** Hour index whose digest file is deleted. */
  dropDigest?: number;
  /** Hour index whose digest records a wrong previous-digest hash (signed, so only the chain shows it). */
  breakChain?: number;
  /** An organization trail's layout: files under AWSLogs/<organizationId>/<account>/. */
  organizationId?: string;
  /** Object Lock retention given to every file: retain-until = written + `days`. */
  retention?: { mode: 'COMPLIANCE' | 'GOVERNANCE'; days: number };
  /** Hour indexes with no log file delivered (the digest lists none): a delivery gap. */
  silentHours?: number[];
}

export interface SigningKey { privateKey: KeyObject; fingerprint: string; publicKeyDerBase64: string }

/** An RSA key as CloudTrail's region key: the fingerprint is the MD5 of the PKCS#1 DER public key. */
export function makeSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'pkcs1', format: 'der' });
  return { privateKey, fingerprint: createHash('md5').update(der).digest('hex'), publicKeyDerBase64: der.toString('base64') };
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const pad = (n: number) => String(n).padStart(2, '0');
const datePath = (d: Date) => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

/** Adds the trail's log and digest objects to the bucket, and the public key to ListPublicKeys. */
export function addSignedLogs(s: Scenario, key: SigningKey, o: SignedLogsOptions): { logKeys: string[]; digestKeys: string[] } {
  const bucket = s.buckets[o.bucket]!;
  const root = `AWSLogs/${o.organizationId ? `${o.organizationId}/` : ''}${o.account}`;
  const retention = (written: Date) => o.retention
    ? { retention: { Mode: o.retention.mode, RetainUntilDate: new Date(written.getTime() + o.retention.days * 86_400_000).toISOString() } }
    : {};
  const objects = (bucket.objects ??= {});
  s.publicKeys = [...(s.publicKeys ?? []), {
    Value: key.publicKeyDerBase64, Fingerprint: key.fingerprint,
    ValidityStartTime: new Date(o.start.getTime() - 86_400_000).toISOString(), ValidityEndTime: new Date(o.start.getTime() + (o.hours + 24) * 3_600_000).toISOString(),
  }];
  const logKeys: string[] = [];
  const digestKeys: string[] = [];
  let previous: { key: string; content: Buffer; signature: string } | undefined;
  for (let i = 0; i < o.hours; i++) {
    const begin = new Date(o.start.getTime() + i * 3_600_000);
    const end = new Date(begin.getTime() + 3_600_000);
    const eventTime = new Date(begin.getTime() + 600_000);
    const log = Buffer.from(JSON.stringify({ Records: [{ eventVersion: '1.09', eventTime: iso(eventTime), eventSource: 's3.amazonaws.com', eventName: 'PutObject', awsRegion: o.region, recipientAccountId: o.account }] }));
    const silent = o.silentHours?.includes(i) === true;
    const logKey = `${root}/CloudTrail/${o.region}/${datePath(begin)}/${o.account}_CloudTrail_${o.region}_${stamp(eventTime).slice(0, 13)}Z_${i}abcdef0123456.json.gz`;
    if (!silent) {
      objects[logKey] = { bodyBase64: gzipSync(log).toString('base64'), ...retention(eventTime) };
      logKeys.push(logKey);
    }
    const digestKey = `${root}/CloudTrail-Digest/${o.region}/${datePath(end)}/${o.account}_CloudTrail-Digest_${o.region}_${o.trailName}_${o.region}_${stamp(end)}.json.gz`;
    const digest = {
      awsAccountId: o.account, digestStartTime: iso(begin), digestEndTime: iso(end), digestS3Bucket: o.bucket, digestS3Object: digestKey,
      digestPublicKeyFingerprint: key.fingerprint, digestSignatureAlgorithm: 'SHA256withRSA', newestEventTime: iso(eventTime), oldestEventTime: iso(eventTime),
      previousDigestS3Bucket: previous ? o.bucket : null, previousDigestS3Object: previous?.key ?? null,
      previousDigestHashValue: previous ? (i === o.breakChain ? '0'.repeat(64) : sha256(previous.content)) : null,
      previousDigestHashAlgorithm: previous ? 'SHA-256' : null, previousDigestSignature: previous?.signature ?? null,
      logFiles: silent ? [] : [{ s3Bucket: o.bucket, s3Object: logKey, hashValue: sha256(log), hashAlgorithm: 'SHA-256', newestEventTime: iso(eventTime), oldestEventTime: iso(eventTime) }],
    };
    const content = Buffer.from(JSON.stringify(digest));
    const signing = `${iso(end)}\n${o.bucket}/${digestKey}\n${sha256(content)}\n${previous?.signature ?? 'null'}`;
    const signature = sign('sha256', Buffer.from(signing), key.privateKey).toString('hex');
    objects[digestKey] = { bodyBase64: gzipSync(content).toString('base64'), metadata: { signature, 'signature-algorithm': 'SHA256withRSA' }, ...retention(end) };
    digestKeys.push(digestKey);
    previous = { key: digestKey, content, signature };
    if (i === o.tamperLog) objects[logKey] = { ...objects[logKey]!, bodyBase64: gzipSync(Buffer.from(log.toString().replace('PutObject', 'DeleteObject'))).toString('base64') };
  }
  if (o.dropDigest !== undefined) delete objects[digestKeys[o.dropDigest]!];
  return { logKeys, digestKeys };
}

/**
 * The demo organization's log files: the organization trail's last `hours` hours (ending at the hour before `now`)
 * for the management account, under AWSLogs/<o-id>/<account>/ in the log archive's bucket — with one tampered log
 * file, one digest deleted (a gap in the chain), two hours without a delivery, and one log object 400 days old (what
 * "retention in practice" finds as the oldest). Every account answers
 * ListPublicKeys with the key (the region's keys are the same for every account).
 */
export function addDemoOrganizationLogs(org: OrganizationScenario, now: Date, hours = 24): { tamperedLog: string; droppedDigest: string; start: Date; end: Date } {
  const management = org.organization?.managementAccount ?? Object.keys(org.accounts)[0]!;
  const trail = Object.values(org.accounts[management]!.regions).flatMap((r) => r.trails ?? []).find((t) => t.trail.IsOrganizationTrail === true)!.trail;
  const bucketName = String(trail.S3BucketName);
  const owner = Object.values(org.accounts).find((a) => a.buckets?.[bucketName] && (a.buckets[bucketName]!.owner === undefined || a.buckets[bucketName]!.owner === a.account))
    ?? Object.values(org.accounts).find((a) => a.buckets?.[bucketName])!;
  const end = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const start = new Date(end.getTime() - hours * 3_600_000);
  const key = makeSigningKey();
  const tamper = Math.floor(hours / 4);
  const drop = Math.floor((hours * 3) / 4);
  const { logKeys, digestKeys } = addSignedLogs(owner, key, {
    bucket: bucketName, account: management, region: String(trail.HomeRegion ?? 'us-east-1'), trailName: String(trail.Name), start, hours,
    tamperLog: tamper, dropDigest: drop, silentHours: [Math.floor(hours / 2), Math.floor(hours / 2) + 1], ...(org.organization ? { organizationId: org.organization.id } : {}),
  });
  for (const a of Object.values(org.accounts)) if (a !== owner) a.publicKeys = [...(a.publicKeys ?? []), ...owner.publicKeys!.slice(-1)];
  // Logs kept for 400 days: the oldest log object reaches back past a 365-day minimum retention.
  const old = new Date(end.getTime() - 400 * 86_400_000);
  const oldKey = `AWSLogs/${org.organization ? `${org.organization.id}/` : ''}${management}/CloudTrail/${String(trail.HomeRegion ?? 'us-east-1')}/` +
    `${old.toISOString().slice(0, 10).replace(/-/g, '/')}/${management}_CloudTrail_${String(trail.HomeRegion ?? 'us-east-1')}_${old.toISOString().replace(/[-:]/g, '').slice(0, 13)}Z_oldest.json.gz`;
  owner.buckets[bucketName]!.objects![oldKey] = { bodyBase64: gzipSync(Buffer.from('{"Records":[]}')).toString('base64') };
  return { tamperedLog: logKeys[tamper]!, droppedDigest: digestKeys[drop]!, start, end };
}
