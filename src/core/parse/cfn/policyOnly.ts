// Entities of which only a policy is known: a standalone policy file, or a CloudFormation bucket policy for a
// bucket the template does not declare. They carry `format: 'policy-json'`, which is how the rules recognise
// them and judge only their policy; every other attribute is unresolved with `reason`.
import type { Attr, Bucket, EntityBase, Key, OrgPolicy, PolicyDoc } from '../../model';

export type PolicyOnlyBase = Omit<EntityBase, 'kind' | 'format'>;

function unresolved<T>(reason: string): Attr<T> {
  return { state: 'unresolved', reason };
}

export function policyOnlyOrgPolicy(base: PolicyOnlyBase, policy: PolicyDoc): OrgPolicy {
  return { ...base, format: 'policy-json', kind: 'orgPolicy', policyType: { state: 'known', value: 'SERVICE_CONTROL_POLICY' }, policy };
}

export function policyOnlyKey(base: PolicyOnlyBase, policy: PolicyDoc, reason: string): Key {
  return {
    ...base,
    format: 'policy-json',
    kind: 'key',
    enabled: unresolved(reason),
    keyState: unresolved(reason),
    keySpec: unresolved(reason),
    keyManager: unresolved(reason),
    rotation: unresolved(reason),
    policy,
    trails: [],
    aliases: [],
  };
}

export function policyOnlyBucket(base: PolicyOnlyBase, policy: PolicyDoc, name: Attr<string>, reason: string): Bucket {
  return {
    ...base,
    format: 'policy-json',
    kind: 'bucket',
    name,
    objectLockEnabled: unresolved(reason),
    objectLockMode: unresolved(reason),
    objectLockDays: unresolved(reason),
    objectLockYears: unresolved(reason),
    versioning: unresolved(reason),
    mfaDelete: unresolved(reason),
    publicAccessBlock: { state: 'unresolved', reason },
    acl: unresolved(reason),
    aclGrantees: unresolved(reason),
    loggingTargetBucket: unresolved(reason),
    lifecycleRules: { unresolved: reason },
    hasLifecycle: unresolved(reason),
    sseAlgorithm: unresolved(reason),
    sseKmsKeyId: unresolved(reason),
    policy,
    tags: unresolved(reason),
    trails: [],
  };
}
