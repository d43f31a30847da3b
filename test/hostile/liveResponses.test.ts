// Account responses are attacker-controlled too: over the wire-level endpoint, through the real SDK, each broken
// or hostile answer is an unknown with its exact reason — never a pass or a fail, never a leaked secret.
import * as assert from 'assert';
import * as fs from 'fs';
import { runScan } from '../../src/cli/scan';
import { scanAccount, type ScanOptions } from '../../src/live/scanAccount';
import type { AccountScan } from '../../src/live/types';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import type { Scenario, ScenarioFault } from '../support/aws-endpoint/scenario';
import { PROFILE, scenario, withAwsEnv } from '../live/harness';

const BUCKET = 'acme-audit-logs-111122223333';
const SECRET = 'trailguard-test-secret-not-real';
const TOKEN = 'IQoJb3JpZ2luX2VjEHRyYWlsZ3VhcmQtdGVzdC1zZXNzaW9uLXRva2Vu';

/** The endpoint with a profile that signs with a session token (temporary credentials). */
async function withEndpoint<T>(s: Scenario, fn: () => Promise<T>): Promise<T> {
  const endpoint = await startAwsEndpoint({ scenario: s });
  const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
  fs.appendFileSync(files.credentialsFile, `aws_session_token = ${TOKEN}\n`);
  try {
    return await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, fn);
  } finally {
    await endpoint.close();
  }
}

function scanWith(faults: ScenarioFault[], opts: Partial<ScanOptions> = {}): Promise<AccountScan> {
  return withEndpoint(scenario('compliant', faults), () => scanAccount({ profile: PROFILE, regions: ['us-east-1'], maxAttempts: 2, ...opts }));
}

/** The checks of the bucket whose reason is `reason`, with their status. */
function checksBecause(scan: AccountScan, reason: string): string[] {
  return scan.findings.filter((f) => f.resource === BUCKET && f.reason === reason).map((f) => `${f.ruleId} ${f.status}`);
}

describe('live responses that cannot hurt', function () {
  this.timeout(120_000);

  it('an empty 200 from GetPublicAccessBlock is unknown: "unexpected response from S3 GetPublicAccessBlock"', async () => {
    const scan = await scanWith([{ operation: 'GetPublicAccessBlock', resource: BUCKET, error: 'Empty200' }]);
    const checks = checksBecause(scan, 'unexpected response from S3 GetPublicAccessBlock');
    assert.ok(checks.length > 0, JSON.stringify(scan.findings.filter((f) => f.resource === BUCKET).map((f) => [f.ruleId, f.status, f.reason])));
    assert.ok(checks.every((c) => c.endsWith(' unknown')), checks.join(', '));
  });

  it('a malformed 200 is unknown with the same reason', async () => {
    const scan = await scanWith([{ operation: 'GetPublicAccessBlock', resource: BUCKET, error: 'Malformed200' }]);
    const checks = checksBecause(scan, 'unexpected response from S3 GetPublicAccessBlock');
    assert.ok(checks.length > 0 && checks.every((c) => c.endsWith(' unknown')), checks.join(', '));
  });

  it('a response over the cap is unknown: "response too large"', async () => {
    const scan = await scanWith([{ operation: 'GetBucketPolicy', resource: BUCKET, error: 'Huge200', bytes: 300 * 1024 }], { maxResponseBytes: 256 * 1024 });
    const checks = checksBecause(scan, 'response too large (over 256.0 KB) from S3 GetBucketPolicy');
    assert.ok(checks.length > 0 && checks.every((c) => c.endsWith(' unknown')), JSON.stringify(scan.findings.filter((f) => f.resource === BUCKET).map((f) => [f.ruleId, f.status, f.reason])));
  });

  it('a connection reset is said as such, not as a timeout', async () => {
    const scan = await scanWith([{ operation: 'GetBucketLogging', resource: BUCKET, error: 'Reset' }]);
    const reasons = [...new Set(scan.findings.filter((f) => f.resource === BUCKET && f.status === 'unknown').map((f) => f.reason))];
    assert.deepStrictEqual(reasons, ['s3:GetBucketLogging failed: the connection was reset by the endpoint (2 attempts)']);
  });

  it('a timeout reports the real time spent, retries included', async () => {
    const endpoint = await startAwsEndpoint({ scenario: scenario('compliant'), latencyMs: 700 });
    const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
    try {
      const scan = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
        scanAccount({ profile: PROFILE, regions: ['us-east-1'], maxAttempts: 2, callTimeoutMs: 300 }));
      const reason = scan.error ?? '';
      const m = /^sts:GetCallerIdentity timed out after (\d+\.\d) s \(2 attempts of up to 0\.3 s each\)$/.exec(reason);
      assert.ok(m, reason);
      assert.ok(Number(m[1]) >= 0.6, `two attempts of 0.3 s take at least 0.6 s, reported ${m[1]} s`);
    } finally {
      await endpoint.close();
    }
  });

  it('the secret access key and session token never appear, even when the endpoint echoes them', async () => {
    const s = scenario('compliant', [{ operation: 'GetBucketLogging', resource: BUCKET, error: 'EchoCredentials' }]);
    let stdout = '';
    let stderr = '';
    await withEndpoint(s, () => runScan(['--profile', PROFILE, '--region', 'us-east-1', '--format', 'json'], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } }));
    const out = stdout + stderr;
    assert.ok(!out.includes(SECRET), 'secret access key in the output');
    assert.ok(!out.includes(TOKEN), 'session token in the output');
    assert.match(out, /bad request signed with secret \[redacted\] and token \[redacted\]/);
  });

  it('DescribeTrails failing: the region is unknown and scan exits 2; an error-severity failure still makes it 1', async () => {
    const run = async (s: Scenario) => {
      let stdout = '';
      let stderr = '';
      const code = await withEndpoint(s, () => runScan(['--profile', PROFILE, '--region', 'us-east-1'], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } }));
      return { code, stdout, stderr };
    };
    const denied = await run(scenario('compliant', [{ operation: 'DescribeTrails', error: 'AccessDenied' }]));
    assert.match(denied.stdout, /unknown: trails could not be listed: missing IAM permission cloudtrail:DescribeTrails/);
    assert.strictEqual(denied.stderr, 'trailguard scan: region us-east-1 could not be read: trails could not be listed: missing IAM permission cloudtrail:DescribeTrails\n');
    assert.strictEqual(denied.code, 2);
    const failing = await run(scenario('failing', [{ operation: 'DescribeTrails', region: 'eu-west-1', error: 'AccessDenied' }]));
    assert.strictEqual(failing.code, 1, failing.stderr);
  });
});
