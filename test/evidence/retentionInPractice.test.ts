// Retention in practice, read through the real SDK from the test endpoint's objects (ListObjectsV2 with delimiter
// and max-keys, GetObjectRetention, GetTrailStatus): the oldest log object against how far back logs must reach,
// retain-until dates of a sample against written + minimum retention, and delivery gaps longer than an hour.
import * as assert from 'assert';
import { judgeRetentionInPractice, type RetentionInPracticeInput } from '../../src/evidence/retentionInPractice';
import { AwsSession } from '../../src/live/awsSession';
import { resolveProfileSettings } from '../../src/live/profiles';
import { readRetentionInPractice } from '../../src/live/readRetentionInPractice';
import type { RetentionInPractice } from '../../src/evidence/retentionInPractice';
import { addSignedLogs, makeSigningKey, type SignedLogsOptions } from '../support/aws-endpoint/digests';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import type { Scenario } from '../support/aws-endpoint/scenario';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { PROFILE, scenario, withAwsEnv } from '../live/harness';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit';
const BUCKET = 'acme-audit-logs-111122223333';
const NOW = new Date('2026-12-06T03:20:00Z');
const START = new Date('2026-12-05T03:00:00Z');
const LOGS: SignedLogsOptions = { bucket: BUCKET, account: '111122223333', region: 'us-east-1', trailName: 'org-audit', start: START, hours: 24 };
const key = makeSigningKey();

async function read(s: Scenario): Promise<RetentionInPractice | { error: string }> {
  const endpoint = await startAwsEndpoint({ scenario: s });
  const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
  try {
    return await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, async () => {
      const session = new AwsSession(await resolveProfileSettings(PROFILE));
      try {
        return await readRetentionInPractice(session, { trailArn: TRAIL, minRetentionDays: 365, now: NOW, sample: 5 });
      } finally {
        session.destroy();
      }
    });
  } finally {
    await endpoint.close();
  }
}

/** The compliant account with a day of logs and one log object from `oldestDaysAgo` days before NOW. */
function withLogs(o: Partial<SignedLogsOptions> & { oldestDaysAgo?: number }): Scenario {
  const s = scenario('compliant');
  addSignedLogs(s, key, { ...LOGS, ...o });
  if (o.oldestDaysAgo !== undefined) {
    const written = new Date(NOW.getTime() - o.oldestDaysAgo * 86_400_000);
    const stamp = written.toISOString().replace(/[-:]/g, '').slice(0, 13);
    const old = `AWSLogs/111122223333/CloudTrail/eu-west-1/${written.toISOString().slice(0, 10).replace(/-/g, '/')}/111122223333_CloudTrail_eu-west-1_${stamp}Z_old.json.gz`;
    s.buckets[BUCKET]!.objects![old] = { bodyBase64: '', ...(o.retention ? { retention: { Mode: o.retention.mode, RetainUntilDate: new Date(written.getTime() + o.retention.days * 86_400_000).toISOString() } } : {}) };
  }
  return s;
}

