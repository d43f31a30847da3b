// `.trailguard.yaml` and editor settings share one shape. The CLI reads the file; the language server merges
// it with `trailguard.*` settings (settings win).
import { parse as parseYaml } from 'yaml';
import type { Severity } from './model';
import { dict, dictOf, hasKey } from './dict';
import { defaultRuleOptions, type RuleOptions } from './rules/rule';

export type RuleSetting = Severity | 'off';

/**
 * Ignore whole files or folders (glob), for some rules or all, with a reason and optionally an expiry date
 * (`expires: 2027-03-31`, UTC): from that day on the ignore no longer applies.
 */
export interface PathIgnore { path: string; rules?: string[]; reason?: string; expires?: string }

/** An exception for live resources (`resource:` glob on a bucket name, key ARN or trail name / ARN). */
export interface ResourceIgnore { resource: string; rules?: string[]; reason?: string; expires?: string }

/** Whether an ignore with an `expires` date still applies on `today` (YYYY-MM-DD, UTC). */
export function ignoreInForce(entry: { expires?: string }, today: string = new Date().toISOString().slice(0, 10)): boolean {
  return !entry.expires || today < entry.expires;
}

export interface LintConfig extends RuleOptions {
  /** Per-rule severity override or `off`. */
  rules: Record<string, RuleSetting>;
  /** Files / folders (globs) not linted at all. */
  exclude: string[];
  ignore: PathIgnore[];
  /** Exceptions for live resources (evidence report, `scan`). */
  resourceIgnore?: ResourceIgnore[];
}

export const defaultLintConfig: LintConfig = { ...defaultRuleOptions, rules: dict(), exclude: [], ignore: [] };

// A Map: looking up the word `constructor` in an object literal would find Object's constructor.
const severityWords = new Map<string, RuleSetting>([
  ['error', 'error'], ['warning', 'warning'], ['warn', 'warning'], ['info', 'info'], ['information', 'info'], ['hint', 'info'], ['off', 'off'], ['none', 'off'],
]);

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return undefined;
}

/** Reads the settings keys we know, ignoring the rest; problems go to `warnings` instead of throwing. */
export function configFromObject(obj: unknown, warnings: string[] = []): Partial<LintConfig> {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return {};
  // Only own properties count: a file must not reach settings through inherited members (`constructor`, ...).
  const o = dictOf(obj as Record<string, unknown>);
  const out: Partial<LintConfig> = {};
  if (o.scope === 'all' || o.scope === 'trail') out.scope = o.scope;
  else if (o.scope !== undefined) warnings.push(`scope must be "trail" or "all", not ${JSON.stringify(o.scope)}`);
  if (typeof o.minRetentionDays === 'number' && o.minRetentionDays >= 0) out.minRetentionDays = o.minRetentionDays;
  const optIn = stringList(o.optIn);
  if (optIn) out.optIn = optIn.map((s) => s.toUpperCase());
  const patterns = stringList(o.auditBucketPatterns);
  if (patterns) out.auditBucketPatterns = patterns;
  if (typeof o.auditBucketTag === 'string') out.auditBucketTag = o.auditBucketTag;
  if (typeof o.organizationManagement === 'boolean') out.organizationManagement = o.organizationManagement;
  const exclude = stringList(o.exclude);
  if (exclude) out.exclude = exclude;
  if (o.rules && typeof o.rules === 'object') {
    out.rules = dict();
    for (const [id, value] of Object.entries(o.rules as Record<string, unknown>)) {
      const word = typeof value === 'string' ? severityWords.get(value.toLowerCase()) : value === false ? 'off' : undefined;
      if (word) out.rules[id.toUpperCase()] = word;
      else warnings.push(`rules.${id}: expected error, warning, info or off`);
    }
  }
  if (Array.isArray(o.ignore)) {
    out.ignore = [];
    for (const entry of o.ignore) {
      if (typeof entry === 'string') out.ignore.push({ path: entry });
      else if (entry && typeof entry === 'object' && (hasKey(entry, 'path') || hasKey(entry, 'resource'))) {
        const e = dictOf(entry as Record<string, unknown>);
        const common = { rules: stringList(e.rules)?.map((s) => s.toUpperCase()), reason: typeof e.reason === 'string' ? e.reason : undefined, ...expiryOf(e.expires, warnings) };
        if (typeof e.path === 'string') out.ignore.push({ path: e.path, ...common });
        else if (typeof e.resource === 'string') (out.resourceIgnore ??= []).push({ resource: e.resource, ...common });
        else warnings.push('ignore entries need a path or a resource (a string)');
      } else warnings.push('ignore entries need a path');
    }
  }
  return out;
}

/** `expires:` as YYYY-MM-DD (YAML may hand over a Date for an unquoted date). */
function expiryOf(value: unknown, warnings: string[]): { expires?: string } {
  if (value === undefined) return {};
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'string' ? value : '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { expires: text };
  warnings.push(`ignore: expires must be a date (YYYY-MM-DD), not ${JSON.stringify(value)}`);
  return {};
}

/** Parses a `.trailguard.yaml`; a broken file yields warnings and the defaults, never an exception. */
export function loadConfigFile(text: string, warnings: string[] = []): Partial<LintConfig> {
  try {
    return configFromObject(parseYaml(text, { maxAliasCount: 50 }), warnings);
  } catch (err) {
    warnings.push(`.trailguard.yaml: ${(err as Error).message}`);
    return {};
  }
}

/** Later layers win; `rules` maps are merged key by key. */
export function mergeConfig(...layers: (Partial<LintConfig> | undefined)[]): LintConfig {
  const out: LintConfig = { ...defaultLintConfig, rules: dict(), ignore: [], exclude: [] };
  for (const layer of layers) {
    if (!layer) continue;
    const { rules, ignore, exclude, resourceIgnore, ...rest } = layer;
    for (const [k, v] of Object.entries(rest)) if (v !== undefined && k !== '__proto__') (out as unknown as Record<string, unknown>)[k] = v;
    if (rules) out.rules = dictOf(out.rules, rules);
    if (ignore) out.ignore = [...out.ignore, ...ignore];
    if (exclude) out.exclude = [...out.exclude, ...exclude];
    if (resourceIgnore) out.resourceIgnore = [...(out.resourceIgnore ?? []), ...resourceIgnore];
  }
  return out;
}
