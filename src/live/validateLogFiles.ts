// Log file integrity validation of one trail for the tree view: the trail is read through its account's access
// (a profile of it, or the configured role), its bucket through the account that owns it (the log archive of an
// organization), then the digests and log files are checked (src/evidence/logValidation.ts).
import { validateRegions, type ValidationResult } from '../evidence/logValidation';
import { AccountDirectory, type AssumeRoleSettings } from './accountDirectory';
import { resolveProfileSettings } from './profiles';
import { readTrailLogs, type ReadTrailLogsOptions } from './readTrailLogs';
import { withEndpointOverride } from './scanAccount';

/** What to read is readTrailLogs' (the bucket's session is found here, through the account that owns it). */
export interface ValidateLogFilesOptions extends Omit<ReadTrailLogsOptions, 'bucketSession'> {
  /** The profiles of the scan (the first one assumes roles). */
  profiles: (string | undefined)[];
  endpointUrl?: string;
  assumeRole?: AssumeRoleSettings;
}

export interface LogFilesValidation extends ValidationResult {
  trailArn: string;
  bucket: string;
  account: string;
  /** `…/CloudTrail-Digest/`; the regions validated are in `regions`. */
  digestPrefix: string;
  organizationId?: string;
  from: string;
  to: string;
  truncated?: string;
  /** How the bucket was read: `profile log-archive`, `role … from profile …`. */
  bucketVia: string;
}

export async function validateTrailLogFiles(opts: ValidateLogFilesOptions): Promise<LogFilesValidation | { error: string }> {
  const names = opts.profiles.length ? [...new Set(opts.profiles)] : [undefined];
  const settings = await Promise.all(names.map(async (n) => withEndpointOverride(await resolveProfileSettings(n), opts.endpointUrl)));
  const directory = new AccountDirectory(settings, { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.assumeRole ? { assumeRole: opts.assumeRole } : {}) });
  try {
    const trailAccount = opts.trailArn.split(':')[4] ?? '';
    const reached = await directory.access(trailAccount);
    if (!reached.ok) return { error: reached.reason };
    let bucketVia = reached.access.via;
    const read = await readTrailLogs(reached.access.session, {
      trailArn: opts.trailArn, from: opts.from, to: opts.to,
      ...(opts.account ? { account: opts.account } : {}), ...(opts.region ? { region: opts.region } : {}),
      ...(opts.maxObjects ? { maxObjects: opts.maxObjects } : {}), ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      bucketSession: async (bucket, region) => {
        // The trail's account first (its own bucket); else whichever readable account lists the bucket.
        if ((await directory.ownBuckets(reached.access.session, region)).names?.has(bucket)) return undefined;
        const owner = await directory.bucketOwner(bucket, trailAccount, [], region);
        if (owner) bucketVia = owner.via;
        return owner?.session;
      },
    });
    if ('error' in read) return read;
    const result = validateRegions(read.regions, opts.from, opts.to);
    return {
      trailArn: opts.trailArn, bucket: read.bucket, account: read.account, digestPrefix: read.digestPrefix,
      ...(read.organizationId ? { organizationId: read.organizationId } : {}),
      from: opts.from.toISOString(), to: opts.to.toISOString(), ...(read.truncated ? { truncated: read.truncated } : {}), bucketVia, ...result,
    };
  } finally {
    directory.destroy();
  }
}
