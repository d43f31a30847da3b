// Bucket-policy questions the TG2xx rules ask, shared with the live scanner (which normalises GetBucketPolicy
// text with the same `normalizePolicy`).
import type { PolicyDoc, Statement } from '../model';
import { conditionValues, hasConditionKey, principalIsEveryone, statementCoversAction, statementCoversResource } from './match';

export type PolicyCheck =
  | { status: 'pass'; statement: Statement }
  | { status: 'missing' }
  | { status: 'unknown'; reason: string; statement?: Statement };

/** `arn:aws:s3:::<name>`; an unknown name becomes a `${...}` placeholder (any one bucket). */
export function bucketArn(name: string | undefined): string {
  return `arn:aws:s3:::${name ?? '${bucket}'}`;
}

/**
 * The AWS-recommended TLS guard: `Effect: Deny`, `Principal: "*"`, an action covering `s3:*`, resources covering
 * the bucket and its objects, and `Bool aws:SecureTransport = false`. An Allow conditioned on
 * `SecureTransport = true` is weaker (another Allow can still grant plain HTTP) and does not count.
 */
export function isInsecureTransportDeny(stmt: Statement, bucketName: string | undefined): boolean {
  if (stmt.unresolved || stmt.effect !== 'Deny' || !principalIsEveryone(stmt.principal)) return false;
  if (!statementCoversAction(stmt, 's3:*')) return false;
  const arn = bucketArn(bucketName);
  if (!statementCoversResource(stmt, arn) || !statementCoversResource(stmt, `${arn}/*`)) return false;
  const values = conditionValues(stmt, 'aws:SecureTransport', ['Bool']);
  return values !== undefined && values.some((v) => v.toLowerCase() === 'false');
}

export function bucketPolicyDeniesInsecureTransport(doc: PolicyDoc, bucketName: string | undefined): PolicyCheck {
  if (doc.state === 'unresolved') return { status: 'unknown', reason: doc.reason ?? 'the bucket policy could not be evaluated' };
  const found = doc.statements.find((s) => isInsecureTransportDeny(s, bucketName));
  if (found) return { status: 'pass', statement: found };
  const unreadable = doc.statements.find((s) => s.unresolved && s.effect !== 'Allow');
  if (unreadable) return { status: 'unknown', reason: unreadable.unresolved ?? 'a statement could not be evaluated', statement: unreadable };
  return { status: 'missing' };
}

/**
 * Condition keys that narrow a `Principal: "*"` grant to known callers (the confused-deputy and org guards AWS
 * documents); any one of them makes the grant non-public for TG212.
 */
export const NARROWING_CONDITION_KEYS = [
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:SourceOwner',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalServiceName',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:SourceIp',
  'aws:userid',
  'aws:username',
  'kms:CallerAccount',
];

/** An Allow to everyone (`"*"`, `{"AWS": "*"}` or a NotPrincipal) without any narrowing condition. */
export function isPublicAllow(stmt: Statement): boolean {
  if (stmt.unresolved || stmt.effect !== 'Allow') return false;
  const everyone = principalIsEveryone(stmt.principal) || (stmt.principal === undefined && stmt.notPrincipal !== undefined);
  return everyone && !NARROWING_CONDITION_KEYS.some((k) => hasConditionKey(stmt, k));
}

/** Statements of a policy that make it public; unreadable Allow statements are returned apart. */
export function publicAllowStatements(doc: PolicyDoc): { public: Statement[]; unreadable: Statement[] } {
  return {
    public: doc.statements.filter(isPublicAllow),
    unreadable: doc.statements.filter((s) => s.unresolved && s.effect !== 'Deny'),
  };
}
