// The status model: every rule × target has exactly one of pass, fail, unknown, notApplicable, off and
// optInNotEnabled when every status is asked for (live scan, evidence); lint still sees only fail and unknown.
import * as assert from 'assert';
import { evaluateScene } from '../../src/core/evaluate';
import type { Attr, Bucket, Finding, Recorder, Scene } from '../../src/core/model';
import { emptyScene } from '../../src/core/model';
import { jsonToLValue, normalizePolicy } from '../../src/core/policy/normalize';
import { defaultRuleOptions, type RuleOptions } from '../../src/core/rules/rule';
import { lintFiles } from '../support/ruleTester';

const known = <T>(value: T): Attr<T> => ({ state: 'known', value, format: 'live' });
const absent = <T>(): Attr<T> => ({ state: 'absent' });
const unresolved = <T>(reason: string): Attr<T> => ({ state: 'unresolved', reason });
const TRAIL = { kind: 'trail' as const, id: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org' };

function bucket(over: Partial<Bucket> = {}): Bucket {
  return {
    kind: 'bucket', id: 'logs', format: 'live', region: 'eu-west-1', name: known('logs'),
    objectLockEnabled: known(true), objectLockMode: known('COMPLIANCE'), objectLockDays: known(400), objectLockYears: absent(),
    versioning: known('Enabled'), mfaDelete: known('Enabled'), publicAccessBlock: { state: 'absent' }, acl: absent(), aclGrantees: known([]),
    loggingTargetBucket: known('access-logs'), lifecycleRules: [], hasLifecycle: known(false), sseAlgorithm: known('aws:kms'),
    sseKmsKeyId: known('k'), tags: known({}), trails: [TRAIL], policy: normalizePolicy(jsonToLValue({ Statement: [] })),
    ...over,
  };
}

const scene = (buckets: Bucket[], recorders: Recorder[] = []): Scene => ({ ...emptyScene(), account: { id: '111122223333', region: 'eu-west-1' }, buckets, recorders });

function run(s: Scene, opts: { options?: Partial<RuleOptions>; disabled?: ReadonlySet<string> | ReadonlyMap<string, string>; includePasses?: boolean } = {}): Finding[] {
  return evaluateScene(s, { ...defaultRuleOptions, ...opts.options }, { surface: 'live', includePasses: opts.includePasses ?? true, disabled: opts.disabled });
}
const of = (found: Finding[], id: string) => found.filter((f) => f.ruleId === id).map((f) => [f.status, f.reason ?? null]);

describe('status model', () => {
  it('pass only when the rule applies, ran and reported nothing', () => {
    assert.deepStrictEqual(of(run(scene([bucket()])), 'TG202'), [['pass', null]]);
  });

  it('fail and unknown (with the reason, without the rule id prefix)', () => {
    assert.deepStrictEqual(of(run(scene([bucket({ objectLockDays: known(30) })])), 'TG202').map(([s]) => s), ['fail']);
    assert.deepStrictEqual(of(run(scene([bucket({ objectLockEnabled: unresolved('s3:GetObjectLockConfiguration denied') })])), 'TG202'), [
      ['unknown', 's3:GetObjectLockConfiguration denied'],
    ]);
  });

  it('not applicable, with why: TG202 on a bucket without Object Lock (catalog: never a pass)', () => {
    const found = run(scene([bucket({ objectLockEnabled: known(false) })]));
    assert.deepStrictEqual(of(found, 'TG202'), [['notApplicable', 'no Object Lock, see TG201']]);
    assert.deepStrictEqual(of(run(scene([bucket({ objectLockEnabled: absent() })])), 'TG202'), [['notApplicable', 'no Object Lock, see TG201']]);
    assert.strictEqual(found.find((f) => f.ruleId === 'TG202')!.message, 'TG202 does not apply: no Object Lock, see TG201');
  });

  it('off, naming the setting that switched the rule off', () => {
    assert.deepStrictEqual(of(run(scene([bucket()]), { disabled: new Map([['TG204', 'rules.TG204: off in .trailguard.yaml']]) }), 'TG204'), [
      ['off', 'switched off by rules.TG204: off in .trailguard.yaml'],
    ]);
    assert.deepStrictEqual(of(run(scene([bucket()]), { disabled: new Set(['TG204']) }), 'TG204'), [['off', 'switched off by the setting TG204: off']]);
  });

  it('opt-in not enabled, then evaluated once opted in', () => {
    const rec: Recorder = {
      kind: 'recorder', id: 'default', format: 'live', region: 'eu-west-1', name: known('default'), allSupported: known(true),
      includeGlobalResourceTypes: known(true), recordingStrategy: absent(), roleArn: known('arn:aws:iam::111122223333:role/custom'), isEnabled: known(true),
    };
    assert.deepStrictEqual(of(run(scene([], [rec])), 'TG404'), [['optInNotEnabled', 'opt-in rule, not enabled (add TG404 to optIn)']]);
    assert.deepStrictEqual(of(run(scene([], [rec]), { options: { optIn: ['TG404'] } }), 'TG404').map(([s]) => s), ['fail']);
  });

  it('an unreadable resource is unknown for every rule, even one that would not apply', () => {
    const found = run(scene([bucket({ objectLockEnabled: known(false), inaccessible: 'bucket belongs to another account' })]));
    assert.deepStrictEqual(of(found, 'TG202'), [['unknown', 'bucket belongs to another account']]);
  });

  it('TG402: a recorder that is not the account-wide anchor is not applicable; another unresolved recorder makes it unknown', () => {
    const rec = (region: string, globals: Attr<boolean>): Recorder => ({
      kind: 'recorder', id: 'default', format: 'live', region, name: known('default'), allSupported: known(true),
      includeGlobalResourceTypes: globals, recordingStrategy: absent(), roleArn: absent(), isEnabled: known(true),
    });
    const none = run(scene([], [rec('eu-west-1', known(false)), rec('us-east-1', known(false))]));
    assert.deepStrictEqual(of(none, 'TG402').map(([s]) => s), ['fail', 'notApplicable']);
    const unsure = run(scene([], [rec('eu-west-1', known(false)), rec('us-east-1', unresolved('config:DescribeConfigurationRecorders denied'))]));
    assert.deepStrictEqual(of(unsure, 'TG402'), [
      ['unknown', 'whether default (us-east-1) records global resource types: `recordingGroup.includeGlobalResourceTypes`: config:DescribeConfigurationRecorders denied'],
      ['unknown', '`recordingGroup.includeGlobalResourceTypes`: config:DescribeConfigurationRecorders denied'],
    ]);
  });

  it('without includePasses (lint) only fail and unknown come back, and rules that are off are not run', () => {
    const found = run(scene([bucket({ objectLockEnabled: known(false) })]), { includePasses: false, disabled: new Set(['TG201']) });
    assert.deepStrictEqual([...new Set(found.map((f) => f.status))].sort(), ['fail']);
    assert.ok(!found.some((f) => f.ruleId === 'TG201' || f.ruleId === 'TG202'));
  });

  it('TG204 in Terraform does not apply to a bucket with a lifecycle configuration; the lint stays silent', async () => {
    const files = {
      'main.tf': [
        'resource "aws_cloudtrail" "t" {\n  name           = "t"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}',
        'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}',
        'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}',
        'resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    id     = "archive"\n    status = "Enabled"\n    transition {\n      days          = 90\n      storage_class = "GLACIER"\n    }\n  }\n}',
      ].join('\n\n') + '\n',
    };
    const result = await lintFiles(files);
    assert.deepStrictEqual(result.findings.filter((f) => f.ruleId === 'TG204'), []);
  });
});
