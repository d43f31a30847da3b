// `scanAccount`: reads the account's trails, their log buckets and keys, the Config recorders and the CloudTrail
// Lake event data stores, builds one Scene per region exactly as the IaC parsers do, and runs the same rules over
// it (surface `live`, passes included), so every check ends pass, fail or unknown. Account-level rules (TG402,
// TG107) run once over all regions.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { EventDataStore, Recorder } from '../core/model';
import { TG107 } from '../core/rules/trail/TG107';
import { TG501 } from '../core/rules/org/TG501';
import { readServiceControlPolicies } from './readServiceControlPolicies';
import { assembleAccountScan } from './assembleScan';
import { AccountDirectory, type AccountAccess, type AssumeRoleSettings } from './accountDirectory';
import { buildRegionScenes, checkedElsewhere, linkTrailRefs, listTrails, partialScan, readTrailStates } from './accountTrails';
import type { SessionOptions } from './awsSession';
import { describeOrganization } from './describeOrganization';
import { describeEnabledRegions } from './describeRegions';
import { disabledRulesOf, evaluateRegions, ruleOptionsOf, type RuleSelection } from './evaluateRegions';
import { resolveProfileSettings, SERVICES, usesAwsEndpoints, type ProfileSettings } from './profiles';
import { readEventDataStores } from './readEventDataStores';
import { readRecorders } from './readRecorders';
import { readAuditBuckets, readTrailKeys, type ResourceOwner } from './trailResources';
import type { AccountScan, ApiCallRecord } from './types';
import { scanCallLog, type ScanCallLog } from './callLog';

export type { ResourceOwner } from './trailResources';

export interface ScanProgress { message: string; done: number; total: number }

export interface ScanOptions extends SessionOptions, RuleSelection {
  /** Profile name; default: AWS_PROFILE, else `default` (through the SDK's default credential chain). */
  profile?: string;
  /** Regions to scan; default: the profile's region (AWS_REGION wins), else us-east-1. */
  regions?: string[];
  /**
   * One endpoint for every AWS call, overriding the profile's and the environment's (the editor's confirmed
   * `trailguard.aws.endpointUrl`). S3 is then addressed path-style.
   */
  endpointUrl?: string;
  onProgress?: (p: ScanProgress) => void;
  /** Called once the account's trails are listed, with a `partial` scan (no checks yet): a tree that appears at once. */
  onPartial?: (scan: AccountScan) => void;
  /** Role to assume in other accounts (their buckets and keys; every account of an organization scan). */
  assumeRole?: AssumeRoleSettings;
  /** Keep each region's evaluated scene on the result (`liveScenes`): code ↔ account linking compares entities. */
  keepScenes?: boolean;
}

export async function scanAccount(opts: ScanOptions = {}): Promise<AccountScan> {
  const settings = withEndpointOverride(await resolveProfileSettings(opts.profile), opts.endpointUrl);
  const directory = new AccountDirectory([settings], opts);
  try {
    return await scanProfileAccount(directory, settings, opts);
  } finally {
    directory.destroy();
  }
}

/** Scans the account of one configured profile of the directory. */
export async function scanProfileAccount(directory: AccountDirectory, settings: ProfileSettings, opts: ScanOptions, ctx: ScanContext = {}): Promise<AccountScan> {
  const startedAt = new Date().toISOString();
  opts.onProgress?.({ message: 'Reading caller identity', done: 1, total: 3 });
  const identity = await directory.identity(settings);
  const options = ruleOptionsOf(opts);
  if (!identity.ok || !identity.value.account) {
    const error = identity.ok ? 'STS GetCallerIdentity returned no account id' : identity.failure.reason;
    return { ...assembleAccountScan({ profile: settings.name, error, regions: [], startedAt, options, via: `profile ${settings.name}` }), ...customEndpoint(settings) };
  }
  const access: AccountAccess = {
    account: identity.value.account, session: directory.profileSession(settings), via: `profile ${settings.name}`, profile: settings.name,
    callerArn: identity.value.arn, name: directory.accountName(identity.value.account),
  };
  return scanReachedAccount(directory, access, opts, ctx, startedAt);
}

