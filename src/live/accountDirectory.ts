// Which credentials read which account, for one scan across accounts. Every configured profile's account id is
// resolved once with STS GetCallerIdentity (cached). A resource of another account is read through a profile of
// that account when one is configured, else — when a role name is configured — by assuming
// `arn:<partition>:iam::<account>:role/<name>` from the first profile with the SDK's temporary-credentials
// provider. The owner of another account's bucket is found through ListBuckets of the accounts we can read
// (profiles, the key's account, the organization's accounts), each listed once.
import * as http from 'http';
import * as https from 'https';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';
import pLimit from 'p-limit';
import { classifyFailure } from './awsErrors';
import { inCallersScan } from './callLog';
import { AwsSession, type CallResult, type SessionOptions } from './awsSession';
import { listKeyAliases, type AliasListing, type KeyAliasSource } from './keyAliases';
import { listOrganizationAccounts, type OrganizationAccount } from './organizationsApi';
import type { ProfileSettings } from './profiles';
import { readAccountPublicAccessBlock, type AccountPabRead } from './readAccountPublicAccessBlock';

export interface AssumeRoleSettings {
  /** Role name deployed in every account (`OrganizationAccountAccessRole`, a read-only audit role). */
  roleName: string;
  externalId?: string;
  /** Default `trailguard`. */
  sessionName?: string;
  /** Default 3600 (the SDK's and STS's default). */
  durationSeconds?: number;
}

/** How an account is read: its session, and in words how it was reached (shown in the tree and the report). */
export interface AccountAccess {
  account: string;
  session: AwsSession;
  /** `profile log-archive` or `role arn:aws:iam::222233334444:role/Audit from profile management`. */
  via: string;
  /** The profile whose credentials sign (the source profile of an assumed role). */
  profile: string;
  /** The identity the calls run as (GetCallerIdentity Arn of a profile; the role ARN of an assumption). */
  callerArn?: string;
  /** An assumed role's session ARN, from the AssumeRole answer (`AssumedRoleUser.Arn`): who the reads ran as. */
  sessionArn?: string;
  /** Account name from Organizations ListAccounts, when known. */
  name?: string;
}

export type AccessResult = { ok: true; access: AccountAccess } | { ok: false; account: string; reason: string; via?: string };

export interface OwnBuckets { names?: ReadonlySet<string>; regions: Map<string, string | undefined> }

export class AccountDirectory implements KeyAliasSource {
  private readonly profileSessions = new Map<string, AwsSession>();
  private readonly identities = new Map<string, Promise<CallResult<{ account?: string; arn?: string }>>>();
  private readonly roleAccess = new Map<string, Promise<AccessResult>>();
  private readonly bucketLists = new Map<AwsSession, Promise<OwnBuckets>>();
  private readonly aliasListings = new Map<AwsSession, Map<string, Promise<AliasListing>>>();
  private readonly accountPabs = new Map<string, Promise<AccountPabRead>>();
  private readonly names = new Map<string, string>();
  private organization?: Promise<CallResult<OrganizationAccount[]>>;
  /** Role assumptions and bucket-owner searches in flight across accounts. */
  readonly accountLimit: ReturnType<typeof pLimit>;
  private ownAgents?: { http: http.Agent; https: https.Agent };

  constructor(
    readonly profiles: ProfileSettings[],
    readonly options: SessionOptions & { assumeRole?: AssumeRoleSettings; accountConcurrency?: number; totalConcurrency?: number } = {},
  ) {
    if (profiles.length === 0) throw new Error('AccountDirectory needs at least one profile');
    this.accountLimit = pLimit(options.accountConcurrency ?? 8);
    // One cap on calls in flight across every account's session (each session still limits itself per service).
    if (options.totalConcurrency) this.options = { ...this.options, sharedLimit: pLimit(options.totalConcurrency) };
    // One keep-alive pool per scan: every account's clients reuse the same connections to a service host.
    if (!options.agents) {
      const pool = { keepAlive: true, maxSockets: Math.max(50, options.totalConcurrency ?? 0) };
      this.ownAgents = { http: new http.Agent(pool), https: new https.Agent(pool) };
      this.options = { ...this.options, agents: this.ownAgents };
    }
  }

  /** The first profile: the one roles are assumed from and the organization is listed with. */
  get primary(): ProfileSettings {
    return this.profiles[0]!;
  }

  profileSession(profile: ProfileSettings): AwsSession {
    let session = this.profileSessions.get(profile.name);
    if (!session) {
      session = new AwsSession(profile, this.options);
      this.profileSessions.set(profile.name, session);
    }
    return session;
  }

