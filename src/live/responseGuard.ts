// What comes back from an endpoint is input like any file: bounded, checked and cleaned before anything reads it.
// Two SDK middlewares, added to every client of a session:
//  - `guardResponseBody` (deserialize step, inside the deserializer): reads the raw body with a size cap and
//    removes the session's secret access key and session token from it, so that an endpoint echoing them cannot
//    carry them into a reason, a log line, evidence or a report;
//  - `requireAnswer` (initialize step, outside retries): a 200 whose body is empty or cannot be read, or lacks the
//    member the operation always returns, is an error ("unexpected response from S3 GetPublicAccessBlock"),
//    never an answer a check could pass or fail on.
import { Readable } from 'stream';
import type { MiddlewareStack } from '@smithy/types';
import { formatSize } from '../core/limits';

/** The cap on one response body (bytes). */
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLarge';
  constructor(readonly limit: number) {
    super(`response too large (over ${formatSize(limit)})`);
  }
}

export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponse';
}

/** Secret values a session signs with; every response body and failure reason is cleaned of them. */
export class SecretSet {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    // Short values would redact ordinary text; real secret keys are 40 characters, tokens hundreds.
    if (value && value.length >= 8) this.values.add(value);
  }

  redact(text: string): string {
    let out = text;
    // No angle brackets or quotes: the marker replaces text inside XML and JSON documents, which must stay readable.
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join('[redacted]');
    return out;
  }

  redactBytes(body: Uint8Array): Uint8Array {
    const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    for (const v of this.values) if (buf.includes(v)) return Buffer.from(this.redact(buf.toString('utf8')), 'utf8');
    return body;
  }
}

/** Members an operation's successful answer always has: without them the 200 is no answer at all. */
const REQUIRED_MEMBERS: Record<string, Record<string, string>> = {
  s3: {
    GetPublicAccessBlock: 'PublicAccessBlockConfiguration',
    GetBucketPolicy: 'Policy',
    GetObjectLockConfiguration: 'ObjectLockConfiguration',
    GetBucketEncryption: 'ServerSideEncryptionConfiguration',
    GetBucketPolicyStatus: 'PolicyStatus',
    GetBucketTagging: 'TagSet',
  },
  cloudtrail: { DescribeTrails: 'trailList', GetTrailStatus: 'IsLogging' },
  kms: { DescribeKey: 'KeyMetadata', GetKeyPolicy: 'Policy', GetKeyRotationStatus: 'KeyRotationEnabled' },
  sts: { GetCallerIdentity: 'Account' },
  config: { DescribeConfigurationRecorders: 'ConfigurationRecorders' },
};

export const SERVICE_LABELS: Record<string, string> = { s3: 'S3', s3control: 'S3 Control', cloudtrail: 'CloudTrail', kms: 'KMS', config: 'Config', sts: 'STS', organizations: 'Organizations', ec2: 'EC2' };

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  return typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((x) => x === undefined);
}

/** The whole body, or ResponseTooLargeError once it passes `limit` bytes (the rest is not read). */
export async function readCapped(body: unknown, limit: number, contentLength: number | undefined): Promise<Uint8Array> {
  const stream = body as NodeJS.ReadableStream & { destroy?: () => void; cancel?: () => Promise<void> };
  if (contentLength !== undefined && contentLength > limit) {
    stream?.destroy?.();
    void stream?.cancel?.().catch(() => undefined);
    throw new ResponseTooLargeError(limit);
  }
  if (body instanceof Uint8Array) {
    if (body.byteLength > limit) throw new ResponseTooLargeError(limit);
    return body;
  }
  if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return new Uint8Array();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += b.byteLength;
    if (size > limit) {
      stream.destroy?.();
      void stream.cancel?.().catch(() => undefined);
      throw new ResponseTooLargeError(limit);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

type Stack = MiddlewareStack<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Adds both guards to a client's middleware stack. */
export function addResponseGuards(stack: Stack, service: string, secrets: SecretSet, limit = MAX_RESPONSE_BYTES): void {
  stack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; headers?: Record<string, string>; body?: unknown };
      const header = response.headers?.['content-length'] ?? response.headers?.['Content-Length'];
      const body = await readCapped(response.body, limit, header === undefined ? undefined : Number(header));
      // S3 GetObject (log validation) hands the body on as a stream, as its deserializer expects; still capped.
      const streaming = (context as { commandName?: string }).commandName === 'GetObjectCommand' && response.statusCode !== undefined && response.statusCode < 300;
      response.body = streaming ? Readable.from([Buffer.from(body)]) : secrets.redactBytes(body);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'trailguardResponseBody', override: true },
  );
  stack.add(
    (next, context) => async (args) => {
      const operation = String((context as { commandName?: string }).commandName ?? '').replace(/Command$/, '');
      const label = `${SERVICE_LABELS[service] ?? service} ${operation}`;
      let result;
      try {
        result = await next(args);
      } catch (err) {
        const e = err as Error & { $metadata?: { httpStatusCode?: number } };
        // The deserializer could not read a successful answer: malformed, truncated or empty where a document is due.
        const status = e?.$metadata?.httpStatusCode;
        if ((status === undefined || (status >= 200 && status < 300)) && (e?.name === 'SyntaxError' || /deserializ|unexpected end|not well-formed|Unexpected token|Invalid (XML|JSON)/i.test(e?.message ?? ''))) {
          throw Object.assign(new UnexpectedResponseError(`unexpected response from ${label}`), { $metadata: e.$metadata });
        }
        throw err;
      }
      const member = REQUIRED_MEMBERS[service]?.[operation];
      if (member && isEmpty((result.output as Record<string, unknown>)[member])) {
        throw Object.assign(new UnexpectedResponseError(`unexpected response from ${label}`), { $metadata: (result.output as { $metadata?: unknown }).$metadata });
      }
      return result;
    },
    { step: 'initialize', priority: 'high', name: 'trailguardRequireAnswer', override: true },
  );
}
