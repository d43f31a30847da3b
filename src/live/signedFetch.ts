// One AWS request signed with the SDK's own SigV4 signer and sent with fetch, for the few services without a client
// among our dependencies (S3 Control, Organizations, EC2 DescribeRegions): the session's credentials and call
// timeout, cancelled with the session's call.
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsSession } from './awsSession';
import { NodeSha256 } from './nodeSha256';

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

export async function signedFetch(session: AwsSession, req: SignedRequest, abortSignal: AbortSignal | undefined): Promise<Response> {
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
  return fetch(`${url.protocol}//${url.host}${path}`, {
    method,
    headers: signed.headers as Record<string, string>,
    ...(body !== undefined ? { body } : {}),
    signal: abortSignal ? AbortSignal.any([abortSignal, timeout]) : timeout,
  });
}
