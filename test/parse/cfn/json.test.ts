import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Attr } from '../../../src/core/model';
import { jsonUnit, span } from './helpers';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../fixtures/cfn', name), 'utf8');

function known<T>(attr: Attr<T>): T {
  assert.equal(attr.state, 'known', JSON.stringify(attr));
  return (attr as { value: T }).value;
}

describe('CloudFormation JSON: the audit-trail fixture', () => {
  const { scene, errors } = jsonUnit(fixture('audit-trail.json'), 'audit-trail.json');
  const trail = scene.trails[0];
  const bucket = scene.buckets[0];

  it('parses without errors', () => assert.deepEqual(errors, []));

  it('places the trail at its logical id and attributes at key and value', () => {
    assert.deepEqual(span(trail.loc?.range), [58, 4, 58, 11]); // "Trail" on line 59
    const v = trail.logFileValidation;
    assert.equal(known(v), false);
    assert.equal(v.state === 'known' && v.format, 'cfn-json');
    assert.deepEqual(span(v.state === 'known' ? v.loc?.range : undefined), [63, 8, 63, 40]);
    assert.deepEqual(span(v.state === 'known' ? v.valueLoc?.range : undefined), [63, 35, 63, 40]);
  });

  it('accepts the string "true" for a Boolean property, as CloudFormation does', () => {
    assert.equal(known(trail.logging), true);
  });

  it('links the bucket by Ref and the key by Fn::GetAtt', () => {
    assert.equal(trail.bucket.state === 'linked' && trail.bucket.via, 'reference');
    assert.equal(trail.key.state === 'linked' && trail.key.entity.id, 'Key');
    assert.deepEqual(bucket.trails.map((t) => t.id), ['Trail']);
  });

  it('takes the bucket name from the parameter Default and attaches the policy by that name', () => {
    assert.equal(known(bucket.name), 'acme-json-trail-logs');
    assert.equal(known(bucket.versioning), 'Suspended');
    assert.equal(known(bucket.acl), 'Private');
    assert.deepEqual(bucket.policy.statements.map((s) => s.resources), [
      ['arn:aws:s3:::acme-json-trail-logs'],
      ['arn:aws:s3:::acme-json-trail-logs/AWSLogs/${AWS::AccountId}/*'],
    ]);
  });

  it('reads the key policy with Fn::Sub in a principal', () => {
    assert.equal(known(scene.keys[0].rotation), true);
    assert.deepEqual(scene.keys[0].policy.statements[0].principal?.aws, ['arn:aws:iam::${AWS::AccountId}:root']);
  });
});
