// "Does this resource policy let principal P do action A on resource R?" in the three-valued form the rules
// need: allowed (with the statement that allows it), denied (with the Deny that cancels it), missing, or
// unknown (a statement that could decide it could not be evaluated).
import type { PolicyDoc, Statement } from '../model';
import {
  hasConditions,
  statementAppliesToService,
  statementCoversAction,
  statementCoversResource,
  statementTouchesAction,
  statementTouchesResource,
} from './match';

export type GrantResult =
  | { status: 'allowed'; statement: Statement }
  | { status: 'denied'; statement: Statement; allow?: Statement }
  | { status: 'missing' }
  | { status: 'unknown'; reason: string; statement?: Statement };

export interface ServiceRequest {
  service: string;
  /** A concrete action, e.g. `kms:GenerateDataKey` (the call the service makes). */
  action: string;
  /** The resource the call is on; `${...}` parts are unknown values. Omitted for key policies (always `*`). */
  resource?: string;
}

function allows(stmt: Statement, req: ServiceRequest): boolean {
  return (
    stmt.effect === 'Allow' &&
    statementAppliesToService(stmt, req.service, false) &&
    statementCoversAction(stmt, req.action) &&
    (req.resource === undefined || statementCoversResource(stmt, req.resource))
  );
}

/**
 * A Deny cancels the grant when it applies to the service (by name or to everyone), to the action and to the
 * resource, unconditionally. A conditioned Deny (e.g. "deny when not over TLS") only cancels some requests,
 * which is not what these checks are about.
 */
function cancels(stmt: Statement, req: ServiceRequest): boolean {
  return (
    stmt.effect === 'Deny' &&
    !hasConditions(stmt) &&
    statementAppliesToService(stmt, req.service, true) &&
    statementTouchesAction(stmt, req.action) &&
    (req.resource === undefined || statementTouchesResource(stmt, req.resource))
  );
}

/** Allowed for the service and not cancelled by an unconditioned Deny. */
export function policyAllowsService(doc: PolicyDoc, req: ServiceRequest): GrantResult {
  if (doc.state === 'unresolved') return { status: 'unknown', reason: doc.reason ?? 'the policy could not be evaluated' };
  const known = doc.statements.filter((s) => !s.unresolved);
  const unreadable = doc.statements.filter((s) => s.unresolved);
  const allow = known.find((s) => allows(s, req));
  const deny = known.find((s) => cancels(s, req));
  if (deny) return { status: 'denied', statement: deny, allow };
  // An unreadable Deny could cancel the grant; an unreadable Allow could be the grant.
  const couldDeny = unreadable.find((s) => s.effect !== 'Allow');
  const couldAllow = unreadable.find((s) => s.effect !== 'Deny');
  if (allow) {
    if (couldDeny) return { status: 'unknown', reason: couldDeny.unresolved ?? 'a statement could not be evaluated', statement: couldDeny };
    return { status: 'allowed', statement: allow };
  }
  if (couldAllow) return { status: 'unknown', reason: couldAllow.unresolved ?? 'a statement could not be evaluated', statement: couldAllow };
  return { status: 'missing' };
}

/** Key policy: the service may call `action` on this key (`Resource` in a key policy is the key itself). */
export function keyPolicyAllowsService(doc: PolicyDoc, service: string, action: string): GrantResult {
  return policyAllowsService(doc, { service, action });
}

/** Bucket policy: the service may call `action` on `resource` (an ARN, `${...}` for unknown parts). */
export function bucketPolicyAllowsService(doc: PolicyDoc, service: string, action: string, resource: string): GrantResult {
  return policyAllowsService(doc, { service, action, resource });
}

/** Allow statements that name the service and grant it at least part of `action`. */
export function statementsGrantingService(doc: PolicyDoc, service: string, action: string): Statement[] {
  return doc.statements.filter(
    (s) => !s.unresolved && s.effect === 'Allow' && statementAppliesToService(s, service, false) && statementTouchesAction(s, action),
  );
}

/** The policy names the service as a principal anywhere (also in NotPrincipal). */
export function policyNamesService(doc: PolicyDoc, service: string): boolean {
  const svc = service.toLowerCase();
  return doc.statements.some((s) =>
    [s.principal, s.notPrincipal].some((p) => p?.service.some((x) => x.toLowerCase() === svc)),
  );
}

/** Some statement conditions on `key` (e.g. `kms:EncryptionContext:aws:cloudtrail:arn`). */
export function policyMentionsConditionKey(doc: PolicyDoc, key: string): boolean {
  const k = key.toLowerCase();
  return doc.statements.some((s) => Object.values(s.conditions).some((keys) => Object.keys(keys).some((x) => x.toLowerCase() === k)));
}
