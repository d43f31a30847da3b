// The scanner the view calls (src/live), behind an interface so that registerLiveView can be given a fake, and so
// that an endpoint override the scanner cannot apply is refused instead of silently ignored.
import { listProfiles } from '../../live/profiles';
import { scanAccount, type ScanOptions } from '../../live/scanAccount';
import type { AccountScan } from '../../live/types';

export interface ScanAccountOptions extends ScanOptions {
  /** An endpoint for every AWS call (user-level setting, or a workspace value the user confirmed). */
  endpointUrl?: string;
}

export interface LiveScanner {
  listProfiles(): Promise<string[]>;
  scanAccount(opts: ScanAccountOptions): Promise<AccountScan>;
}

/**
 * Whether src/live's `scanAccount` applies an `endpointUrl` option to every client. It does not yet (it honours
 * the profile's `endpoint_url` and AWS_ENDPOINT_URL*), so the setting is refused rather than ignored: scanning the
 * real account while the user believes the override applies would be worse than not scanning.
 */
const SCANNER_TAKES_ENDPOINT_URL = false;

export function loadLiveScanner(): LiveScanner {
  return {
    listProfiles: () => listProfiles(),
    scanAccount: ({ endpointUrl, ...opts }) => {
      if (endpointUrl && !SCANNER_TAKES_ENDPOINT_URL) {
        return Promise.reject(new Error(
          `trailguard.aws.endpointUrl (${endpointUrl}) is not supported by this scanner build; ` +
          'set endpoint_url in the AWS profile (~/.aws/config) instead and clear the setting'));
      }
      return scanAccount(opts);
    },
  };
}
