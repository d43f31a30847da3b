// What the run record says about the settings in force, and the exceptions register's entries, from the same
// settings object the scan used (`.trailguard.yaml` for the CLI, `trailguard.*` for the editor).
import type { LintConfig } from '../core/config';
import { defaultRuleOptions } from '../core/rules/rule';
import type { EvidenceSettings, ExceptionRule } from './types';

export function evidenceSettings(config: Partial<LintConfig> | undefined, source: string, disabledRules: string[] = []): EvidenceSettings {
  const rules = Object.entries(config?.rules ?? {});
  return {
    rulesOff: [
      ...disabledRules.map((ruleId) => ({ ruleId, setting: `${ruleId}: off (${source})` })),
      ...rules.filter(([, v]) => v === 'off').map(([ruleId]) => ({ ruleId, setting: `rules.${ruleId}: off (${source})` })),
    ].sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
    severityOverrides: rules.filter(([, v]) => v !== 'off').map(([ruleId, severity]) => ({ ruleId, severity, setting: `rules.${ruleId}: ${severity} (${source})` })).sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
    optIn: [...(config?.optIn ?? defaultRuleOptions.optIn)].sort(),
    minRetentionDays: config?.minRetentionDays ?? defaultRuleOptions.minRetentionDays,
    ...(config?.minRetentionDays !== undefined ? { minRetentionSetting: `minRetentionDays: ${config.minRetentionDays} (${source})` } : {}),
    scope: config?.scope ?? defaultRuleOptions.scope,
    auditBucketPatterns: [...(config?.auditBucketPatterns ?? [])],
  };
}

/** `.trailguard.yaml` ignores (resources for the live scan, paths for IaC) as register entries. */
export function exceptionsFromConfig(config: Partial<LintConfig> | undefined, source: string): ExceptionRule[] {
  const clean = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return [
    ...(config?.resourceIgnore ?? []).map((e) => clean({ resource: e.resource, rules: e.rules, reason: e.reason, expires: e.expires, source })),
    ...(config?.ignore ?? []).map((e) => clean({ path: e.path, rules: e.rules, reason: e.reason, expires: e.expires, source })),
  ];
}
