// `trailguard scan` against a large synthetic account (1,000 buckets, 20 trails, 20 keys) behind the local AWS
// endpoint with 50 ms added to every call. The ideal is calls × latency ÷ concurrency: what a scanner that
// always keeps `concurrency` calls in flight would take.
import { startAwsEndpoint } from '../test/support/aws-endpoint/server';
import { cloneScenario, loadScenario, type Scenario } from '../test/support/aws-endpoint/scenario';
import { writeEndpointProfile, writeEndpointProfiles } from '../test/support/aws-endpoint/profile';
import type { OrganizationScenario, ScenarioAccount } from '../test/support/aws-endpoint/organization';
import { scanAccount } from '../src/live/scanAccount';
import { allRules } from '../src/core/rules';
import type { RecordedCall } from '../test/support/aws-endpoint/server';
import { DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_TOTAL_CONCURRENCY } from '../src/live/scanAccounts';
import { spawn } from 'child_process';
import * as os from 'os';
import * as path from 'path';

const LATENCY_MS = 50;
const CONCURRENCY = 8;

export function bigAccount(trails = 20, buckets = 1000): Scenario {
  const base = loadScenario('compliant');
  const s = cloneScenario(base);
  const region = Object.keys(s.regions)[0]!;
  const [trailTemplate] = s.regions[region]!.trails!;
  const [bucketName, bucketTemplate] = Object.entries(s.buckets)[0]!;
  const [keyArn, keyTemplate] = Object.entries(s.keys)[0]!;
  s.regions[region]!.trails = [];
  s.buckets = {};
  s.keys = {};
  for (let i = 0; i < trails; i++) {
    const name = `bench-trail-${i}`;
    const bucket = `${bucketName}-${i}`;
    const arn = keyArn.replace(/key\/.*/, `key/0000000${i}-0000-0000-0000-000000000000`);
    s.regions[region]!.trails!.push({
      ...trailTemplate!,
      trail: { ...trailTemplate!.trail, Name: name, TrailARN: String(trailTemplate!.trail.TrailARN).replace(/trail\/.*/, `trail/${name}`), S3BucketName: bucket, KmsKeyId: arn },
    });
    s.buckets[bucket] = JSON.parse(JSON.stringify(bucketTemplate).split(bucketName).join(bucket));
    s.keys[arn] = { ...keyTemplate!, metadata: { ...keyTemplate!.metadata, Arn: arn, KeyId: arn.split('/').pop() } };
  }
  for (let i = trails; i < buckets; i++) s.buckets[`bench-audit-extra-${String(i).padStart(4, '0')}`] = JSON.parse(JSON.stringify(bucketTemplate));
  s.description = `benchmark account: ${trails} trails, ${buckets} buckets`;
  return s;
}

/**
 * The fewest calls per resource the rules need: the distinct operations in the `live.evidence` of the rules of
 * that service (account-level ones, marked "(account)", excluded). A scanner that adds a call per bucket shows
 * here even when it keeps 8 calls in flight (which is all scan-vs-ideal measures).
 */
export function minimumCallsPerResource(service: 's3' | 'kms'): string[] {
  const ops = new Set<string>();
  for (const r of allRules) if (r.meta.live?.service === service) for (const e of r.meta.live.evidence) if (!/\(account\)/.test(e)) ops.add(e);
  return [...ops].sort();
}

export interface CallCount { trailBucket: number; otherBucket: number; key: number; minBucket: number; minKey: number; extraOps: string[] }

