// The organization's service control policies, for TG501 (opt-in): organizations:ListPolicies
// (Filter=SERVICE_CONTROL_POLICY), then per policy DescribePolicy (its document) and ListTargetsForPolicy (whether
// it is attached at all: rules.md TG501 counts only attached SCPs). Only the management account (or a delegated
// administrator) may list them; a failure leaves TG501 unknown with the reason, never passed or failed.
import type { OrgPolicy } from '../core/model';
import { normalizePolicy } from '../core/policy/normalize';
import type { AwsSession, CallResult } from './awsSession';
import { failureReason, known, recordEvidence, type Evidence } from './liveAttr';
import { callOrganizations } from './organizationsApi';

/** Pages are bounded so that a broken or malicious endpoint cannot keep a scan listing forever. */
const MAX_PAGES = 100;

export interface ServiceControlPolicies {
  /** The attached SCPs (an unreadable one with its policy unresolved), or the reason none could be listed. */
  policies: OrgPolicy[] | { unread: string };
  /** Unattached SCPs, by name: listed for the evidence, not counted. */
  unattached: string[];
  evidence: Evidence;
}

interface PolicySummary { Id?: string; Name?: string; Type?: string }

export async function readServiceControlPolicies(session: AwsSession, partition = 'aws'): Promise<ServiceControlPolicies> {
  const evidence: Evidence = {};
  const listed: PolicySummary[] = [];
  let NextToken: string | undefined;
  for (let page = 0; ; page++) {
    if (page === MAX_PAGES) return { policies: { unread: `organizations:ListPolicies returned more than ${MAX_PAGES} pages` }, unattached: [], evidence };
    const r = await callOrganizations<{ Policies?: PolicySummary[]; NextToken?: string }>(
      session, 'ListPolicies', { Filter: 'SERVICE_CONTROL_POLICY', ...(NextToken ? { NextToken } : {}) }, partition);
    recordEvidence(evidence, 'ListPolicies', r);
    if (!r.ok) return { policies: { unread: `service control policies could not be listed: ${failureReason(r)}` }, unattached: [], evidence };
    listed.push(...(r.value.Policies ?? []).filter((p) => typeof p.Id === 'string' && p.Id !== ''));
    NextToken = typeof r.value.NextToken === 'string' && r.value.NextToken ? r.value.NextToken : undefined;
    if (!NextToken) break;
  }
  const read = await Promise.all(listed.map(async (p) => {
    const [described, targets] = await Promise.all([
      callOrganizations<{ Policy?: { Content?: string } }>(session, 'DescribePolicy', { PolicyId: p.Id }, partition),
      callOrganizations<{ Targets?: { TargetId?: string }[] }>(session, 'ListTargetsForPolicy', { PolicyId: p.Id }, partition),
    ]);
    return { p, described, targets };
  }));
  // Evidence by call, as elsewhere: each answer under the policy it is about.
  const described: Record<string, unknown> = {};
  const targeted: Record<string, unknown> = {};
  const policies: OrgPolicy[] = [];
  const unattached: string[] = [];
  for (const { p, described: d, targets: t } of read) {
    const name = p.Name ? `${p.Name} (${p.Id})` : p.Id!;
    described[name] = evidenceOf(d);
    targeted[name] = evidenceOf(t);
    if (t.ok && (t.value.Targets ?? []).length === 0) {
      unattached.push(name);
      continue;
    }
    const unreadable = !d.ok ? `DescribePolicy of ${name}: ${failureReason(d)}` : !t.ok ? `ListTargetsForPolicy of ${name}: ${failureReason(t)}` : undefined;
    policies.push({
      kind: 'orgPolicy', id: name, format: 'live',
      policyType: known('SERVICE_CONTROL_POLICY'),
      policy: unreadable ? { state: 'unresolved', reason: unreadable, statements: [] } : normalizePolicy({ t: 'str', v: d.ok ? d.value.Policy?.Content ?? '' : '' }),
    });
  }
  evidence.DescribePolicy = described;
  evidence.ListTargetsForPolicy = targeted;
  return { policies, unattached, evidence };
}

function evidenceOf(r: CallResult<unknown>): unknown {
  const e: Evidence = {};
  recordEvidence(e, 'x', r);
  return e.x;
}
