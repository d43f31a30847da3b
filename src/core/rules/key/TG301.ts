// TG301: the trail key's policy lets CloudTrail generate data keys; without it no log file can be encrypted
// and delivery stops.
import type { Key } from '../../model';
import type { Rule } from '../rule';
import { cloudTrailKeys } from '../scope';
import { checkCloudTrailKeyGrant, encryptLogsStatements } from './cloudtrailKeyPolicy';
import { SOC2_CC7_2, pciDss } from '../controls';
import { editKeyPolicy } from '../liveRemediation';

export const TG301: Rule<Key> = {
  meta: {
    id: 'TG301',
    title: 'Key policy lets CloudTrail encrypt (kms:GenerateDataKey* for cloudtrail.amazonaws.com)',
    severity: 'high',
    fix: 'snippet',
    surfaces: ['terraform', 'cloudformation', 'policy', 'live'],
    live: {
      service: 'kms',
      evidence: ['GetKeyPolicy'],
      remediation: (k, ctx) => editKeyPolicy(k as Key, ctx),
    },
    peers: [],
    controls: [SOC2_CC7_2, pciDss('10.2.1', 'part')],
    doc: {
      summary:
        'On the key a trail encrypts with (`kms_key_id` / `KMSKeyId`, or a key policy that names CloudTrail), checks ' +
        'that an Allow statement gives `Principal: { Service: "cloudtrail.amazonaws.com" }` an action matching ' +
        '`kms:GenerateDataKey` (`kms:GenerateDataKey*`, `kms:*`, `*`), and that no unconditioned Deny cancels it. A key ' +
        'without an explicit policy fails: the default key policy only trusts the account.',
      why:
        'CloudTrail encrypts every log file with a data key from this KMS key. If the key policy does not allow it, ' +
        'delivery fails with a KMS AccessDenied: the trail stays "on", but no evidence is written from that moment.',
      failing: {
        terraform:
          'resource "aws_kms_key" "trail" {\n  description = "CloudTrail logs"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Sid       = "Root"\n      Effect    = "Allow"\n      Principal = { AWS = "arn:aws:iam::111122223333:root" }\n      Action    = "kms:*"\n      Resource  = "*"\n    }]\n  })\n}',
        cloudformation:
          'TrailKey:\n  Type: AWS::KMS::Key\n  Properties:\n    KeyPolicy:\n      Statement:\n        - Effect: Allow\n          Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }\n          Action: kms:*\n          Resource: "*"',
        policy: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "kms:DescribeKey", "Resource": "*" } ] }',
      },
      passing: {
        terraform:
          '{\n  Sid       = "AllowCloudTrailToEncryptLogs"\n  Effect    = "Allow"\n  Principal = { Service = "cloudtrail.amazonaws.com" }\n  Action    = "kms:GenerateDataKey*"\n  Resource  = "*"\n  Condition = {\n    StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" }\n  }\n}',
        cloudformation:
          '- Sid: AllowCloudTrailToEncryptLogs\n  Effect: Allow\n  Principal: { Service: cloudtrail.amazonaws.com }\n  Action: kms:GenerateDataKey*\n  Resource: "*"\n  Condition:\n    StringLike:\n      kms:EncryptionContext:aws:cloudtrail:arn: !Sub "arn:aws:cloudtrail:*:${AWS::AccountId}:trail/*"',
        policy:
          '{ "Sid": "AllowCloudTrailToEncryptLogs", "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" },\n  "Action": "kms:GenerateDataKey*", "Resource": "*",\n  "Condition": { "StringLike": { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111122223333:trail/*" } } }',
      },
      fix:
        'Quick fix: append the AWS-documented statement (`kms:GenerateDataKey*` with the `aws:SourceArn` and ' +
        '`kms:EncryptionContext:aws:cloudtrail:arn` conditions), the account, region and trail name by reference ' +
        '(`data.aws_caller_identity.current.account_id`, added when the module lacks it, `${AWS::AccountId}`). In a ' +
        'key policy file what is not known stays an `<ACCOUNT_ID>` / `<REGION>` / `<TRAIL_NAME>` placeholder: a snippet ' +
        'to review.',
      differences:
        'No peer validates the CloudTrail grant in the key policy. An Allow of exactly `kms:GenerateDataKey` is ' +
        'accepted (it is the call CloudTrail makes), as are `kms:GenerateDataKey*`, `kms:Generate*`, `kms:*` and `*`. ' +
        'Deviation from the catalog ("with Resource `*`"): the grant\'s `Resource` is not judged. A key policy only ' +
        'ever governs the key it is attached to (`*` means that key), and naming the key\'s own ARN there is valid; a ' +
        'policy file does not say which key it belongs to, so a Resource naming another key is not detected.',
      references: [
        { title: 'AWS CloudTrail User Guide: Configure AWS KMS key policies for CloudTrail', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html' },
        { title: 'AWS KMS Developer Guide: Default key policy', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html' },
      ],
    },
  },
  targets: (scene) => cloudTrailKeys(scene),
  check(key, ctx) {
    checkCloudTrailKeyGrant(key, ctx, 'kms:GenerateDataKey', encryptLogsStatements(key, ctx.scene), 'the trail cannot encrypt and deliver log files');
  },
};
