// Calls of well-known registry modules adapted into buckets and keys: attributes from the call's inputs (with the
// module's defaults), positions on the inputs, trails linked through module outputs, and the rules reading them.
import { strict as assert } from 'assert';
import type { Attr, Bucket, EntityBase, Key, Scene } from '../../../src/core/model';
import { bucketPolicyDeniesInsecureTransport } from '../../../src/core/policy/bucketPolicy';
import { adaptModule } from '../../../src/core/parse/terraform/adapt';
import { convertTree } from '../../../src/core/parse/terraform/convert';
import { Evaluator } from '../../../src/core/parse/terraform/evaluate';
import { TfModule } from '../../../src/core/parse/terraform/module';
import { adaptRegistryModules, registryBucketRefs } from '../../../src/core/parse/terraform/registryModules';
import { parseChunk, parseOnce, terraformParser } from '../../../src/core/parse/terraform/treeSitter';
import { ruleById } from '../../../src/core/rules';
import { defaultRuleOptions, type Locatable } from '../../../src/core/rules/rule';
import { at, textAt } from './helpers';

/** Parses a virtual folder the way the Terraform parser does, then adds the registry-module entities. */
async function adapt(files: Record<string, string>): Promise<Scene> {
  const parser = await terraformParser();
  const asts = Object.entries(files).map(([path, text]) => {
    const tree = parseOnce(parser, text);
    assert.ok(tree, `could not parse ${path}`);
    try {
      return convertTree(path, text, tree, { reparse: (s, e) => parseChunk(parser, text, s, e) }).ast;
    } finally {
      tree.delete();
    }
  });
  const ev = new Evaluator(new TfModule(asts));
  const scene = adaptModule(ev);
  adaptRegistryModules(ev, scene);
  return scene;
}

function moduleBucket(scene: Scene, name = 'logs'): Bucket {
  const b = scene.buckets.find((x) => x.id === `module.${name}`);
  assert.ok(b, `no bucket module.${name} in ${scene.buckets.map((x) => x.id).join(', ')}`);
  return b;
}

function moduleKey(scene: Scene, name = 'kms'): Key {
  const k = scene.keys.find((x) => x.id === `module.${name}`);
  assert.ok(k, `no key module.${name}`);
  return k;
}

/** `value @ source text` of a known attribute, `absent`, or `unresolved: reason`. */
function show<T>(files: Record<string, string>, a: Attr<T>): string {
  if (a.state === 'absent') return 'absent';
  if (a.state === 'unresolved') return `unresolved: ${a.reason}`;
  return `${JSON.stringify(a.value)} @ ${textAt(files, a.loc)}`;
}

const bucketCall = (body: string, version = '"3.7.0"') =>
  `module "logs" {\n  source  = "terraform-aws-modules/s3-bucket/aws"\n  version = ${version}\n\n  bucket = "org-trail-logs"\n${body}}\n`;

/** Runs one rule on the scene with `scope: all` and returns `line:col status message` per finding (1-based). */
function runRule(scene: Scene, id: string): string[] {
  const rule = ruleById(id);
  assert.ok(rule, id);
  const options = { ...defaultRuleOptions, scope: 'all' as const, optIn: [id] };
  const out: string[] = [];
  const where = (l: Locatable) => (l.loc ? `${l.loc.range.start.line + 1}:${l.loc.range.start.character + 1}` : '-');
  const ctx = {
    scene,
    options,
    fail: (l: Locatable, message: string) => out.push(`${where(l)} fail ${message}`),
    unknown: (l: Locatable, reason: string) => out.push(`${where(l)} unknown ${reason}`),
  };
  for (const e of rule.targets(scene, options) as EntityBase[]) rule.check(e, ctx);
  return out;
}

