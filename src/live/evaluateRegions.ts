// Running the rules over a scanned account's region scenes: the per-region rules on each scene, the account-level
// rules (TG402, TG107) once over all regions, severity overrides from settings, and no verdict on "no trail"
// when the trails could not be listed.
import { evaluateSceneWithEntities, type EntityFinding } from '../core/evaluate';
import type { OrgPolicy, Scene, Trail } from '../core/model';
import { emptyScene } from '../core/model';
import { allRules, ruleById } from '../core/rules';
import { TG402 } from '../core/rules/config/TG402';
import { TG107 } from '../core/rules/trail/TG107';
import { defaultRuleOptions, type Rule, type RuleOptions } from '../core/rules/rule';
import type { RegionResult } from './assembleScan';
import type { OrganizationRead } from './describeOrganization';
import { TG501 } from '../core/rules/org/TG501';
import type { ServiceControlPolicies } from './readServiceControlPolicies';

/** What decides which rules run and how their results read (a subset of ScanOptions). */
export interface RuleSelection {
  /** Rule settings (retention, opt-in rules, scope); defaults as in the IaC lint. */
  ruleOptions?: Partial<RuleOptions>;
  /** Bucket-name globs of audit-log buckets no trail delivers to (checked too). */
  auditBucketPatterns?: string[];
  /** Per-rule settings as in `.trailguard.yaml` `rules:` (severity override or `off`). */
  ruleSettings?: Record<string, 'error' | 'warning' | 'info' | 'off'>;
  /** Rules switched off (the editor's settings); same as `off` in ruleSettings. */
  disabledRules?: string[];
}

export function ruleOptionsOf(opts: RuleSelection): RuleOptions {
  return {
    ...defaultRuleOptions,
    ...opts.ruleOptions,
    auditBucketPatterns: [...(opts.ruleOptions?.auditBucketPatterns ?? []), ...(opts.auditBucketPatterns ?? [])],
  };
}

/** Rule id → the setting that switched it off: reported as `off` with it, so a report says why a rule did not run. */
export function disabledRulesOf(opts: RuleSelection): Map<string, string> {
  return new Map<string, string>([
    ...(opts.disabledRules ?? []).map((id): [string, string] => [id, `the setting ${id}: off`]),
    ...Object.entries(opts.ruleSettings ?? {}).filter(([, v]) => v === 'off').map(([id]): [string, string] => [id, `rules.${id}: off in settings`]),
  ]);
}

/**
 * Every rule over the region scenes: `r.findings` of each region filled, account-level findings in the region of
 * their entity (else the first scanned region).
 */
export function evaluateRegions(
  results: RegionResult[],
  account: AccountReads,
  opts: RuleSelection,
): void {
  const options = ruleOptionsOf(opts);
  const disabled = disabledRulesOf(opts);
  const perRegion = allRules.filter((r) => !ACCOUNT_LEVEL_RULES.includes(r));
  for (const r of results) {
    r.findings = evaluateSceneWithEntities(r.scene, options, { surface: 'live', includePasses: true, disabled, rules: perRegion })
      .map((f) => withSeverityOverride(f, opts.ruleSettings));
    if (r.describeError) r.findings = r.findings.map((f) => explainUnlistedTrails(f, r.describeError!));
  }
  const describeError = results.find((r) => r.describeError)?.describeError;
  for (const f of evaluateAccountLevel(results, account, options, disabled)) {
    const home = results.find((r) => r.region === f.entity.region) ?? results[0];
    home?.findings.push(withSeverityOverride(describeError ? explainUnlistedTrails(f, describeError) : f, opts.ruleSettings));
  }
}

/**
 * Rules whose verdict is about the account, not one region: AWS Config must record global resource types in
 * exactly one region, so TG402 judges every scanned region's recorders together (one region recording them
 * passes the others; several get an Information finding); an organization trail anywhere satisfies TG107, which
 * is reported once for the account.
 */
export const ACCOUNT_LEVEL_RULES: readonly Rule[] = [TG402 as Rule, TG107, TG501];

/** What the scan read about the account as a whole (organization role, service control policies). */
interface AccountReads { id: string | undefined; organization: OrganizationRead | undefined; scps?: ServiceControlPolicies }

/**
 * The account-level rules over one scene holding every region's recorders and every distinct trail (by ARN);
 * findings keep the recorder's region, account findings go to the first scanned region.
 */
function evaluateAccountLevel(
  results: RegionResult[],
  account: AccountReads,
  options: RuleOptions,
  disabled: ReadonlyMap<string, string>,
): EntityFinding[] {
  const trails = new Map<string, Trail>();
  for (const { trail } of results.flatMap((r) => r.trails)) if (!trails.has(trail.arn ?? trail.id)) trails.set(trail.arn ?? trail.id, trail);
  const scps = account.scps?.policies;
  const scene: Scene = {
    ...emptyScene(),
    account: {
      id: account.id,
      ...(account.organization ? { isOrgManagement: account.organization.isOrgManagement } : {}),
      ...(Array.isArray(scps) ? { serviceControlPoliciesRead: true } : {}),
    },
    recorders: results.flatMap((r) => r.scene.recorders),
    trails: [...trails.values()],
    // SCPs that could not be listed: one unreadable policy, so TG501 is unknown with the reason.
    orgPolicies: Array.isArray(scps) ? scps : scps ? [unreadPolicies(account.id, scps.unread)] : [],
  };
  return evaluateSceneWithEntities(scene, options, { surface: 'live', includePasses: true, disabled, rules: ACCOUNT_LEVEL_RULES });
}

/** A severity set in settings applies to passes and failures; unknown stays Information. */
function withSeverityOverride(f: EntityFinding, settings: RuleSelection['ruleSettings']): EntityFinding {
  const setting = settings?.[f.finding.ruleId];
  if (!setting || setting === 'off' || f.finding.status === 'unknown') return f;
  return { ...f, finding: { ...f.finding, severity: setting } };
}

/**
 * When DescribeTrails failed, the scene has no trails: an account-level "no trail" verdict would be a false
 * fail, so it becomes unknown with the reason the trails could not be listed.
 */
function explainUnlistedTrails(f: EntityFinding, reason: string): EntityFinding {
  if (f.entity.kind !== 'account' || !ruleById(f.finding.ruleId)?.meta.live?.evidence.includes('DescribeTrails') || (f.finding.status !== 'pass' && f.finding.status !== 'fail')) return f;
  return { ...f, finding: { ...f.finding, status: 'unknown', severity: 'info', message: `${f.finding.ruleId} could not be verified: ${reason}` } };
}

function unreadPolicies(account: string | undefined, reason: string): OrgPolicy {
  return { kind: 'orgPolicy', id: `service control policies of ${account ?? 'this organization'}`, format: 'live', policyType: { state: 'known', value: 'SERVICE_CONTROL_POLICY' }, policy: { state: 'unresolved', reason, statements: [] } };
}