/** What a scan of one account knows about the other accounts scanned with it. */
export interface ScanContext {
  /**
   * Accounts this multi-account scan covers as roots: a trail of one of them seen here (an organization trail's
   * shadow copy in a member account) is checked under its own account, so its bucket and key are not read twice.
   */
  scannedAccounts?: ReadonlySet<string>;
  /** Answers other sessions recorded for this account before its scan started (the AssumeRole that reached it). */
  foreignCalls?: ApiCallRecord[];
}

/**
 * Scans one account through `access` (a profile, or an assumed role); cross-account resources go through
 * `directory`. Its `apiCalls` are its session's answers plus those other sessions gave on its behalf.
 */
export function scanReachedAccount(directory: AccountDirectory, access: AccountAccess, opts: ScanOptions, ctx: ScanContext = {}, startedAt = new Date().toISOString()): Promise<AccountScan> {
  // One profile and no role: every answer comes through the scan's own session, so no call log is needed (and
  // AsyncLocalStorage's promise hooks, a few percent of CPU per call, are never switched on).
  if (directory.profiles.length === 1 && !directory.options.assumeRole) return scanWithin(directory, access, opts, ctx, startedAt);
  const log: ScanCallLog = { session: access.session, foreign: ctx.foreignCalls ?? [] };
  return scanCallLog.run(log, async () => {
    const scan = await scanWithin(directory, access, opts, ctx, startedAt);
    return scan.apiCalls ? { ...scan, apiCalls: [...scan.apiCalls, ...log.foreign] } : scan;
  });
}

