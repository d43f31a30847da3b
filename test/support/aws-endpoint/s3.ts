// S3 REST XML with path-style addressing (`GET /bucket?versioning`), the way the SDK calls a custom endpoint
// with `forcePathStyle`. "Not configured" answers are the real 404 error codes.
import type { Scenario, ScenarioBucket } from './scenario';
import { errorReply, requestId, type Reply } from './wireErrors';
import { xmlDocument, type XmlValue } from './xml';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Sub-resource query parameter → operation name. */
const SUBRESOURCE_OPERATIONS: Record<string, string> = {
  versioning: 'GetBucketVersioning',
  'object-lock': 'GetObjectLockConfiguration',
  policy: 'GetBucketPolicy',
  publicAccessBlock: 'GetPublicAccessBlock',
  logging: 'GetBucketLogging',
  lifecycle: 'GetBucketLifecycleConfiguration',
  encryption: 'GetBucketEncryption',
  acl: 'GetBucketAcl',
  policyStatus: 'GetBucketPolicyStatus',
  tagging: 'GetBucketTagging',
  location: 'GetBucketLocation',
};

export function identifyS3Operation(method: string, url: URL): { operation: string; bucket?: string; key?: string } {
  const bucket = decodeURIComponent(url.pathname.split('/')[1] ?? '');
  if (!bucket) return { operation: method === 'GET' ? 'ListBuckets' : `${method}Service` };
  const key = url.pathname.split('/').slice(2).map(decodeURIComponent).join('/');
  if (method === 'GET' && key) return { operation: url.searchParams.has('retention') ? 'GetObjectRetention' : 'GetObject', bucket, key };
  if (method === 'GET' && url.searchParams.get('list-type') === '2') return { operation: 'ListObjectsV2', bucket };
  if (method !== 'GET') return { operation: `${method}Bucket`, bucket };
  for (const key of url.searchParams.keys()) {
    const op = SUBRESOURCE_OPERATIONS[key];
    if (op) return { operation: op, bucket };
  }
  return { operation: 'ListObjects', bucket };
}

function ok(root: string, body: Record<string, XmlValue>): Reply {
  return { status: 200, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId() }, body: xmlDocument(root, S3_NS, body) };
}

function notConfigured(code: string, message: string, bucket: string): Reply {
  return errorReply('s3', code, 404, message, { BucketName: bucket });
}

