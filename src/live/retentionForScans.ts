// Retention in practice for every trail a scan checked (the report's and `scan --retention-in-practice`'s
// section): each trail read through its account's access, its bucket through the account that owns it.
import type { RetentionEntry } from '../evidence/retentionInPractice';
import { AccountDirectory, type AssumeRoleSettings } from './accountDirectory';
import type { AwsSession } from './awsSession';
import { resolveProfileSettings } from './profiles';
import { readRetentionInPractice } from './readRetentionInPractice';
import { withEndpointOverride } from './scanAccount';
import type { AccountScan } from './types';

export type { RetentionEntry };

export interface RetentionForScansOptions {
  profiles: (string | undefined)[];
  endpointUrl?: string;
  assumeRole?: AssumeRoleSettings;
  minRetentionDays: number;
  now?: Date;
  /** Hours of deliveries checked for gaps (default 24, ending at the last full hour). */
  periodHours?: number;
  signal?: AbortSignal;
}

/** The trails a scan checked in their home region (not shadow copies), once each. */
export function checkedTrails(scans: AccountScan[]): { arn: string; bucket: string | null }[] {
  const seen = new Map<string, string | null>();
  for (const scan of scans) {
    for (const region of scan.regions) {
      for (const t of region.trails) if (!t.shadow && t.arn && !seen.has(t.arn)) seen.set(t.arn, t.bucket?.name ?? null);
    }
  }
  return [...seen].map(([arn, bucket]) => ({ arn, bucket })).sort((a, b) => a.arn.localeCompare(b.arn));
}

export async function retentionForScans(scans: AccountScan[], opts: RetentionForScansOptions): Promise<RetentionEntry[]> {
  const trails = checkedTrails(scans);
  if (trails.length === 0) return [];
  const names = opts.profiles.length ? [...new Set(opts.profiles)] : [undefined];
  const settings = await Promise.all(names.map(async (n) => withEndpointOverride(await resolveProfileSettings(n), opts.endpointUrl)));
  const directory = new AccountDirectory(settings, { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.assumeRole ? { assumeRole: opts.assumeRole } : {}) });
  const now = opts.now ?? new Date();
  const to = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const from = new Date(to.getTime() - (opts.periodHours ?? 24) * 3_600_000);
  const sessions = new Set<AwsSession>();
  try {
    const entries = await Promise.all(trails.map(async ({ arn, bucket }): Promise<RetentionEntry> => {
      if (!bucket) return { trailArn: arn, bucket: null, error: 'the trail\'s log bucket was not read by the scan' };
      const account = arn.split(':')[4] ?? '';
      const reached = await directory.access(account);
      if (!reached.ok) return { trailArn: arn, bucket, error: reached.reason };
      sessions.add(reached.access.session);
      const read = await readRetentionInPractice(reached.access.session, {
        trailArn: arn, minRetentionDays: opts.minRetentionDays, now, from, to, ...(opts.signal ? { signal: opts.signal } : {}),
        bucketSession: async (name, region) => {
          if ((await directory.ownBuckets(reached.access.session, region)).names?.has(name)) return undefined;
          const owner = await directory.bucketOwner(name, account, [], region);
          if (owner) sessions.add(owner.session);
          return owner?.session;
        },
      });
      return 'error' in read ? { trailArn: arn, bucket, error: read.error } : read;
    }));
    // Each entry keeps the answers it rests on: the calls about its trail or its bucket.
    const calls = [...sessions].flatMap((s) => s.apiCalls);
    for (const e of entries) {
      if ('error' in e) continue;
      e.calls = calls.filter((c) => { const r = JSON.stringify(c.request); return r.includes(JSON.stringify(e.bucket)) || r.includes(JSON.stringify(e.trailArn)); });
    }
    return entries;
  } finally {
    directory.destroy();
  }
}
