// Settings arrive through `workspace/configuration` (section `trailguard`); a `.trailguard.yaml` at the workspace
// root applies too. Settings win over the file: per-rule severities override one by one, lists are merged, and
// numbers set in settings replace the file's. Settings without a value (null) leave the file's value alone, which
// is why the manifest declares no defaults for them.
import type { LintConfig } from '../core/config';
import { dict, dictOf } from '../core/dict';

export type RuleLevel = 'error' | 'warning' | 'info' | 'off';

export interface ServerSettings {
  rules: Record<string, RuleLevel>;
  optIn: string[];
  minRetentionDays?: number;
  scope?: 'trail' | 'all';
  auditBucketPatterns: string[];
  /** gitignore-style globs, relative to the workspace folder, of files never linted. */
  exclude: string[];
  /** Globs (relative to the workspace folder) of extra files to lint, recognised by content whatever their name. */
  include: string[];
  /** Bytes; larger files get one Information diagnostic instead of being linted. */
  maxFileSize: number;
}

export { DEFAULT_MAX_FILE_SIZE } from '../core/limits';
import { DEFAULT_MAX_FILE_SIZE } from '../core/limits';

export const defaultSettings: ServerSettings = {
  rules: dict(),
  optIn: [],
  auditBucketPatterns: [],
  exclude: [],
  include: [],
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
};

const LEVELS = new Set(['error', 'warning', 'info', 'off']);

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

/** Reads the raw `trailguard` configuration section defensively: anything malformed is ignored, never thrown. */
export function parseSettings(raw: unknown): ServerSettings {
  const s: ServerSettings = { ...defaultSettings, rules: dict(), optIn: [], auditBucketPatterns: [], exclude: [], include: [] };
  if (!raw || typeof raw !== 'object') return s;
  // Own properties only (settings JSON may spell `__proto__` / `constructor`).
  const r = dictOf(raw as Record<string, unknown>);
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, level] of Object.entries(r.rules as Record<string, unknown>)) {
      const l = typeof level === 'string' ? level.toLowerCase() : '';
      const normalized = l === 'information' ? 'info' : l;
      if (LEVELS.has(normalized)) s.rules[id.toUpperCase()] = normalized as RuleLevel;
    }
  }
  s.optIn = stringList(r.optIn).map((id) => id.toUpperCase());
  if (typeof r.minRetentionDays === 'number' && r.minRetentionDays >= 0) s.minRetentionDays = r.minRetentionDays;
  if (r.scope === 'trail' || r.scope === 'all') s.scope = r.scope;
  s.auditBucketPatterns = stringList(r.auditBucketPatterns);
  const files = r.files && typeof r.files === 'object' ? dictOf(r.files as Record<string, unknown>) : dict<unknown>();
  s.exclude = stringList(files.exclude);
  s.include = stringList(files.include);
  const maxSize = typeof r.maxFileSize === 'number' ? r.maxFileSize : undefined;
  if (maxSize !== undefined && maxSize > 0) s.maxFileSize = maxSize;
  return s;
}

/** The engine configuration: the workspace's `.trailguard.yaml` with the editor settings on top. */
export function toLintConfig(settings: ServerSettings, fromFile: Partial<LintConfig> | undefined): Partial<LintConfig> {
  const file = fromFile ?? {};
  const config: Partial<LintConfig> = { ...file };
  config.rules = dictOf(file.rules, settings.rules);
  config.optIn = [...new Set([...(file.optIn ?? []), ...settings.optIn])];
  config.auditBucketPatterns = [...new Set([...(file.auditBucketPatterns ?? []), ...settings.auditBucketPatterns])];
  if (settings.minRetentionDays !== undefined) config.minRetentionDays = settings.minRetentionDays;
  if (settings.scope !== undefined) config.scope = settings.scope;
  return config;
}
