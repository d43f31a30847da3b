// `scripts/demo-organization.js` (used by `npm run demo`): a clearly labelled demo organization of three accounts
// whose organization trail, log bucket and key live in different accounts.
import * as assert from 'assert';
import * as fs from 'fs';
import { scanAccounts } from '../../src/live/scanAccounts';
import { withAwsEnv } from './harness';

const { startDemoOrganization } = require('../../scripts/demo-organization.js') as {
  startDemoOrganization(opts?: { port?: number }): Promise<{
    url: string; profiles: string[]; role: string; aggregator?: string; accounts: { id: string; name: string }[]; description: string;
    configFile: string; env: Record<string, string>; close(): Promise<void>;
  }>;
};

describe('demo organization', function () {
  this.timeout(60_000);

  it('three labelled demo accounts; scanning their profiles follows the trail to the bucket and key in the other two', async () => {
    const demo = await startDemoOrganization();
    try {
      assert.match(demo.description, /^DEMO ORGANIZATION .* served by TrailGuard's local endpoint, not by AWS/);
      assert.deepStrictEqual(demo.profiles, ['demo-management', 'demo-log-archive', 'demo-security']);
      assert.match(fs.readFileSync(demo.configFile, 'utf8'), new RegExp(`\\[profile demo-log-archive\\]\\nregion = us-east-1\\nendpoint_url = ${demo.url}\\n`));
      const scan = await withAwsEnv(demo.env, () => scanAccounts({ profiles: demo.profiles, regions: ['us-east-1'] }));
      assert.deepStrictEqual(scan.accounts.map((a) => a.account), demo.accounts.map((a) => a.id));
      const trail = scan.accounts[0]!.regions[0]!.trails.find((t) => t.name === 'org-trail')!;
      assert.deepStrictEqual([trail.bucket?.owner?.account, trail.key?.owner?.account], [demo.accounts[1]!.id, demo.accounts[2]!.id]);
      const bucket = Object.fromEntries(trail.bucket!.checks.map((c) => [c.ruleId, c.status]));
      // Something to show: a failure, a rule that does not apply, passes.
      assert.deepStrictEqual([bucket.TG201, bucket.TG202, bucket.TG203], ['fail', 'notApplicable', 'pass']);
      // The organization scan through the demo role reaches the same three accounts.
      const org = await withAwsEnv(demo.env, () => scanAccounts({ profiles: [demo.profiles[0]!], organization: true, assumeRole: { roleName: demo.role }, regions: ['us-east-1'] }));
      assert.deepStrictEqual(org.accounts.map((a) => [a.accountName, a.error]), demo.accounts.map((a) => [a.name, undefined]));
      // So does its AWS Config aggregator: the missing TLS-only deny fails from the recorded bucket policy; the absent
      // Object Lock configuration is not proof of "none" in a configuration item, so TG201 says it was not recorded.
      assert.strictEqual(demo.aggregator, 'org-aggregator');
      const recorded = await withAwsEnv(demo.env, () => scanAccounts({ profiles: [demo.profiles[0]!], aggregator: { name: demo.aggregator! } }));
      assert.deepStrictEqual(recorded.accounts.map((a) => a.account), demo.accounts.map((a) => a.id));
      const on = (ruleId: string) => recorded.findings.find((f) => f.ruleId === ruleId && f.resource === trail.bucket!.name);
      assert.deepStrictEqual([on('TG206')?.status, Boolean(on('TG206')?.recorded)], ['fail', true]);
      assert.deepStrictEqual([on('TG201')?.status, on('TG201')?.reason], ['unknown', 'Object Lock not recorded by AWS Config']);
    } finally {
      await demo.close();
    }
  });
});