  /** STS GetCallerIdentity of a profile, once per directory. */
  identity(profile: ProfileSettings): Promise<CallResult<{ account?: string; arn?: string }>> {
    let identity = this.identities.get(profile.name);
    if (!identity) {
      const session = this.profileSession(profile);
      identity = session.call('sts', 'GetCallerIdentity', async (abortSignal) => {
        const r = await session.client('sts', profile.region ?? 'us-east-1').send(new GetCallerIdentityCommand({}), { abortSignal });
        return { account: r.Account, arn: r.Arn };
      });
      this.identities.set(profile.name, identity);
    }
    return identity;
  }

  /** Account names from Organizations, for labels (set by the organization scan). */
  nameAccounts(accounts: OrganizationAccount[]): void {
    for (const a of accounts) if (a.name) this.names.set(a.id, a.name);
  }

  accountName(account: string): string | undefined {
    return this.names.get(account);
  }

  /** The partition of the primary profile's identity (`aws`, `aws-us-gov`, `aws-cn`). */
  async partition(): Promise<string> {
    const id = await this.identity(this.primary);
    return (id.ok ? id.value.arn?.split(':')[1] : undefined) ?? 'aws';
  }

  /** organizations:ListAccounts through the primary profile, once. */
  organizationAccounts(): Promise<CallResult<OrganizationAccount[]>> {
    this.organization ??= this.partition().then(async (partition) => {
      const r = await listOrganizationAccounts(this.profileSession(this.primary), partition);
      if (r.ok) this.nameAccounts(r.value);
      return r;
    });
    return this.organization;
  }

  /** A configured profile whose account is `account`. */
  async profileFor(account: string): Promise<AccountAccess | undefined> {
    for (const profile of this.profiles) {
      const id = await this.identity(profile);
      if (id.ok && id.value.account === account) {
        return { account, session: this.profileSession(profile), via: `profile ${profile.name}`, profile: profile.name, callerArn: id.value.arn, name: this.names.get(account) };
      }
    }
    return undefined;
  }

  /**
   * How to read `account`: a profile of it, else the configured role assumed from the primary profile; otherwise
   * why it cannot be read.
   */
  async access(account: string): Promise<AccessResult> {
    const byProfile = await this.profileFor(account);
    if (byProfile) return { ok: true, access: byProfile };
    const role = this.options.assumeRole;
    if (!role) {
      return { ok: false, account, reason: `no configured profile is in account ${account} and no role to assume is set (trailguard.aws.assumeRoleName / --assume-role)` };
    }
    let pending = this.roleAccess.get(account);
    if (!pending) {
      pending = this.accountLimit(inCallersScan(() => this.assume(account, role)));
      this.roleAccess.set(account, pending);
    }
    return pending;
  }

  private async assume(account: string, role: AssumeRoleSettings): Promise<AccessResult> {
    const source = this.primary;
    const sourceSession = this.profileSession(source);
    const roleArn = `arn:${await this.partition()}:iam::${account}:role/${role.roleName}`;
    const via = `role ${roleArn} from profile ${source.name}`;
    let sessionArn: string | undefined;
    const provider = memoizeCredentials(fromTemporaryCredentials({
      params: {
        RoleArn: roleArn,
        RoleSessionName: role.sessionName ?? 'trailguard',
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
        ...(role.durationSeconds ? { DurationSeconds: role.durationSeconds } : {}),
      },
      masterCredentials: sourceSession.credentials,
      // A client built for a profile does not take the profile's endpoint_url: give STS the resolved one.
      clientConfig: { region: source.region ?? 'us-east-1', ...(source.endpoints.sts ? { endpoint: source.endpoints.sts } : {}) },
      clientPlugins: [recordAssumeRole(sourceSession, source.region ?? 'us-east-1', (arn) => { sessionArn = arn; })],
    }));
    try {
      // Assume now, so that a denial is one clear reason instead of every call of the account failing.
      await provider();
    } catch (err) {
      return { ok: false, account, via, reason: assumeRoleFailure(err, roleArn, source) };
    }
    const session = new AwsSession(source, this.options, provider);
    return { ok: true, access: { account, session, via, profile: source.name, callerArn: roleArn, ...(sessionArn ? { sessionArn } : {}), name: this.names.get(account) } };
  }

  /** ListBuckets of one session, once: which buckets are its account's and where they live. */
  ownBuckets(session: AwsSession, region: string): Promise<OwnBuckets> {
    let listed = this.bucketLists.get(session);
    if (!listed) {
      listed = session.call('s3', 'ListBuckets', (abortSignal) => session.client('s3', region).send(new ListBucketsCommand({}), { abortSignal }))
        .then((r): OwnBuckets => {
          if (!r.ok) return { regions: new Map() };
          const list = r.value.Buckets ?? [];
          return { names: new Set(list.map((b) => b.Name ?? '')), regions: new Map(list.map((b) => [b.Name ?? '', b.BucketRegion])) };
        });
      this.bucketLists.set(session, listed);
    }
    return listed;
  }

