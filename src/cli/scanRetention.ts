// `scan --retention-in-practice`: the log buckets' real contents beside the scan (src/live/retentionForScans.ts),
// as a text section or the JSON's `retentionInPractice`.
import type { LintConfig } from '../core/config';
import { defaultRuleOptions } from '../core/rules/rule';
import { retentionLines, type RetentionEntry } from '../evidence/retentionInPractice';
import type { AssumeRoleSettings } from '../live/accountDirectory';
import { retentionForScans } from '../live/retentionForScans';
import type { AccountScan } from '../live/types';

export async function scanRetention(scans: AccountScan[], profiles: string[], assumeRole: AssumeRoleSettings | undefined, config: Partial<LintConfig> | undefined): Promise<RetentionEntry[]> {
  const entries = await retentionForScans(scans, {
    profiles: profiles.length ? profiles : [undefined],
    ...(assumeRole ? { assumeRole } : {}),
    minRetentionDays: config?.minRetentionDays ?? defaultRuleOptions.minRetentionDays,
  });
  // The scan output carries the facts; the raw answers belong in the evidence report.
  return entries.map((e) => { if ('error' in e) return e; const { calls: _calls, ...rest } = e; return rest; });
}

export function retentionText(entries: RetentionEntry[] | undefined): string {
  if (!entries) return '';
  const lines = ['', 'Retention in practice (what the log buckets hold):', ...(entries.length ? retentionLines(entries).map((l) => `  ${l}`) : ['  no trail was checked'])];
  return `${lines.join('\n')}\n`;
}
