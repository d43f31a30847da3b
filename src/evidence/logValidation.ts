// CloudTrail log file integrity validation, the checks of `aws cloudtrail validate-logs`, on files already read:
// each digest's RSA signature (SHA256withRSA over "digestEndTime\nbucket/key\nhex(sha256(digest))\nprevious
// signature", with the public key whose fingerprint the digest names, from cloudtrail:ListPublicKeys), the chain
// of previous-digest hashes and signatures, and the SHA-256 of every log file a digest lists. Results per hour:
// valid, missing (no digest covers it), modified (a signature or hash does not match, a listed log file is gone),
// gap (the chain to the previous digest is broken) or unknown (an object could not be read: access denied,
// throttled — never reported as tampering). Per log file: valid, modified, missing or unknown. Pure: the caller
// fetches the objects.
import { createHash, createPublicKey, verify } from 'crypto';

export interface DigestFile {
  bucket: string;
  key: string;
  /** Uncompressed content. */
  content: Buffer;
  /** `x-amz-meta-signature` (hex). */
  signature?: string;
  /** `x-amz-meta-signature-algorithm`. */
  signatureAlgorithm?: string;
}

export interface TrailPublicKey { fingerprint: string; der: Buffer; validFrom?: string; validTo?: string }

/** A listed log file: its uncompressed content, gone (NoSuchKey), or why it could not be read (unknown). */
export type LogFileRead = { content: Buffer } | { missing: string } | { unreadable: string };

export type HourStatus = 'valid' | 'missing' | 'modified' | 'gap' | 'unknown';

export interface HourResult { hour: string; status: HourStatus; detail: string[]; region?: string }

export type LogFileStatus = 'valid' | 'modified' | 'missing' | 'unknown';

export interface ValidationResult {
  hours: HourResult[];
  digests: { key: string; status: 'valid' | 'invalid' | 'unverifiable' | 'unreadable'; detail: string }[];
  logFiles: { valid: number; modified: string[]; missing: string[]; unknown: string[] };
  /** Every log file a digest lists, with its status and the digest that lists it. */
  files: { key: string; status: LogFileStatus; digest: string; detail?: string }[];
  /** The regions validated (each its own digest chain), when several were read. */
  regions?: string[];
}

/** One region's files as read (src/live/readTrailLogs.ts). */
export interface RegionFiles {
  region: string;
  digests: DigestFile[];
  unreadableDigests?: { key: string; endTime: number; reason: string }[];
  publicKeys: TrailPublicKey[];
  logFiles: ReadonlyMap<string, LogFileRead>;
}

/** Every region validated on its own (each region has its own chain and keys); hours say their region. */
export function validateRegions(regions: RegionFiles[], from: Date, to: Date): ValidationResult {
  const results = regions.map((r) => ({ region: r.region, result: validateTrailLogs({ ...r, from, to }) }));
  return {
    hours: results.flatMap(({ region, result }) => result.hours.map((h) => ({ ...h, region }))),
    digests: results.flatMap(({ result }) => result.digests),
    logFiles: {
      valid: results.reduce((n, { result }) => n + result.logFiles.valid, 0),
      modified: results.flatMap(({ result }) => result.logFiles.modified),
      missing: results.flatMap(({ result }) => result.logFiles.missing),
      unknown: results.flatMap(({ result }) => result.logFiles.unknown),
    },
    files: results.flatMap(({ result }) => result.files),
    regions: regions.map((r) => r.region),
  };
}

