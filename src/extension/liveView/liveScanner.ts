// The scanner the view calls (src/live). Behind an interface so that registerLiveView can be given a fake in
// tests, and so that the view is told clearly when the scanner cannot honour an endpoint override.
import type { AccountScan } from '../../live/types';

export interface ScanAccountOptions {
  profile?: string;
  regions?: string[];
  auditBucketPatterns?: string[];
  /** An endpoint for every AWS call (user-level setting, or a workspace value the user confirmed). */
  endpointUrl?: string;
  ruleOptions?: { minRetentionDays?: number; optIn?: string[] };
  disabledRules?: string[];
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: { message: string; done: number; total: number }) => void;
}

export interface LiveScanner {
  listProfiles(): Promise<string[]>;
  scanAccount(opts: ScanAccountOptions): Promise<AccountScan>;
}

interface LiveModule {
  listProfiles(): Promise<string[]>;
  scanAccount(opts: Omit<ScanAccountOptions, 'endpointUrl'> & { endpointUrl?: string }): Promise<AccountScan>;
}

/**
 * Whether src/live's `scanAccount` applies an `endpointUrl` option to every client. Until it does, the setting is
 * refused rather than silently ignored.
 */
const SCANNER_TAKES_ENDPOINT_URL = false;

export function loadLiveScanner(): LiveScanner {
  let live: LiveModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    live = require('../../live') as LiveModule;
  } catch (err) {
    const reason = `the live scanner is not available in this build (${(err as Error).message})`;
    return { listProfiles: () => Promise.reject(new Error(reason)), scanAccount: () => Promise.reject(new Error(reason)) };
  }
  return {
    listProfiles: () => live.listProfiles(),
    scanAccount: (opts) => {
      // Never scan the real account while the user believes the override applies.
      if (opts.endpointUrl && !SCANNER_TAKES_ENDPOINT_URL) {
        return Promise.reject(new Error(
          `trailguard.aws.endpointUrl (${opts.endpointUrl}) is not supported by this scanner build; ` +
          'set endpoint_url in the AWS profile (~/.aws/config) instead and clear the setting'));
      }
      return live.scanAccount(opts);
    },
  };
}
