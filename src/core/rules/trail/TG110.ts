// TG110: CloudTrail Lake event data stores encrypted with a customer managed key. The key cannot be added later,
// so this is caught in IaC before the store exists.
import type { EventDataStore } from '../../model';
import type { Rule } from '../rule';
import { at } from '../rule';
import { isEmptyValue, propLabel, unresolvedReason, type PropNames } from '../common';
import { ISO27001_A8_15, securityHub } from '../controls';

const names: PropNames = { tf: 'kms_key_id', cfn: 'KmsKeyId', live: 'KmsKeyId' };

export const TG110: Rule<EventDataStore> = {
  meta: {
    id: 'TG110',
    title: 'CloudTrail Lake event data store uses a KMS customer managed key',
    severity: 'medium',
    fix: 'no',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['ListEventDataStores', 'GetEventDataStore'],
      remediation: { none: 'a customer managed key can be set on an event data store once and never removed: read the rule doc before update-event-data-store --kms-key-id' },
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_294' },
      { tool: 'securityhub', id: 'CloudTrail.10' },
    ],
    controls: [securityHub('CloudTrail.10'), ISO27001_A8_15],
    doc: {
      summary:
        'Checks that every CloudTrail Lake event data store (`aws_cloudtrail_event_data_store`, ' +
        '`AWS::CloudTrail::EventDataStore`) sets `kms_key_id` / `KmsKeyId`. Fails when it is missing or empty; an ' +
        'unresolved value is reported as unknown.',
      why:
        'An event data store keeps events for up to ten years and answers SQL queries over them. With the default ' +
        'AWS owned key, anyone allowed to query the store reads everything; a customer managed key adds a key ' +
        'policy you control and a CloudTrail record of every use of the key.',
      failing: {
        terraform: `resource "aws_cloudtrail_event_data_store" "lake" {\n  name = "audit-lake"\n}`,
        cloudformation: `Lake:\n  Type: AWS::CloudTrail::EventDataStore\n  Properties:\n    Name: audit-lake`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail_event_data_store" "lake" {\n  name       = "audit-lake"\n  kms_key_id = aws_kms_key.lake.arn\n}`,
        cloudformation: `Lake:\n  Type: AWS::CloudTrail::EventDataStore\n  Properties:\n    Name: audit-lake\n    KmsKeyId: !GetAtt LakeKey.Arn`,
      },
      fix:
        'No automatic fix: once an event data store is encrypted with a KMS key the key cannot be removed or ' +
        'changed, and the key policy must let CloudTrail use it. Create the key first, then set `kms_key_id`.',
      differences:
        'Same verdict as Checkov CKV_AWS_294 (IaC) and Security Hub CloudTrail.10 (live); a value TrailGuard cannot ' +
        'evaluate (a variable without default) is reported as unknown, never as a failure.',
      references: [
        { title: 'Security Hub CloudTrail.10', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-10' },
        { title: 'Configure AWS KMS key policies for CloudTrail Lake', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html' },
      ],
    },
  },
  targets: (scene) => scene.eventDataStores,
  check(store, ctx) {
    const attr = store.kmsKeyId;
    if (attr.state === 'unresolved') {
      ctx.unknown(at(attr, store), unresolvedReason(attr, names, store.format));
      return;
    }
    if (attr.state === 'known' && !isEmptyValue(attr)) return;
    const label = propLabel(names, store.format);
    ctx.fail(at(attr, store), `Event data store is not encrypted with a customer managed KMS key: \`${label}\` is ${attr.state === 'absent' ? 'not set' : 'empty'}`);
  },
};
