// `trailguard scan`: output formats and exit codes, against the local endpoint through a profile.
import * as assert from 'assert';
import { runScan } from '../../src/cli/scan';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import type { Scenario } from '../support/aws-endpoint/scenario';
import { PROFILE, scenario, withAwsEnv } from './harness';

interface CliRun { code: number; stdout: string; stderr: string }

async function scanCli(s: Scenario, args: string[], env: Record<string, string> = {}, sso = false): Promise<CliRun> {
  const endpoint = await startAwsEndpoint({ scenario: s });
  const files = writeEndpointProfile(endpoint.url, { profile: PROFILE, sso });
  let stdout = '';
  let stderr = '';
  try {
    const code = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, ...env }, () =>
      runScan(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } }));
    return { code, stdout, stderr };
  } finally {
    await endpoint.close();
  }
}

describe('trailguard scan', function () {
  this.timeout(60_000);

  it('prints the version 1 JSON shape and exits 0 for a compliant account', async () => {
    const { code, stdout, stderr } = await scanCli(scenario('compliant'), ['--profile', PROFILE, '--format', 'json']);
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 0);
    const out = JSON.parse(stdout);
    assert.deepStrictEqual(Object.keys(out), ['version', 'run', 'account', 'profile', 'findings']);
    // The run record: who scanned, against what, which regions (enabled ones not scanned are named).
    assert.deepStrictEqual(out.run.identities, [{ account: '111122223333', profile: PROFILE, callerArn: 'arn:aws:iam::111122223333:user/auditor', error: null, source: 'AWS APIs (live answers)' }]);
    assert.match(out.run.endpoint.description, /^NOT AWS — local endpoint 127\.0\.0\.1:\d+$/);
    assert.deepStrictEqual(out.run.regions.notCovered, ['eu-west-1', 'us-west-2']);
    assert.strictEqual(out.version, 1);
    assert.strictEqual(out.account, '111122223333');
    assert.strictEqual(out.profile, PROFILE);
    const tg101 = out.findings.find((f: { ruleId: string }) => f.ruleId === 'TG101');
    // A pass carries no severity: only failures (and unknowns) have one.
    assert.deepStrictEqual(Object.keys(tg101), ['ruleId', 'status', 'resource', 'region', 'message', 'reason', 'evidence']);
    assert.deepStrictEqual({ ...tg101, evidence: Object.keys(tg101.evidence) }, {
      ruleId: 'TG101', status: 'pass', resource: 'org-audit', region: 'us-east-1',
      message: 'Log file validation enabled', reason: null, evidence: ['DescribeTrails'],
    });
    assert.strictEqual(tg101.evidence.DescribeTrails.LogFileValidationEnabled, true);
  });

  it('exits 1 when an error-severity check fails', async () => {
    const { code, stdout } = await scanCli(scenario('failing'), ['--profile', PROFILE, '--format', 'json']);
    assert.strictEqual(code, 1);
    const failing = JSON.parse(stdout).findings.filter((f: { status: string }) => f.status === 'fail');
    assert.ok(failing.some((f: { ruleId: string; resource: string }) => f.ruleId === 'TG201' && f.resource === 'legacy-trail-logs'));
  });

  it('exits 0 when only warnings fail, 1 once settings raise one to error', async () => {
    const s = scenario('compliant');
    s.buckets['acme-audit-logs-111122223333']!.logging = null; // TG209: warning
    const warningOnly = await scanCli(s, ['--profile', PROFILE]);
    assert.strictEqual(warningOnly.code, 0);
    assert.match(warningOnly.stdout, /FAIL {4}TG209 warning: /);
    const fs = await import('fs');
    const os = await import('os');
    const path = await import('path');
    const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-scan-')), '.trailguard.yaml');
    fs.writeFileSync(config, 'rules:\n  TG209: error\n');
    const raised = await scanCli(s, ['--profile', PROFILE, '--config', config]);
    assert.strictEqual(raised.code, 1);
    assert.match(raised.stdout, /FAIL {4}TG209 error: /);
  });

  it('exits 2 with the reason when the account cannot be read at all', async () => {
    const { code, stdout, stderr } = await scanCli(scenario('compliant', [{ operation: '*', error: 'ExpiredToken' }]), ['--profile', PROFILE, '--format', 'json'], {}, true);
    assert.strictEqual(code, 2);
    assert.strictEqual(stderr, 'trailguard scan: could not read account of profile test: credentials expired — run `aws sso login --profile test`\n');
    const out = JSON.parse(stdout);
    assert.deepStrictEqual({ ...out, run: undefined }, { version: 1, run: undefined, account: null, profile: PROFILE, error: 'credentials expired — run `aws sso login --profile test`', findings: [] });
    // Even a scan that never got in says where it was sent.
    assert.match(out.run.endpoint.description, /^NOT AWS — local endpoint/);
  });

  it('exits 2 naming the profile when it has no credentials', async () => {
    const { code, stderr } = await scanCli(scenario('compliant'), ['--profile', 'nosuch']);
    assert.strictEqual(code, 2);
    assert.strictEqual(stderr, 'trailguard scan: could not read account of profile nosuch: no usable credentials for profile nosuch: Could not resolve credentials using profile: [nosuch] in configuration/credentials file(s).\n');
  });

  it('exits 2 on a bad option or format', async () => {
    assert.strictEqual((await scanCli(scenario('compliant'), ['--format', 'xml'])).code, 2);
    const bad = await scanCli(scenario('compliant'), ['--bogus']);
    assert.strictEqual(bad.code, 2);
    assert.strictEqual(bad.stderr, 'trailguard scan: unknown option --bogus; see trailguard scan --help\n');
    const typo = await scanCli(scenario('compliant'), ['--profle', PROFILE]);
    assert.strictEqual(typo.stderr, 'trailguard scan: unknown option --profle (did you mean --profile?); see trailguard scan --help\n');
  });

  it('--help names every flag with its description and default, examples and exit codes', async () => {
    const { code, stdout } = await scanCli(scenario('compliant'), ['--help']);
    assert.strictEqual(code, 0);
    for (const flag of ['-p, --profile NAME', '-r, --region REGION', '--assume-role NAME', '--external-id ID', '--role-session-name NAME',
      '--role-duration SECONDS', '--organization', '--account-concurrency N', '-f, --format FORMAT', '--only failures', '-c, --config FILE', '--audit-bucket GLOB']) {
      assert.ok(stdout.includes(flag), flag);
    }
    assert.match(stdout, /output: text, json or sarif \(default: text\)/);
    assert.ok(stdout.split('\nexamples:\n')[1].split('\n').filter((l) => l.startsWith('  trailguard scan')).length >= 2);
    assert.match(stdout, /exit codes: 0 /);
  });

  it('prints the tree as text with remediation commands and unknown reasons', async () => {
    const s = scenario('failing', [{ operation: 'GetBucketLogging', error: 'AccessDenied' }]);
    const { stdout } = await scanCli(s, ['--profile', PROFILE, '--region', 'us-east-1']);
    const lines = stdout.split('\n');
    assert.strictEqual(lines[0], 'TrailGuard scan of profile test, account 111122223333');
    assert.ok(lines.includes('  trail legacy (home us-east-1)'));
    assert.ok(lines.includes('    bucket legacy-trail-logs (log bucket of arn:aws:cloudtrail:us-east-1:111122223333:trail/legacy)'));
    assert.ok(lines.includes('      unknown TG209 Server access logging on trail bucket: missing IAM permission s3:GetBucketLogging'));
    assert.ok(lines.includes('              fix: aws cloudtrail start-logging --name arn:aws:cloudtrail:us-east-1:111122223333:trail/legacy --region us-east-1 --profile test'));
    // A rule failing on two statements of the policy names each one.
    assert.deepStrictEqual(lines.filter((l) => l.startsWith('      FAIL    TG208')).map((l) => /TG208 \(([^)]*)\)/.exec(l)?.[1]).sort(),
      ['statement "AWSCloudTrailAclCheck"', 'statement "AWSCloudTrailWrite"']);
    assert.match(lines[lines.length - 2]!, /^\d+ passed, \d+ failed \(\d+ errors\), 2 unknown, \d+ not checked \(not applicable, off or opt-in\)$/);
  });

  it('prints SARIF with every check: review for unknown, pass, notApplicable; account, region, fingerprints, run times', async () => {
    const s = scenario('compliant', [{ operation: 'GetBucketLogging', error: 'AccessDenied' }]);
    const { stdout } = await scanCli(s, ['--profile', PROFILE, '--format', 'sarif']);
    const sarif = JSON.parse(stdout);
    type R = { ruleId: string; kind: string; level: string; properties: Record<string, unknown>; partialFingerprints: Record<string, string>; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] };
    const results: R[] = sarif.runs[0].results;
    const tg209 = results.filter((r) => r.ruleId === 'TG209');
    assert.deepStrictEqual(tg209.map((r) => [r.kind, r.level, r.locations[0]!.logicalLocations[0]!.fullyQualifiedName, r.properties.account, r.properties.region]),
      [['review', 'none', '111122223333/us-east-1/acme-audit-logs-111122223333', '111122223333', 'us-east-1']]);
    assert.deepStrictEqual([...new Set(results.map((r) => r.kind))].sort(), ['pass', 'review']);
    assert.ok(results.every((r) => /^[0-9a-f]{32}$/.test(r.partialFingerprints['trailguard/check/v1']!)));
    assert.strictEqual(new Set(results.map((r) => r.partialFingerprints['trailguard/check/v1'])).size, results.length);
    const again = JSON.parse((await scanCli(s, ['--profile', PROFILE, '--format', 'sarif'])).stdout);
    assert.deepStrictEqual(again.runs[0].results.map((r: R) => r.partialFingerprints), results.map((r) => r.partialFingerprints), 'fingerprints are stable across runs');
    const [invocation] = sarif.runs[0].invocations;
    assert.ok(invocation.startTimeUtc <= invocation.endTimeUtc);
    assert.strictEqual(invocation.properties.run.identities[0].account, '111122223333');
    // A bucket without Object Lock: TG202 is notApplicable, never a pass.
    const failing = JSON.parse((await scanCli(scenario('failing'), ['--profile', PROFILE, '--format', 'sarif'])).stdout);
    assert.deepStrictEqual(failing.runs[0].results.filter((r: R) => r.ruleId === 'TG202' && r.properties.resource === 'legacy-trail-logs').map((r: R) => r.kind), ['notApplicable']);
  });

  it('uses AWS_PROFILE and its endpoint_url when no --profile is given', async () => {
    const { code, stdout } = await scanCli(scenario('compliant'), ['--format', 'json'], { AWS_PROFILE: PROFILE });
    assert.strictEqual(code, 0);
    assert.strictEqual(JSON.parse(stdout).account, '111122223333');
  });

  it('never prints the credentials it used', async () => {
    for (const s of [scenario('compliant'), scenario('failing', [{ operation: 'GetKeyPolicy', error: 'AccessDenied' }]), scenario('compliant', [{ operation: '*', error: 'ExpiredToken' }])]) {
      for (const format of ['json', 'text', 'sarif']) {
        const { stdout, stderr } = await scanCli(s, ['--profile', PROFILE, '--format', format]);
        for (const secret of ['trailguard-test-secret-not-real', 'AKIATRAILGUARDTEST01']) {
          assert.ok(!stdout.includes(secret) && !stderr.includes(secret), `${format} output contains ${secret}`);
        }
      }
    }
  });
});