/** API calls per trail bucket, per other (audit-pattern) bucket and per key in one scan of `bigAccount`. */
export function countCalls(calls: RecordedCall[], scenario: Scenario): CallCount {
  const trailBuckets = new Set<string>();
  for (const region of Object.values(scenario.regions)) for (const t of region.trails ?? []) trailBuckets.add(String(t.trail.S3BucketName));
  const keys = new Set(Object.keys(scenario.keys));
  const per = { trail: 0, other: 0, key: 0 };
  const ops = new Set<string>();
  for (const c of calls) {
    if (c.service === 's3' && c.resource && c.resource in scenario.buckets) {
      per[trailBuckets.has(c.resource) ? 'trail' : 'other']++;
      ops.add(`s3:${c.operation}`);
    } else if (c.service === 'kms' && c.resource && keys.has(c.resource)) {
      per.key++;
      ops.add(`kms:${c.operation}`);
    }
  }
  const bucketMin = minimumCallsPerResource('s3');
  const keyMin = minimumCallsPerResource('kms');
  const needed = new Set([...bucketMin.map((o) => `s3:${o}`), ...keyMin.map((o) => `kms:${o}`)]);
  const others = Object.keys(scenario.buckets).length - trailBuckets.size;
  return {
    trailBucket: per.trail / trailBuckets.size,
    otherBucket: others ? per.other / others : 0,
    key: per.key / keys.size,
    minBucket: bucketMin.length,
    minKey: keyMin.length,
    extraOps: [...ops].filter((o) => !needed.has(o)).sort(),
  };
}

export async function measureScan(runs = 3): Promise<{ ratios: number[]; note: string; calls?: CallCount }> {
  const scenario = bigAccount();
  const endpoint = await startAwsEndpoint({ scenario, latencyMs: LATENCY_MS });
  const files = writeEndpointProfile(endpoint.url, { profile: 'bench' });
  const saved = { config: process.env.AWS_CONFIG_FILE, creds: process.env.AWS_SHARED_CREDENTIALS_FILE };
  process.env.AWS_CONFIG_FILE = files.configFile;
  process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
  const ratios: number[] = [];
  let note = '';
  let counted: CallCount | undefined;
  try {
    for (let i = 0; i < runs; i++) {
      endpoint.calls.length = 0;
      const started = Date.now();
      // Fixed at 8 in flight (no adaptive growth), so the ideal below is the one this scanner could reach.
      const scan = await scanAccount({ profile: 'bench', auditBucketPatterns: ['bench-audit-extra-*'], concurrency: CONCURRENCY, maxConcurrency: CONCURRENCY });
      const wall = Date.now() - started;
      const calls = endpoint.calls.length;
      const ideal = (calls * LATENCY_MS) / CONCURRENCY;
      ratios.push(wall / ideal);
      note = `${calls} calls, wall ${(wall / 1000).toFixed(1)} s, ideal ${(ideal / 1000).toFixed(1)} s, ${scan.findings.length} checks`;
      counted = countCalls(endpoint.calls, scenario);
    }
  } finally {
    process.env.AWS_CONFIG_FILE = saved.config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
    await endpoint.close();
  }
  return { ratios, note, calls: counted };
}

/** `first-node`: ms from the start of a refresh to the first trail node (the partial scan) on the 1,000-bucket account. */
export async function measureFirstNode(runs = 5): Promise<{ times: number[]; note: string }> {
  const endpoint = await startAwsEndpoint({ scenario: bigAccount(), latencyMs: LATENCY_MS });
  const files = writeEndpointProfile(endpoint.url, { profile: 'bench' });
  const saved = { config: process.env.AWS_CONFIG_FILE, creds: process.env.AWS_SHARED_CREDENTIALS_FILE };
  process.env.AWS_CONFIG_FILE = files.configFile;
  process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
  const times: number[] = [];
  let note = '';
  try {
    for (let i = 0; i < runs; i++) {
      const started = Date.now();
      let first: number | undefined;
      let trails = 0;
      // The scan starts as a refresh does; once the first trail nodes exist it is cancelled (the rest is scan-vs-ideal).
      const controller = new AbortController();
      await scanAccount({
        profile: 'bench', auditBucketPatterns: ['bench-audit-extra-*'], concurrency: CONCURRENCY, signal: controller.signal,
        onPartial: (p) => {
          first ??= Date.now() - started;
          trails = p.regions.reduce((n, r) => n + r.trails.length, 0);
          controller.abort();
        },
      });
      times.push(first ?? Date.now() - started);
      note = `${trails} trail nodes of the 1,000-bucket account shown ${first} ms after the refresh (identity, then DescribeTrails)`;
    }
  } finally {
    process.env.AWS_CONFIG_FILE = saved.config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
    await endpoint.close();
  }
  return { times, note };
}

