// The Peers column is how other scanners' suppression comments map to TrailGuard rules: a user migrating from
// checkov / tfsec / trivy keeps their reviewed exceptions. These go through the real engine with our peer ids.
import * as assert from 'assert';
import { lintFiles } from '../../support/ruleTester';

const trail = (comments: string) =>
  `${comments}resource "aws_cloudtrail" "t" {\n  name           = "t"\n  s3_bucket_name = "b"\n  is_multi_region_trail = false\n}\n`;

describe('trail rules honour peers\' suppression comments', () => {
  it('checkov:skip=CKV_AWS_36 suppresses TG101 with its reason, and nothing else', async () => {
    const { findings } = await lintFiles({ 'main.tf': trail('#checkov:skip=CKV_AWS_36:validated by the org trail\n') });
    const tg101 = findings.find((f) => f.ruleId === 'TG101')!;
    assert.deepStrictEqual(tg101.suppressed, { by: 'checkov:skip=CKV_AWS_36', reason: 'validated by the org trail' });
    assert.strictEqual(findings.find((f) => f.ruleId === 'TG102')!.suppressed, undefined);
  });
  it('trivy:ignore:AVD-AWS-0014 and the tfsec long id suppress TG102', async () => {
    for (const comment of ['#trivy:ignore:AVD-AWS-0014\n', '#tfsec:ignore:aws-cloudtrail-enable-all-regions\n']) {
      const { findings } = await lintFiles({ 'main.tf': trail(comment) });
      assert.ok(findings.find((f) => f.ruleId === 'TG102')!.suppressed, comment);
      assert.strictEqual(findings.find((f) => f.ruleId === 'TG101')!.suppressed, undefined, comment);
    }
  });
});
