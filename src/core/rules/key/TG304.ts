// TG304: the key policy does not let everyone (or a foreign account) decrypt: whoever can decrypt with the trail
// key can read every log file.
import type { Key, Principal, Statement } from '../../model';
import { conditionNarrowing } from '../../policy/conditions';
import { actionPatternCovers, hasConditions, rootPrincipalAccount, statementCoversAction, statementTouchesAction } from '../../policy/match';
import { hasPlaceholder } from '../../policy/glob';
import type { CheckContext, Rule } from '../rule';
import { CLOUDTRAIL_CONTEXT_KEY, trailKeyReason, trailKeys } from '../scope';
import { failWithRelations, policyPosition, statementPosition } from '../bucket/support';
import { TG304_DOC } from './TG304.doc';
import { ISO27001_A8_15, pciDss, securityHub } from '../controls';
import { editKeyPolicy } from '../liveRemediation';

const ACCOUNT_KEYS = ['kms:CallerAccount', 'aws:PrincipalAccount', 'aws:PrincipalOrgID'];

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
    live: {
      service: 'kms',
      evidence: ['GetKeyPolicy'],
      remediation: (k, ctx) => editKeyPolicy(k as Key, ctx),
    },
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
    // The encryption-context condition is demanded only on trail keys; on other keys (`scope: all`) an account or
    // organization condition with a concrete value narrows the grant enough (rules.md TG304).
    const trailKey = trailKeyReason(key) !== undefined;
    const keyWord = trailKey ? 'the trail key' : 'this key';
    let owners: Set<string> | undefined;
    for (const stmt of policy.statements) {
      const where = statementPosition(stmt, policy, key);
      if (stmt.unresolved) {
        const principalUnread = !stmt.principal || stmt.principal.any || isEmptyPrincipal(stmt.principal);
        const mayDecrypt = stmt.actions.length === 0 || statementTouchesAction(stmt, 'kms:Decrypt');
        if (stmt.effect !== 'Deny' && principalUnread && mayDecrypt) ctx.unknown(where, stmt.unresolved);
        continue;
      }
      if (stmt.effect !== 'Allow' || !statementCoversAction(stmt, 'kms:Decrypt')) continue;
      if (grantsEveryone(stmt)) {
        if (!hasConditions(stmt)) {
          failWithRelations(ctx, key, where, `this statement lets everyone (Principal "*") decrypt with ${keyWord}, without any condition: anyone could read the logs`, { severity: 'critical' });
          continue;
        }
        const missing: string[] = [];
        const why: string[] = [];
        const unknown: string[] = [];
        const account = conditionNarrowing(stmt, ACCOUNT_KEYS);
        if (account.status === 'unknown') unknown.push(account.reason);
        else if (account.status === 'open') {
          missing.push('kms:CallerAccount (or aws:PrincipalAccount / aws:PrincipalOrgID) condition with a concrete value');
          why.push(...account.why);
        }
        if (trailKey) {
          const context = conditionNarrowing(stmt, [CLOUDTRAIL_CONTEXT_KEY]);
          if (context.status === 'unknown') unknown.push(context.reason);
          else if (context.status === 'open') {
            missing.push(`${CLOUDTRAIL_CONTEXT_KEY} condition naming this account's trails`);
            why.push(...context.why);
          }
        }
        if (missing.length > 0) {
          const detail = why.length ? ` (${why.join('; ')})` : '';
          failWithRelations(ctx, key, where, `this statement lets everyone (Principal "*") decrypt with ${keyWord} without a ${missing.join(' and without a ')}${detail}`);
        } else if (unknown.length > 0) ctx.unknown(where, unknown.join('; '));
        continue;
      }
      owners ??= owningAccounts(key, ctx);
      if (owners.size === 0 || [...owners].some(hasPlaceholder)) continue;
      for (const id of stmt.principal?.aws ?? []) {
        const acct = rootPrincipalAccount(id);
        if (acct && !hasPlaceholder(acct) && !owners.has(acct)) {
          failWithRelations(ctx, key, where, `this statement lets every principal of account ${acct} (another account) decrypt with ${keyWord}`, { severity: 'medium' });
        }
      }
    }
  },
};

function isEmptyPrincipal(p: Principal): boolean {
  return !p.any && p.aws.length + p.service.length + p.federated.length + p.canonicalUser.length === 0;
}
