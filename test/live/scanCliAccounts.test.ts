// `trailguard scan` across accounts: several --profile, --assume-role, --organization, --only failures.
import * as assert from 'assert';
import { runScan } from '../../src/cli/scan';
import { LOG, MGMT, SANDBOX, SEC, organization, withOrganization } from './orgHarness';
import { PROFILE, scenario, withAwsEnv } from './harness';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import type { OrganizationScenario } from '../support/aws-endpoint/organization';

interface CliRun { code: number; stdout: string; stderr: string }

function cli(s: OrganizationScenario, args: string[]): Promise<CliRun> {
  return withOrganization(s, async () => {
    let stdout = '';
    let stderr = '';
    const code = await runScan(['--region', 'us-east-1', ...args], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    return { code, stdout, stderr };
  });
}

describe('trailguard scan across accounts', function () {
  this.timeout(60_000);

  it('--profile A --profile B: one JSON entry per account with how it was reached; findings name their account', async () => {
    const { code, stdout, stderr } = await cli(organization(), ['--profile', 'management', '--profile', 'log-archive', '--profile', 'security', '--format', 'json']);
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 0);
    const out = JSON.parse(stdout);
    assert.deepStrictEqual(out.accounts.map((a: { account: string; via: string }) => [a.account, a.via]), [
      [MGMT, 'profile management'], [LOG, 'profile log-archive'], [SEC, 'profile security'],
    ]);
    const bucketFindings = out.findings.filter((f: { resource: string }) => f.resource === 'acme-org-audit-logs');
    assert.ok(bucketFindings.length >= 12);
    assert.deepStrictEqual([...new Set(bucketFindings.map((f: { account: string }) => f.account))], [LOG]);
  });

  it('--organization --assume-role: exits 2 naming the account whose role could not be assumed, after scanning the others', async () => {
    const { code, stdout, stderr } = await cli(organization(), ['--profile', 'management', '--organization', '--assume-role', 'Audit']);
    assert.strictEqual(code, 2);
    assert.strictEqual(stderr, `trailguard scan: could not read account ${SANDBOX} (role arn:aws:iam::${SANDBOX}:role/Audit from profile management): sts:AssumeRole on arn:aws:iam::${SANDBOX}:role/Audit denied\n`);
    const lines = stdout.split('\n');
    assert.ok(lines.includes(`TrailGuard scan of profile management, account ${LOG} (Log Archive) via role arn:aws:iam::${LOG}:role/Audit from profile management`));
    assert.ok(lines.includes(`    bucket acme-org-audit-logs [account ${LOG} Log Archive, via role arn:aws:iam::${LOG}:role/Audit from profile management] (log bucket of arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail)`), stdout);
    assert.ok(lines.includes(`  unknown: the account could not be read: sts:AssumeRole on arn:aws:iam::${SANDBOX}:role/Audit denied`));
  });

  it('--organization without a role is a usage error', async () => {
    const { code, stderr } = await cli(organization(), ['--profile', 'management', '--organization']);
    assert.strictEqual(code, 2);
    assert.match(stderr, /--organization needs --assume-role NAME/);
  });

  it('--only failures prints the failing checks under their resources and nothing that passed', async () => {
    const { code, stdout } = await cli(organization('organization-broken'), ['--profile', 'management', '--assume-role', 'Audit', '--only', 'failures']);
    assert.strictEqual(code, 1);
    const lines = stdout.split('\n');
    assert.ok(!lines.some((l) => /^\s+(pass|unknown) /.test(l)), stdout);
    assert.ok(!lines.some((l) => l.startsWith('  config recorder')), stdout);
    assert.ok(lines.includes('  trail org-trail (organization trail, home us-east-1)'));
    assert.ok(lines.some((l) => /^ {4}FAIL {4}TG101 /.test(l)));
    assert.ok(lines.some((l) => /^ {6}FAIL {4}TG201 /.test(l)));
    assert.ok(lines.some((l) => /^ {6}FAIL {4}TG301 /.test(l)));
    assert.match(lines[lines.length - 2]!, /^\d+ passed, \d+ failed \(\d+ errors\), 0 unknown, \d+ not checked \(not applicable, off or opt-in\)$/);
  });

  it('--only takes failures only', async () => {
    const endpoint = await startAwsEndpoint({ scenario: scenario('compliant') });
    const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
    let stderr = '';
    try {
      const code = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
        runScan(['--profile', PROFILE, '--only', 'passes'], { stdout: () => undefined, stderr: (t) => { stderr += t; } }));
      assert.strictEqual(code, 2);
      assert.strictEqual(stderr, 'trailguard scan: unknown --only passes (failures)\n');
    } finally {
      await endpoint.close();
    }
  });
});
