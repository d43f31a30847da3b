// The scanner the view calls (src/live), behind an interface so that registerLiveView can be given a fake.
// src/live (and with it the AWS SDK) is loaded on the first call, not at activation: activation stays cheap and a
// workspace that never opens the view never pays for it.
import * as fs from 'fs';
import * as path from 'path';
import type { AccountScan, LogFilesValidation, MultiAccountScan, MultiScanOptions, RetentionForScansOptions, ScanOptions, ValidateLogFilesOptions } from '../../live';
import type { RetentionEntry } from '../../evidence/retentionInPractice';

export type ScanAccountOptions = ScanOptions;

export interface LiveScanner {
  listProfiles(): Promise<string[]>;
  scanAccount(opts: ScanAccountOptions): Promise<AccountScan>;
  /** Several profiles' accounts, or the organization's; optional so that fakes written for one account still fit. */
  scanAccounts?(opts: MultiScanOptions): Promise<MultiAccountScan>;
  /** Log file integrity validation of one trail ("Validate Log Files"); optional for fakes. */
  validateLogs?(opts: ValidateLogFilesOptions): Promise<LogFilesValidation | { error: string }>;
  /** What the trails' log buckets hold, for the evidence report ("retention in practice"); optional for fakes. */
  retentionInPractice?(scans: AccountScan[], opts: RetentionForScansOptions): Promise<RetentionEntry[]>;
}

type LiveModule = typeof import('../../live');

/**
 * The bundle ships the scanner as its own file (dist/live.js, built by scripts/bundle.js) so that the 2 MB of AWS
 * SDK are not even parsed at activation; from sources (tests) the module is required directly. Both ids are held in
 * variables so that esbuild does not pull the scanner into dist/extension.js.
 */
function live(): LiveModule {
  const bundled = path.join(__dirname, 'live.js');
  const id = fs.existsSync(bundled) ? bundled : SOURCE_MODULE;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(id) as LiveModule;
}

const SOURCE_MODULE = path.join(__dirname, '..', '..', 'live');

export function loadLiveScanner(): LiveScanner {
  return {
    listProfiles: () => live().listProfiles(),
    scanAccount: (opts) => live().scanAccount(opts),
    scanAccounts: (opts) => live().scanAccounts(opts),
    validateLogs: (opts) => live().validateTrailLogFiles(opts),
    retentionInPractice: (scans, opts) => live().retentionForScans(scans, opts),
  };
}
