// Whether the scanned account is an AWS Organizations management account (TG107, opt-in):
// organizations:DescribeOrganization, whose `MasterAccountId` is the management account. There is no
// Organizations client among our dependencies, so this one JSON 1.1 POST is signed with the SDK's own SigV4
// signer and sent with fetch, as readAccountPublicAccessBlock does for S3 Control. Organizations is a global
// service: one endpoint per partition, signed for that endpoint's region.
import { SignatureV4 } from '@smithy/signature-v4';
import type { Attr } from '../core/model';
import type { AwsSession } from './awsSession';
import { known, unresolved } from './liveAttr';
import { NodeSha256 } from './nodeSha256';

const OPERATION = 'DescribeOrganization';

/** The Organizations endpoint of each partition (the partition is read from the caller's ARN). */
const GLOBAL_ENDPOINTS: Record<string, { url: string; region: string }> = {
  aws: { url: 'https://organizations.us-east-1.amazonaws.com', region: 'us-east-1' },
  'aws-us-gov': { url: 'https://organizations.us-gov-west-1.amazonaws.com', region: 'us-gov-west-1' },
  'aws-cn': { url: 'https://organizations.cn-northwest-1.amazonaws.com.cn', region: 'cn-northwest-1' },
};

export interface OrganizationRead {
  isOrgManagement: Attr<boolean>;
  /** What the API said, for the evidence of TG107. */
  evidence: Record<string, unknown>;
}

interface DescribeOrganizationResponse {
  Organization?: { Id?: string; Arn?: string; MasterAccountId?: string; MasterAccountArn?: string; FeatureSet?: string };
}

export async function describeOrganization(session: AwsSession, account: string, partition = 'aws'): Promise<OrganizationRead> {
  const global = GLOBAL_ENDPOINTS[partition] ?? GLOBAL_ENDPOINTS.aws!;
  const url = new URL(session.profile.endpoints.organizations ?? global.url);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  const body = '{}';
  const result = await session.call('organizations', OPERATION, async (abortSignal) => {
    const signer = new SignatureV4({ credentials: session.credentials, region: global.region, service: 'organizations', sha256: NodeSha256 });
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path,
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSOrganizationsV20161128.${OPERATION}`,
      },
      body,
    });
    const timeout = AbortSignal.timeout(session.options.callTimeoutMs ?? 15_000);
    const response = await fetch(`${url.protocol}//${url.host}${path}`, {
      method: 'POST',
      headers: signed.headers as Record<string, string>,
      body,
      signal: abortSignal ? AbortSignal.any([abortSignal, timeout]) : timeout,
    });
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      // JSON 1.1 errors: `__type` is the code, sometimes namespaced (`com.amazonaws...#Code`).
      const type = typeof parsed.__type === 'string' ? parsed.__type : '';
      const code = type.split('#').pop() || `HTTP ${response.status}`;
      const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.Message === 'string' ? parsed.Message : code;
      throw Object.assign(new Error(message), { name: code, $metadata: { httpStatusCode: response.status, attempts: 1 } });
    }
    return parsed as DescribeOrganizationResponse;
  });
  if (result.ok) {
    const management = result.value.Organization?.MasterAccountId;
    return {
      isOrgManagement: management ? known(management === account) : unresolved('DescribeOrganization returned no MasterAccountId'),
      evidence: { [OPERATION]: result.value },
    };
  }
  const failure = result.failure;
  if (failure.kind === 'notConfigured') {
    // AWSOrganizationsNotInUseException: not in an organization, so not its management account.
    return { isOrgManagement: known(false), evidence: { [OPERATION]: { error: failure.code, meaning: 'the account is not in an organization' } } };
  }
  return { isOrgManagement: unresolved(failure.reason), evidence: { [OPERATION]: { error: failure.code, reason: failure.reason } } };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