interface DigestJson {
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket?: string;
  digestS3Object?: string;
  digestPublicKeyFingerprint?: string;
  previousDigestS3Bucket?: string | null;
  previousDigestS3Object?: string | null;
  previousDigestHashValue?: string | null;
  previousDigestSignature?: string | null;
  logFiles?: { s3Bucket: string; s3Object: string; hashValue: string; hashAlgorithm?: string }[];
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The string CloudTrail signs for a digest file. */
export function digestSigningString(endTime: string, bucket: string, key: string, contentSha256: string, previousSignature: string | null | undefined): string {
  return `${endTime}\n${bucket}/${key}\n${contentSha256}\n${previousSignature ?? 'null'}`;
}

export function validateTrailLogs(input: {
  digests: DigestFile[];
  /** Digest objects listed but not read (access denied, throttled): their hours are unknown. */
  unreadableDigests?: { key: string; endTime: number; reason: string }[];
  publicKeys: TrailPublicKey[];
  logFiles: ReadonlyMap<string, LogFileRead>;
  from: Date;
  to: Date;
}): ValidationResult {
  const parsed = input.digests
    .map((d) => ({ file: d, json: parseDigest(d.content) }))
    .filter((d): d is { file: DigestFile; json: DigestJson } => d.json !== undefined)
    .sort((a, b) => a.json.digestEndTime.localeCompare(b.json.digestEndTime));
  const byKey = new Map(parsed.map((d) => [d.file.key, d]));
  const digests: ValidationResult['digests'] = [];
  const problems = new Map<DigestFile, { status: HourStatus; detail: string }[]>();
  const note = (d: DigestFile, status: HourStatus, detail: string) => problems.set(d, [...(problems.get(d) ?? []), { status, detail }]);
  const logFiles = { valid: 0, modified: [] as string[], missing: [] as string[], unknown: [] as string[] };
  const files: ValidationResult['files'] = [];
  for (const u of input.unreadableDigests ?? []) digests.push({ key: u.key, status: 'unreadable', detail: u.reason });

  for (const { file, json } of parsed) {
    const hash = sha256(file.content);
    const key = input.publicKeys.find((k) => k.fingerprint === json.digestPublicKeyFingerprint);
    if (!file.signature) {
      digests.push({ key: file.key, status: 'invalid', detail: 'no x-amz-meta-signature on the digest object' });
      note(file, 'modified', `digest ${file.key} has no signature`);
    } else if (!key) {
      digests.push({ key: file.key, status: 'unverifiable', detail: `no public key with fingerprint ${json.digestPublicKeyFingerprint} (cloudtrail:ListPublicKeys)` });
      note(file, 'modified', `digest ${file.key}: signing key ${json.digestPublicKeyFingerprint} unknown`);
    } else {
      const signed = digestSigningString(json.digestEndTime, file.bucket, file.key, hash, json.previousDigestSignature);
      let valid = false;
      try {
        valid = verify('sha256', Buffer.from(signed), createPublicKey({ key: key.der, format: 'der', type: 'pkcs1' }), Buffer.from(file.signature, 'hex'));
      } catch {
        valid = false;
      }
      digests.push({ key: file.key, status: valid ? 'valid' : 'invalid', detail: valid ? 'signature valid' : 'signature does not match (digest modified)' });
      if (!valid) note(file, 'modified', `digest ${file.key}: signature does not match`);
    }
    // The chain: the previous digest must exist and hash / sign as this digest says.
    if (json.previousDigestS3Object) {
      const previous = byKey.get(json.previousDigestS3Object);
      if (!previous) {
        if (Date.parse(json.digestStartTime) > input.from.getTime()) note(file, 'gap', `previous digest ${json.previousDigestS3Object} is missing`);
      } else if (sha256(previous.file.content) !== json.previousDigestHashValue || (previous.file.signature ?? null) !== (json.previousDigestSignature ?? null)) {
        note(file, 'gap', `chain broken: ${json.previousDigestS3Object} does not hash or sign as this digest records`);
      }
    }
    for (const log of json.logFiles ?? []) {
      const read = input.logFiles.get(log.s3Object);
      if (!read) {
        // Not read (the object budget ran out): nothing is known about it.
        logFiles.unknown.push(log.s3Object);
        files.push({ key: log.s3Object, status: 'unknown', digest: file.key, detail: 'not read (object budget)' });
        note(file, 'unknown', `log file ${log.s3Object} was not read (object budget)`);
      } else if ('unreadable' in read) {
        logFiles.unknown.push(log.s3Object);
        files.push({ key: log.s3Object, status: 'unknown', digest: file.key, detail: read.unreadable });
        note(file, 'unknown', `log file ${log.s3Object} could not be read: ${read.unreadable}`);
      } else if ('missing' in read) {
        logFiles.missing.push(log.s3Object);
        files.push({ key: log.s3Object, status: 'missing', digest: file.key, detail: read.missing });
        note(file, 'modified', `log file ${log.s3Object} is missing (${read.missing})`);
      } else if (sha256(read.content) !== log.hashValue) {
        logFiles.modified.push(log.s3Object);
        files.push({ key: log.s3Object, status: 'modified', digest: file.key, detail: 'SHA-256 differs from the digest' });
        note(file, 'modified', `log file ${log.s3Object} was modified (SHA-256 differs)`);
      } else {
        logFiles.valid++;
        files.push({ key: log.s3Object, status: 'valid', digest: file.key });
      }
    }
  }

  const hours: HourResult[] = [];
  const rank: Record<HourStatus, number> = { valid: 0, unknown: 1, gap: 2, missing: 3, modified: 4 };
  for (let t = Math.floor(input.from.getTime() / 3_600_000) * 3_600_000; t < input.to.getTime(); t += 3_600_000) {
    const covering = parsed.filter((d) => Date.parse(d.json.digestStartTime) < t + 3_600_000 && Date.parse(d.json.digestEndTime) > t);
    const hour = new Date(t).toISOString().replace(/:00\.000Z$/, 'Z');
    if (covering.length === 0) {
      const unread = (input.unreadableDigests ?? []).find((u) => u.endTime > t && u.endTime <= t + 3_600_000);
      hours.push(unread
        ? { hour, status: 'unknown', detail: [`digest ${unread.key} could not be read: ${unread.reason}`] }
        : { hour, status: 'missing', detail: ['no digest file covers this hour'] });
      continue;
    }
    const found = covering.flatMap((d) => problems.get(d.file) ?? []);
    const worst = found.reduce<HourStatus>((w, p) => (rank[p.status] > rank[w] ? p.status : w), 'valid');
    hours.push({ hour, status: worst, detail: found.length ? [...new Set(found.map((p) => p.detail))] : [`${covering.reduce((n, d) => n + (d.json.logFiles?.length ?? 0), 0)} log file(s) valid`] });
  }
  return { hours, digests, logFiles, files };
}

function parseDigest(content: Buffer): DigestJson | undefined {
  try {
    const v = JSON.parse(content.toString('utf8')) as DigestJson;
    return typeof v.digestEndTime === 'string' && typeof v.digestStartTime === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
