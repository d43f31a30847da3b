// `.tf.json` modules: the same scene as HCL, with ranges in the JSON file and JSON edits.
import { strict as assert } from 'assert';
import { apply, at, known, parse, textAt } from './helpers';

const MAIN = `{
  "resource": {
    "aws_cloudtrail": {
      "org": {
        "name": "org-trail",
        "s3_bucket_name": "\${aws_s3_bucket.logs.id}",
        "kms_key_id": "\${aws_kms_key.trail.arn}",
        "is_multi_region_trail": true,
        "event_selector": [
          { "read_write_type": "ReadOnly", "include_management_events": true }
        ]
      }
    },
    "aws_s3_bucket": {
      "logs": { "bucket": "\${var.prefix}-logs" }
    },
    "aws_s3_bucket_versioning": {
      "logs": {
        "bucket": "\${aws_s3_bucket.logs.id}",
        "versioning_configuration": { "status": "Enabled" }
      }
    },
    "aws_s3_bucket_policy": {
      "logs": {
        "bucket": "\${aws_s3_bucket.logs.id}",
        "policy": "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Resource\\": \\"\${aws_s3_bucket.logs.arn}/*\\", \\"Action\\": \\"s3:PutObject\\"}]}"
      }
    },
    "aws_kms_key": {
      "trail": { "enable_key_rotation": false, "tags": { "team": "audit" } }
    }
  },
  "variable": { "prefix": { "default": "acme" } }
}
`;

describe('terraform JSON syntax (.tf.json)', () => {
  it('reads resources, references, nested blocks and embedded policies', async () => {
    const files = { 'main.tf.json': MAIN };
    const { scene, errors } = await parse(files);
    assert.deepEqual(errors, []);
    const [t] = scene.trails;
    assert.equal(t.id, 'aws_cloudtrail.org');
    assert.equal(textAt(files, t.loc), '"org"');
    assert.equal(known(t.multiRegion), true);
    assert.equal(at(t.multiRegion.state === 'known' ? t.multiRegion.loc : undefined), 'main.tf.json:8:9-8:38');
    assert.ok(Array.isArray(t.eventSelectors) && known(t.eventSelectors[0].readWriteType) === 'ReadOnly');
    assert.ok(t.bucket.state === 'linked' && t.bucket.via === 'reference');
    assert.ok(t.key.state === 'linked' && t.key.entity.id === 'aws_kms_key.trail');
    const b = scene.buckets[0];
    assert.equal(known(b.name), 'acme-logs');
    assert.equal(known(b.versioning), 'Enabled');
    assert.deepEqual(b.policy.statements.map((s) => s.resources), [['arn:aws:s3:::acme-logs/*']]);
    assert.ok(textAt(files, b.policy.statements[0].loc).startsWith('{\\"Effect\\"'));
    assert.equal(known(scene.keys[0].rotation), false);
  });

  it('inserts a missing attribute as a JSON property', async () => {
    const files = { 'main.tf.json': MAIN };
    const { scene } = await parse(files);
    const out = apply(files, scene.trails[0].target?.insert({ tf: 'enable_log_file_validation', cfn: '' }, true));
    const after = await parse(out);
    assert.deepEqual(after.errors, []);
    assert.equal(known(after.scene.trails[0].logFileValidation), true);
    assert.match(out['main.tf.json'], /"is_multi_region_trail": true,\n {8}"event_selector": \[\n[\s\S]*\],\n {8}"enable_log_file_validation": true\n {6}\}/);
  });

  it('appends a statement inside the JSON policy string', async () => {
    const files = { 'main.tf.json': MAIN };
    const { scene } = await parse(files);
    const out = apply(files, scene.buckets[0].policy.appendStatement?.({ Effect: 'Deny', Action: 's3:*' }));
    const after = await parse(out);
    assert.deepEqual(after.errors, []);
    assert.deepEqual(after.scene.buckets[0].policy.statements.map((s) => s.effect), ['Allow', 'Deny']);
    assert.ok(out['main.tf.json'].includes('\\"s3:PutObject\\"},{\\"Effect\\":\\"Deny\\",\\"Action\\":\\"s3:*\\"}]}"'), out['main.tf.json']);
  });

  it('reports invalid JSON with its position and keeps the other files', async () => {
    const r = await parse({ 'bad.tf.json': '{ "resource": { ', 'ok.tf': 'resource "aws_cloudtrail" "t" {}\n' });
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].file, 'bad.tf.json');
    assert.equal(r.scene.trails.length, 1);
  });
});
