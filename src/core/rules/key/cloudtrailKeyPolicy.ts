// The key-policy statements AWS documents for CloudTrail ("Configure AWS KMS key policies for CloudTrail"),
// shared by TG301 (encrypt) and TG302 (describe) fixes, and the common policy-state handling of both.
import type { Key, Scene } from '../../model';
import { keyPolicyAllowsService } from '../../policy/grants';
import { refText } from '../../refText';
import { accountRef, firstWithoutPlaceholder, trailArnRef } from '../refs';
import { failWithRelations, missingStatementPosition, policyPosition, statementPosition, trailsOf } from '../bucket/support';
import type { CheckContext } from '../rule';
import { inForce, listPlaceholders, pendingStatements, statementPlaceholders } from '../placeholders';
import { CLOUDTRAIL_CONTEXT_KEY, CLOUDTRAIL_SERVICE } from '../scope';

/**
 * The AWS-documented statement, pinned to the trail ARN and to the account's trails by encryption context; when the
 * trail's name cannot be derived, the encryption-context condition alone (no placeholder to fill in).
 */
export function encryptLogsStatements(key: Key, scene: Scene): Record<string, unknown>[] {
  const full = encryptLogsStatement(key, scene);
  const cond = full.Condition as Record<string, unknown>;
  return [full, { ...full, Condition: { StringLike: cond.StringLike } }];
}

export function encryptLogsStatement(key: Key, scene: Scene): Record<string, unknown> {
  return {
    Sid: 'AllowCloudTrailToEncryptLogs',
    Effect: 'Allow',
    Principal: { Service: CLOUDTRAIL_SERVICE },
    Action: 'kms:GenerateDataKey*',
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:SourceArn': trailArnRef(trailsOf(key, scene)[0], scene, key.policy) },
      StringLike: { [CLOUDTRAIL_CONTEXT_KEY]: refText('arn:', { pseudo: 'partition' }, ':cloudtrail:*:', accountRef(scene, key.policy), ':trail/*') },
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
export function checkCloudTrailKeyGrant(key: Key, ctx: CheckContext, action: string, statement: Record<string, unknown> | Record<string, unknown>[], consequence: string): void {
  const policy = key.policy;
  if (policy.state === 'unresolved') return ctx.unknown(policyPosition(policy, key), policy.reason ?? 'the key policy could not be evaluated');
  if (policy.state === 'absent') {
    failWithRelations(ctx, key, key, `this trail key has no key policy: the default policy does not let ${CLOUDTRAIL_SERVICE} call ${action}, so ${consequence}`);
    return;
  }
  const result = keyPolicyAllowsService(inForce(policy), CLOUDTRAIL_SERVICE, action);
  if (result.status === 'allowed') return;
  // A statement that would allow it once its placeholders are replaced: not in force yet, and not appended twice.
  const pending = pendingStatements(policy).find((s) => keyPolicyAllowsService({ ...policy, statements: [s] }, CLOUDTRAIL_SERVICE, action).status === 'allowed');
  if (result.status === 'missing' && pending) {
    failWithRelations(ctx, key, statementPosition(pending, policy, key), `this statement would let ${CLOUDTRAIL_SERVICE} call ${action} but still holds ${listPlaceholders(statementPlaceholders(pending))}: until replaced, ${consequence}`);
    return;
  }
  if (result.status === 'unknown') return ctx.unknown(statementPosition(result.statement, policy, key), result.reason);
  if (result.status === 'denied') {
    failWithRelations(ctx, key, statementPosition(result.statement, policy, key), `this Deny statement blocks ${CLOUDTRAIL_SERVICE} from ${action}, so ${consequence}`);
    return;
  }
  const pick = firstWithoutPlaceholder((Array.isArray(statement) ? statement : [statement]).map((s) => () => policy.appendStatement?.(s)));
  failWithRelations(ctx, key, missingStatementPosition(policy, key), `the key policy does not allow ${CLOUDTRAIL_SERVICE} ${action}, so ${consequence}`, {
    fixes: pick ? [{ title: `Append the AWS-documented statement allowing CloudTrail ${action}`, kind: pick.kind, edits: pick.edits }] : [],
  });
}
