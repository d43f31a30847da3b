// TG306 (generic, Information): the trail key declares its own key policy instead of relying on the default.
import type { Key } from '../../model';
import type { Rule } from '../rule';
import { trailKeys } from '../scope';
import { failWithRelations, policyPosition } from '../bucket/support';
import { ISO27001_A8_15 } from '../controls';
import { editKeyPolicy } from '../liveRemediation';

export const TG306: Rule<Key> = {
  meta: {
    id: 'TG306',
    title: 'Key policy explicitly defined',
    severity: 'info',
    fix: 'no',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'kms',
      evidence: ['GetKeyPolicy'],
      remediation: (k, ctx) => editKeyPolicy(k as Key, ctx),
    },
    peers: [
      { tool: 'checkov', id: 'CKV2_AWS_64' },
      { tool: 'kics', id: '7ebc9038-0bde-479a-acc4-6ed7b6758899' },
      { tool: 'kics', id: 'da905474-7454-43c0-b8d2-5756ab951aba' },
    ],
    controls: [ISO27001_A8_15],
    doc: {
      summary:
        'Reports (Information) a trail key without an explicit key policy: no `policy` on `aws_kms_key` and no ' +
        '`aws_kms_key_policy` for it, or no `KeyPolicy` on an `AWS::KMS::Key` (KMS then attaches the default key policy).',
      why:
        'The default key policy trusts the account root and nothing else: CloudTrail cannot use the key (TG301), and ' +
        'who may decrypt the logs is decided by IAM policies scattered across the account instead of in one reviewed ' +
        'document next to the key.',
      failing: {
        terraform: 'resource "aws_kms_key" "trail" {\n  description         = "CloudTrail logs"\n  enable_key_rotation = true\n}',
        cloudformation: 'TrailKey:\n  Type: AWS::KMS::Key\n  Properties:\n    Description: CloudTrail logs\n    EnableKeyRotation: true',
      },
      passing: {
        terraform:
          'resource "aws_kms_key" "trail" {\n  description         = "CloudTrail logs"\n  enable_key_rotation = true\n  policy              = data.aws_iam_policy_document.trail_key.json\n}',
        cloudformation: 'TrailKey:\n  Type: AWS::KMS::Key\n  Properties:\n    KeyPolicy:\n      Version: "2012-10-17"\n      Statement: [...]',
      },
      fix: 'Write the key policy explicitly (root admin statement plus the CloudTrail statements of TG301 and TG302). No automatic fix: the administrators must be named.',
      differences: 'Checkov CKV2_AWS_64 fails at a higher level; since TG301 already fails such a key, this is informational here.',
      references: [
        { title: 'AWS KMS Developer Guide: Default key policy', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html' },
        { title: 'AWS CloudTrail User Guide: Configure AWS KMS key policies for CloudTrail', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html' },
      ],
    },
  },
  targets: trailKeys,
  check(key, ctx) {
    // A policy that could not be read (AccessDenied, not recorded by AWS Config, a module output) may be the default.
    if (key.policy.state === 'unresolved') return ctx.unknown(policyPosition(key.policy, key), key.policy.reason ?? 'the key policy could not be evaluated');
    if (key.policy.state !== 'absent') return;
    failWithRelations(ctx, key, key, 'this key has no explicit key policy: the default policy only trusts the account root');
  },
};
