// TG304: the key policy does not let everyone (or a foreign account) decrypt: whoever can decrypt with the trail
// key can read every log file.
import type { Key, Statement } from '../../model';
import { actionPatternCovers, conditionKeys, hasConditions, rootPrincipalAccount, statementCoversAction } from '../../policy/match';
import { hasPlaceholder } from '../../policy/glob';
import type { CheckContext, Rule } from '../rule';
import { CLOUDTRAIL_CONTEXT_KEY, trailKeys } from '../scope';
import { failWithRelations, policyPosition, statementPosition } from '../bucket/support';
import { TG304_DOC } from './TG304.doc';
import { ISO27001_A8_15, pciDss, securityHub } from '../controls';

const ACCOUNT_KEYS = ['kms:calleraccount', 'aws:principalorgid'];

function grantsEveryone(stmt: Statement): boolean {
  return stmt.principal ? stmt.principal.any : stmt.notPrincipal !== undefined;
}

/**
 * The account that owns the key: known live; in IaC, as far as the policy shows, the roots granted `kms:*`
 * (the key administrators' statement every key policy starts with).
 */
function owningAccounts(key: Key, ctx: CheckContext): Set<string> {
  const owners = new Set<string>();
  // A key read across accounts (an organization's security account) is owned by the account in its ARN.
  const arnAccount = /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(key.arn ?? '')?.[1];
  if (arnAccount) return owners.add(arnAccount);
  if (ctx.scene.account?.id) return owners.add(ctx.scene.account.id);
  for (const s of key.policy.statements) {
    if (s.unresolved || s.effect !== 'Allow' || !s.actions.some((a) => actionPatternCovers(a, 'kms:*'))) continue;
    for (const id of s.principal?.aws ?? []) {
      const acct = rootPrincipalAccount(id);
      if (acct) owners.add(acct);
    }
  }
  return owners;
}

export const TG304: Rule<Key> = {
  meta: {
    id: 'TG304',
    title: 'Key policy does not grant kms:Decrypt too broadly',
    severity: 'high',
    fix: 'no',
    surfaces: ['terraform', 'cloudformation', 'policy', 'live'],
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_33' },
      { tool: 'cfn-guard', id: 'KMS_NO_WILDCARD_PRINCIPAL' },
      { tool: 'kics', id: '7ebc9038-0bde-479a-acc4-6ed7b6758899' },
      { tool: 'kics', id: 'f6049677-ec4a-43af-8779-5190b6d03cba' },
      { tool: 'kics', id: 'da905474-7454-43c0-b8d2-5756ab951aba' },
      { tool: 'prowler', id: 'kms_key_not_publicly_accessible' },
      { tool: 'securityhub', id: 'KMS.5' },
    ],
    controls: [securityHub('KMS.5'), ISO27001_A8_15, pciDss('10.3.2', 'part')],
    doc: TG304_DOC,
  },
  targets: trailKeys,
  check(key, ctx) {
    const policy = key.policy;
    if (policy.state === 'unresolved') return ctx.unknown(policyPosition(policy, key), policy.reason ?? 'the key policy could not be evaluated');
    let owners: Set<string> | undefined;
    for (const stmt of policy.statements) {
      const where = statementPosition(stmt, policy, key);
      if (stmt.unresolved) {
        if (stmt.effect !== 'Deny' && (!stmt.principal || stmt.principal.any)) ctx.unknown(where, stmt.unresolved);
        continue;
      }
      if (stmt.effect !== 'Allow' || !statementCoversAction(stmt, 'kms:Decrypt')) continue;
      if (grantsEveryone(stmt)) {
        if (!hasConditions(stmt)) {
          failWithRelations(ctx, key, where, 'this statement lets everyone (Principal "*") decrypt with the trail key, without any condition: anyone could read the logs', { severity: 'critical' });
          continue;
        }
        const keys = conditionKeys(stmt);
        const missing: string[] = [];
        if (!ACCOUNT_KEYS.some((k) => keys.includes(k))) missing.push('kms:CallerAccount (or aws:PrincipalOrgID)');
        if (!keys.includes(CLOUDTRAIL_CONTEXT_KEY.toLowerCase())) missing.push(CLOUDTRAIL_CONTEXT_KEY);
        if (missing.length > 0) failWithRelations(ctx, key, where, `this statement lets everyone (Principal "*") decrypt with the trail key without a ${missing.join(' and ')} condition`);
        continue;
      }
      owners ??= owningAccounts(key, ctx);
      if (owners.size === 0 || [...owners].some(hasPlaceholder)) continue;
      for (const id of stmt.principal?.aws ?? []) {
        const acct = rootPrincipalAccount(id);
        if (acct && !hasPlaceholder(acct) && !owners.has(acct)) {
          failWithRelations(ctx, key, where, `this statement lets every principal of account ${acct} (another account) decrypt with the trail key`, { severity: 'medium' });
        }
      }
    }
  },
};
