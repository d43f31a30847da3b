// Whether the scanned account is an AWS Organizations management account (TG107, opt-in):
// organizations:DescribeOrganization, whose `MasterAccountId` is the management account (see organizationsApi).
import type { Attr } from '../core/model';
import type { AwsSession } from './awsSession';
import { known, unresolved } from './liveAttr';
import { callOrganizations } from './organizationsApi';

const OPERATION = 'DescribeOrganization';

export interface OrganizationRead {
  isOrgManagement: Attr<boolean>;
  /** What the API said, for the evidence of TG107. */
  evidence: Record<string, unknown>;
}

interface DescribeOrganizationResponse {
  Organization?: { Id?: string; Arn?: string; MasterAccountId?: string; MasterAccountArn?: string; FeatureSet?: string };
}

export async function describeOrganization(session: AwsSession, account: string, partition = 'aws'): Promise<OrganizationRead> {
  const result = await callOrganizations<DescribeOrganizationResponse>(session, OPERATION, {}, partition);
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
