// AWS Organizations over its JSON 1.1 wire protocol. There is no Organizations client among our dependencies, so
// each call is one POST signed with the SDK's own SigV4 signer and sent with fetch, as readAccountPublicAccessBlock
// does for S3 Control. Organizations is a global service: one endpoint per partition, signed for that endpoint's
// region. Errors are thrown in the SDK's shape (`name` = code, `$metadata`) so `AwsSession.call` classifies them.
import type { AwsSession, CallResult } from './awsSession';
import { signedFetch } from './signedFetch';

/** The Organizations endpoint of each partition (the partition is read from the caller's ARN). */
const GLOBAL_ENDPOINTS: Record<string, { url: string; region: string }> = {
  aws: { url: 'https://organizations.us-east-1.amazonaws.com', region: 'us-east-1' },
  'aws-us-gov': { url: 'https://organizations.us-gov-west-1.amazonaws.com', region: 'us-gov-west-1' },
  'aws-cn': { url: 'https://organizations.cn-northwest-1.amazonaws.com.cn', region: 'cn-northwest-1' },
};

/** One Organizations API call through the session (its concurrency limit, cancellation and error classification). */
export function callOrganizations<T>(session: AwsSession, operation: string, input: Record<string, unknown>, partition = 'aws'): Promise<CallResult<T>> {
  const global = GLOBAL_ENDPOINTS[partition] ?? GLOBAL_ENDPOINTS.aws!;
  const url = new URL(session.profile.endpoints.organizations ?? global.url);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  const body = JSON.stringify(input);
  return session.call('organizations', operation, async (abortSignal) => {
    const response = await signedFetch(session, {
      service: 'organizations', region: global.region, url, path, method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSOrganizationsV20161128.${operation}` },
      body,
    }, abortSignal);
    const text = response.text;
    const parsed = parseJson(text);
    const $metadata = { httpStatusCode: response.status, attempts: 1, requestId: response.headers.get('x-amzn-requestid') ?? undefined };
    if (!response.ok) {
      // JSON 1.1 errors: `__type` is the code, sometimes namespaced (`com.amazonaws...#Code`).
      const type = typeof parsed.__type === 'string' ? parsed.__type : '';
      const code = type.split('#').pop() || `HTTP ${response.status}`;
      const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.Message === 'string' ? parsed.Message : code;
      const err = Object.assign(new Error(message), { name: code, $metadata });
      session.recordCall({ service: 'organizations', region: global.region, operation, input, error: err });
      throw err;
    }
    // Kept verbatim for the evidence report, as the SDK clients' answers are.
    session.recordCall({ service: 'organizations', region: global.region, operation, input, output: { ...parsed, $metadata } });
    return parsed as T;
  });
}

export interface OrganizationAccount { id: string; name?: string; status?: string; email?: string }

/** Pages are bounded so that a malicious or broken endpoint cannot keep a scan listing forever. */
const MAX_PAGES = 1000;

/** organizations:ListAccounts, every page. */
export async function listOrganizationAccounts(session: AwsSession, partition = 'aws'): Promise<CallResult<OrganizationAccount[]>> {
  const accounts: OrganizationAccount[] = [];
  let NextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await callOrganizations<{ Accounts?: { Id?: string; Name?: string; Status?: string; Email?: string }[]; NextToken?: string }>(
      session, 'ListAccounts', NextToken ? { NextToken } : {}, partition);
    if (!r.ok) return r;
    for (const a of r.value.Accounts ?? []) {
      if (typeof a.Id === 'string' && /^\d{12}$/.test(a.Id)) accounts.push({ id: a.Id, name: a.Name, status: a.Status, email: a.Email });
    }
    NextToken = typeof r.value.NextToken === 'string' && r.value.NextToken ? r.value.NextToken : undefined;
    if (!NextToken) return { ok: true, value: accounts };
  }
  return { ok: false, failure: { kind: 'other', code: 'TooManyPages', reason: `organizations:ListAccounts returned more than ${MAX_PAGES} pages` } };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
