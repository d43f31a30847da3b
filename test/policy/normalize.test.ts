import { strict as assert } from 'assert';
import type { LValue, Loc } from '../../src/core/model';
import { jsonToLValue, normalizePolicy } from '../../src/core/policy/normalize';
import { nullProto } from '../support/nullProto';

const loc = (line: number): Loc => ({ file: 'p.json', range: { start: { line, character: 0 }, end: { line, character: 1 } } });

describe('policy/normalize', () => {
  it('absent and null policies are absent', () => {
    assert.deepEqual(normalizePolicy(undefined), { state: 'absent', statements: [], loc: undefined });
    assert.equal(normalizePolicy({ t: 'null' }).state, 'absent');
  });

  it('an unresolved value is an unresolved policy with its reason', () => {
    const doc = normalizePolicy({ t: 'unresolved', reason: 'var.policy has no default' }, loc(3));
    assert.equal(doc.state, 'unresolved');
    assert.equal(doc.reason, 'var.policy has no default');
    assert.deepEqual(doc.loc, loc(3));
  });

  it('parses JSON text (GetBucketPolicy output, a string attribute)', () => {
    const text = JSON.stringify({ Statement: { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], Condition: { Bool: { 'aws:SecureTransport': false } } } });
    const doc = normalizePolicy({ t: 'str', v: text });
    assert.equal(doc.state, 'known');
    assert.equal(doc.statements.length, 1, 'a single Statement object is one statement');
    const s = doc.statements[0];
    assert.equal(s.effect, 'Deny');
    assert.equal(s.principal?.any, true);
    assert.deepEqual(s.actions, ['s3:*']);
    assert.deepEqual(s.resources, ['arn:aws:s3:::b', 'arn:aws:s3:::b/*']);
    assert.deepEqual(s.conditions, nullProto({ Bool: { 'aws:SecureTransport': ['false'] } }), 'booleans are stringified');
  });

  it('invalid JSON text is unresolved with the parse error', () => {
    const doc = normalizePolicy({ t: 'str', v: '{"Statement": [' });
    assert.equal(doc.state, 'unresolved');
    assert.match(doc.reason!, /not valid JSON/);
  });

  it('reads every principal shape', () => {
    const doc = normalizePolicy(
      jsonToLValue({
        Statement: [
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' },
          { Effect: 'Allow', Principal: { Service: ['cloudtrail.amazonaws.com', 'config.amazonaws.com'], AWS: 'arn:aws:iam::111122223333:root' }, Action: ['kms:Decrypt'], Resource: '*' },
          { Effect: 'Allow', NotPrincipal: { CanonicalUser: 'abc', Federated: 'cognito-identity.amazonaws.com' }, NotAction: 's3:Delete*', NotResource: 'arn:aws:s3:::x' },
        ],
      }),
    );
    const [a, b, c] = doc.statements;
    assert.equal(a.principal?.any, true);
    assert.deepEqual(b.principal?.service, ['cloudtrail.amazonaws.com', 'config.amazonaws.com']);
    assert.deepEqual(b.principal?.aws, ['arn:aws:iam::111122223333:root']);
    assert.equal(b.principal?.any, false);
    assert.deepEqual(c.notPrincipal?.canonicalUser, ['abc']);
    assert.deepEqual(c.notPrincipal?.federated, ['cognito-identity.amazonaws.com']);
    assert.deepEqual(c.notActions, ['s3:Delete*']);
    assert.deepEqual(c.notResources, ['arn:aws:s3:::x']);
  });

  it('an unresolved part marks the statement, keeps the rest readable, and keeps statement locations', () => {
    const stmt: LValue = {
      t: 'obj',
      loc: loc(5),
      props: [
        { key: 'Effect', value: { t: 'str', v: 'Allow' } },
        { key: 'Principal', value: { t: 'obj', props: [{ key: 'AWS', value: { t: 'unresolved', reason: 'module.org.admin_arn is a module output' } }] } },
        { key: 'Action', value: { t: 'num', v: 3 } },
        { key: 'Resource', value: { t: 'str', v: '*' } },
        { key: 'Condition', value: { t: 'obj', props: [{ key: 'NumericLessThan', value: { t: 'obj', props: [{ key: 'aws:MultiFactorAuthAge', value: { t: 'num', v: 3600 } }] } }] } },
      ],
    };
    const doc = normalizePolicy({ t: 'obj', props: [{ key: 'Statement', value: { t: 'arr', items: [stmt, { t: 'unresolved', reason: 'dynamic block', loc: loc(9) }] } }] }, loc(1));
    assert.equal(doc.state, 'known');
    assert.deepEqual(doc.loc, loc(1));
    const [s, t] = doc.statements;
    assert.equal(s.unresolved, 'module.org.admin_arn is a module output', 'the first reason met');
    assert.equal(s.effect, 'Allow');
    assert.deepEqual(s.actions, ['3']);
    assert.deepEqual(s.conditions, nullProto({ NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600'] } }));
    assert.deepEqual(s.loc, loc(5));
    assert.equal(t.unresolved, 'dynamic block');
    assert.equal(t.effect, 'unknown');
    assert.deepEqual(t.loc, loc(9));
  });

  it('an unknown Effect makes the statement unresolved', () => {
    const doc = normalizePolicy(jsonToLValue({ Statement: [{ Effect: 'Maybe', Action: '*' }] }));
    assert.equal(doc.statements[0].effect, 'unknown');
    assert.match(doc.statements[0].unresolved!, /Maybe/);
  });

  it('a whole Statement that is unresolved makes the policy unresolved', () => {
    const doc = normalizePolicy({ t: 'obj', props: [{ key: 'Statement', value: { t: 'unresolved', reason: 'local.statements uses a for expression' } }] });
    assert.equal(doc.state, 'unresolved');
    assert.equal(doc.reason, 'local.statements uses a for expression');
  });

  it('keeps appendStatement / addCondition assignable for the parsers', () => {
    const doc = normalizePolicy(jsonToLValue({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));
    doc.appendStatement = () => [];
    doc.statements[0].addCondition = () => undefined;
    assert.deepEqual(doc.appendStatement({}), []);
  });
});
