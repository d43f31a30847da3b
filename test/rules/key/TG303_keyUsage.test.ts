// TG303 and the key usage: only ENCRYPT_DECRYPT keys rotate automatically, so signing (SIGN_VERIFY) and MAC keys
// are skipped whatever their spec; a key without a usage is an encryption key. Hand-built scenes, because the
// Terraform / CloudFormation parsers fill `keyUsage` separately (the live scanner reads `KeyMetadata.KeyUsage`).
import * as assert from 'assert';
import { evaluateScene } from '../../../src/core/evaluate';
import type { Attr, Format, Key, Scene } from '../../../src/core/model';
import { emptyScene } from '../../../src/core/model';
import { jsonToLValue, normalizePolicy } from '../../../src/core/policy/normalize';
import { defaultRuleOptions } from '../../../src/core/rules/rule';
import type { Surface } from '../../../src/core/rules/rule';

const known = <T>(value: T, format: Format): Attr<T> => ({ state: 'known', value, format });

function unrotatedKey(format: Format, keyUsage?: Attr<string>): Key {
  return {
    kind: 'key', id: format === 'live' ? 'arn:aws:kms:eu-west-1:111122223333:key/k' : 'aws_kms_key.signing', format,
    enabled: known(true, format), keyState: format === 'live' ? known('Enabled', format) : { state: 'absent' },
    keySpec: format === 'live' ? known('SYMMETRIC_DEFAULT', format) : { state: 'absent' },
    keyManager: format === 'live' ? known('CUSTOMER', format) : { state: 'absent' },
    rotation: format === 'live' ? known(false, format) : { state: 'absent' },
    ...(keyUsage ? { keyUsage } : {}),
    trails: [{ kind: 'trail', id: 'trail' }], aliases: [],
    policy: normalizePolicy(jsonToLValue({ Version: '2012-10-17', Statement: [] })),
  };
}

function tg303(key: Key, surface: Surface): string[] {
  const scene: Scene = { ...emptyScene(), keys: [key], ...(key.format === 'live' ? { account: { id: '111122223333', region: 'eu-west-1' } } : {}) };
  return evaluateScene(scene, defaultRuleOptions, { surface, includePasses: true }).filter((f) => f.ruleId === 'TG303').map((f) => `${f.status}: ${f.message}`);
}

describe('TG303 and the key usage', () => {
  for (const [format, surface] of [['terraform', 'terraform'], ['cfn-yaml', 'cloudformation'], ['live', 'live']] as const) {
    it(`${format}: TG303 does not apply to a SIGN_VERIFY key (signing keys cannot rotate): not applicable, never a pass`, () => {
      assert.deepStrictEqual(tg303(unrotatedKey(format, known('SIGN_VERIFY', format)), surface), ['notApplicable: TG303 does not apply: SIGN_VERIFY key: KMS rotates only encryption keys automatically']);
    });
    it(`${format}: an absent key usage means ENCRYPT_DECRYPT and still fails`, () => {
      assert.deepStrictEqual(tg303(unrotatedKey(format), surface).map((m) => m.split(':')[0]), ['fail']);
      assert.deepStrictEqual(tg303(unrotatedKey(format, known('ENCRYPT_DECRYPT', format)), surface).map((m) => m.split(':')[0]), ['fail']);
    });
  }

  it('does not apply to a MAC key (GENERATE_VERIFY_MAC) either', () => {
    assert.deepStrictEqual(tg303(unrotatedKey('terraform', known('GENERATE_VERIFY_MAC', 'terraform')), 'terraform'), ['notApplicable: TG303 does not apply: GENERATE_VERIFY_MAC key: KMS rotates only encryption keys automatically']);
  });

  it('an unresolved key usage is unknown, not a failure (it may be a signing key)', () => {
    assert.deepStrictEqual(tg303(unrotatedKey('terraform', { state: 'unresolved', reason: '`key_usage`: var.usage has no default' }), 'terraform'),
      ['unknown: TG303 could not be verified: `key_usage`: var.usage has no default']);
  });
});