  /**
   * KMS ListAliases of one session in one region, once: every key read there takes its aliases from it, and keys
   * read while it is in flight wait for the same listing.
   */
  keyAliases(session: AwsSession, region: string): Promise<AliasListing> {
    let regions = this.aliasListings.get(session);
    if (!regions) {
      regions = new Map();
      this.aliasListings.set(session, regions);
    }
    let listing = regions.get(region);
    if (!listing) {
      listing = listKeyAliases(session, region);
      regions.set(region, listing);
    }
    return listing;
  }

  /** The account-level S3 Public Access Block of an account, once. */
  accountPublicAccessBlock(access: AccountAccess, region: string): Promise<AccountPabRead> {
    let pab = this.accountPabs.get(access.account);
    if (!pab) {
      pab = readAccountPublicAccessBlock(access.session, access.account, region);
      this.accountPabs.set(access.account, pab);
    }
    return pab;
  }

  /**
   * The account (other than `exclude`) that owns bucket `name`, among the accounts we can read: configured
   * profiles, then `hints` (the trail key's account), then — with a role set — the organization's accounts.
   */
  async bucketOwner(name: string, exclude: string | undefined, hints: string[], region: string): Promise<AccountAccess | undefined> {
    const tried = new Set<string>(exclude ? [exclude] : []);
    const lists = async (access: AccountAccess): Promise<boolean> => (await this.ownBuckets(access.session, region)).names?.has(name) === true;
    for (const profile of this.profiles) {
      const id = await this.identity(profile);
      if (!id.ok || !id.value.account || tried.has(id.value.account)) continue;
      tried.add(id.value.account);
      const access = await this.profileFor(id.value.account);
      if (access && await lists(access)) return access;
    }
    if (!this.options.assumeRole) return undefined;
    const org = await this.organizationAccounts();
    const candidates = [...hints, ...(org.ok ? org.value.filter((a) => a.status !== 'SUSPENDED').map((a) => a.id) : [])].filter((a) => !tried.has(a));
    const found = await Promise.all([...new Set(candidates)].map(async (account) => {
      const r = await this.access(account);
      return r.ok && await lists(r.access) ? r.access : undefined;
    }));
    return found.find((a) => a !== undefined);
  }

  destroy(): void {
    for (const session of this.profileSessions.values()) session.destroy();
    const agents = this.ownAgents;
    void Promise.all([...this.roleAccess.values()]).then((all) => {
      for (const r of all) if (r.ok) r.access.session.destroy();
      agents?.http.destroy();
      agents?.https.destroy();
    });
  }
}

/** One AssumeRole per account and session lifetime, however many clients ask (refreshed 5 minutes before expiry). */
function memoizeCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const cached = current && await current.catch(() => undefined);
    if (cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > 300_000)) return cached;
    current = provider();
    return current;
  };
}

/**
 * Keeps each AssumeRole answer as evidence (who assumed which role, when, the session's ARN) in the source
 * profile's session, without the temporary secret key and session token.
 */
function recordAssumeRole(source: AwsSession, region: string, onSession: (arn: string) => void): Pluggable<object, object> {
  type Args = { input: object };
  type Output = { output: { Credentials?: { AccessKeyId?: string; Expiration?: Date }; AssumedRoleUser?: { Arn?: string } } & Record<string, unknown> };
  return {
    applyToStack(stack) {
      (stack as { add(mw: unknown, opts: { step: string; name: string }): void }).add(
        (next: (args: Args) => Promise<Output>) => async (args: Args) => {
          try {
            const result = await next(args);
            if (result.output.AssumedRoleUser?.Arn) onSession(result.output.AssumedRoleUser.Arn);
            const { Credentials, ...rest } = result.output;
            const output = { ...rest, Credentials: { AccessKeyId: Credentials?.AccessKeyId, Expiration: Credentials?.Expiration } };
            source.recordCall({ service: 'sts', region, operation: 'AssumeRole', input: args.input, output });
            return result;
          } catch (err) {
            source.recordCall({ service: 'sts', region, operation: 'AssumeRole', input: args.input, error: err as Error });
            throw err;
          }
        },
        { step: 'initialize', name: 'trailguardAssumeRoleEvidence' },
      );
    },
  };
}

/** "sts:AssumeRole on arn:aws:iam::222233334444:role/Audit denied", or what else went wrong. */
export function assumeRoleFailure(err: unknown, roleArn: string, source: ProfileSettings): string {
  const failure = classifyFailure(err, 'sts', 'AssumeRole', { profile: source.name, sso: source.sso });
  if (failure.kind === 'accessDenied') return `sts:AssumeRole on ${roleArn} denied`;
  return `sts:AssumeRole on ${roleArn} failed: ${failure.reason}`;
}
