// `aggregator` and `aggregator-rss`: an organization of 500 accounts × 20 buckets read from one AWS Config
// aggregator behind the local endpoint, 50 ms added to every answer (every page). The endpoint runs in this process,
// the scan in a child (bench/tasks/aggregator-scan.ts), so the child's peak RSS is the scanner's alone.
import { startAwsEndpoint } from '../test/support/aws-endpoint/server';
import { writeEndpointProfiles } from '../test/support/aws-endpoint/profile';
import { benchOrganization, runTask } from './scan';

const LATENCY_MS = 50;
const ACCOUNTS = 500;
const BUCKETS = 20;

export async function measureAggregator(runs = 3): Promise<{ seconds: number[]; rssMb: number[]; note: string }> {
  const scenario = benchOrganization(ACCOUNTS, BUCKETS);
  scenario.aggregators = { 'bench-aggregator': { account: scenario.organization!.managementAccount, region: 'us-east-1', capturedAt: 'now-1h' } };
  const endpoint = await startAwsEndpoint({ scenario, latencyMs: LATENCY_MS });
  const files = writeEndpointProfiles(endpoint.url, [{ name: 'bench-management', accessKeyId: 'AKIABENCHMANAGEMENT1' }]);
  const seconds: number[] = [];
  const rssMb: number[] = [];
  let note = '';
  try {
    for (let i = 0; i < runs; i++) {
      endpoint.calls.length = 0;
      const r = await runTask('aggregator-scan.ts', { AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile });
      seconds.push(r.ms / 1000);
      rssMb.push(r.rssMb);
      const pages = endpoint.calls.filter((c) => c.operation === 'SelectAggregateResourceConfig').length;
      note = `${r.accounts} accounts, ${ACCOUNTS * BUCKETS} buckets, ${pages} pages of 100 items at ${LATENCY_MS} ms, ${endpoint.calls.length} calls in all, ${r.findings} checks`;
    }
  } finally {
    await endpoint.close();
  }
  return { seconds, rssMb, note };
}
