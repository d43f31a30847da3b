// Runs the real scanner (real SDK clients, credential loading, signing, retries) against the local AWS endpoint
// through a temporary shared config whose profile has `endpoint_url`, with the caller's AWS_* environment
// cleared so that nothing reaches a real account.
import { startAwsEndpoint, type RecordedCall } from '../support/aws-endpoint/server';
import { cloneScenario, loadScenario, type Scenario, type ScenarioFault } from '../support/aws-endpoint/scenario';
import { writeEndpointProfile, type EndpointProfileFiles } from '../support/aws-endpoint/profile';
import { scanAccount, type ScanOptions } from '../../src/live/scanAccount';
import type { AccountScan, CheckResult } from '../../src/live/types';

export const PROFILE = 'test';

/** Sets env variables for the duration of `fn`, then restores them; every other AWS_* is unset meanwhile. */
export async function withAwsEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('AWS_')).map((k) => [k, process.env[k]]));
  for (const k of Object.keys(saved)) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  }
}

export interface ScenarioRun { scan: AccountScan; calls: RecordedCall[]; files: EndpointProfileFiles; endpointUrl: string }

/** A scenario file by name, optionally with faults added (AccessDenied, throttling, expiry). */
export function scenario(name: string, faults: ScenarioFault[] = []): Scenario {
  const s = cloneScenario(loadScenario(name));
  s.faults = [...(s.faults ?? []), ...faults];
  return s;
}

export async function runScenario(s: Scenario, opts: Partial<ScanOptions> & { latencyMs?: number; ssoProfile?: boolean } = {}, body?: (run: ScenarioRun) => Promise<void>): Promise<ScenarioRun> {
  const endpoint = await startAwsEndpoint({ scenario: s, latencyMs: opts.latencyMs });
  const files = writeEndpointProfile(endpoint.url, { profile: PROFILE, sso: opts.ssoProfile });
  try {
    return await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, async () => {
      const scan = await scanAccount({ profile: PROFILE, maxAttempts: 3, ...opts });
      const run = { scan, calls: endpoint.calls, files, endpointUrl: endpoint.url };
      if (body) await body(run);
      return run;
    });
  } finally {
    await endpoint.close();
  }
}

/** `ruleId → status` of one resource's checks; a rule reported twice on it keeps its worst status. */
export function statusesOf(scan: AccountScan, resource: string): Record<string, CheckResult['status']> {
  const rank: Record<CheckResult['status'], number> = { optInNotEnabled: -3, off: -2, notApplicable: -1, pass: 0, unknown: 1, fail: 2 };
  const out: Record<string, CheckResult['status']> = {};
  for (const f of scan.findings.filter((f) => f.resource === resource)) {
    const prev = out[f.ruleId];
    if (!prev || rank[f.status] > rank[prev]) out[f.ruleId] = f.status;
  }
  return out;
}

export function findingsOf(scan: AccountScan, resource: string, ruleId: string): CheckResult[] {
  return scan.findings.filter((f) => f.resource === resource && f.ruleId === ruleId);
}

/** `ruleId → reason` of the unknown checks of one resource. */
export function unknownReasons(scan: AccountScan, resource: string): Record<string, string> {
  return Object.fromEntries(scan.findings.filter((f) => f.resource === resource && f.status === 'unknown').map((f) => [f.ruleId, f.reason ?? '']));
}
