// Conditions are judged by operator and value, not by the key's presence (issue 9 "Policy semantics",
// rules.md TG212 / TG304): one row per operator / value shape.
import { strict as assert } from 'assert';
import type { LValue } from '../../src/core/model';
import { conditionNarrowing } from '../../src/core/policy/conditions';
import { jsonToLValue, normalizeStatement } from '../../src/core/policy/normalize';

const KEYS = ['aws:SourceArn', 'aws:SourceAccount', 'aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalOrgID', 'kms:CallerAccount', 'aws:SourceIp'];
const stmt = (condition: unknown) => normalizeStatement(jsonToLValue({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: condition }));

const rows: [string, unknown, 'narrows' | 'open' | 'unknown', RegExp?][] = [
  ['StringEquals aws:SourceAccount with an account id', { StringEquals: { 'aws:SourceAccount': '111122223333' } }, 'narrows'],
  ['ArnLike aws:SourceArn with a concrete account', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }, 'narrows'],
  ['StringEquals kms:CallerAccount', { StringEquals: { 'kms:CallerAccount': '111122223333' } }, 'narrows'],
  ['StringEquals aws:PrincipalAccount', { StringEquals: { 'aws:PrincipalAccount': '111122223333' } }, 'narrows'],
  ['StringEquals aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }, 'narrows'],
  ['a pseudo-parameter account is one concrete account', { StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' } }, 'narrows'],
  ['ArnEquals aws:PrincipalArn "arn:aws:iam::*"', { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*' } }, 'open', /`ArnEquals aws:PrincipalArn "arn:aws:iam::\*"` is a wildcard ARN/],
  ['ArnLike aws:PrincipalArn with a wildcard account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/reader' } }, 'open', /matches any account/],
  ['StringNotEquals aws:SourceAccount (negated)', { StringNotEquals: { 'aws:SourceAccount': '111122223333' } }, 'open', /negated operator/],
  ['ArnNotLike aws:PrincipalArn (negated)', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/admin' } }, 'open', /negated operator/],
  ['StringEqualsIfExists matches callers without the key', { StringEqualsIfExists: { 'aws:PrincipalAccount': '111122223333' } }, 'open', /anonymous callers/],
  ['StringLike kms:CallerAccount "*"', { StringLike: { 'kms:CallerAccount': '*' } }, 'open', /is a wildcard/],
  ['StringEquals aws:PrincipalOrgID "*"', { StringEquals: { 'aws:PrincipalOrgID': '*' } }, 'open', /is a wildcard/],
  ['one wildcard among several values opens it', { StringLike: { 'aws:SourceAccount': ['111122223333', '*'] } }, 'open'],
  ['Null aws:SourceArn does not compare the caller', { Null: { 'aws:SourceArn': 'false' } }, 'open', /does not compare/],
  ['IpAddress 0.0.0.0/0', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, 'open', /every address/],
  ['IpAddress of one network', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, 'narrows'],
  ['a key that does not identify the caller', { Bool: { 'aws:SecureTransport': 'true' } }, 'open'],
];

describe('policy/conditions: narrowing by operator and value', () => {
  for (const [name, condition, expected, why] of rows) {
    it(`${name}: ${expected}`, () => {
      const result = conditionNarrowing(stmt(condition), KEYS);
      assert.equal(result.status, expected, JSON.stringify(result));
      if (why && result.status === 'open') assert.match(result.why.join('; '), why);
    });
  }

  it('an unknown value under an exact operator still narrows (one value, whatever it is)', () => {
    const unknown: LValue = { t: 'unresolved', reason: 'parameter pAccountId has no Default' };
    const s = normalizeStatement({ t: 'obj', props: [
      { key: 'Effect', value: { t: 'str', v: 'Allow' } },
      { key: 'Principal', value: { t: 'str', v: '*' } },
      { key: 'Condition', value: { t: 'obj', props: [{ key: 'StringEquals', value: { t: 'obj', props: [{ key: 'aws:SourceAccount', value: unknown }] } }] } },
    ] });
    assert.equal(s.unresolved, undefined, 'the statement stays readable');
    assert.equal(conditionNarrowing(s, KEYS).status, 'narrows');
  });

  it('an unknown value under a pattern operator is unknown, with the reason', () => {
    const unknown: LValue = { t: 'unresolved', reason: 'parameter pReaders has no Default' };
    const s = normalizeStatement({ t: 'obj', props: [
      { key: 'Effect', value: { t: 'str', v: 'Allow' } },
      { key: 'Principal', value: { t: 'str', v: '*' } },
      { key: 'Condition', value: { t: 'obj', props: [{ key: 'ArnLike', value: { t: 'obj', props: [{ key: 'aws:PrincipalArn', value: unknown }] } }] } },
    ] });
    const result = conditionNarrowing(s, KEYS);
    assert.equal(result.status, 'unknown');
    assert.match(result.status === 'unknown' ? result.reason : '', /parameter pReaders has no Default/);
  });
});
