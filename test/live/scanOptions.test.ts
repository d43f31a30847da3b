// Options the editor passes: an endpoint override for every client, rules switched off, rule settings.
import * as assert from 'assert';
import * as fs from 'fs';
import { scanAccount } from '../../src/live';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import { PROFILE, runScenario, scenario, withAwsEnv } from './harness';

describe('live scan options', function () {
  it('sends every call to endpointUrl when given, even for a profile without endpoint_url', async () => {
    const endpoint = await startAwsEndpoint({ scenario: scenario('compliant') });
    try {
      const files = writeEndpointProfile('http://127.0.0.1:9', { profile: PROFILE });
      // The same profile, without its endpoint_url line: on its own it would go to AWS.
      fs.writeFileSync(files.configFile, `[profile ${PROFILE}]\nregion = us-east-1\n`);
      const scan = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
        scanAccount({ profile: PROFILE, endpointUrl: endpoint.url, maxAttempts: 1 }));
      assert.strictEqual(scan.error, undefined);
      assert.strictEqual(scan.account, '111122223333');
      assert.deepStrictEqual(new Set(endpoint.calls.map((c) => c.service)), new Set(['sts', 'cloudtrail', 's3', 's3control', 'kms', 'config', 'ec2']));
    } finally {
      await endpoint.close();
    }
  });

  it('reports disabled rules as off with the setting, and applies minRetentionDays', async () => {
    const { scan } = await runScenario(scenario('compliant'), {
      regions: ['us-east-1'],
      disabledRules: ['TG204'],
      ruleOptions: { minRetentionDays: 400 },
    });
    assert.deepStrictEqual(scan.findings.filter((f) => f.ruleId === 'TG204').map((f) => [f.status, f.reason]), [
      ['off', 'switched off by the setting TG204: off'],
    ]);
    const retention = scan.findings.filter((f) => f.ruleId === 'TG202');
    assert.deepStrictEqual(retention.map((f) => f.status), ['fail']);
    assert.match(retention[0]!.message, /365 days, shorter than the required 400 days/);
    assert.match(retention[0]!.remediation ?? '', /"Days":400/);
  });

  it('reports progress up to done', async () => {
    const seen: string[] = [];
    await runScenario(scenario('compliant'), { regions: ['us-east-1'], onProgress: (p) => seen.push(`${p.done}/${p.total} ${p.message}`) });
    assert.deepStrictEqual(seen, ['1/3 Reading caller identity', '2/3 Listed trails', '3/3 Read trails, buckets, keys, recorders and event data stores']);
  });
});
