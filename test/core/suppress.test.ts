import * as assert from 'assert';
import { scanSuppressionComments } from '../../src/core/suppress';

describe('suppression comments', () => {
  const peers = new Map([['CKV_AWS_36', ['TG101']], ['AVD-AWS-0016', ['TG101']], ['AWS-CLOUDTRAIL-ENABLE-LOG-VALIDATION', ['TG101']]]);

  it('reads ours, with several ids and a reason, in # and // comments', () => {
    const text = '# trailguard:ignore TG204 lifecycle handles it\n// trailguard:ignore TG201, TG202\n';
    assert.deepStrictEqual(scanSuppressionComments('a.tf', text, peers), [
      { file: 'a.tf', line: 0, ruleIds: ['TG204'], reason: 'lifecycle handles it', by: 'trailguard:ignore TG204' },
      { file: 'a.tf', line: 1, ruleIds: ['TG201', 'TG202'], reason: undefined, by: 'trailguard:ignore TG201,TG202' },
    ]);
  });

  it("maps peers' comments through the catalog", () => {
    const text = [
      '  #checkov:skip=CKV_AWS_36:validated upstream',
      '  #trivy:ignore:AVD-AWS-0016',
      '  #tfsec:ignore:aws-cloudtrail-enable-log-validation',
      '  # kics-scan ignore-line',
      '  #checkov:skip=CKV_AWS_999',
    ].join('\n');
    const found = scanSuppressionComments('a.tf', text, peers).map((c) => [c.line, c.ruleIds, c.reason ?? null, c.by]);
    assert.deepStrictEqual(found, [
      [0, ['TG101'], 'validated upstream', 'checkov:skip=CKV_AWS_36'],
      [1, ['TG101'], null, 'trivy:ignore:AVD-AWS-0016'],
      [2, ['TG101'], null, 'tfsec:ignore:aws-cloudtrail-enable-log-validation'],
      [3, ['*'], null, 'kics-scan ignore-line'],
      [4, [], null, 'checkov:skip=CKV_AWS_999'],
    ]);
  });
});
