import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, policyUnit, span } from './helpers';
import { nullProto } from '../../support/nullProto';

const fixturePath = (name: string) => path.join(__dirname, '../../fixtures/policy', name);
const read = (name: string) => fs.readFileSync(fixturePath(name), 'utf8');

describe('standalone policy JSON', () => {
  it('turns a bucket policy into a policy-only bucket named after its Resource ARN', () => {
    const file = 'policies/trail-bucket-policy.json';
    const { scene, errors } = policyUnit(read('trail-bucket-policy.json'), file);
    assert.deepEqual(errors, []);
    assert.equal(scene.buckets.length, 1);
    const bucket = scene.buckets[0];
    assert.equal(bucket.id, file);
    assert.equal(bucket.format, 'policy-json');
    assert.deepEqual(bucket.name, { state: 'known', value: 'acme-standalone-trail-logs' });
    assert.deepEqual(bucket.versioning, { state: 'unresolved', reason: 'not in a policy file' });
    assert.deepEqual(bucket.policy.statements.map((s) => s.sid), ['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite']);
    assert.deepEqual(span(bucket.policy.statements[1].loc?.range), [10, 4, 19, 5]); // lines 11-20
    assert.deepEqual(span(bucket.loc?.range), [2, 2, 2, 13]); // the "Statement" key
  });

  it('turns a key policy (kms: actions) into a policy-only key', () => {
    const { scene } = policyUnit(read('trail-key-policy.json'), 'kp.json');
    assert.deepEqual([scene.keys.length, scene.buckets.length], [1, 0]);
    assert.equal(scene.keys[0].id, 'kp.json');
    assert.deepEqual(scene.keys[0].policy.statements[1].conditions, nullProto({
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': ['arn:aws:cloudtrail:*:111122223333:trail/*'] },
    }));
  });

  it('turns a principal-less Deny on cloudtrail:/config: actions into an SCP', () => {
    const { scene } = policyUnit(read('protect-audit-scp.json'), 'scp.json');
    assert.deepEqual([scene.orgPolicies.length, scene.keys.length, scene.buckets.length], [1, 0, 0]);
    assert.deepEqual(scene.orgPolicies[0].policyType, { state: 'known', value: 'SERVICE_CONTROL_POLICY' });
    assert.equal(scene.orgPolicies[0].policy.statements[0].actions.length, 6);
  });

  it('adds nothing for a policy it cannot place', () => {
    const { scene, errors } = policyUnit('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}');
    assert.deepEqual(errors, []);
    assert.equal(scene.buckets.length + scene.keys.length + scene.orgPolicies.length, 0);
  });

  it('appends a statement keeping the tab indentation of the file', () => {
    const text = read('trail-key-policy.json');
    const { scene } = policyUnit(text, 'kp.json');
    const edits = scene.keys[0].policy.appendStatement!({ Sid: 'AllowDescribe', Effect: 'Allow', Action: 'kms:DescribeKey' });
    const out = applyEdits(text, edits);
    assert.ok(out.includes('\t\t},\n\t\t{\n\t\t\t"Sid": "AllowDescribe",\n\t\t\t"Effect": "Allow",\n\t\t\t"Action": "kms:DescribeKey"\n\t\t}\n\t]\n}'), out);
    const again = policyUnit(out, 'kp.json');
    assert.deepEqual(again.errors, []);
    assert.deepEqual(again.scene.keys[0].policy.statements.map((s) => s.sid), ['EnableRootAccess', 'AllowCloudTrailEncrypt', 'AllowDescribe']);
  });

  it('adds a condition key to a statement', () => {
    const text = read('trail-bucket-policy.json');
    const { scene } = policyUnit(text, 'bp.json');
    const stmt = scene.buckets[0].policy.statements[1];
    const out = applyEdits(text, stmt.addCondition!('StringEquals', 's3:x-amz-acl', ['bucket-owner-full-control']));
    // The one-line operator object stays on one line.
    assert.ok(out.includes(
      '"StringEquals": { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main", "s3:x-amz-acl": "bucket-owner-full-control" }\n',
    ), out);
    const after = policyUnit(out, 'bp.json').scene.buckets[0].policy.statements[1];
    assert.deepEqual(after.conditions.StringEquals['s3:x-amz-acl'], ['bucket-owner-full-control']);
  });
});

describe('standalone policy JSON: not quite a policy', () => {
  it('ignores valid JSON whose top level is not a policy object, without an error', () => {
    const { scene, errors } = policyUnit('[{"PolicyName":"p","Statement":[{"Effect":"Allow","Action":"s3:*"}]}]');
    assert.deepEqual(errors, []);
    assert.equal(scene.buckets.length + scene.keys.length + scene.orgPolicies.length, 0);
  });

  it('reports syntax errors of a truncated policy with their position', () => {
    const { errors } = policyUnit('{\n  "Statement": [\n    { "Effect": "Deny", "Action": "s3:*"\n');
    assert.deepEqual(errors.map((e) => [e.message, span(e.range)]), [["JSON syntax error: '}' expected", [3, 0, 3, 0]]]);
  });
});