async function scanWithin(directory: AccountDirectory, access: AccountAccess, opts: ScanOptions, ctx: ScanContext, startedAt: string): Promise<AccountScan> {
  const { session, account } = access;
  const settings = session.profile;
  const regions = opts.regions?.length ? [...new Set(opts.regions)] : [settings.region ?? 'us-east-1'];
  const options = ruleOptionsOf(opts);
  const disabled = disabledRulesOf(opts);
  let done = 1;
  const total = 3;
  const progress = (message: string) => opts.onProgress?.({ message, done: ++done, total });
  const label = { via: access.via, ...(access.name ? { accountName: access.name } : {}) };

  let callerArn = access.sessionArn ?? access.callerArn;
  // An assumed role whose AssumeRole answer named the session needs no extra round trip to say who reads.
  if (!access.via.startsWith('profile ') && !access.sessionArn) {
    // An assumed role: the identity the reads run as is the role session (evidence of who looked).
    const identity = await session.call('sts', 'GetCallerIdentity', (abortSignal) =>
      session.client('sts', regions[0]!).send(new GetCallerIdentityCommand({}), { abortSignal }));
    if (!identity.ok) {
      return { ...assembleAccountScan({ profile: access.profile, account, error: identity.failure.reason, regions: [], startedAt, options, ...label }), ...customEndpoint(settings) };
    }
    callerArn = identity.value.Arn ?? callerArn;
  }

  // Independent reads overlap, so a scan costs a few round trips, not one per phase: trails (then their status
  // and keys), the account's bucket list (then the audit buckets), and the Config recorders.
  const trailsRead = listTrails(session, regions).then((t) => {
    progress('Listed trails');
    if (opts.onPartial) opts.onPartial(partialScan(access, callerArn, t.described, startedAt));
    return { ...t, checkedElsewhere: checkedElsewhere(t.distinct, account, ctx.scannedAccounts) };
  });
  const bucketsListed = directory.ownBuckets(session, regions[0]!);
  const recordersRead = Promise.all(regions.map(async (region) => [region, await readRecorders(session, region)] as const));
  const storesRead = Promise.all(regions.map(async (region) => [region, await readEventDataStores(session, region)] as const));
  const enabledRegionsRead = describeEnabledRegions(session, regions[0]!);
  // Only TG107 and TG501 (both opt-in) need to know whether this is the organization's management account; only
  // TG501 reads the service control policies, which only the management account may list.
  const wants = (id: string) => options.optIn.includes(id) && !disabled.has(id);
  const partition = callerArn?.split(':')[1];
  const organizationRead = wants(TG107.meta.id) || wants(TG501.meta.id)
    ? describeOrganization(session, account, partition)
    : Promise.resolve(undefined);
  const scpsRead = organizationRead.then((o) => o && wants(TG501.meta.id) && o.isOrgManagement.state === 'known' && o.isOrgManagement.value
    ? readServiceControlPolicies(session, partition)
    : undefined);
  const statesRead = trailsRead.then(({ distinct }) => readTrailStates(session, distinct));
  const owners = new Map<string, ResourceOwner>();
  // With a role to assume, the organization's accounts name the owners (and are where another account's bucket is).
  const named = directory.options.assumeRole ? directory.organizationAccounts() : Promise.resolve(undefined);
  const keysRead = trailsRead.then(({ distinct, checkedElsewhere: skip }) => readTrailKeys(directory, access, distinct, skip, owners));
  const accountPab = directory.accountPublicAccessBlock(access, regions[0]!);
  const bucketsRead = Promise.all([trailsRead, bucketsListed, accountPab]).then(([{ distinct, checkedElsewhere: skip }, listed, pab]) =>
    readAuditBuckets(directory, access, { distinct, skip, listed, options, regions, accountPab: pab, owners }));
  const [{ described, distinct }, states, { keys, keyIds }, { buckets, bucketNames }, recorderList, storeList, organization, scps] =
    await Promise.all([trailsRead, statesRead, keysRead, bucketsRead, recordersRead, storesRead, organizationRead, scpsRead, named]);
  for (const [id, owner] of owners) {
    const name = owner.name ?? directory.accountName(owner.account);
    owners.set(id, { account: owner.account, ...(name ? { name } : {}), ...(owner.via ? { via: owner.via } : {}) });
  }
  const recorders = new Map<string, Recorder[]>(recorderList);
  const eventDataStores = new Map<string, EventDataStore[]>(storeList);
  progress('Read trails, buckets, keys, recorders and event data stores');

  const results = buildRegionScenes(described, account, { distinct, states, buckets, bucketNames, keys, keyIds, recorders, eventDataStores });
  linkTrailRefs([...buckets.values()], [...keys.values()], distinct);

  evaluateRegions(results, { id: account, organization, scps }, opts);
  const scan = assembleAccountScan({
    profile: access.profile, account, callerArn, regions: results, startedAt, options, owners, ...label,
    consoleLinks: usesAwsEndpoints(settings),
    ...(organization ? { accountEvidence: { ...organization.evidence, ...scps?.evidence } } : {}),
  });
  // For the evidence report: what AWS answered, where the calls went, and which regions the scan left out.
  return {
    ...scan, apiCalls: [...session.apiCalls], enabledRegions: await enabledRegionsRead, ...customEndpoint(settings),
    ...(opts.keepScenes ? { liveScenes: results.map((r) => ({ region: r.region, scene: r.scene, findings: r.findings })) } : {}),
  };
}

/** The endpoint the scan's calls went to when it is not AWS's default (one URL when all services share it). */
function customEndpoint(settings: ProfileSettings): { endpoint?: string } {
  const urls = [...new Set(Object.values(settings.endpoints).filter((u): u is string => Boolean(u)))];
  return urls.length ? { endpoint: urls.join(', ') } : {};
}

export function withEndpointOverride(settings: ProfileSettings, endpointUrl: string | undefined): ProfileSettings {
  if (!endpointUrl) return settings;
  const endpoints = Object.fromEntries(Object.keys(SERVICES).map((service) => [service, endpointUrl]));
  return { ...settings, endpoints };
}

