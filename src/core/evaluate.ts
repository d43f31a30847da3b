// Runs rules over one Scene. Shared by the IaC engine and the live scanner: the only difference between the
// two is the surface (which rules apply) and whether passes are reported.
import type { CatalogSeverity, EntityBase, Finding, Scene, Severity } from './model';
import type { CheckContext, Locatable, ReportExtra, Rule, RuleOptions, Surface } from './rules/rule';
import { allRules } from './rules';

export interface EvaluateOptions {
  surface: Surface;
  /** Also return one `pass` finding per (rule, target entity) that reported nothing. */
  includePasses?: boolean;
  /** Rules switched off by settings. */
  disabled?: ReadonlySet<string>;
  rules?: readonly Rule[];
}

/** A finding together with the entity it was reported on (suppression comments are looked up around it). */
export interface EntityFinding { finding: Finding; entity: EntityBase }

export function catalogToSeverity(severity: CatalogSeverity): Severity {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'info';
}

export function isRuleEnabled(rule: Rule, options: RuleOptions, disabled?: ReadonlySet<string>): boolean {
  if (disabled?.has(rule.meta.id)) return false;
  return !rule.meta.optIn || options.optIn.includes(rule.meta.id);
}

export function evaluateSceneWithEntities(scene: Scene, options: RuleOptions, opts: EvaluateOptions): EntityFinding[] {
  const out: EntityFinding[] = [];
  for (const rule of opts.rules ?? allRules) {
    if (!rule.meta.surfaces.includes(opts.surface) || !isRuleEnabled(rule, options, opts.disabled)) continue;
    for (const entity of rule.targets(scene, options)) {
      const reported: Finding[] = [];
      const report = (at: Locatable, status: 'fail' | 'unknown', message: string, extra?: ReportExtra): void => {
        reported.push({
          ruleId: rule.meta.id,
          status,
          severity: status === 'unknown' ? 'info' : catalogToSeverity(extra?.severity ?? rule.meta.severity),
          message,
          resource: entity.id,
          file: at.loc?.file ?? entity.loc?.file,
          range: at.loc?.range ?? entity.loc?.range,
          fixes: extra?.fixes ?? [],
          related: extra?.related ?? [],
          region: entity.region,
          evidence: entity.evidence,
        });
      };
      const ctx: CheckContext = {
        scene,
        options,
        fail: (at, message, extra) => report(at, 'fail', message, extra),
        unknown: (at, reason) => report(at, 'unknown', `${rule.meta.id} could not be verified: ${reason}`),
      };
      // A bucket or key the scanner could not read at all (another account's, or every call denied) is unknown for
      // every rule, with that reason: checked here once rather than at the top of each rule.
      const inaccessible = (entity as { inaccessible?: string }).inaccessible;
      try {
        if (inaccessible) ctx.unknown(entity, inaccessible);
        else rule.check(entity, ctx);
      } catch (err) {
        // A rule bug must not take the whole lint down; it surfaces as unknown so it is never silently green.
        report(entity, 'unknown', `${rule.meta.id} could not be verified: internal error (${(err as Error).message})`);
      }
      if (reported.length === 0 && opts.includePasses) {
        reported.push({
          ruleId: rule.meta.id,
          status: 'pass',
          severity: catalogToSeverity(rule.meta.severity),
          message: rule.meta.title,
          resource: entity.id,
          file: entity.loc?.file,
          range: entity.loc?.range,
          fixes: [],
          related: [],
          region: entity.region,
          evidence: entity.evidence,
        });
      }
      for (const finding of reported) out.push({ finding, entity });
    }
  }
  return out;
}

export function evaluateScene(scene: Scene, options: RuleOptions, opts: EvaluateOptions): Finding[] {
  return evaluateSceneWithEntities(scene, options, opts).map((f) => f.finding);
}
