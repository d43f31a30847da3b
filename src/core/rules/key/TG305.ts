// TG305: the trail key is usable (enabled, not pending deletion); a disabled key stops log delivery and a
// deleted one makes every log file encrypted with it unreadable forever.
import type { Key } from '../../model';
import { replaceValue } from '../../fix/edits';
import { at, type Rule } from '../rule';
import { trailKeys } from '../scope';
import { failWithRelations, onlyPolicyKnown, reportIfUnresolved, spelled } from '../bucket/support';
import { enableRotationFixes, rotationKnownOff } from './TG303';
import { SOC2_CC7_2, pciDss, securityHub } from '../controls';
import { kms, quote } from '../liveRemediation';

const UNUSABLE_STATES = ['Disabled', 'PendingDeletion', 'PendingReplicaDeletion', 'Unavailable'];

export const TG305: Rule<Key> = {
  meta: {
    id: 'TG305',
    title: 'Trail key usable (enabled, not pending deletion)',
    severity: 'high',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'kms',
      evidence: ['DescribeKey'],
      remediation: (entity, ctx) => {
        const k = entity as Key;
        const key = quote(k.arn ?? k.id);
        return k.keyState.state === 'known' && k.keyState.value === 'PendingDeletion'
          ? `${kms(k, `cancel-key-deletion --key-id ${key}`, ctx)} && ${kms(k, `enable-key --key-id ${key}`, ctx)}`
          : kms(k, `enable-key --key-id ${key}`, ctx);
      },
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_227' },
      { tool: 'kics', id: '2844c749-bd78-4cd1-90e8-b179df827602' },
      { tool: 'kics', id: '7350fa23-dcf7-4938-916d-6a60b0c73b50' },
      { tool: 'kics', id: '0b530315-0ea4-497f-b34c-4ff86268f59d' },
      { tool: 'prowler', id: 'kms_cmk_not_deleted_unintentionally' },
      { tool: 'securityhub', id: 'KMS.3' },
    ],
    controls: [securityHub('KMS.3'), SOC2_CC7_2, pciDss('10.2.1', 'part')],
    doc: {
      summary:
        'Fails when the trail key is disabled (`is_enabled = false` / `Enabled: false`), and live when `DescribeKey` ' +
        'reports `Disabled`, `PendingDeletion`, `PendingReplicaDeletion` or `Unavailable`.',
      why:
        'CloudTrail cannot encrypt with a disabled key, so delivery stops. A key pending deletion is worse: once it is ' +
        'deleted, every log file it encrypted can never be decrypted again, destroying the evidence retroactively.',
      failing: {
        terraform: 'resource "aws_kms_key" "trail" {\n  description = "CloudTrail logs"\n  is_enabled  = false\n}',
        cloudformation: 'TrailKey:\n  Type: AWS::KMS::Key\n  Properties:\n    Enabled: false',
      },
      passing: {
        terraform: 'resource "aws_kms_key" "trail" {\n  description = "CloudTrail logs"\n  is_enabled  = true\n}',
        cloudformation: 'TrailKey:\n  Type: AWS::KMS::Key\n  Properties:\n    Enabled: true',
      },
      fix: 'Quick fix: set `is_enabled = true` / `Enabled: true`. Live: cancel the deletion (`aws kms cancel-key-deletion`) and enable the key.',
      differences:
        'A missing attribute passes (the default is enabled), as in CKV_AWS_227. KICS "KMS Key No Deletion Window" also ' +
        'fails keys without an explicit `deletion_window_in_days`; the AWS default (30 days) is the longest window, so we ' +
        'do not. KICS "CMK Is Unusable" also fails a CloudFormation key with `PendingWindowInDays`, which only sets the ' +
        'waiting period of a deletion that may be scheduled later; the key stays usable, so we do not.',
      references: [
        { title: 'AWS KMS Developer Guide: Key states of AWS KMS keys', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html' },
        { title: 'Security Hub KMS.3: AWS KMS keys should not be deleted unintentionally', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-3' },
      ],
    },
  },
  targets: (scene, options) => trailKeys(scene, options).filter((k) => !onlyPolicyKnown(k)),
  check(key, ctx) {
    const state = key.keyState;
    if (!reportIfUnresolved(state, key, ctx) && state.state === 'known' && UNUSABLE_STATES.includes(state.value)) {
      failWithRelations(ctx, key, at(state, key), `this key is ${state.value}: CloudTrail cannot encrypt with it${state.value.startsWith('Pending') ? ', and logs encrypted with it become unreadable once it is deleted' : ''}`);
      return;
    }
    const enabled = key.enabled;
    if (reportIfUnresolved(enabled, key, ctx)) return;
    if (enabled.state !== 'known' || enabled.value) return;
    // TG303 skips disabled keys; enabling one without rotation would reveal that finding, so the fix sets both.
    const rotationEdits = rotationKnownOff(key) ? enableRotationFixes(key)[0]?.edits : undefined;
    const enableEdits = replaceValue(enabled, true);
    const edits = enableEdits && [...enableEdits, ...(rotationEdits ?? [])];
    failWithRelations(ctx, key, at(enabled, key), `\`${spelled(key, { tf: 'is_enabled', cfn: 'Enabled', live: 'DescribeKey.KeyMetadata.Enabled' })}\` is false: CloudTrail cannot encrypt log files with a disabled key`, {
      fixes: edits ? [{ title: rotationEdits ? 'Enable the key and its automatic rotation' : 'Enable the key', kind: 'safe', edits }] : [],
    });
  },
};
