// The live view's settings: `trailguard.aws.profile`, `trailguard.aws.regions`, `trailguard.aws.endpointUrl`,
// `trailguard.auditBucketPatterns`. Writes go to the layer that currently holds the value, so picking a profile in
// a workspace that pins one does not silently lose to the workspace value.
import * as vscode from 'vscode';
import type { SettingLayers } from './endpointPolicy';
import type { RuleSetting } from './scanSession';

export const SECTION = 'trailguard';
export const KEYS = {
  profile: 'aws.profile',
  profiles: 'aws.profiles',
  assumeRoleName: 'aws.assumeRoleName',
  assumeRoleExternalId: 'aws.assumeRoleExternalId',
  assumeRoleSessionName: 'aws.assumeRoleSessionName',
  assumeRoleDurationSeconds: 'aws.assumeRoleDurationSeconds',
  organization: 'aws.organization',
  configAggregator: 'aws.configAggregator',
  configAggregatorRegion: 'aws.configAggregatorRegion',
  configMaxAgeHours: 'aws.configMaxAgeHours',
  regions: 'aws.regions',
  endpointUrl: 'aws.endpointUrl',
  auditBucketPatterns: 'auditBucketPatterns',
  autoScan: 'aws.autoScan',
} as const;

export interface LiveSettings {
  /** undefined = the SDK's default (AWS_PROFILE, else `default`). */
  profile?: string;
  /** `trailguard.aws.profiles`: several profiles, each account a root (wins over `profile` when not empty). */
  profiles: string[];
  /** `trailguard.aws.assumeRoleName` and its options: the role read in other accounts. */
  assumeRole?: { roleName: string; externalId?: string; sessionName?: string; durationSeconds?: number };
  /** `trailguard.aws.organization`: every account of the organization (needs the role). */
  organization: boolean;
  /** `trailguard.aws.configAggregator` (+ region, max age): read the accounts from an AWS Config aggregator. */
  configAggregator?: { name: string; region?: string; maxAgeHours?: number };
  regions: string[];
  auditBucketPatterns: string[];
  /** The lint settings the scan honours too (`trailguard.minRetentionDays`, `optIn`, `rules`). */
  minRetentionDays?: number;
  optIn: string[];
  ruleSettings: Record<string, RuleSetting>;
}

export function readLiveSettings(): LiveSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const profile = cfg.get<string>(KEYS.profile, '').trim();
  const minRetentionDays = cfg.get<number | null>('minRetentionDays', null);
  const rules = cfg.get<Record<string, unknown>>('rules', {}) ?? {};
  const roleName = cfg.get<string>(KEYS.assumeRoleName, '').trim();
  const externalId = cfg.get<string>(KEYS.assumeRoleExternalId, '').trim();
  const sessionName = cfg.get<string>(KEYS.assumeRoleSessionName, '').trim();
  const duration = cfg.get<number | null>(KEYS.assumeRoleDurationSeconds, null);
  const aggregator = cfg.get<string>(KEYS.configAggregator, '').trim();
  const aggregatorRegion = cfg.get<string>(KEYS.configAggregatorRegion, '').trim();
  const maxAge = cfg.get<number | null>(KEYS.configMaxAgeHours, null);
  return {
    profile: profile || undefined,
    profiles: [...new Set(cleanList(cfg.get<string[]>(KEYS.profiles, [])))],
    ...(roleName ? {
      assumeRole: {
        roleName,
        ...(externalId ? { externalId } : {}),
        ...(sessionName ? { sessionName } : {}),
        ...(typeof duration === 'number' ? { durationSeconds: duration } : {}),
      },
    } : {}),
    organization: cfg.get<boolean>(KEYS.organization, false) === true,
    ...(aggregator ? {
      configAggregator: {
        name: aggregator,
        ...(aggregatorRegion ? { region: aggregatorRegion } : {}),
        ...(typeof maxAge === 'number' && maxAge > 0 ? { maxAgeHours: maxAge } : {}),
      },
    } : {}),
    regions: cleanList(cfg.get<string[]>(KEYS.regions, [])),
    auditBucketPatterns: cleanList(cfg.get<string[]>(KEYS.auditBucketPatterns, [])),
    minRetentionDays: typeof minRetentionDays === 'number' ? minRetentionDays : undefined,
    optIn: cleanList(cfg.get<string[]>('optIn', [])),
    ruleSettings: Object.fromEntries(Object.entries(rules).filter((e): e is [string, RuleSetting] =>
      /^TG\d{3}$/.test(e[0]) && (e[1] === 'error' || e[1] === 'warning' || e[1] === 'info' || e[1] === 'off'))),
  };
}

/** Scan when the view opens and nothing is cached (off: only Refresh, or a profile/region change, scans). */
export function autoScanEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>(KEYS.autoScan, true);
}

export function endpointLayers(): SettingLayers<string> | undefined {
  const i = vscode.workspace.getConfiguration(SECTION).inspect<string>(KEYS.endpointUrl);
  return i ? { globalValue: i.globalValue, workspaceValue: i.workspaceValue, workspaceFolderValue: i.workspaceFolderValue } : undefined;
}

export function affectsLiveSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return [
    KEYS.profile, KEYS.profiles, KEYS.assumeRoleName, KEYS.assumeRoleExternalId, KEYS.assumeRoleSessionName, KEYS.assumeRoleDurationSeconds,
    KEYS.organization, KEYS.configAggregator, KEYS.configAggregatorRegion, KEYS.configMaxAgeHours, KEYS.regions, KEYS.endpointUrl, KEYS.auditBucketPatterns, 'minRetentionDays', 'optIn', 'rules',
  ].some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}

export async function writeSetting(key: string, value: unknown): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const i = cfg.inspect(key);
  const target = i?.workspaceFolderValue !== undefined
    ? vscode.ConfigurationTarget.WorkspaceFolder
    : i?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await cfg.update(key, value, target);
}

function cleanList(values: unknown): string[] {
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}