/** When an object was written: its own `lastModified`, else the time its CloudTrail key names, else a fixed date. */
export function objectLastModified(key: string, o: { lastModified?: string }): string {
  if (o.lastModified) return o.lastModified;
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z[_.]/.exec(key);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}.000Z` : '2026-12-01T00:00:00.000Z';
}

/**
 * ListObjectsV2 as S3 answers it: keys in UTF-8 binary order, `prefix`, `delimiter` (CommonPrefixes), `start-after`,
 * `max-keys` (at most 1000 a page) and continuation tokens; GetObject (body, Last-Modified and x-amz-meta-*
 * headers); GetObjectRetention (an object's Object Lock mode and retain-until date).
 */
function answerObjects(operation: string, name: string, b: ScenarioBucket, url: URL, key: string | undefined): Reply | undefined {
  const objects = b.objects ?? {};
  if (operation === 'ListObjectsV2') {
    const q = url.searchParams;
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const maxKeys = Math.min(Number(q.get('max-keys') ?? 1000), 1000);
    // The token names where the last page stopped: a key, or a common prefix whose keys were all rolled up.
    const token = q.get('continuation-token');
    const resume = token ? (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after: string; rolledUp: boolean }) : { after: q.get('start-after') ?? '', rolledUp: false };
    const keys = Object.keys(objects)
      .filter((k) => k.startsWith(prefix) && k > resume.after && !(resume.rolledUp && k.startsWith(resume.after)))
      .sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    const contents: string[] = [];
    const prefixes: string[] = [];
    let last = { after: '', rolledUp: false };
    let truncated = false;
    for (const k of keys) {
      const cut = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
      const common = cut >= 0 ? k.slice(0, cut + delimiter.length) : undefined;
      if (common && prefixes[prefixes.length - 1] === common) continue;
      if (contents.length + prefixes.length >= maxKeys) { truncated = true; break; }
      if (common) prefixes.push(common);
      else contents.push(k);
      last = common ? { after: common, rolledUp: true } : { after: k, rolledUp: false };
    }
    return ok('ListBucketResult', {
      Name: name, Prefix: prefix, ...(delimiter ? { Delimiter: delimiter } : {}), KeyCount: contents.length + prefixes.length, MaxKeys: maxKeys, IsTruncated: truncated,
      ...(token ? { ContinuationToken: token } : {}),
      ...(truncated ? { NextContinuationToken: Buffer.from(JSON.stringify(last), 'utf8').toString('base64') } : {}),
      Contents: contents.map((k) => ({ Key: k, LastModified: objectLastModified(k, objects[k]!), ETag: '"0123456789abcdef0123456789abcdef"', Size: Buffer.from(objects[k]!.bodyBase64, 'base64').length, StorageClass: 'STANDARD' })),
      CommonPrefixes: prefixes.map((p) => ({ Prefix: p })),
    });
  }
  if (operation === 'GetObject') {
    const o = key !== undefined ? objects[key] : undefined;
    if (!o) return errorReply('s3', 'NoSuchKey', 404, 'The specified key does not exist.', { Key: key ?? '' });
    const meta = Object.fromEntries(Object.entries(o.metadata ?? {}).map(([k, v]) => [`x-amz-meta-${k}`, v]));
    return {
      status: 200,
      headers: { 'content-type': 'application/octet-stream', 'last-modified': new Date(objectLastModified(key!, o)).toUTCString(), 'x-amz-request-id': requestId(), ...meta },
      body: '', bytes: Buffer.from(o.bodyBase64, 'base64'),
    };
  }
  if (operation === 'GetObjectRetention') {
    const o = key !== undefined ? objects[key] : undefined;
    if (!o) return errorReply('s3', 'NoSuchKey', 404, 'The specified key does not exist.', { Key: key ?? '' });
    if (b.objectLock?.ObjectLockEnabled !== 'Enabled') return errorReply('s3', 'InvalidRequest', 400, 'Bucket is missing Object Lock Configuration');
    if (!o.retention) return errorReply('s3', 'NoSuchObjectLockConfiguration', 404, 'The specified object does not have a ObjectLock configuration');
    return ok('Retention', { Mode: o.retention.Mode, RetainUntilDate: o.retention.RetainUntilDate });
  }
  return undefined;
}

export function answerS3(operation: string, bucketName: string | undefined, scenario: Scenario, callerAccount: string, url?: URL, key?: string): Reply {
  if (operation === 'ListBuckets') {
    const owned = Object.entries(scenario.buckets).filter(([, b]) => (b.owner ?? scenario.account) === callerAccount);
    return ok('ListAllMyBucketsResult', {
      Owner: { ID: canonicalId(callerAccount), DisplayName: `owner-${callerAccount}` },
      Buckets: { Bucket: owned.map(([name, b]) => ({ Name: name, CreationDate: '2024-01-15T10:00:00.000Z', BucketRegion: b.region ?? 'us-east-1' })) },
    });
  }
  const bucket = bucketName ? scenario.buckets[bucketName] : undefined;
  if (!bucketName || !bucket) return errorReply('s3', 'NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucketName ?? '' });
  const owner = bucket.owner ?? scenario.account;
  if (owner !== callerAccount && !bucket.readableByCaller) return errorReply('s3', 'AccessDenied', 403, 'Access Denied');
  const objectReply = url ? answerObjects(operation, bucketName, bucket, url, key) : undefined;
  if (objectReply) return objectReply;
  return answerBucketOperation(operation, bucketName, bucket, owner);
}

function answerBucketOperation(operation: string, name: string, b: ScenarioBucket, owner: string): Reply {
  switch (operation) {
    case 'GetBucketVersioning':
      // A bucket that never had versioning answers an empty configuration (no Status element).
      return ok('VersioningConfiguration', { Status: b.versioning?.Status, MfaDelete: b.versioning?.MFADelete });
    case 'GetObjectLockConfiguration':
      if (!b.objectLock) return notConfigured('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', name);
      return ok('ObjectLockConfiguration', { ObjectLockEnabled: b.objectLock.ObjectLockEnabled, Rule: b.objectLock.Rule as unknown as XmlValue });
    case 'GetBucketPolicy':
      if (!b.policy) return notConfigured('NoSuchBucketPolicy', 'The bucket policy does not exist', name);
      return { status: 200, headers: { 'content-type': 'application/json', 'x-amz-request-id': requestId() }, body: JSON.stringify(b.policy) };
    case 'GetBucketPolicyStatus':
      if (!b.policy) return notConfigured('NoSuchBucketPolicy', 'The bucket policy does not exist', name);
      return ok('PolicyStatus', { IsPublic: b.policyIsPublic ?? false });
    case 'GetPublicAccessBlock':
      if (!b.publicAccessBlock) return notConfigured('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', name);
      return ok('PublicAccessBlockConfiguration', { ...b.publicAccessBlock });
    case 'GetBucketLogging':
      return ok('BucketLoggingStatus', b.logging ? { LoggingEnabled: { TargetBucket: b.logging.TargetBucket, TargetPrefix: b.logging.TargetPrefix ?? '' } } : {});
    case 'GetBucketLifecycleConfiguration':
      if (!b.lifecycle || b.lifecycle.length === 0) return notConfigured('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', name);
      return ok('LifecycleConfiguration', {
        Rule: b.lifecycle.map((r) => ({
          ID: r.ID,
          Filter: { Prefix: r.Prefix ?? '' },
          Status: r.Status,
          Expiration: r.ExpirationDays !== undefined ? { Days: r.ExpirationDays } : undefined,
          NoncurrentVersionExpiration: r.NoncurrentDays !== undefined ? { NoncurrentDays: r.NoncurrentDays } : undefined,
        })),
      });
    case 'GetBucketEncryption':
      if (!b.encryption) return notConfigured('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', name);
      return ok('ServerSideEncryptionConfiguration', {
        Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: b.encryption.SSEAlgorithm, KMSMasterKeyID: b.encryption.KMSMasterKeyID }, BucketKeyEnabled: true },
      });
    case 'GetBucketAcl': {
      const grants = [{ ID: canonicalId(owner), Permission: 'FULL_CONTROL' }, ...(b.aclGrants ?? [])];
      return ok('AccessControlPolicy', {
        Owner: { ID: canonicalId(owner), DisplayName: `owner-${owner}` },
        AccessControlList: {
          Grant: grants.map((g) => ({
            Grantee: g.URI
              ? { $attrs: { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:type': 'Group' }, $children: { URI: g.URI } }
              : { $attrs: { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:type': 'CanonicalUser' }, $children: { ID: g.ID ?? '' } },
            Permission: g.Permission,
          })),
        },
      });
    }
    case 'GetBucketTagging':
      if (!b.tags || Object.keys(b.tags).length === 0) return notConfigured('NoSuchTagSet', 'The TagSet does not exist', name);
      return ok('Tagging', { TagSet: { Tag: Object.entries(b.tags).map(([Key, Value]) => ({ Key, Value })) } });
    case 'GetBucketLocation': {
      const region = b.region ?? 'us-east-1';
      return { status: 200, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_NS}">${region === 'us-east-1' ? '' : region}</LocationConstraint>` };
    }
    default:
      return errorReply('s3', 'NotImplemented', 501, `${operation} is not implemented by the TrailGuard test endpoint`);
  }
}

/** A stable fake canonical user id per account. */
export function canonicalId(account: string): string {
  return `${account}`.padEnd(64, 'c');
}

/** S3 Control's account-level Public Access Block (`GET /v20180820/configuration/publicAccessBlock`). */
export function answerS3Control(operation: string, account: string | undefined, scenario: Scenario): Reply {
  if (operation !== 'GetPublicAccessBlock') return errorReply('s3', 'NotImplemented', 501, `${operation} is not implemented by the TrailGuard test endpoint`);
  if (account !== scenario.account) return errorReply('s3', 'AccessDenied', 403, 'Access Denied');
  if (!scenario.accountPublicAccessBlock) {
    return errorReply('s3', 'NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found', { AccountId: account });
  }
  return ok('PublicAccessBlockConfiguration', { ...scenario.accountPublicAccessBlock });
}
