// `npm run demo` out of the box: examples/organization is the DEMO ORGANIZATION's code, and linking it to the demo
// organization (three accounts on the local wire endpoint) shows exactly the three deliberate drifts its header
// names — nothing else drifts, nothing is unlinked.
import { strict as assert } from 'assert';
import * as path from 'path';
import { runScan } from '../../src/cli/scan';
import { withAwsEnv } from '../live/harness';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startDemoOrganization } = require('../../scripts/demo-organization.js') as { startDemoOrganization: () => Promise<{ profiles: string[]; env: Record<string, string>; close: () => Promise<void> }> };

const LOG_ARCHIVE = '222233334444';
const SECURITY = '333344445555';
const examples = path.join(__dirname, '..', '..', 'examples', 'organization');

describe('demo organization ↔ examples/organization', function () {
  this.timeout(60_000);

  it('links the organization trail, its bucket and key, with the three deliberate drifts', async () => {
    const demo = await startDemoOrganization();
    let stdout = '';
    let code: number;
    try {
      code = await withAwsEnv(demo.env, () => runScan(
        [...demo.profiles.flatMap((p) => ['--profile', p]), '--region', 'us-east-1', '--iac', examples, '--format', 'json'],
        { stdout: (t) => { stdout += t; }, stderr: () => undefined },
      ));
    } finally {
      await demo.close();
    }
    const out = JSON.parse(stdout);
    type Link = { kind: string; resource: string; account: string | null; owner: string | null; status: string; file: string | null; line: number | null; drifts: { severity: string; ruleId: string | null; file: string; line: number; message: string }[] };
    const links = out.iac.links as Link[];
    const bucket = links.find((l) => l.resource === 'acme-org-audit-logs')!;
    assert.deepEqual([bucket.status, bucket.file, bucket.line], ['linked', 'log-archive.tf', 2]);
    // Seen from every scanned account, the bucket and the key are the log-archive and security accounts' resources.
    const owners = (resource: (l: Link) => boolean) => [...new Set(links.filter(resource).map((l) => l.owner ?? l.account))];
    assert.deepEqual(owners((l) => l.resource === 'acme-org-audit-logs'), [LOG_ARCHIVE]);
    assert.deepEqual(owners((l) => l.kind === 'key'), [SECURITY]);
    const drifts = links.flatMap((l) => l.drifts.map((d) => `${d.severity} ${d.ruleId} ${d.file}:${d.line} ${d.message}`));
    assert.deepEqual([...new Set(drifts)], [
      'warning TG201 log-archive.tf:8 Drift: log-archive.tf:8 sets Object Lock COMPLIANCE 365 days; the live bucket has no Object Lock configuration',
      'warning TG204 log-archive.tf:2 Drift: log-archive.tf:2 has MFA Delete not set; the live bucket has MFA Delete Enabled',
      'warning TG206 log-archive.tf:60 Drift: log-archive.tf:60 has a TLS-only deny in the bucket policy; the live bucket has no TLS-only deny in the bucket policy',
    ]);
    assert.ok(links.filter((l) => l.kind === 'trail').every((l) => l.status === 'linked' && l.file === 'main.tf' && l.line === 32));
    const key = links.find((l) => l.kind === 'key')!;
    assert.deepEqual([key.status, key.file, key.line], ['linked', 'security.tf', 2]);
    assert.deepEqual([out.iac.notDeployed, out.iac.unlinkable, out.iac.errors], [[], [], []]);
    // Drift alone never fails the scan: the demo organization's own failures (TG201 is an error) do.
    assert.equal(code, 1);
  });
});
