// The key-policy statements AWS documents for CloudTrail ("Configure AWS KMS key policies for CloudTrail"),
// shared by TG301 (encrypt) and TG302 (describe) fixes, and the common policy-state handling of both.
import type { Key, Scene } from '../../model';
import { keyPolicyAllowsService } from '../../policy/grants';
import { refText } from '../../refText';
import { accountRef, fixKind, trailArnRef } from '../refs';
import { failWithRelations, policyPosition, statementPosition, trailsOf } from '../bucket/support';
import type { CheckContext } from '../rule';
import { CLOUDTRAIL_CONTEXT_KEY, CLOUDTRAIL_SERVICE } from '../scope';

export function encryptLogsStatement(key: Key, scene: Scene): Record<string, unknown> {
  return {
    Sid: 'AllowCloudTrailToEncryptLogs',
    Effect: 'Allow',
    Principal: { Service: CLOUDTRAIL_SERVICE },
    Action: 'kms:GenerateDataKey*',
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:SourceArn': trailArnRef(trailsOf(key, scene)[0], scene) },
      StringLike: { [CLOUDTRAIL_CONTEXT_KEY]: refText('arn:', { pseudo: 'partition' }, ':cloudtrail:*:', accountRef(scene), ':trail/*') },
    },
  };
}

export function describeKeyStatement(): Record<string, unknown> {
  return {
    Sid: 'AllowCloudTrailToDescribeKey',
    Effect: 'Allow',
    Principal: { Service: CLOUDTRAIL_SERVICE },
    Action: 'kms:DescribeKey',
    Resource: '*',
  };
}

/**
 * Reports whether the key policy lets CloudTrail call `action`: fail when the policy is absent (the default key
 * policy only trusts the account), when no statement allows it (with `fix` appending `statement`), or when a
 * Deny cancels it; unknown when the policy or a deciding statement could not be evaluated.
 */
export function checkCloudTrailKeyGrant(key: Key, ctx: CheckContext, action: string, statement: Record<string, unknown>, consequence: string): void {
  const policy = key.policy;
  if (policy.state === 'unresolved') return ctx.unknown(policyPosition(policy, key), policy.reason ?? 'the key policy could not be evaluated');
  if (policy.state === 'absent') {
    failWithRelations(ctx, key, key, `this trail key has no key policy: the default policy does not let ${CLOUDTRAIL_SERVICE} call ${action}, so ${consequence}`);
    return;
  }
  const result = keyPolicyAllowsService(policy, CLOUDTRAIL_SERVICE, action);
  if (result.status === 'allowed') return;
  if (result.status === 'unknown') return ctx.unknown(statementPosition(result.statement, policy, key), result.reason);
  if (result.status === 'denied') {
    failWithRelations(ctx, key, statementPosition(result.statement, policy, key), `this Deny statement blocks ${CLOUDTRAIL_SERVICE} from ${action}, so ${consequence}`);
    return;
  }
  const edits = policy.appendStatement?.(statement);
  failWithRelations(ctx, key, policyPosition(policy, key), `the key policy does not allow ${CLOUDTRAIL_SERVICE} ${action}, so ${consequence}`, {
    fixes: edits && edits.length ? [{ title: `Append the AWS-documented statement allowing CloudTrail ${action}`, kind: fixKind(edits), edits }] : [],
  });
}
