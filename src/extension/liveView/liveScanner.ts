// The scanner the view calls (src/live), behind an interface so that registerLiveView can be given a fake.
import { listProfiles, scanAccount, type AccountScan, type ScanOptions } from '../../live';

export type ScanAccountOptions = ScanOptions;

export interface LiveScanner {
  listProfiles(): Promise<string[]>;
  scanAccount(opts: ScanAccountOptions): Promise<AccountScan>;
}

export function loadLiveScanner(): LiveScanner {
  return { listProfiles, scanAccount };
}
