// The README's IAM policy is what the scanner really calls (scannerIamPolicy() is itself checked against a scan).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { aggregatorIamPolicy, evidenceIamPolicy, scannerIamPolicy, sourceIamPolicy } from '../../src/live/iamPolicy';

describe('README', () => {
  it('shows the minimal read-only IAM policy of the live scanner', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const block = /<!-- iam:start -->\s*```json\n([\s\S]*?)```\s*<!-- iam:end -->/.exec(readme);
    assert.ok(block, 'README has the IAM policy block');
    assert.deepStrictEqual(JSON.parse(block[1]), scannerIamPolicy());
  });

  it('shows the extra policy of the first profile for assumed-role and organization scans', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const [marker, organization] of [['iam-assume', false], ['iam-organization', true]] as const) {
      const block = new RegExp(`<!-- ${marker}:start -->\\s*\`\`\`json\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${marker}:end -->`).exec(readme);
      assert.ok(block, `README has the ${marker} block`);
      assert.deepStrictEqual(JSON.parse(block[1]!), sourceIamPolicy('TrailGuardAudit', organization));
    }
  });

  it('shows the policy of aggregator mode', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const block = /<!-- iam-aggregator:start -->\s*```json\n([\s\S]*?)```\s*<!-- iam-aggregator:end -->/.exec(readme);
    assert.ok(block, 'README has the iam-aggregator block');
    assert.deepStrictEqual(JSON.parse(block[1]!), aggregatorIamPolicy());
  });

  it('shows the policy of the evidence reads (log validation, retention in practice)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const block = /<!-- iam-evidence:start -->\s*```json\n([\s\S]*?)```\s*<!-- iam-evidence:end -->/.exec(readme);
    assert.ok(block, 'README has the iam-evidence block');
    assert.deepStrictEqual(JSON.parse(block[1]!), evidenceIamPolicy());
  });
});
