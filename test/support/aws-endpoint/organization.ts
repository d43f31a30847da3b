// Several accounts behind one endpoint, as AWS routes them: the SigV4 access key id of a request says whose
// credentials signed it, and so which account answers. Profiles carry static keys mapped to an account;
// STS AssumeRole issues temporary (`ASIA…`) keys of the role's account, or denies when the role does not exist
// there, does not trust the caller's account, or wants another external id. S3 bucket names and KMS key ARNs
// are global: a request from one account for another account's bucket or key reaches its owner, which denies
// unless the scenario lets the caller read it. Organizations ListAccounts answers the management account, one
// page of `pageSize` accounts at a time.
import type { Scenario, ScenarioBucket, ScenarioKey, ScenarioTrail } from './scenario';
import { errorReply, requestId, type Reply } from './wireErrors';
import { xmlDocument } from './xml';
import { answerSelectAggregate, type ScenarioAggregator } from './configAggregator';

/** A role in an account that others may assume (absent: every AssumeRole of it is denied). */
export interface ScenarioRole {
  /** Accounts whose principals the role's trust policy admits. */
  trustedAccounts: string[];
  /** sts:ExternalId the trust policy requires. */
  externalId?: string;
}

export interface ScenarioAccount extends Scenario {
  /** Organizations account name (`Log Archive`) and status (`ACTIVE`, `SUSPENDED`). */
  name?: string;
  email?: string;
  status?: string;
  /** Roles by name (`Audit`). */
  roles?: Record<string, ScenarioRole>;
}

export interface OrganizationScenario {
  description: string;
  /** Accounts by id, each an ordinary single-account scenario (its buckets and keys are the ones it owns). */
  accounts: Record<string, ScenarioAccount>;
  /** Access key ids of the profiles' static credentials → account id (the caller ARN is the account's `callerArn`). */
  accessKeys: Record<string, string>;
  /** The organization: every listed account is a member; the management account owns its organization trails. */
  organization?: { id: string; managementAccount: string; pageSize?: number };
  /** AWS Config aggregators by name (configAggregator.ts): SelectAggregateResourceConfig over every account. */
  aggregators?: Record<string, ScenarioAggregator>;
}

export function isOrganizationScenario(s: Scenario | OrganizationScenario): s is OrganizationScenario {
  return 'accounts' in s && typeof (s as OrganizationScenario).accounts === 'object';
}

/** Who signed a request: the account and the caller ARN (a user, or an assumed-role session). */
export interface Caller { account: string; arn: string }

export interface AssumeRoleParams { RoleArn?: string; RoleSessionName?: string; ExternalId?: string; DurationSeconds?: string }

/**
 * The per-request routing state of an organization scenario: issued temporary keys, and one merged view per
 * account (its own scenario, with every account's buckets and keys reachable by name and the organization's
 * trails as shadow trails in member accounts), built once.
 */
export class AccountRouter {
  private readonly sessions = new Map<string, Caller>();
  private readonly views = new Map<string, Scenario>();
  private readonly buckets: Record<string, ScenarioBucket> = Object.create(null) as Record<string, ScenarioBucket>;
  private readonly keys: Record<string, ScenarioKey & { account: string }> = Object.create(null) as Record<string, ScenarioKey & { account: string }>;
  private issued = 0;
  /** Configuration items per aggregator, built on the first query. */
  private readonly aggregated = new Map<string, Record<string, unknown>[]>();

  constructor(readonly scenario: OrganizationScenario) {
    for (const [account, s] of Object.entries(scenario.accounts)) {
      for (const [name, b] of Object.entries(s.buckets ?? {})) {
        if (b.owner && b.owner !== account) continue; // a foreign bucket as one account sees it: its owner defines it
        this.buckets[name] = { ...b, owner: account };
      }
      for (const [arn, k] of Object.entries(s.keys ?? {})) this.keys[arn] = { ...k, account };
    }
  }

  /** The caller for an access key id, or undefined for a key the endpoint never issued (InvalidClientTokenId). */
  callerOf(accessKeyId: string | undefined): Caller | undefined {
    if (!accessKeyId) return undefined;
    const session = this.sessions.get(accessKeyId);
    if (session) return session;
    const account = this.scenario.accessKeys[accessKeyId];
    const s = account ? this.scenario.accounts[account] : undefined;
    return s && account ? { account, arn: s.callerArn ?? `arn:aws:iam::${account}:user/auditor` } : undefined;
  }

