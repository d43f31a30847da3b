import { strict as assert } from 'assert';
import { globCovers, globMatches, globOverlaps } from '../../src/core/policy/glob';
import { actionPatternCovers, actionPatternMatches } from '../../src/core/policy/match';

describe('policy/glob', () => {
  const matches: [string, string, boolean][] = [
    ['kms:*', 'kms:GenerateDataKey', true],
    ['*', 'kms:GenerateDataKey', true],
    ['kms:Generate*', 'kms:GenerateDataKey', true],
    ['kms:GenerateDataKey*', 'kms:GenerateDataKey', true],
    ['kms:GenerateDataKeyPair', 'kms:GenerateDataKey', false],
    ['kms:Decrypt', 'kms:GenerateDataKey', false],
    ['s3:Get?ucketAcl', 's3:GetBucketAcl', true],
    ['s3:Get?ucketAcl', 's3:GetBuucketAcl', false],
  ];
  for (const [p, a, want] of matches) {
    it(`action ${p} ${want ? 'matches' : 'does not match'} ${a}`, () => assert.equal(actionPatternMatches(p, a), want));
  }

  it('action matching is case-insensitive', () => {
    assert.equal(actionPatternMatches('KMS:generatedatakey*', 'kms:GenerateDataKey'), true);
  });

  const covers: [string, string, boolean][] = [
    ['kms:*', 'kms:GenerateDataKey*', true],
    ['*', 'kms:GenerateDataKey*', true],
    ['kms:Generate*', 'kms:GenerateDataKey*', true],
    ['kms:GenerateDataKey*', 'kms:GenerateDataKey*', true],
    ['kms:GenerateDataKey', 'kms:GenerateDataKey*', false],
    ['kms:GenerateDataKey?', 'kms:GenerateDataKey*', false],
    ['s3:Put*', 's3:*', false],
  ];
  for (const [p, q, want] of covers) {
    it(`${p} ${want ? 'covers' : 'does not cover'} ${q}`, () => assert.equal(actionPatternCovers(p, q), want));
  }

  it('placeholders in a policy pattern behave as *', () => {
    assert.equal(globMatches('${aws_s3_bucket.logs.arn}/AWSLogs/*', 'arn:aws:s3:::logs/AWSLogs/1/x'), true);
    assert.equal(globMatches('arn:aws:s3:::logs/AWSLogs/${AWS::AccountId}/*', 'arn:aws:s3:::logs/AWSLogs/123456789012/a'), true);
    assert.equal(globMatches('arn:aws:s3:::logs/AWSLogs/${AWS::AccountId}/*', 'arn:aws:s3:::other/AWSLogs/1/a'), false);
  });

  it('an account-id placeholder in a policy stands for a 12-digit account id only', () => {
    for (const placeholder of ['${AWS::AccountId}', '${data.aws_caller_identity.current.account_id}', '${var.account_id}', '${local.log_account_id}']) {
      const pattern = `arn:aws:s3:::logs/AWSLogs/${placeholder}/*`;
      assert.equal(globMatches(pattern, 'arn:aws:s3:::logs/AWSLogs/123456789012/a'), true, placeholder);
      assert.equal(globMatches(pattern, 'arn:aws:s3:::logs/AWSLogs/o-a1b2c3d4e5/a'), false, placeholder);
      assert.equal(globCovers(pattern, 'arn:aws:s3:::logs/AWSLogs/${account}/*'), true, placeholder);
      assert.equal(globCovers(pattern, 'arn:aws:s3:::logs/AWSLogs/o-${org}/*'), false, placeholder);
      assert.equal(globOverlaps(pattern, 'arn:aws:s3:::logs/AWSLogs/o-*'), false, placeholder);
      assert.equal(globOverlaps(pattern, 'arn:aws:s3:::logs/AWSLogs/*'), true, placeholder);
    }
    assert.equal(globCovers('arn:aws:s3:::logs/AWSLogs/${var.org_path}/*', 'arn:aws:s3:::logs/AWSLogs/o-${org}/*'), true, 'other placeholders may be anything');
  });

  it('placeholders in the required resource are unknown values: one value is enough', () => {
    const need = 'arn:aws:s3:::logs/AWSLogs/${account}/*';
    assert.equal(globCovers('arn:aws:s3:::logs/AWSLogs/123456789012/*', need), true);
    assert.equal(globCovers('arn:aws:s3:::logs/AWSLogs/*', need), true);
    assert.equal(globCovers('arn:aws:s3:::logs/prefix/AWSLogs/123456789012/*', need), false);
    assert.equal(globCovers('arn:aws:s3:::logs/AWSLogs/123456789012/CloudTrail/*', need), false, 'a narrower path does not cover all objects');
  });

  it('ARN matching is case-sensitive', () => {
    assert.equal(globMatches('arn:aws:s3:::Logs', 'arn:aws:s3:::logs'), false);
  });

  it('overlap', () => {
    assert.equal(globOverlaps('kms:GenerateDataKeyPair*', 'kms:GenerateDataKey*'), true);
    assert.equal(globOverlaps('kms:Decrypt', 'kms:GenerateDataKey*'), false);
    assert.equal(globOverlaps('a*c', '*b*'), true);
    assert.equal(globOverlaps('abc', 'ab?'), true);
    assert.equal(globOverlaps('abc', 'ab'), false);
  });

  it('an over-long value matches nothing instead of exhausting memory', () => {
    const long = 'a'.repeat(100_000);
    assert.equal(globMatches('*', long), false);
    assert.equal(globOverlaps(`${long}*`, 'a*'), false);
  });
});
