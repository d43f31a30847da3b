// TG302: the trail key's policy lets CloudTrail describe the key, which it does when the trail is created or
// updated to check that the key is usable.
import type { Key } from '../../model';
import type { Rule } from '../rule';
import { cloudTrailKeys } from '../scope';
import { checkCloudTrailKeyGrant, describeKeyStatement } from './cloudtrailKeyPolicy';
import { pciDss } from '../controls';
import { editKeyPolicy } from '../liveRemediation';

export const TG302: Rule<Key> = {
  meta: {
    id: 'TG302',
    title: 'Key policy lets CloudTrail describe the key (kms:DescribeKey for cloudtrail.amazonaws.com)',
    severity: 'medium',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'policy', 'live'],
    live: {
      service: 'kms',
      evidence: ['GetKeyPolicy'],
      remediation: (k, ctx) => editKeyPolicy(k as Key, ctx),
    },
    peers: [],
    controls: [pciDss('10.2.1', 'part')],
    doc: {
      summary:
        'On the same keys as TG301, checks that an Allow statement gives `cloudtrail.amazonaws.com` `kms:DescribeKey` ' +
        '(or `kms:*` / `*`) and that no unconditioned Deny cancels it.',
      why:
        'CloudTrail calls DescribeKey to validate the key when a trail is created or updated; without it, configuring ' +
        'encryption fails and the trail may be left writing unencrypted or not at all.',
      failing: {
        terraform:
          'statement {\n  sid       = "AllowCloudTrailToEncryptLogs"\n  actions   = ["kms:GenerateDataKey*"]\n  resources = ["*"]\n  principals {\n    type        = "Service"\n    identifiers = ["cloudtrail.amazonaws.com"]\n  }\n}\n# no statement allows kms:DescribeKey',
        cloudformation:
          'KeyPolicy:\n  Statement:\n    - Effect: Allow\n      Principal: { Service: cloudtrail.amazonaws.com }\n      Action: kms:GenerateDataKey*\n      Resource: "*"',
        policy: '{ "Statement": [ { "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "kms:GenerateDataKey*", "Resource": "*" } ] }',
      },
      passing: {
        terraform:
          'statement {\n  sid       = "AllowCloudTrailToDescribeKey"\n  actions   = ["kms:DescribeKey"]\n  resources = ["*"]\n  principals {\n    type        = "Service"\n    identifiers = ["cloudtrail.amazonaws.com"]\n  }\n}',
        cloudformation:
          '- Sid: AllowCloudTrailToDescribeKey\n  Effect: Allow\n  Principal: { Service: cloudtrail.amazonaws.com }\n  Action: kms:DescribeKey\n  Resource: "*"',
        policy: '{ "Sid": "AllowCloudTrailToDescribeKey", "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "kms:DescribeKey", "Resource": "*" }',
      },
      fix: 'Quick fix: append the AWS-documented `AllowCloudTrailToDescribeKey` statement (it has no placeholders).',
      differences: 'No peer checks this grant.',
      references: [
        { title: 'AWS CloudTrail User Guide: Configure AWS KMS key policies for CloudTrail', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html' },
        { title: 'AWS KMS API Reference: DescribeKey', url: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html' },
      ],
    },
  },
  targets: (scene) => cloudTrailKeys(scene),
  check(key, ctx) {
    checkCloudTrailKeyGrant(key, ctx, 'kms:DescribeKey', describeKeyStatement(), 'CloudTrail cannot validate the key');
  },
};
