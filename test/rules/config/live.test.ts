// AWS Config rules on the live surface: a region without a recorder, a failing recorder, unknown from AccessDenied.
import * as assert from 'assert';
import { evaluateScene } from '../../../src/core/evaluate';
import { defaultRuleOptions } from '../../../src/core/rules/rule';
import type { Attr, Recorder, Scene } from '../../../src/core/model';
import { emptyScene } from '../../../src/core/model';

const known = <T>(value: T): Attr<T> => ({ state: 'known', value, format: 'live' });
const unresolved = <T>(reason: string): Attr<T> => ({ state: 'unresolved', reason });

function liveRecorder(over: Partial<Recorder> = {}): Recorder {
  return {
    kind: 'recorder', id: 'default', format: 'live', region: 'eu-west-1',
    name: known('default'), allSupported: known(true), includeGlobalResourceTypes: known(true),
    recordingStrategy: known('ALL_SUPPORTED_RESOURCE_TYPES'),
    roleArn: known('arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig'),
    isEnabled: known(true), lastStatus: known('Success'), ...over,
  };
}

const scene = (recorders: Recorder[]): Scene => ({ ...emptyScene(), account: { id: '111122223333', region: 'eu-west-1' }, recorders });
const run = (s: Scene, id: string, optIn: string[] = []) =>
  evaluateScene(s, { ...defaultRuleOptions, optIn }, { surface: 'live', includePasses: true }).filter((f) => f.ruleId === id);

describe('Config rules on the live surface', () => {
  it('TG403 fails the region when it has no recorder', () => {
    const [f] = run(scene([]), 'TG403');
    assert.deepStrictEqual([f.status, f.severity, f.resource], ['fail', 'error', '111122223333 (eu-west-1)']);
    assert.match(f.message, /No AWS Config recorder in this region/);
  });
  it('TG403 passes a recording recorder and fails one whose last delivery failed', () => {
    assert.strictEqual(run(scene([liveRecorder()]), 'TG403')[0].status, 'pass');
    const [f] = run(scene([liveRecorder({ lastStatus: known('Failure') })]), 'TG403');
    assert.strictEqual(f.status, 'fail');
    assert.match(f.message, /lastStatus: Failure/);
  });
  it('TG403 is unknown with the AWS reason when the status call was denied', () => {
    const [f] = run(scene([liveRecorder({ isEnabled: unresolved('AccessDenied: config:DescribeConfigurationRecorderStatus') })]), 'TG403');
    assert.strictEqual(f.status, 'unknown');
    assert.match(f.message, /AccessDenied: config:DescribeConfigurationRecorderStatus/);
  });
  it('TG401 fails an inclusion-strategy recorder', () => {
    const [f] = run(scene([liveRecorder({ recordingStrategy: known('INCLUSION_BY_RESOURCE_TYPES'), allSupported: known(false) })]), 'TG401');
    assert.strictEqual(f.status, 'fail');
    assert.deepStrictEqual(f.fixes, []);
  });
  it('TG402 fails when the region recorder does not record globals', () => {
    assert.strictEqual(run(scene([liveRecorder({ includeGlobalResourceTypes: known(false) })]), 'TG402')[0].status, 'fail');
  });
  it('TG404 passes the service-linked role and fails a custom one', () => {
    assert.strictEqual(run(scene([liveRecorder()]), 'TG404', ['TG404'])[0].status, 'pass');
    const [f] = run(scene([liveRecorder({ roleArn: known('arn:aws:iam::111122223333:role/config') })]), 'TG404', ['TG404']);
    assert.strictEqual(f.status, 'fail');
    assert.match(f.message, /`roleARN` is arn:aws:iam::111122223333:role\/config/);
  });
});
