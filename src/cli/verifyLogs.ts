// `trailguard verify-logs --trail ARN --from ISO --to ISO [--profile P] [--bucket-profile P] [--account ID]
// [--region R] [--format text|json] [--max-objects N]`: CloudTrail log file integrity validation (as `aws cloudtrail
// validate-logs`), reported per hour as valid / missing / modified / gap / unknown and per log file. An organization
// trail's files are read under AWSLogs/<o-id>/<account>/ (--account: which member account; default the trail's).
// Exit 0 = every hour valid, 1 = something is not, 2 = usage error or unreadable trail. Ctrl+C cancels.
import { setMaxListeners } from 'events';
import { parseArgs } from 'util';
import { validateRegions } from '../evidence/logValidation';
import { AwsSession } from '../live/awsSession';
import { resolveProfileSettings } from '../live/profiles';
import { readTrailLogs } from '../live/readTrailLogs';
import type { Io } from './io';

const usage = 'usage: trailguard verify-logs --trail ARN --from 2026-12-01T00:00Z --to 2026-12-02T00:00Z [--profile P] ' +
  '[--bucket-profile P] [--account ID] [--region R] [--format text|json] [--max-objects N]\n' +
  '  --bucket-profile  profile that reads the log bucket when another account owns it (log archive)\n' +
  '  --account         member account of an organization trail (default: the trail\'s account)\n' +
  '  --region          region whose digests to validate (default: every region with digest files)\n';

export async function runVerifyLogs(argv: string[], io: Io, signal?: AbortSignal): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: {
      trail: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, profile: { type: 'string', short: 'p' },
      'bucket-profile': { type: 'string' }, account: { type: 'string' }, region: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'text' }, 'max-objects': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    } }));
  } catch (err) {
    io.stderr(`trailguard verify-logs: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) { io.stdout(usage); return 0; }
  const from = new Date(values.from ?? '');
  const to = new Date(values.to ?? '');
  const max = values['max-objects'] !== undefined ? Number(values['max-objects']) : 5000;
  if (!values.trail || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to || !(Number.isInteger(max) && max > 0) || !['text', 'json'].includes(values.format ?? '')) {
    io.stderr(`trailguard verify-logs: --trail, and --from before --to (ISO 8601 UTC) are required\n${usage}`);
    return 2;
  }
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) {
    io.stderr(`trailguard verify-logs: --account must be a 12-digit account id\n${usage}`);
    return 2;
  }
  // Ctrl+C stops reading: calls in flight are aborted, nothing half-read is reported as valid.
  const controller = new AbortController();
  // Every call in flight listens on the signal: thousands of objects are read with it.
  setMaxListeners(0, controller.signal);
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  process.once('SIGINT', abort);
  const session = new AwsSession(await resolveProfileSettings(values.profile), { signal: controller.signal });
  const bucketSession = values['bucket-profile'] !== undefined ? new AwsSession(await resolveProfileSettings(values['bucket-profile']), { signal: controller.signal }) : undefined;
  try {
    const read = await readTrailLogs(session, {
      trailArn: values.trail, from, to, maxObjects: max, signal: controller.signal, onProgress: (m) => io.stderr(`${m}\n`),
      ...(values.account ? { account: values.account } : {}), ...(values.region ? { region: values.region } : {}), ...(bucketSession ? { bucketSession } : {}),
    });
    if ('error' in read) {
      io.stderr(`trailguard verify-logs: ${read.error}\n`);
      return 2;
    }
    const result = validateRegions(read.regions, from, to);
    const where = { trail: values.trail, bucket: read.bucket, account: read.account, digestPrefix: read.digestPrefix, ...(read.organizationId ? { organizationId: read.organizationId } : {}) };
    if (values.format === 'json') io.stdout(`${JSON.stringify({ ...where, from: from.toISOString(), to: to.toISOString(), ...(read.truncated ? { truncated: read.truncated } : {}), ...result }, null, 2)}\n`);
    else {
      const lines = [`Log file validation of ${values.trail} (bucket ${read.bucket}, ${read.digestPrefix}, ${read.regions.map((r) => r.region).join(', ')}), ${from.toISOString()} → ${to.toISOString()}`];
      const several = read.regions.length > 1;
      for (const h of result.hours) lines.push(`${several ? `${h.region!.padEnd(15)} ` : ''}${h.hour}  ${h.status.padEnd(8)}  ${h.detail.join('; ')}`);
      const notValid = result.files.filter((f) => f.status !== 'valid');
      if (notValid.length) {
        lines.push('Log files not valid:');
        for (const f of notValid) lines.push(`  ${f.status.padEnd(8)}  ${f.key}${f.detail ? ` (${f.detail})` : ''}`);
      }
      lines.push(`${result.digests.filter((d) => d.status === 'valid').length}/${result.digests.length} digest file(s) valid; ${result.logFiles.valid} log file(s) valid, ` +
        `${result.logFiles.modified.length} modified, ${result.logFiles.missing.length} missing, ${result.logFiles.unknown.length} unknown`);
      if (read.truncated) lines.push(`incomplete: ${read.truncated} (--max-objects)`);
      io.stdout(`${lines.join('\n')}\n`);
    }
    return result.hours.every((h) => h.status === 'valid') && !read.truncated ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', abort);
    signal?.removeEventListener('abort', abort);
    session.destroy();
    bucketSession?.destroy();
  }
}
