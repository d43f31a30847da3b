// `trailguard scan` against a large synthetic account (1,000 buckets, 20 trails, 20 keys) behind the local AWS
// endpoint with 50 ms added to every call. The ideal is calls × latency ÷ concurrency: what a scanner that
// always keeps `concurrency` calls in flight would take.
import { startAwsEndpoint } from '../test/support/aws-endpoint/server';
import { cloneScenario, loadScenario, type Scenario } from '../test/support/aws-endpoint/scenario';
import { writeEndpointProfile } from '../test/support/aws-endpoint/profile';
import { scanAccount } from '../src/live/scanAccount';

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

export async function measureScan(runs = 3): Promise<{ ratios: number[]; note: string }> {
  const scenario = bigAccount();
  const endpoint = await startAwsEndpoint({ scenario, latencyMs: LATENCY_MS });
  const files = writeEndpointProfile(endpoint.url, { profile: 'bench' });
  const saved = { config: process.env.AWS_CONFIG_FILE, creds: process.env.AWS_SHARED_CREDENTIALS_FILE };
  process.env.AWS_CONFIG_FILE = files.configFile;
  process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
  const ratios: number[] = [];
  let note = '';
  try {
    for (let i = 0; i < runs; i++) {
      endpoint.calls.length = 0;
      const started = Date.now();
      const scan = await scanAccount({ profile: 'bench', auditBucketPatterns: ['bench-audit-extra-*'], concurrency: CONCURRENCY });
      const wall = Date.now() - started;
      const calls = endpoint.calls.length;
      const ideal = (calls * LATENCY_MS) / CONCURRENCY;
      ratios.push(wall / ideal);
      note = `${calls} calls, wall ${(wall / 1000).toFixed(1)} s, ideal ${(ideal / 1000).toFixed(1)} s, ${scan.findings.length} checks`;
    }
  } finally {
    process.env.AWS_CONFIG_FILE = saved.config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
    await endpoint.close();
  }
  return { ratios, note };
}
