// Everything TG3xx needs about one KMS key: DescribeKey, GetKeyPolicy (the `default` policy), GetKeyRotationStatus;
// and its aliases, so that code naming the key by alias links to it (src/core/link). The aliases come from one
// ListAliases listing of the key's account and region shared by all its keys (keyAliases.ts), not a call per key.
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import type { Key, PolicyDoc } from '../core/model';
import { normalizePolicy } from '../core/policy/normalize';
import type { AwsSession, CallResult } from './awsSession';
import { responseBody } from './awsSession';
import { aliasesOfKey, type KeyAliasSource } from './keyAliases';
import { failureReason, known, optional, recordEvidence, unresolved, type Evidence } from './liveAttr';

/** `arn:aws:kms:<region>:<account>:key/<id>` parts; a bare key id or alias has none. */
export function keyArnParts(keyId: string): { region?: string; account?: string } {
  const m = /^arn:aws[\w-]*:kms:([^:]+):(\d{12}):/.exec(keyId);
  return m ? { region: m[1], account: m[2] } : {};
}

/** `aliasSource`: the listings of the scan (AccountDirectory), one per session and region. */
export async function readKey(session: AwsSession, keyId: string, fallbackRegion: string, account: string | undefined, aliasSource: KeyAliasSource): Promise<Key> {
  const { region = fallbackRegion, account: keyAccount } = keyArnParts(keyId);
  const kms = session.client('kms', region);
  const KeyId = keyId;
  const foreign = keyAccount !== undefined && account !== undefined && keyAccount !== account;
  // ListAliases does not work across accounts: another account's key is read here only when its own session is not.
  // Otherwise the first key of this session and region starts the listing, alongside its own reads; the rest share it.
  const listing = foreign ? undefined : aliasSource.keyAliases(session, region);
  const [describe, policy, rotation] = await Promise.all([
    session.call('kms', 'DescribeKey', async (abortSignal) => responseBody(await kms.send(new DescribeKeyCommand({ KeyId }), { abortSignal }))),
    session.call('kms', 'GetKeyPolicy', async (abortSignal) => responseBody(await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }), { abortSignal }))),
    session.call('kms', 'GetKeyRotationStatus', async (abortSignal) => responseBody(await kms.send(new GetKeyRotationStatusCommand({ KeyId }), { abortSignal }))),
  ]);
  const described = describe.ok ? describe.value.KeyMetadata?.KeyId : undefined;
  const aliases = listing ? aliasesOfKey(await listing, keyId, typeof described === 'string' ? described : undefined) : undefined;
  const failures = [describe, policy, rotation].flatMap((r) => (r.ok ? [] : [r.failure]));
  const inaccessible = failures.some((f) => f.code === 'NotFoundException')
    ? `key ${keyId} does not exist`
    : foreign && failures.some((f) => f.kind === 'accessDenied')
      ? `key belongs to another account (${keyAccount}); its key policy does not let ${account} read it`
      : undefined;
  const reason = (r: CallResult<unknown>): string => (inaccessible && !r.ok && (r.failure.kind === 'accessDenied' || r.failure.code === 'NotFoundException') ? inaccessible : failureReason(r));

  const evidence: Evidence = {};
  recordEvidence(evidence, 'DescribeKey', describe);
  recordEvidence(evidence, 'GetKeyPolicy', policy, policy.ok ? { PolicyName: 'default', Policy: parseJsonOr(policy.value.Policy) } : undefined);
  recordEvidence(evidence, 'GetKeyRotationStatus', rotation);
  if (aliases) recordEvidence(evidence, 'ListAliases', aliases);

  const meta = describe.ok ? describe.value.KeyMetadata : undefined;
  const fromMeta = <T>(value: T | undefined) => (describe.ok ? optional(value) : unresolved<T>(reason(describe)));
  return {
    kind: 'key',
    id: meta?.Arn ?? keyId,
    arn: meta?.Arn ?? (keyId.startsWith('arn:') ? keyId : undefined),
    format: 'live',
    region,
    evidence,
    inaccessible,
    enabled: fromMeta(meta?.Enabled),
    keyState: fromMeta(meta?.KeyState),
    keySpec: fromMeta(meta?.KeySpec ?? meta?.CustomerMasterKeySpec),
    keyUsage: fromMeta(meta?.KeyUsage),
    keyManager: fromMeta(meta?.KeyManager),
    rotation: rotation.ok ? known(rotation.value.KeyRotationEnabled ?? false) : unresolved(reason(rotation)),
    policy: keyPolicy(policy, reason),
    trails: [],
    // Unreadable aliases leave the list empty: the key then links by ARN or through its trail only.
    aliases: aliases?.ok ? aliases.value.Aliases.map((a) => a.AliasName) : [],
  };
}

function keyPolicy(r: CallResult<{ Policy?: string }>, reason: (r: CallResult<unknown>) => string): PolicyDoc {
  if (!r.ok) return { state: 'unresolved', reason: reason(r), statements: [] };
  return normalizePolicy({ t: 'str', v: r.value.Policy ?? '' });
}

function parseJsonOr(text: string | undefined): unknown {
  try { return JSON.parse(text ?? ''); } catch { return text; }
}
