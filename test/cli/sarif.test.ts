import * as assert from 'assert';
import * as fs from 'fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { runCli, tempTree, validatingTrail } from './helpers';

const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/sarif-multitool-linux/sarif-2.1.0.json'), 'utf8'));

describe('trailguard lint --format sarif', () => {
  it('is valid SARIF 2.1.0 with rules, locations and suppressions', async () => {
    const dir = tempTree({
      'main.tf': validatingTrail.replace('  is_multi_region_trail', '  # trailguard:ignore TG102 single-region sandbox\n  is_multi_region_trail').replace('= true', '= false'),
      'broken/main.tf': 'resource "aws_s3_bucket" "b" {\n',
    });
    const run = await runCli(['lint', '.', '--format', 'sarif'], dir);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const log: any = JSON.parse(run.stdout);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile<unknown>(schema);
    const valid = validate(JSON.parse(run.stdout));
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));

    const run0 = log.runs[0];
    const ids = run0.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.ok(ids.includes('TG101') && ids.includes('TG301'), ids.join(','));
    const tg101rule = run0.tool.driver.rules.find((r: { id: string }) => r.id === 'TG101');
    assert.strictEqual(tg101rule.helpUri, 'https://github.com/trailguard/trailguard/blob/main/docs/rules/TG101.md');
    assert.strictEqual(tg101rule.defaultConfiguration.level, 'error');

    const tg101 = run0.results.find((r: { ruleId: string }) => r.ruleId === 'TG101');
    assert.deepStrictEqual(tg101.locations[0].physicalLocation.region, { startLine: 6, startColumn: 3, endLine: 6, endColumn: 37 });
    const tg102 = run0.results.find((r: { ruleId: string }) => r.ruleId === 'TG102');
    assert.deepStrictEqual(tg102.suppressions, [{ kind: 'inSource', justification: 'single-region sandbox' }]);
    assert.strictEqual(run0.invocations[0].toolExecutionNotifications.length, 1, 'the parse error is reported');
  });
});
