// `trailguard verify-logs --trail ARN --from ISO --to ISO [--profile P] [--format text|json] [--max-objects N]`:
// CloudTrail log file integrity validation (as `aws cloudtrail validate-logs`), reported per hour as valid /
// missing / modified / gap. Exit 0 = every hour valid, 1 = something is not, 2 = usage error or unreadable trail.
import { parseArgs } from 'util';
import { validateTrailLogs } from '../evidence/logValidation';
import { AwsSession } from '../live/awsSession';
import { resolveProfileSettings } from '../live/profiles';
import { readTrailLogs } from '../live/readTrailLogs';
import type { Io } from './io';

const usage = 'usage: trailguard verify-logs --trail ARN --from 2026-12-01T00:00Z --to 2026-12-02T00:00Z [--profile P] [--format text|json] [--max-objects N]\n';

export async function runVerifyLogs(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: {
      trail: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, profile: { type: 'string', short: 'p' },
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
  const session = new AwsSession(await resolveProfileSettings(values.profile));
  try {
    const read = await readTrailLogs(session, { trailArn: values.trail, from, to, maxObjects: max, onProgress: (m) => io.stderr(`${m}\n`) });
    if ('error' in read) {
      io.stderr(`trailguard verify-logs: ${read.error}\n`);
      return 2;
    }
    const result = validateTrailLogs({ digests: read.digests, publicKeys: read.publicKeys, logFiles: read.logFiles, from, to });
    if (values.format === 'json') io.stdout(`${JSON.stringify({ trail: values.trail, bucket: read.bucket, from: from.toISOString(), to: to.toISOString(), ...(read.truncated ? { truncated: read.truncated } : {}), ...result }, null, 2)}\n`);
    else {
      const lines = [`Log file validation of ${values.trail} (bucket ${read.bucket}), ${from.toISOString()} → ${to.toISOString()}`];
      for (const h of result.hours) lines.push(`${h.hour}  ${h.status.padEnd(8)}  ${h.detail.join('; ')}`);
      lines.push(`${result.digests.filter((d) => d.status === 'valid').length}/${result.digests.length} digest file(s) valid; ${result.logFiles.valid} log file(s) valid, ${result.logFiles.modified.length} modified, ${result.logFiles.missing.length} missing`);
      if (read.truncated) lines.push(`incomplete: ${read.truncated} (--max-objects)`);
      io.stdout(`${lines.join('\n')}\n`);
    }
    return result.hours.every((h) => h.status === 'valid') && !read.truncated ? 0 : 1;
  } finally {
    session.destroy();
  }
}
