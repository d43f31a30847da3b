// Matching one statement element at a time, with IAM's semantics: actions and condition keys are
// case-insensitive, ARNs are not; `NotAction` / `NotResource` apply to everything they do not name; a service
// principal is named under `Principal.Service`, and `"*"` / `{"AWS": "*"}` mean everyone.
import type { Principal, Statement } from '../model';
import { globCovers, globMatches, globOverlaps } from './glob';

const CI = { caseInsensitive: true };

/** `kms:*`, `*`, `kms:Generate*` and `kms:GenerateDataKey*` all match `kms:GenerateDataKey`. */
export function actionPatternMatches(pattern: string, action: string): boolean {
  return globMatches(pattern, action, CI);
}

/** Every action `required` (itself possibly a pattern, e.g. `kms:GenerateDataKey*`) names is matched by `pattern`. */
export function actionPatternCovers(pattern: string, required: string): boolean {
  return globCovers(pattern, required, CI);
}

/**
 * The statement applies to every action `required` stands for: one of its `Action`s covers it, or it uses
 * `NotAction` and none of those can match any of it.
 */
export function statementCoversAction(stmt: Statement, required: string): boolean {
  if (stmt.actions.some((a) => actionPatternCovers(a, required))) return true;
  return stmt.notActions.length > 0 && !stmt.notActions.some((a) => globOverlaps(a, required, CI));
}

/** The statement applies to at least one action `required` stands for. */
export function statementTouchesAction(stmt: Statement, required: string): boolean {
  if (stmt.actions.some((a) => globOverlaps(a, required, CI))) return true;
  return stmt.notActions.length > 0 && !stmt.notActions.some((a) => actionPatternCovers(a, required));
}

/**
 * The statement's resources include every resource `required` stands for. `required` may hold `${...}` for
 * parts we do not know (an account id in IaC) and `*` for "all objects under".
 */
export function statementCoversResource(stmt: Statement, required: string): boolean {
  if (stmt.resources.some((r) => globCovers(r, required))) return true;
  return stmt.notResources.length > 0 && !stmt.notResources.some((r) => globOverlaps(r, required));
}

/** The statement's resources include at least one resource `required` stands for. */
export function statementTouchesResource(stmt: Statement, required: string): boolean {
  if (stmt.resources.some((r) => globOverlaps(r, required))) return true;
  return stmt.notResources.length > 0 && !stmt.notResources.some((r) => globCovers(r, required));
}

/** `"*"` or `{"AWS": "*"}`: anyone, including anonymous callers. */
export function principalIsEveryone(p: Principal | undefined): boolean {
  return p !== undefined && p.any;
}

/** The principal names the service explicitly (`{"Service": "cloudtrail.amazonaws.com"}`). */
export function principalNamesService(p: Principal | undefined, service: string): boolean {
  return p !== undefined && p.service.some((s) => s.toLowerCase() === service.toLowerCase());
}

/**
 * The statement applies to calls made by `service`: it names the service, or (with `includeEveryone`) it applies
 * to everyone; `NotPrincipal` applies to everyone it does not name.
 */
export function statementAppliesToService(stmt: Statement, service: string, includeEveryone: boolean): boolean {
  if (stmt.principal) return principalNamesService(stmt.principal, service) || (includeEveryone && stmt.principal.any);
  if (stmt.notPrincipal) return includeEveryone && !principalNamesService(stmt.notPrincipal, service) && !stmt.notPrincipal.any;
  return false;
}

/** Condition keys of the statement under any operator, lower-cased (IAM condition keys are case-insensitive). */
export function conditionKeys(stmt: Statement): string[] {
  return Object.values(stmt.conditions).flatMap((keys) => Object.keys(keys).map((k) => k.toLowerCase()));
}

/** The statement has a condition on `key` (under any operator, or one of `operators`, `...IfExists` included). */
export function hasConditionKey(stmt: Statement, key: string, operators?: string[]): boolean {
  return conditionValues(stmt, key, operators) !== undefined;
}

/** Values of condition `key` under the first matching operator, or undefined when the key is not conditioned. */
export function conditionValues(stmt: Statement, key: string, operators?: string[]): string[] | undefined {
  const wantedOps = operators?.map((o) => o.toLowerCase());
  for (const [op, keys] of Object.entries(stmt.conditions)) {
    const bareOp = op.toLowerCase().replace(/ifexists$/, '').replace(/^(forallvalues|foranyvalue):/, '');
    if (wantedOps && !wantedOps.includes(bareOp)) continue;
    for (const [k, values] of Object.entries(keys)) if (k.toLowerCase() === key.toLowerCase()) return values;
  }
  return undefined;
}

export function hasConditions(stmt: Statement): boolean {
  return Object.values(stmt.conditions).some((keys) => Object.keys(keys).length > 0);
}

/** A 12-digit account of an `arn:aws:iam::<acct>:root` / bare account-id principal, else undefined. */
export function rootPrincipalAccount(id: string): string | undefined {
  const bare = /^\d{12}$/.exec(id);
  if (bare) return id;
  const arn = /^arn:aws[a-z-]*:iam::(\d{12}|\$\{[^}]*\}):root$/.exec(id);
  return arn ? arn[1] : undefined;
}