/** 50 accounts × 20 buckets: the management account reached by its profile, the others through the `Audit` role. */
export function benchOrganization(accounts = 50, buckets = 20): OrganizationScenario {
  const management = '100000000000';
  const out: OrganizationScenario = {
    description: `benchmark organization: ${accounts} accounts × ${buckets} buckets`,
    accessKeys: { AKIABENCHMANAGEMENT1: management },
    organization: { id: 'o-bench00000', managementAccount: management, pageSize: 20 },
    accounts: {},
  };
  const template = JSON.stringify(bigAccount(1, buckets));
  for (let i = 0; i < accounts; i++) {
    const id = String(100_000_000_000 + i);
    // Account-specific names: S3 bucket names are global.
    const account = JSON.parse(template.split('111122223333').join(id).split('bench-audit-extra-').join(`bench-${id}-extra-`).split('acme-audit-logs-').join(`acme-${id}-logs-`)) as ScenarioAccount;
    account.account = id;
    account.name = i === 0 ? 'Management' : `Member ${i}`;
    account.roles = { Audit: { trustedAccounts: [management] } };
    out.accounts[id] = account;
  }
  return out;
}

/**
 * `org-scan`: wall ÷ (calls × latency ÷ effective concurrency). The effective concurrency is the cap the scanner
 * puts on calls in flight across all accounts (`totalConcurrency`); the endpoint's observed peak is in the note.
 * The scan runs in a child process (bench/tasks/org-scan.ts), the endpoint here: the ideal is a remote AWS that
 * answers in 50 ms, so the endpoint's own CPU must not slow the scanner's event loop.
 */
export async function measureOrgScan(runs = 3): Promise<{ ratios: number[]; note: string }> {
  const endpoint = await startAwsEndpoint({ scenario: benchOrganization(), latencyMs: LATENCY_MS });
  const files = writeEndpointProfiles(endpoint.url, [{ name: 'bench-management', accessKeyId: 'AKIABENCHMANAGEMENT1' }]);
  const ratios: number[] = [];
  let note = '';
  try {
    for (let i = 0; i < runs; i++) {
      endpoint.calls.length = 0;
      endpoint.resetInFlight();
      const r = await runTask('org-scan.ts', { AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, BENCH_CONCURRENCY: String(CONCURRENCY) });
      const calls = endpoint.calls.length;
      const effective = DEFAULT_TOTAL_CONCURRENCY;
      const ideal = (calls * LATENCY_MS) / effective;
      ratios.push(r.ms / ideal);
      note = `${r.accounts} accounts (${r.unreached} unreached), ${calls} calls, effective concurrency ${effective} ` +
        `(calls in flight across accounts; ${DEFAULT_ACCOUNT_CONCURRENCY} accounts at once, ${CONCURRENCY} per service each; peak seen ${endpoint.peakInFlight()}), ` +
        `wall ${(r.ms / 1000).toFixed(1)} s, ideal ${(ideal / 1000).toFixed(1)} s; scan in a child process, load average ${os.loadavg()[0].toFixed(1)}`;
    }
  } finally {
    await endpoint.close();
  }
  return { ratios, note };
}

/** Runs bench/tasks/<script> in a child without blocking this event loop (the endpoint answers it); its JSON output. */
export function runTask(script: string, env: Record<string, string>): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'esbuild-register', path.join(__dirname, 'tasks', script)], {
      cwd: path.join(__dirname, '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, number>) : reject(new Error(`${script} exited ${code}`))));
  });
}