  /** The scenario answering `caller`: its own account, with the organization around it. */
  viewFor(caller: Caller): Scenario {
    const cached = this.views.get(caller.arn);
    if (cached) return cached;
    const own = this.scenario.accounts[caller.account]!;
    const org = this.scenario.organization;
    const orgTrails: ScenarioTrail[] = org && org.managementAccount !== caller.account
      ? Object.values(this.scenario.accounts[org.managementAccount]?.regions ?? {})
        .flatMap((r) => r.trails ?? [])
        .filter((t) => t.trail.IsOrganizationTrail === true)
      : [];
    const view: Scenario = {
      ...own,
      callerArn: caller.arn,
      buckets: this.buckets,
      keys: this.keys,
      organizationTrails: [...(own.organizationTrails ?? []), ...orgTrails],
      organization: org ? { Id: org.id, Arn: `arn:aws:organizations::${org.managementAccount}:organization/${org.id}`, MasterAccountId: org.managementAccount } : own.organization,
    };
    this.views.set(caller.arn, view);
    return view;
  }

  /** Whether `caller` may read key `arn` (its own account's keys, or ones whose scenario lets other accounts). */
  keyReadable(caller: Caller, keyArn: string): boolean {
    const k = this.keys[keyArn];
    return !k || k.account === caller.account || k.readableBy?.includes(caller.account) === true;
  }

  assumeRole(caller: Caller, params: AssumeRoleParams): Reply {
    const roleArn = params.RoleArn ?? '';
    const m = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/.exec(roleArn);
    const denied = (): Reply => errorReply('query', 'AccessDenied', 403,
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    if (!m) return errorReply('query', 'ValidationError', 400, `${roleArn} is invalid`);
    const [, account, roleName] = m as unknown as [string, string, string];
    const role = this.scenario.accounts[account]?.roles?.[roleName];
    if (!role || !role.trustedAccounts.includes(caller.account)) return denied();
    if (role.externalId !== undefined && role.externalId !== params.ExternalId) return denied();
    const session = params.RoleSessionName ?? 'session';
    this.issued += 1;
    const accessKeyId = `ASIATGROLE${String(this.issued).padStart(10, '0')}`;
    const arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`;
    this.sessions.set(accessKeyId, { account, arn });
    const duration = Number(params.DurationSeconds ?? 3600);
    const id = requestId();
    return {
      status: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id },
      body: xmlDocument('AssumeRoleResponse', 'https://sts.amazonaws.com/doc/2011-06-15/', {
        AssumeRoleResult: {
          Credentials: {
            AccessKeyId: accessKeyId,
            SecretAccessKey: `trailguard-role-secret-${this.issued}`,
            SessionToken: `trailguard-role-token-${this.issued}`,
            Expiration: new Date(Date.now() + duration * 1000).toISOString(),
          },
          AssumedRoleUser: { AssumedRoleId: `AROATGROLE${account}:${session}`, Arn: arn },
        },
        ResponseMetadata: { RequestId: id },
      }),
    };
  }

  /** config:SelectAggregateResourceConfig, for principals of the aggregator's account in its region. */
  selectAggregate(caller: Caller, region: string, body: Record<string, unknown>): Reply {
    return answerSelectAggregate(this.scenario, caller.account, region, body, this.aggregated);
  }

  /** organizations:ListAccounts (management account only), `pageSize` accounts per page. */
  listAccounts(caller: Caller, body: Record<string, unknown>): Reply {
    const org = this.scenario.organization;
    if (!org) return errorReply('json', 'AWSOrganizationsNotInUseException', 400, 'Your account is not a member of an organization.');
    if (caller.account !== org.managementAccount) {
      return errorReply('json', 'AccessDeniedException', 400, 'You don\'t have permissions to access this resource.');
    }
    const all = Object.entries(this.scenario.accounts);
    const start = Number(body.NextToken ?? 0);
    const size = Math.min(Number(body.MaxResults ?? org.pageSize ?? 20), org.pageSize ?? 20);
    const page = all.slice(start, start + size).map(([id, a]) => ({
      Id: id,
      Arn: `arn:aws:organizations::${org.managementAccount}:account/${org.id}/${id}`,
      Email: a.email ?? `aws+${id}@example.com`,
      Name: a.name ?? id,
      Status: a.status ?? 'ACTIVE',
      JoinedMethod: id === org.managementAccount ? 'CREATED' : 'INVITED',
      JoinedTimestamp: 1_705_312_800,
    }));
    const next = start + size < all.length ? { NextToken: String(start + size) } : {};
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId() }, body: JSON.stringify({ Accounts: page, ...next }) };
  }
}

/** `Credential=AKID/20240101/...` → the access key id. */
export function accessKeyIdOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/]+)\//.exec(authorization ?? '')?.[1];
}
