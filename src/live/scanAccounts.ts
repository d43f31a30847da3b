// Several accounts in one scan: every configured profile's account, or every account of the organization
// (organizations:ListAccounts through the first profile, each account read through the assumed role), with a
// limit on the accounts scanned at once. They share one AccountDirectory, so an account id, a role session, a
// bucket list or an account's Public Access Block is fetched once for the whole scan, and an organization trail
// is checked once, under the management account, not again from each member.
import { AccountDirectory, type AccessResult } from './accountDirectory';
import { assembleAccountScan } from './assembleScan';
import { scanProfileAccount, scanReachedAccount, withEndpointOverride, type ScanOptions } from './scanAccount';
import { resolveProfileSettings, type ProfileSettings } from './profiles';
import { defaultRuleOptions } from '../core/rules/rule';
import type { AccountScan, ApiCallRecord, CheckResult, MultiAccountScan } from './types';
import { scanCallLog } from './callLog';
import pLimit from 'p-limit';
import { scanAggregator, type AggregatorSettings } from './aggregator/scanAggregator';

export interface MultiScanOptions extends Omit<ScanOptions, 'profile'> {
  /** Profiles to scan (each account a root); the first one assumes roles and lists the organization. */
  profiles?: string[];
  /** Scan every account of the organization through `assumeRole` (the first profile's account directly). */
  organization?: boolean;
  /** Accounts scanned at once (default 16). */
  accountConcurrency?: number;
  /** Calls in flight across all accounts at once (default 64); each account's session also limits each service. */
  totalConcurrency?: number;
  /** Called with each account's scan as soon as it is done (a progressive tree). */
  onAccount?: (scan: AccountScan) => void;
  /** Read the accounts from this AWS Config aggregator instead of calling each (scanAggregator). */
  aggregator?: AggregatorSettings;
}

/** Enough accounts at once to keep the shared cap busy while some wait on slow phases (identity, role, trail list). */
export const DEFAULT_ACCOUNT_CONCURRENCY = 32;
export const DEFAULT_TOTAL_CONCURRENCY = 32;

export async function scanAccounts(opts: MultiScanOptions = {}): Promise<MultiAccountScan> {
  if (opts.aggregator) return scanAggregator({ ...opts, aggregator: opts.aggregator });
  const startedAt = new Date().toISOString();
  const names = opts.profiles?.length ? [...new Set(opts.profiles)] : [undefined];
  const settings: ProfileSettings[] = await Promise.all(names.map(async (n) => withEndpointOverride(await resolveProfileSettings(n), opts.endpointUrl)));
  const accountConcurrency = opts.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY;
  const directory = new AccountDirectory(settings, { ...opts, accountConcurrency, totalConcurrency: opts.totalConcurrency ?? DEFAULT_TOTAL_CONCURRENCY });
  const limit = pLimit(accountConcurrency);
  const done = (scan: AccountScan): AccountScan => { opts.onAccount?.(scan); return scan; };
  // Each account's trail list is shown as soon as it is known (the final scan replaces it).
  if (opts.onAccount && !opts.onPartial) opts = { ...opts, onPartial: opts.onAccount };
  try {
    // Every profile's account first: which accounts are roots decides which trails are checked where.
    const identities = await Promise.all(settings.map((p) => directory.identity(p)));
    const profileAccounts = identities.flatMap((id) => (id.ok && id.value.account ? [id.value.account] : []));
    if (!opts.organization) {
      const scanned = new Set(profileAccounts);
      // Two profiles of one account: one root.
      const seen = new Set<string>();
      const unique = settings.filter((p, i) => {
        const id = identities[i]!;
        const account = id.ok ? id.value.account : undefined;
        if (!account) return true;
        if (seen.has(account)) return false;
        seen.add(account);
        return true;
      });
      const accounts = await Promise.all(unique.map((p) => limit(() => scanProfileAccount(directory, p, opts, { scannedAccounts: scanned }).then(done))));
      return finish({ accounts, startedAt });
    }

    const listed = await directory.organizationAccounts();
    if (!listed.ok) {
      const reason = `the organization's accounts could not be listed: ${listed.failure.reason}`;
      const accounts = await Promise.all(settings.slice(0, 1).map((p) => scanProfileAccount(directory, p, opts, { scannedAccounts: new Set(profileAccounts) }).then(done)));
      return finish({ accounts, startedAt, organizationError: reason });
    }
    const members = listed.value.filter((a) => a.status !== 'SUSPENDED');
    const scanned = new Set(members.map((a) => a.id));
    const accounts = await Promise.all(members.map((member) => limit(async (): Promise<AccountScan> => {
      // The AssumeRole that reaches the member is evidence of its scan (recorded by the management profile's session).
      const foreignCalls: ApiCallRecord[] = [];
      const reached: AccessResult = await scanCallLog.run({ foreign: foreignCalls }, () => directory.access(member.id));
      if (!reached.ok) {
        return done({
          ...assembleAccountScan({
            profile: directory.primary.name, account: member.id, accountName: member.name, error: reached.reason, regions: [],
            startedAt: new Date().toISOString(), options: { ...defaultRuleOptions, ...opts.ruleOptions }, ...(reached.via ? { via: reached.via } : {}),
          }),
          apiCalls: foreignCalls,
        });
      }
      return done(await scanReachedAccount(directory, reached.access, opts, { scannedAccounts: scanned, foreignCalls }));
    })));
    return finish({ accounts, startedAt, organization: true });
  } finally {
    directory.destroy();
  }
}

function finish(input: { accounts: AccountScan[]; startedAt: string; organization?: boolean; organizationError?: string }): MultiAccountScan {
  const findings: CheckResult[] = input.accounts.flatMap((a) => a.findings.map((f) => (f.account ? f : { ...f, ...(a.account ? { account: a.account } : {}) })));
  return {
    accounts: input.accounts,
    ...(input.organization ? { organization: true } : {}),
    ...(input.organizationError ? { organizationError: input.organizationError } : {}),
    startedAt: input.startedAt,
    finishedAt: new Date().toISOString(),
    findings,
  };
}