describe('terraform registry modules', () => {
  it('adapts an s3-bucket call: one bucket at the module header, attributes on the inputs', async () => {
    const files = {
      'main.tf': bucketCall(
        '  acl    = "private"\n' +
          '  versioning = {\n    enabled    = true\n    mfa_delete = false\n  }\n' +
          '  logging = {\n    target_bucket = "access-logs"\n    target_prefix = "trail/"\n  }\n' +
          '  server_side_encryption_configuration = {\n    rule = {\n      apply_server_side_encryption_by_default = {\n        sse_algorithm     = "aws:kms"\n        kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:key/k"\n      }\n    }\n  }\n' +
          '  block_public_acls = false\n' +
          '  tags = {\n    Team = "security"\n  }\n',
      ),
    };
    const scene = await adapt(files);
    const b = moduleBucket(scene);
    assert.equal(at(b.loc), 'main.tf:1:1-1:14');
    assert.equal(at(b.extent), 'main.tf:1:1-27:2');
    assert.equal(b.target, undefined, 'no blind insertion of resource arguments into a module call');
    assert.equal(show(files, b.name), '"org-trail-logs" @ bucket = "org-trail-logs"');
    assert.equal(show(files, b.acl), '"private" @ acl    = "private"');
    assert.equal(show(files, b.versioning), '"Enabled" @ enabled    = true');
    assert.equal(b.versioning.state === 'known' && b.versioning.valueLoc, undefined, 'a derived value has no value range to replace');
    assert.equal(show(files, b.mfaDelete), '"Disabled" @ mfa_delete = false');
    assert.equal(show(files, b.loggingTargetBucket), '"access-logs" @ target_bucket = "access-logs"');
    assert.equal(show(files, b.sseAlgorithm), '"aws:kms" @ sse_algorithm     = "aws:kms"');
    assert.equal(show(files, b.tags), '{"Team":"security"} @ tags = {\n    Team = "security"\n  }');
    assert.ok('blockPublicAcls' in b.publicAccessBlock);
    assert.equal(show(files, b.publicAccessBlock.blockPublicAcls), 'false @ block_public_acls = false');
    if (b.publicAccessBlock.blockPublicAcls.state === 'known') assert.equal(textAt(files, b.publicAccessBlock.blockPublicAcls.valueLoc), 'false');
    assert.equal(b.policy.state, 'absent');
    // The module call is no resource: no other bucket appears.
    assert.deepEqual(scene.buckets.map((x) => x.id), ['module.logs']);
  });

  it('Public Access Block flags default to false before v3.9.0 and to true from then on', async () => {
    const flags = (b: Bucket) => ('blockPublicAcls' in b.publicAccessBlock ? b.publicAccessBlock.restrictPublicBuckets.state === 'known' ? String(b.publicAccessBlock.restrictPublicBuckets.value) : b.publicAccessBlock.restrictPublicBuckets.state : b.publicAccessBlock.state);
    assert.equal(flags(moduleBucket(await adapt({ 'main.tf': bucketCall('', '"3.7.0"') }))), 'absent');
    assert.equal(flags(moduleBucket(await adapt({ 'main.tf': bucketCall('', '"~> 3.7.0"') }))), 'absent');
    assert.equal(flags(moduleBucket(await adapt({ 'main.tf': bucketCall('', '"3.9.0"') }))), 'true');
    assert.equal(flags(moduleBucket(await adapt({ 'main.tf': bucketCall('', '"~> 3.0"') }))), 'true', 'the newest 3.x is installed');
    assert.equal(flags(moduleBucket(await adapt({ 'main.tf': bucketCall('', '">= 4.0"') }))), 'true');
    const unpinned = moduleBucket(await adapt({ 'main.tf': 'module "logs" {\n  source = "terraform-aws-modules/s3-bucket/aws"\n}\n' }));
    assert.equal(flags(unpinned), 'true', 'without a version the latest release is installed');
    const byVar = moduleBucket(await adapt({ 'main.tf': bucketCall('', 'var.v') + 'variable "v" {}\n' }));
    assert.equal(flags(byVar), 'unresolved');
    const detached = moduleBucket(await adapt({ 'main.tf': bucketCall('  attach_public_policy = false\n') }));
    assert.equal(flags(detached), 'absent', 'attach_public_policy = false creates no Public Access Block');
  });

  it('reads the block spelling of map inputs (versioning {}, logging {}, lifecycle_rule {})', async () => {
    const files = { 'main.tf': bucketCall('  versioning {\n    enabled = false\n  }\n  logging {\n    target_bucket = "logs"\n  }\n  lifecycle_rule {\n    id      = "tmp"\n    enabled = true\n  }\n') };
    const b = moduleBucket(await adapt(files));
    assert.equal(show(files, b.versioning), '"Suspended" @ enabled = false');
    assert.equal(show(files, b.loggingTargetBucket), '"logs" @ target_bucket = "logs"');
    assert.equal(show(files, b.hasLifecycle), 'true @ lifecycle_rule');
    assert.ok(Array.isArray(b.lifecycleRules) && b.lifecycleRules[0].id === 'tmp');
  });

  it('attaches `policy` only with attach_policy = true, and adds the deny-insecure-transport statement', async () => {
    const policy = '  policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::org-trail-logs/*" }]\n  })\n';
    assert.equal(moduleBucket(await adapt({ 'main.tf': bucketCall(policy) })).policy.state, 'absent', 'the module ignores `policy` without attach_policy');
    const attached = moduleBucket(await adapt({ 'main.tf': bucketCall(policy + '  attach_policy = true\n') }));
    assert.equal(attached.policy.state, 'known');
    assert.equal(attached.policy.statements.length, 1);
    assert.equal(bucketPolicyDeniesInsecureTransport(attached.policy, 'org-trail-logs').status, 'missing');
    const files = { 'main.tf': bucketCall('  attach_deny_insecure_transport_policy = true\n') };
    const denied = moduleBucket(await adapt(files));
    assert.equal(denied.policy.state, 'known');
    assert.equal(textAt(files, denied.policy.statements[0].loc), 'attach_deny_insecure_transport_policy = true');
    assert.equal(bucketPolicyDeniesInsecureTransport(denied.policy, 'org-trail-logs').status, 'pass');
  });

  it('links a trail to the bucket and key of module calls through their outputs', async () => {
    const files = {
      'main.tf':
        bucketCall('') +
        'module "kms" {\n  source  = "terraform-aws-modules/kms/aws"\n  version = "2.1.0"\n  aliases = ["trail"]\n}\n' +
        'resource "aws_cloudtrail" "org" {\n  name           = "org"\n  s3_bucket_name = module.logs.s3_bucket_id\n  kms_key_id     = module.kms.key_arn\n}\n',
    };
    const scene = await adapt(files);
    const trail = scene.trails[0];
    const b = moduleBucket(scene);
    const k = moduleKey(scene);
    assert.ok(trail.bucket.state === 'linked' && trail.bucket.entity === b && trail.bucket.via === 'reference');
    assert.ok(trail.key.state === 'linked' && trail.key.entity === k);
    assert.deepEqual(b.trails.map((t) => t.id), ['aws_cloudtrail.org']);
    assert.deepEqual(k.trails.map((t) => t.id), ['aws_cloudtrail.org']);
    assert.deepEqual(k.aliases, ['alias/trail']);
    assert.equal(show(files, k.rotation), 'true @ module "kms"', 'the kms module rotates keys by default');
    assert.equal(k.policy.state, 'unresolved', 'the module generates the key policy from inputs we do not evaluate');
    const nullPolicy = moduleKey(await adapt({ 'main.tf': 'module "kms" {\n  source = "terraform-aws-modules/kms/aws"\n  policy = null\n}\n' }));
    assert.equal(nullPolicy.policy.state, 'unresolved', '`policy = null` leaves the generated policy');
  });

  it('applies satellite resources that configure the module bucket through its outputs', async () => {
    const files = {
      'main.tf':
        bucketCall('  block_public_acls = false\n') +
        'resource "aws_s3_bucket_public_access_block" "logs" {\n  bucket                  = module.logs.s3_bucket_id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n' +
        'resource "aws_s3_bucket_policy" "logs" {\n  bucket = module.logs.s3_bucket_id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Deny"\n      Principal = "*"\n      Action    = "s3:*"\n      Resource  = ["arn:aws:s3:::org-trail-logs", "arn:aws:s3:::org-trail-logs/*"]\n      Condition = { Bool = { "aws:SecureTransport" = "false" } }\n    }]\n  })\n}\n' +
        'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = module.logs.s3_bucket_id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n',
    };
    const scene = await adapt(files);
    const b = moduleBucket(scene);
    assert.ok('blockPublicAcls' in b.publicAccessBlock);
    assert.equal(show(files, b.publicAccessBlock.blockPublicAcls), 'true @ block_public_acls       = true', 'the satellite wins over the module input');
    assert.equal(bucketPolicyDeniesInsecureTransport(b.policy, 'org-trail-logs').status, 'pass');
    assert.equal(show(files, b.versioning), '"Enabled" @ status = "Enabled"');
    assert.deepEqual(runRule(scene, 'TG205'), []);
    assert.deepEqual(runRule(scene, 'TG206'), []);
  });

  it('names the calls whose outputs are buckets, for the satellite linking of the resource buckets', async () => {
    const parser = await terraformParser();
    const text = bucketCall('') + 'module "kms" {\n  source = "terraform-aws-modules/kms/aws"\n}\nmodule "local" {\n  source = "./b"\n}\n';
    const tree = parseOnce(parser, text)!;
    const ast = convertTree('main.tf', text, tree).ast;
    tree.delete();
    assert.deepEqual([...registryBucketRefs(new Evaluator(new TfModule([ast])))], ['module.logs']);
  });

  it('links a trail by bucket name too', async () => {
    const scene = await adapt({ 'main.tf': bucketCall('') + 'resource "aws_cloudtrail" "org" {\n  name           = "org"\n  s3_bucket_name = "org-trail-logs"\n}\n' });
    assert.ok(scene.trails[0].bucket.state === 'linked' && scene.trails[0].bucket.entity === moduleBucket(scene) && scene.trails[0].bucket.via === 'name');
  });

  it('leaves other module calls alone', async () => {
    const scene = await adapt({
      'main.tf':
        'module "local" {\n  source = "./modules/bucket"\n  bucket = "a"\n}\n' +
        'module "notify" {\n  source = "terraform-aws-modules/s3-bucket/aws//modules/notification"\n  bucket = "b"\n}\n' +
        'module "off" {\n  source        = "terraform-aws-modules/s3-bucket/aws"\n  create_bucket = false\n}\n' +
        'module "key_off" {\n  source = "terraform-aws-modules/kms/aws"\n  create = false\n}\n',
    });
    assert.deepEqual(scene.buckets.map((b) => b.id), []);
    assert.deepEqual(scene.keys.map((k) => k.id), []);
  });

  it('recognises the GitHub source with a ref as the pinned release', async () => {
    const scene = await adapt({ 'main.tf': 'module "logs" {\n  source = "git::https://github.com/terraform-aws-modules/terraform-aws-s3-bucket.git?ref=v3.7.0"\n  bucket = "x"\n}\n' });
    const b = moduleBucket(scene);
    assert.ok('blockPublicAcls' in b.publicAccessBlock && b.publicAccessBlock.blockPublicAcls.state === 'absent');
  });

  it('the rules read the module inputs: TG203, TG205 and TG303 point at them', async () => {
    const files = {
      'main.tf':
        bucketCall('  versioning = {\n    enabled = false\n  }\n  ignore_public_acls = false\n') +
        'module "kms" {\n  source              = "terraform-aws-modules/kms/aws"\n  enable_key_rotation = false\n}\n',
    };
    const scene = await adapt(files);
    assert.deepEqual(runRule(scene, 'TG203'), ['7:5 fail Versioning is Suspended on this bucket: overwritten or deleted log files cannot be recovered']);
    assert.deepEqual(runRule(scene, 'TG205').map((f) => f.replace(/ \(defaults to false\)$/, '')), [
      '1:1 fail `block_public_acls` is not set in the Public Access Block of this bucket',
      '1:1 fail `block_public_policy` is not set in the Public Access Block of this bucket',
      '9:3 fail `ignore_public_acls` is false in the Public Access Block of this bucket',
      '1:1 fail `restrict_public_buckets` is not set in the Public Access Block of this bucket',
    ]);
    assert.deepEqual(runRule(scene, 'TG303'), ['13:3 fail `enable_key_rotation` is false on this key']);
  });
});
