// Runs the real multi-account scanner against the local endpoint serving an organization scenario: one profile
// per account (its access key id picks the account), roles assumed through real STS AssumeRole calls.
import { startAwsEndpoint, type RecordedCall } from '../support/aws-endpoint/server';
import { loadOrganizationScenario } from '../support/aws-endpoint/scenario';
import type { OrganizationScenario } from '../support/aws-endpoint/organization';
import { writeEndpointProfiles, type EndpointProfileFiles } from '../support/aws-endpoint/profile';
import { scanAccounts, type MultiScanOptions } from '../../src/live/scanAccounts';
import type { MultiAccountScan } from '../../src/live/types';
import { withAwsEnv } from './harness';

export const MGMT = '111122223333';
export const LOG = '222233334444';
export const SEC = '333344445555';
export const SANDBOX = '444455556666';
export const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`;
export const BUCKET = 'acme-org-audit-logs';
export const KEY = `arn:aws:kms:us-east-1:${SEC}:key/5ec0r1ty-0000-4000-8000-000000000001`;

/** Profiles of the scenario's access keys: management, log-archive, security, sandbox. */
export const ORG_PROFILES = [
  { name: 'management', accessKeyId: 'AKIAMANAGEMENT000001' },
  { name: 'log-archive', accessKeyId: 'AKIALOGARCHIVE000001' },
  { name: 'security', accessKeyId: 'AKIASECURITY00000001' },
  { name: 'sandbox', accessKeyId: 'AKIASANDBOX000000001' },
];

export function organization(name: 'organization' | 'organization-broken' = 'organization'): OrganizationScenario {
  return loadOrganizationScenario(name);
}

export interface OrgRun { scan: MultiAccountScan; calls: RecordedCall[]; files: EndpointProfileFiles; endpointUrl: string }

/** Starts the endpoint, writes the profiles, and runs `fn` with the AWS environment pointing at them only. */
export async function withOrganization<T>(s: OrganizationScenario, fn: (ctx: { calls: RecordedCall[]; files: EndpointProfileFiles; endpointUrl: string }) => Promise<T>, latencyMs?: number): Promise<T> {
  const endpoint = await startAwsEndpoint({ scenario: s, latencyMs });
  const files = writeEndpointProfiles(endpoint.url, ORG_PROFILES);
  try {
    return await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
      fn({ calls: endpoint.calls, files, endpointUrl: endpoint.url }));
  } finally {
    await endpoint.close();
  }
}

export function runOrganization(s: OrganizationScenario, opts: MultiScanOptions): Promise<OrgRun> {
  return withOrganization(s, async (ctx) => ({ ...ctx, scan: await scanAccounts({ maxAttempts: 2, regions: ['us-east-1'], ...opts }) }));
}
