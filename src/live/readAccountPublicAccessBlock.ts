// The account-level S3 Public Access Block (s3control:GetPublicAccessBlock), which satisfies TG205 for every
// bucket when all four flags are on. There is no S3 Control client among our dependencies, so this one GET is
// signed with the SDK's own SigV4 signer and sent with fetch. S3 Control normally puts the account id in the
// host name (`<account>.s3-control.<region>.amazonaws.com`); with a custom endpoint (LocalStack, the test
// endpoint) the account goes in the `x-amz-account-id` header only, as with the SDK's `disableHostPrefix`.
import type { PublicAccessBlock } from '../core/model';
import type { AwsSession } from './awsSession';
import { known } from './liveAttr';
import { signedFetch } from './signedFetch';

export type AccountPublicAccessBlock = PublicAccessBlock | { state: 'absent' } | { state: 'unresolved'; reason: string };

export interface AccountPabRead {
  value: AccountPublicAccessBlock;
  /** What the API said, for the evidence of TG205. */
  evidence: Record<string, unknown>;
}

const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export async function readAccountPublicAccessBlock(session: AwsSession, account: string, region: string): Promise<AccountPabRead> {
  const operation = 'GetPublicAccessBlock';
  const endpoint = session.profile.endpoints.s3control;
  const url = new URL(endpoint ?? `https://${account}.s3-control.${region}.amazonaws.com`);
  const path = `${url.pathname.replace(/\/$/, '')}/v20180820/configuration/publicAccessBlock`;
  const result = await session.call('s3control', operation, async (abortSignal) => {
    const response = await signedFetch(session, { service: 's3', region, url, path, method: 'GET', headers: { 'x-amz-account-id': account } }, abortSignal);
    const body = response.text;
    const $metadata = { httpStatusCode: response.status, attempts: 1, requestId: response.headers.get('x-amz-request-id') ?? undefined };
    if (!response.ok) {
      const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? `HTTP ${response.status}`;
      const err = Object.assign(new Error(/<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? code), { name: code, $metadata });
      session.recordCall({ service: 's3control', region, operation, input: { AccountId: account }, error: err });
      throw err;
    }
    const flags = Object.fromEntries(FLAGS.map((f) => [f, new RegExp(`<${f}>\\s*true\\s*</${f}>`, 'i').test(body)])) as Record<(typeof FLAGS)[number], boolean>;
    // Kept for the evidence report, as the SDK clients' answers are.
    session.recordCall({ service: 's3control', region, operation, input: { AccountId: account }, output: { PublicAccessBlockConfiguration: flags, $metadata } });
    return flags;
  });
  if (result.ok) {
    const c = result.value;
    return {
      value: {
        blockPublicAcls: known(c.BlockPublicAcls),
        ignorePublicAcls: known(c.IgnorePublicAcls),
        blockPublicPolicy: known(c.BlockPublicPolicy),
        restrictPublicBuckets: known(c.RestrictPublicBuckets),
      },
      evidence: { 'GetPublicAccessBlock (account)': { PublicAccessBlockConfiguration: c } },
    };
  }
  const failure = result.failure;
  if (failure.kind === 'notConfigured') {
    return { value: { state: 'absent' }, evidence: { 'GetPublicAccessBlock (account)': { error: failure.code, meaning: 'not configured' } } };
  }
  return { value: { state: 'unresolved', reason: failure.reason }, evidence: { 'GetPublicAccessBlock (account)': { error: failure.code, reason: failure.reason } } };
}
