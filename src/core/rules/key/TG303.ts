// TG303: automatic rotation of the (symmetric, customer managed) key, so the key material protecting the logs
// is replaced yearly without anyone having to remember it.
import type { Attr, Fix, Key } from '../../model';
import { setProperty } from '../../fix/edits';
import { at, type Rule } from '../rule';
import { trailKeys } from '../scope';
import { failWithRelations, onlyPolicyKnown, reportIfUnresolved, spelled, type PropSpelling } from '../bucket/support';
import { ISO27001_A8_15, cis, securityHub } from '../controls';
import { kms, quote } from '../liveRemediation';

/** What a key is for; absent means `ENCRYPT_DECRYPT`, the only usage whose key material KMS rotates. */
const ENCRYPT_DECRYPT = 'ENCRYPT_DECRYPT';

const ROTATION: PropSpelling = { tf: 'enable_key_rotation', cfn: 'EnableKeyRotation', live: 'GetKeyRotationStatus.KeyRotationEnabled' };

/**
 * Rotation is known to be off on a customer managed, symmetric encryption key: what TG303 fails once the key is
 * enabled. TG305's fix enables rotation along with the key, so the fix does not reveal a TG303 finding.
 */
export function rotationKnownOff(key: Key): boolean {
  const usage: Attr<string> = key.keyUsage ?? { state: 'absent' };
  const off = (a: Attr<string>, wanted: string) => a.state === 'absent' || (a.state === 'known' && a.value.toUpperCase() === wanted);
  return (
    !(key.keyManager.state === 'known' && key.keyManager.value.toUpperCase() === 'AWS') &&
    (key.rotation.state === 'absent' || (key.rotation.state === 'known' && !key.rotation.value)) &&
    off(key.keySpec, 'SYMMETRIC_DEFAULT') &&
    off(usage, ENCRYPT_DECRYPT)
  );
}

/** Sets or inserts `enable_key_rotation = true` / `EnableKeyRotation: true`. */
export function enableRotationFixes(key: Key): Fix[] {
  return setProperty(key.rotation, key.target, ROTATION, true, 'Enable automatic key rotation');
}

export const TG303: Rule<Key> = {
  meta: {
    id: 'TG303',
    title: 'Key rotation enabled',
    severity: 'medium',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'kms',
      evidence: ['GetKeyRotationStatus', 'DescribeKey'],
      remediation: (k, ctx) => kms(k as Key, `enable-key-rotation --key-id ${quote((k as Key).arn ?? k.id)}`, ctx),
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_7' },
      { tool: 'trivy', id: 'AVD-AWS-0065' },
      { tool: 'kics', id: '22fbfeac-7b5a-421a-8a27-7a2178bb910b' },
      { tool: 'kics', id: '1c07bfaf-663c-4f6f-b22b-8e2d481e4df5' },
      { tool: 'kics', id: '235ca980-eb71-48f4-9030-df0c371029eb' },
      { tool: 'cfn-guard', id: 'CMK_BACKING_KEY_ROTATION_ENABLED' },
      { tool: 'prowler', id: 'kms_cmk_rotation_enabled' },
      { tool: 'securityhub', id: 'KMS.4' },
      { tool: 'cis', id: '3.6' },
    ],
    controls: [cis('3.6', 'scope'), securityHub('KMS.4'), ISO27001_A8_15],
    doc: {
      summary:
        'Checks that `enable_key_rotation` / `EnableKeyRotation` is `true` on symmetric keys (`customer_master_key_spec` ' +
        '/ `KeySpec` missing or `SYMMETRIC_DEFAULT`) used for encryption (`key_usage` / `KeyUsage` missing or ' +
        '`ENCRYPT_DECRYPT`); asymmetric, signing (`SIGN_VERIFY`) and HMAC keys are skipped, and so are disabled keys. Live: customer managed, ' +
        'enabled, symmetric keys, from `GetKeyRotationStatus`. High on a trail key, Medium on other keys ' +
        '(`scope: all`).',
      why:
        'Rotation limits how much log data one key version protects and is an explicit control in CIS and Security ' +
        'Hub. Old key versions stay available, so older log files remain readable.',
      failing: {
        terraform: 'resource "aws_kms_key" "trail" {\n  description = "CloudTrail logs"\n}',
        cloudformation: 'TrailKey:\n  Type: AWS::KMS::Key\n  Properties:\n    EnableKeyRotation: false',
      },
      passing: {
        terraform: 'resource "aws_kms_key" "trail" {\n  description         = "CloudTrail logs"\n  enable_key_rotation = true\n}',
        cloudformation: 'TrailKey:\n  Type: AWS::KMS::Key\n  Properties:\n    EnableKeyRotation: true',
      },
      fix: 'Quick fix: set or insert `enable_key_rotation = true` / `EnableKeyRotation: true`.',
      differences:
        'Like Trivy and Checkov, asymmetric and HMAC keys are skipped (rotation is not supported for them); KICS also ' +
        'flags rotation enabled on asymmetric keys, which we leave to the schema validators. Like KICS and Prowler, ' +
        'disabled keys (`is_enabled = false`, `Enabled: false`, live `KeyState` other than `Enabled`) are skipped.',
      references: [
        { title: 'AWS KMS Developer Guide: Rotating AWS KMS keys', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html' },
        { title: 'Security Hub KMS.4: AWS KMS key rotation should be enabled', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4' },
      ],
    },
  },
  targets: (scene, options) => trailKeys(scene, options).filter((k) => !onlyPolicyKnown(k)),
  notApplicable(key) {
    if (key.keyManager.state === 'known' && key.keyManager.value.toUpperCase() === 'AWS') return 'AWS managed key: AWS rotates it';
    // Disabled keys are skipped (rules.md TG303, as KICS and Prowler do): live by key state, in IaC by
    // `is_enabled = false` / `Enabled: false`. TG305 reports a disabled trail key.
    if (key.keyState.state === 'known' && key.keyState.value !== 'Enabled') return `the key is ${key.keyState.value}, and only enabled keys rotate (see TG305)`;
    if (key.enabled.state === 'known' && !key.enabled.value) return 'the key is disabled, and only enabled keys rotate (see TG305)';
    if (key.keySpec.state === 'known' && key.keySpec.value.toUpperCase() !== 'SYMMETRIC_DEFAULT') return `${key.keySpec.value} key: KMS rotates only symmetric keys automatically`;
    // Signing (SIGN_VERIFY) and MAC keys cannot rotate automatically, whatever the spec says.
    const usage = key.keyUsage;
    if (usage?.state === 'known' && usage.value.toUpperCase() !== ENCRYPT_DECRYPT) return `${usage.value} key: KMS rotates only encryption keys automatically`;
    return undefined;
  },
  check(key, ctx) {
    const rotation = key.rotation;
    if (rotation.state === 'known' && rotation.value) return;
    const usage: Attr<string> = key.keyUsage ?? { state: 'absent' };
    if (reportIfUnresolved(key.keySpec, key, ctx) || reportIfUnresolved(usage, key, ctx) || reportIfUnresolved(rotation, key, ctx)) return;
    if (reportIfUnresolved(key.enabled, key, ctx)) return;
    const name = spelled(key, ROTATION);
    failWithRelations(ctx, key, at(rotation, key), rotation.state === 'known' ? `\`${name}\` is false on this key` : `automatic key rotation is not enabled on this key (\`${name}\` is not set)`, {
      severity: key.trails.length > 0 ? 'high' : undefined,
      fixes: enableRotationFixes(key),
    });
  },
};
