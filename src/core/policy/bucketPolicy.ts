// Bucket-policy questions the TG2xx rules ask, shared with the live scanner (which normalises GetBucketPolicy
// text with the same `normalizePolicy`).
import type { PolicyDoc, Statement } from '../model';
import { conditionNarrowing } from './conditions';
import { conditionValues, principalIsEveryone, statementCoversAction, statementCoversResource } from './match';

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

/** An Allow to everyone (`"*"`, `{"AWS": "*"}` or a NotPrincipal), before its conditions are looked at. */
export function allowsEveryone(stmt: Statement): boolean {
  if (stmt.unresolved || stmt.effect !== 'Allow') return false;
  return principalIsEveryone(stmt.principal) || (stmt.principal === undefined && stmt.notPrincipal !== undefined);
}

/** An Allow to everyone that no condition narrows (judged by operator and value, see `conditionNarrowing`). */
export function isPublicAllow(stmt: Statement): boolean {
  return allowsEveryone(stmt) && conditionNarrowing(stmt, NARROWING_CONDITION_KEYS).status === 'open';
}

export interface PublicAllow { statement: Statement; /** Conditions present that do not narrow, and why. */ why: string[] }

/**
 * Statements of a policy that make it public (with why their conditions do not count); statements whose
 * narrowing depends on an unknown value, and unreadable Allow statements, are returned apart with the reason.
 */
export function publicAllowStatements(doc: PolicyDoc): { public: PublicAllow[]; unknown: { statement: Statement; reason: string }[] } {
  const open: PublicAllow[] = [];
  const unknown: { statement: Statement; reason: string }[] = [];
  for (const statement of doc.statements) {
    if (statement.unresolved) {
      if (statement.effect !== 'Deny') unknown.push({ statement, reason: statement.unresolved });
      continue;
    }
    if (!allowsEveryone(statement)) continue;
    const narrowing = conditionNarrowing(statement, NARROWING_CONDITION_KEYS);
    if (narrowing.status === 'open') open.push({ statement, why: narrowing.why });
    else if (narrowing.status === 'unknown') unknown.push({ statement, reason: narrowing.reason });
  }
  return { public: open, unknown };
}
