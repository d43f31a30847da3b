// Shared helpers of the trail / Config / organization rules (src/core/rules/common.ts).
import * as assert from 'assert';
import { assignment, boolValue, hoursSince, isShadowTrail, propLabel, setFixTitle, unresolvedReason } from '../../../src/core/rules/common';
import { emptyScene, type Trail } from '../../../src/core/model';

const names = { tf: 'enable_logging', cfn: 'IsLogging', live: 'IsLogging' };

describe('rules/common', () => {
  it('spells a property and a setting the way each format writes it', () => {
    assert.strictEqual(propLabel(names, 'terraform'), 'enable_logging');
    assert.strictEqual(propLabel(names, 'cfn-json'), 'IsLogging');
    assert.strictEqual(assignment(names, false, 'terraform'), 'enable_logging = false');
    assert.strictEqual(assignment(names, false, 'cfn-yaml'), 'IsLogging: false');
    assert.strictEqual(setFixTitle({ tf: 'read_write_type', cfn: 'ReadWriteType', live: 'ReadWriteType' }, 'All', 'terraform'), 'Set read_write_type = "All"');
    assert.strictEqual(setFixTitle({ tf: 'read_write_type', cfn: 'ReadWriteType', live: 'ReadWriteType' }, 'All', 'cfn-yaml'), 'Set ReadWriteType: All');
  });

  it('reads CloudFormation string booleans and nothing else as booleans', () => {
    assert.strictEqual(boolValue({ state: 'known', value: 'True' }), true);
    assert.strictEqual(boolValue({ state: 'known', value: 'false' }), false);
    assert.strictEqual(boolValue({ state: 'known', value: 'yes' }), undefined);
    assert.strictEqual(boolValue({ state: 'absent' }), undefined);
  });

  it('names the property in an unresolved reason only when the parser did not', () => {
    assert.strictEqual(unresolvedReason({ state: 'unresolved', reason: '`var.on` has no default' }, names, 'terraform'), '`enable_logging`: `var.on` has no default');
    assert.strictEqual(unresolvedReason({ state: 'unresolved', reason: 'IsLogging: parameter P has no Default' }, names, 'cfn-yaml'), 'IsLogging: parameter P has no Default');
  });

  it('tells shadow copies of live trails from the home copy', () => {
    const scene = { ...emptyScene(), account: { id: '111122223333', region: 'eu-west-1' } };
    const t = (over: Partial<Trail>) => ({ kind: 'trail', format: 'live', ...over }) as Trail;
    assert.strictEqual(isShadowTrail(t({ region: 'eu-west-1', homeRegion: 'eu-west-1', arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/a' }), scene), false);
    assert.strictEqual(isShadowTrail(t({ region: 'eu-west-1', homeRegion: 'us-east-1' }), scene), true);
    assert.strictEqual(isShadowTrail(t({ region: 'eu-west-1', homeRegion: 'eu-west-1', arn: 'arn:aws:cloudtrail:eu-west-1:999988887777:trail/org' }), scene), true);
    assert.strictEqual(isShadowTrail({ ...t({ homeRegion: 'us-east-1' }), format: 'terraform' }, scene), false);
  });

  it('measures hours since an ISO timestamp', () => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    assert.strictEqual(hoursSince({ state: 'known', value: '2026-01-01T00:00:00Z' }, now), 24);
    assert.strictEqual(hoursSince({ state: 'known', value: 'not a date' }, now), undefined);
    assert.strictEqual(hoursSince({ state: 'absent' }, now), undefined);
  });
});
