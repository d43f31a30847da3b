// One AWS request signed with the SDK's own SigV4 signer and sent with fetch, for the few services without a client
// among our dependencies (S3 Control, Organizations, EC2 DescribeRegions): the session's credentials and call
// timeout, cancelled with the session's call. The answer is input like any other: its body is read with the
// session's size cap (20 MB by default; a larger one is unknown, "response too large") and cleaned of the
// session's secrets before anything parses it, as the SDK clients' bodies are (responseGuard).
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsSession } from './awsSession';
import { NodeSha256 } from './nodeSha256';
import { MAX_RESPONSE_BYTES, readCapped } from './responseGuard';

export interface SignedRequest {
  service: string;
  /** The region the request is signed for. */
  region: string;
  url: URL;
  path: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** The answer, its body already read (capped) and redacted. */
export interface SignedResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
}

export async function signedFetch(session: AwsSession, req: SignedRequest, abortSignal: AbortSignal | undefined): Promise<SignedResponse> {
  const { url, path, method, body } = req;
  const signer = new SignatureV4({ credentials: session.credentials, region: req.region, service: req.service, sha256: NodeSha256 });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path,
    query: {},
    headers: { host: url.host, ...req.headers },
    ...(body !== undefined ? { body } : {}),
  });
  const timeout = AbortSignal.timeout(session.options.callTimeoutMs ?? 15_000);
  const response = await fetch(`${url.protocol}//${url.host}${path}`, {
    method,
    headers: signed.headers as Record<string, string>,
    ...(body !== undefined ? { body } : {}),
    signal: abortSignal ? AbortSignal.any([abortSignal, timeout]) : timeout,
  });
  const length = response.headers.get('content-length');
  const bytes = await readCapped(response.body, session.options.maxResponseBytes ?? MAX_RESPONSE_BYTES, length === null ? undefined : Number(length));
  const text = Buffer.from(session.secrets.redactBytes(bytes)).toString('utf8');
  return { status: response.status, ok: response.ok, headers: response.headers, text };
}
