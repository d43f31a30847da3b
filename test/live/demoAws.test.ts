// `scripts/demo-aws.js` (used by `npm run demo`): a clearly labelled demo account behind a `demo` profile.
import * as assert from 'assert';
import * as fs from 'fs';
import { scanAccount } from '../../src/live/scanAccount';
import { withAwsEnv } from './harness';

const { startDemoAws } = require('../../scripts/demo-aws.js') as {
  startDemoAws(opts?: { port?: number }): Promise<{ url: string; profile: string; account: string; description: string; configFile: string; credentialsFile: string; env: Record<string, string>; close(): Promise<void> }>;
};

describe('demo AWS account', function () {
  it('writes a demo profile pointing at the endpoint, and a scan through it shows the labelled demo account', async () => {
    const demo = await startDemoAws();
    try {
      assert.strictEqual(demo.profile, 'demo');
      assert.match(demo.description, /^DEMO ACCOUNT 123456789012 — served by TrailGuard's local endpoint, not by AWS/);
      assert.match(fs.readFileSync(demo.configFile, 'utf8'), new RegExp(`^\\[profile demo\\]\\nregion = us-east-1\\nendpoint_url = ${demo.url}\\n`));
      const scan = await withAwsEnv(demo.env, () => scanAccount({ regions: ['us-east-1', 'eu-west-1'] }));
      assert.strictEqual(scan.profile, 'demo');
      assert.strictEqual(scan.account, '123456789012');
      assert.strictEqual(scan.callerArn, 'arn:aws:iam::123456789012:user/demo-user');
      const count = (status: string) => scan.findings.filter((f) => f.status === status).length;
      // A tree with something of each kind to show.
      assert.ok(count('pass') > 0 && count('fail') > 0 && count('unknown') > 0, `${count('pass')}/${count('fail')}/${count('unknown')}`);
      assert.deepStrictEqual(scan.regions.map((r) => r.trails.map((t) => `${t.name}${t.shadow ? ' (shadow)' : ''}`)), [
        ['demo-org-trail'],
        ['demo-legacy-trail', 'demo-org-trail (shadow)'],
      ]);
      assert.deepStrictEqual(scan.otherBuckets.map((b) => b.name), ['demo-archive-logs']);
    } finally {
      await demo.close();
    }
  });
});
