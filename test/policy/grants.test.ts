import { strict as assert } from 'assert';
import { bucketPolicyDeniesInsecureTransport, isPublicAllow } from '../../src/core/policy/bucketPolicy';
import { bucketPolicyAllowsService, keyPolicyAllowsService, policyMentionsConditionKey, policyNamesService, statementsGrantingService } from '../../src/core/policy/grants';
import { jsonToLValue, normalizePolicy } from '../../src/core/policy/normalize';

const doc = (...statements: object[]) => normalizePolicy(jsonToLValue({ Version: '2012-10-17', Statement: statements }));
const CT = 'cloudtrail.amazonaws.com';
const svc = { Service: CT };

describe('policy/grants', () => {
  describe('keyPolicyAllowsService', () => {
    for (const action of ['kms:GenerateDataKey*', 'kms:*', '*', 'kms:Generate*', 'KMS:generatedatakey']) {
      it(`${action} allows CloudTrail to call kms:GenerateDataKey`, () => {
        assert.equal(keyPolicyAllowsService(doc({ Effect: 'Allow', Principal: svc, Action: action, Resource: '*' }), CT, 'kms:GenerateDataKey').status, 'allowed');
      });
    }
    it('NotAction that excludes other actions still allows', () => {
      assert.equal(keyPolicyAllowsService(doc({ Effect: 'Allow', Principal: svc, NotAction: 'kms:Delete*', Resource: '*' }), CT, 'kms:GenerateDataKey').status, 'allowed');
      assert.equal(keyPolicyAllowsService(doc({ Effect: 'Allow', Principal: svc, NotAction: 'kms:Generate*', Resource: '*' }), CT, 'kms:GenerateDataKey').status, 'missing');
    });
    it('another service or a different action is missing', () => {
      assert.equal(keyPolicyAllowsService(doc({ Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:*', Resource: '*' }), CT, 'kms:GenerateDataKey').status, 'missing');
      assert.equal(keyPolicyAllowsService(doc({ Effect: 'Allow', Principal: svc, Action: 'kms:GenerateDataKeyPair*', Resource: '*' }), CT, 'kms:GenerateDataKey').status, 'missing');
    });
    it('Principal "*" is not an explicit grant to the service', () => {
      assert.equal(keyPolicyAllowsService(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }), CT, 'kms:GenerateDataKey').status, 'missing');
    });
    it('an unconditioned Deny to everyone cancels; a conditioned one does not', () => {
      const allow = { Effect: 'Allow', Principal: svc, Action: 'kms:*', Resource: '*' };
      const deny = { Sid: 'NoKeys', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Generate*', Resource: '*' };
      const r = keyPolicyAllowsService(doc(allow, deny), CT, 'kms:GenerateDataKey');
      assert.equal(r.status, 'denied');
      assert.equal(r.status === 'denied' && r.statement.sid, 'NoKeys');
      assert.equal(keyPolicyAllowsService(doc(allow, { ...deny, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), CT, 'kms:GenerateDataKey').status, 'allowed');
    });
    it('a Deny that names another principal does not cancel', () => {
      const allow = { Effect: 'Allow', Principal: svc, Action: 'kms:*', Resource: '*' };
      assert.equal(keyPolicyAllowsService(doc(allow, { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::1:role/x' }, Action: '*', Resource: '*' }), CT, 'kms:GenerateDataKey').status, 'allowed');
    });
    it('an unreadable statement makes a missing grant unknown, with its reason', () => {
      const p = normalizePolicy({ t: 'obj', props: [{ key: 'Statement', value: { t: 'arr', items: [{ t: 'unresolved', reason: 'dynamic "statement" block' }] } }] });
      const r = keyPolicyAllowsService(p, CT, 'kms:GenerateDataKey');
      assert.deepEqual([r.status, r.status === 'unknown' && r.reason], ['unknown', 'dynamic "statement" block']);
    });
    it('an unresolved policy is unknown', () => {
      assert.equal(keyPolicyAllowsService(normalizePolicy({ t: 'unresolved', reason: 'x' }), CT, 'kms:DescribeKey').status, 'unknown');
    });
  });

  describe('bucketPolicyAllowsService', () => {
    const write = (resource: string) => doc({ Effect: 'Allow', Principal: svc, Action: 's3:PutObject', Resource: resource });
    const need = 'arn:aws:s3:::logs/AWSLogs/${account}/*';
    it('the account path, literal or interpolated, covers the need', () => {
      assert.equal(bucketPolicyAllowsService(write('arn:aws:s3:::logs/AWSLogs/111122223333/*'), CT, 's3:PutObject', need).status, 'allowed');
      assert.equal(bucketPolicyAllowsService(write('${aws_s3_bucket.logs.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*'), CT, 's3:PutObject', need).status, 'allowed');
      assert.equal(bucketPolicyAllowsService(write('arn:aws:s3:::logs/*'), CT, 's3:PutObject', need).status, 'allowed');
    });
    it('another prefix or bucket does not', () => {
      assert.equal(bucketPolicyAllowsService(write('arn:aws:s3:::logs/prefix/AWSLogs/111122223333/*'), CT, 's3:PutObject', need).status, 'missing');
      assert.equal(bucketPolicyAllowsService(write('arn:aws:s3:::other/AWSLogs/111122223333/*'), CT, 's3:PutObject', need).status, 'missing');
    });
  });

  describe('bucketPolicyDeniesInsecureTransport', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    it('the documented statement passes, also with a boolean false and BoolIfExists', () => {
      assert.equal(bucketPolicyDeniesInsecureTransport(doc(deny), 'logs').status, 'pass');
      assert.equal(bucketPolicyDeniesInsecureTransport(doc({ ...deny, Condition: { BoolIfExists: { 'aws:securetransport': false } } }), 'logs').status, 'pass');
    });
    it('a deny on s3:PutObject only, on the objects only, or for one principal does not', () => {
      assert.equal(bucketPolicyDeniesInsecureTransport(doc({ ...deny, Action: 's3:PutObject' }), 'logs').status, 'missing');
      assert.equal(bucketPolicyDeniesInsecureTransport(doc({ ...deny, Resource: 'arn:aws:s3:::logs/*' }), 'logs').status, 'missing');
      assert.equal(bucketPolicyDeniesInsecureTransport(doc({ ...deny, Principal: { AWS: 'arn:aws:iam::1:root' } }), 'logs').status, 'missing');
    });
    it('an Allow with SecureTransport = true is not a deny', () => {
      assert.equal(bucketPolicyDeniesInsecureTransport(doc({ ...deny, Effect: 'Allow', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), 'logs').status, 'missing');
    });
    it('an unknown bucket name is matched by placeholders and wildcards', () => {
      assert.equal(bucketPolicyDeniesInsecureTransport(doc({ ...deny, Resource: ['${LogBucket.Arn}', '${LogBucket.Arn}/*'] }), undefined).status, 'pass');
    });
  });

  describe('isPublicAllow', () => {
    const pub = doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }).statements[0];
    it('Principal "*" without a narrowing condition is public', () => assert.equal(isPublicAllow(pub), true));
    it('aws:SourceArn with a concrete account narrows it', () => {
      const s = doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } } }).statements[0];
      assert.equal(isPublicAllow(s), false);
    });
    it('aws:SourceArn whose account is a wildcard does not narrow it (judged by value, not key presence)', () => {
      const s = doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:cloudtrail:*' } } }).statements[0];
      assert.equal(isPublicAllow(s), true);
    });
    it('a service principal is not public', () => assert.equal(isPublicAllow(doc({ Effect: 'Allow', Principal: svc, Action: '*', Resource: '*' }).statements[0]), false));
  });

  describe('what a policy names', () => {
    const p = doc(
      { Effect: 'Allow', Principal: svc, Action: 's3:PutObject', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'x' } } },
    );
    it('policyNamesService / statementsGrantingService / policyMentionsConditionKey', () => {
      assert.equal(policyNamesService(p, 'CloudTrail.amazonaws.com'), true);
      assert.equal(policyNamesService(p, 'config.amazonaws.com'), false);
      assert.equal(statementsGrantingService(p, CT, 's3:PutObject').length, 1);
      assert.equal(statementsGrantingService(p, CT, 's3:GetBucketAcl').length, 0);
      assert.equal(policyMentionsConditionKey(p, 'KMS:EncryptionContext:aws:cloudtrail:arn'), true);
    });
  });
});
