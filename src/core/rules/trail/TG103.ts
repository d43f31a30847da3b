// TG103: trail encrypted with a KMS customer managed key. Without it log files are only SSE-S3 encrypted, so
// anyone who can read the bucket can read the audit trail; with it reading also needs kms:Decrypt.
import type { Key, Scalar, Scene, Trail } from '../../model';
import { policyNamesService } from '../../policy/grants';
import { refText, type RefText } from '../../refText';
import { attrPlaceholders, listPlaceholders } from '../placeholders';
import type { Rule } from '../rule';
import { at } from '../rule';
import { isCfn, isEmptyValue, ownTrails, propLabel, unresolvedReason, type PropNames } from '../common';
import { ISO27001_A8_15, cis, securityHub } from '../controls';
import { updateTrail } from '../liveRemediation';
import { fixFrom, insertsAll } from '../../fix/edits';

const names: PropNames = { tf: 'kms_key_id', cfn: 'KMSKeyId', live: 'KmsKeyId' };
const PLACEHOLDER = 'arn:aws:kms:<REGION>:<ACCOUNT_ID>:key/<KEY_ID>';

/**
 * The key to derive: the one key of the module / template, used by no trail yet, whose policy already names
 * CloudTrail (written for it). Anything else needs a human choice: a placeholder.
 */
function cloudTrailKeyOf(trail: Trail, scene: Scene): Key | undefined {
  const keys = scene.keys.filter((k) => k.format === trail.format && k.trails.length === 0 && k.policy.state === 'known' && policyNamesService(k.policy, 'cloudtrail.amazonaws.com'));
  return keys.length === 1 ? keys[0] : undefined;
}

function keyArnRef(key: Key): RefText | undefined {
  if (key.format === 'terraform' && /^aws_kms_key\.[A-Za-z_][A-Za-z0-9_-]*$/.test(key.id)) return refText({ tf: `${key.id}.arn`, placeholder: PLACEHOLDER });
  if (isCfn(key.format)) return refText({ cfn: `${key.id}.Arn`, placeholder: PLACEHOLDER });
  return undefined;
}

export const TG103: Rule<Trail> = {
  meta: {
    id: 'TG103',
    title: 'Trail encrypted with a KMS customer managed key',
    severity: 'medium',
    fix: 'snippet',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['DescribeTrails'],
      remediation: (t, ctx) => updateTrail(t as Trail, '--kms-key-id <KMS_KEY_ARN>', ctx),
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_35' },
      { tool: 'trivy', id: 'AVD-AWS-0015' },
      { tool: 'tfsec', id: 'aws-cloudtrail-encryption-customer-managed-key' },
      { tool: 'kics', id: '5d9e3164-9265-470c-9a10-57ae454ac0c7' },
      { tool: 'kics', id: '050a9ba8-d1cb-4c61-a5e8-8805a70d3b85' },
      { tool: 'cfn-guard', id: 'CLOUD_TRAIL_ENCRYPTION_ENABLED' },
      { tool: 'prowler', id: 'cloudtrail_kms_encryption_enabled' },
      { tool: 'securityhub', id: 'CloudTrail.2' },
      { tool: 'cis', id: 'CIS AWS v3.0 3.5' },
    ],
    controls: [cis('3.5'), securityHub('CloudTrail.2'), ISO27001_A8_15],
    doc: {
      summary:
        'Checks that the trail encrypts its log files with a KMS key (`kms_key_id` / `KMSKeyId`). Fails when the ' +
        'attribute is missing or empty. The key itself (its policy, rotation, state) is checked by TG301–TG306.',
      why:
        'Without a KMS key, log files are encrypted with SSE-S3 and anyone with `s3:GetObject` on the bucket can ' +
        'read them. With a customer managed key, reading the audit trail also needs `kms:Decrypt`, and every ' +
        'decryption is itself logged, which separates the people who administer the bucket from the people who may ' +
        'read the evidence.',
      failing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n  kms_key_id     = aws_kms_key.trail.arn\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    KMSKeyId: !GetAtt TrailKey.Arn`,
      },
      fix:
        'Snippet: inserts `kms_key_id` / `KMSKeyId` referring to the one key of the module or template whose policy ' +
        'names CloudTrail and that no trail uses yet (`aws_kms_key.trail.arn`, `!GetAtt TrailKey.Arn`); without such ' +
        'a key, with an `arn:aws:kms:<REGION>:<ACCOUNT_ID>:key/<KEY_ID>` ' +
        'placeholder to replace with your key. The key policy must let CloudTrail use the key (TG301, TG302) or ' +
        'delivery stops, which is why this is never applied automatically. Until the placeholder is replaced the finding ' +
        'stays, pointing at it.',
      differences:
        'Checkov CKV_AWS_35 passes any value, even one it cannot evaluate; TrailGuard reports an unresolved value ' +
        'that is not linked to a key as unknown. KICS rates this Low and Trivy High; TrailGuard follows Security ' +
        'Hub (Medium). Trivy\'s CloudFormation example spells the property `KmsKeyId`; CloudFormation only accepts ' +
        '`KMSKeyId` (it rejects unknown properties), so TrailGuard reads `KMSKeyId` and fails that template.',
      references: [
        { title: 'Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html' },
        { title: 'Security Hub CloudTrail.2', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2' },
      ],
    },
  },
  targets: (scene) => ownTrails(scene),
  check(trail, ctx) {
    const attr = trail.kmsKeyId;
    const label = propLabel(names, trail.format);
    if (attr.state === 'unresolved') {
      if (trail.key.state !== 'linked') ctx.unknown(at(attr, trail), unresolvedReason(attr, names, trail.format));
      return;
    }
    const placeholders = attrPlaceholders(attr);
    if (placeholders.length) {
      ctx.fail(at(attr, trail), `\`${label}\` still holds ${listPlaceholders(placeholders)}: replace it with the ARN of the trail's KMS key`);
      return;
    }
    if (attr.state === 'known' && !isEmptyValue(attr)) return;
    const key = cloudTrailKeyOf(trail, ctx.scene);
    const value = key ? keyArnRef(key) : undefined;
    const target = attr.state === 'absent' ? trail.target : undefined;
    const title = key ? `Add ${label} referring to ${key.id} (the key whose policy names CloudTrail)` : `Add ${label} (placeholder key ARN to replace)`;
    ctx.fail(at(attr, trail), `Trail log files are not encrypted with a KMS key: \`${label}\` is ${attr.state === 'absent' ? 'not set' : 'empty'}`, {
      fixes: target ? fixFrom(title, 'snippet', () => target.insert(names, (value ?? PLACEHOLDER) as Scalar), insertsAll(target, [names])) : [],
    });
  },
};