describe('retention in practice (live, test endpoint)', function () {
  this.timeout(60_000);

  it('compliant: the oldest object reaches back past the minimum retention, every sampled object is locked long enough, a log file every hour', async () => {
    const r = await read(withLogs({ retention: { mode: 'COMPLIANCE', days: 365 }, oldestDaysAgo: 400 })) as RetentionInPractice;
    assert.strictEqual(r.oldest.status, 'ok');
    assert.strictEqual(r.oldest.ageDays, 400);
    assert.match(r.oldest.key!, /eu-west-1\/2025\/11\/01\/.*_old\.json\.gz$/);
    assert.strictEqual(r.oldest.expectedSince, '2025-12-06');
    assert.strictEqual(r.retainUntil.status, 'ok');
    assert.strictEqual(r.retainUntil.sampled, 6, 'five of the period plus the oldest');
    assert.ok(r.retainUntil.samples.every((x) => x.mode === 'COMPLIANCE'));
    assert.strictEqual(r.deliveryGaps.status, 'ok');
    assert.strictEqual(r.deliveryGaps.deliveries, 24);
    assert.strictEqual(r.deliveryGaps.detail, 'a log file at least every hour in us-east-1 (24 deliveries)');
  });

  it('logs deleted: the oldest object is younger than the retention and logging started long ago; objects locked 30 days; a 3-hour delivery gap', async () => {
    const r = await read(withLogs({ retention: { mode: 'GOVERNANCE', days: 30 }, silentHours: [10, 11] })) as RetentionInPractice;
    assert.strictEqual(r.oldest.status, 'short');
    assert.match(r.oldest.detail, /^the oldest log object is from 2026-12-05 \(1 day\(s\) old\), but logs should reach back to 2025-12-06 \(minimum retention 365 days, logging since 2024-01-15\)/);
    assert.strictEqual(r.retainUntil.status, 'short');
    assert.strictEqual(r.retainUntil.short.length, 5);
    assert.strictEqual(r.retainUntil.detail, '5 of 5 sampled object(s) are retained for less than 365 days after they were written (or not at all)');
    assert.strictEqual(r.deliveryGaps.status, 'gaps');
    assert.deepStrictEqual(r.deliveryGaps.gaps, [{ from: '2026-12-05T12:10:00.000Z', to: '2026-12-05T15:10:00.000Z', hours: 3 }]);
  });

  it('no Object Lock: retain-until is not applicable (see TG201), never a pass; a denied GetObjectRetention is unknown', async () => {
    const unlocked = withLogs({});
    unlocked.buckets[BUCKET]!.objectLock = null;
    const r = await read(unlocked) as RetentionInPractice;
    assert.strictEqual(r.retainUntil.status, 'not applicable');
    assert.strictEqual(r.retainUntil.detail, 'no Object Lock on the bucket, so no object has a retain-until date (see TG201)');
    const denied = withLogs({ retention: { mode: 'COMPLIANCE', days: 365 } });
    denied.faults = [{ operation: 'GetObjectRetention', error: 'AccessDenied' }];
    const d = await read(denied) as RetentionInPractice;
    assert.strictEqual(d.retainUntil.status, 'unknown');
    assert.match(d.retainUntil.detail, /could not be read: missing IAM permission s3:GetObjectRetention/);
  });

  it('an organization trail is read under AWSLogs/<o-id>/<account>/', async () => {
    const s = withLogs({ organizationId: 'o-a1b2c3d4e5', retention: { mode: 'COMPLIANCE', days: 365 } });
    const t = s.regions['us-east-1']!.trails![0]!;
    t.trail.IsOrganizationTrail = true;
    const r = await read(s) as RetentionInPractice;
    assert.strictEqual(r.base, 'AWSLogs/o-a1b2c3d4e5/111122223333/');
    assert.strictEqual(r.deliveryGaps.deliveries, 24);
  });
});

describe('retention in practice: judgement', () => {
  const base: RetentionInPracticeInput = {
    trailArn: TRAIL, bucket: BUCKET, base: 'AWSLogs/111122223333/', region: 'us-east-1', minRetentionDays: 365, now: NOW,
    oldest: { key: 'k', lastModified: '2026-11-01T00:00:00.000Z' }, objectLock: 'enabled', samples: [],
    period: { from: '2026-12-05T03:00:00.000Z', to: '2026-12-06T03:00:00.000Z', deliveries: [] },
  };

  it('a young trail is not short: logs need only reach back to StartLoggingTime', () => {
    assert.strictEqual(judgeRetentionInPractice({ ...base, loggingSince: '2026-10-31T12:00:00Z' }).oldest.status, 'ok');
  });

  it('without StartLoggingTime a young oldest object is unknown, never short or ok', () => {
    assert.strictEqual(judgeRetentionInPractice(base).oldest.status, 'unknown');
  });

  it('no delivery at all in the period is one gap over the whole period; an unreadable listing is unknown', () => {
    const j = judgeRetentionInPractice(base);
    assert.deepStrictEqual(j.deliveryGaps.gaps, [{ from: '2026-12-05T03:00:00.000Z', to: '2026-12-06T03:00:00.000Z', hours: 24 }]);
    assert.strictEqual(j.retainUntil.status, 'unknown', 'nothing sampled is not a pass');
    assert.strictEqual(judgeRetentionInPractice({ ...base, period: { ...base.period, deliveries: { unknown: 'missing IAM permission s3:ListBucket' } } }).deliveryGaps.status, 'unknown');
  });
});
