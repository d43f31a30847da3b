// Child of `npm run bench` (ids `aggregator`, `aggregator-rss`): one organization scan from the AWS Config
// aggregator the parent serves. Prints { ms, rssMb, accounts, findings }; rssMb is this process's peak RSS.
import { scanAccounts } from '../../src/live/scanAccounts';

async function main(): Promise<void> {
  const started = Date.now();
  const scan = await scanAccounts({
    profiles: ['bench-management'], aggregator: { name: 'bench-aggregator', region: 'us-east-1' }, auditBucketPatterns: ['bench-*-extra-*'],
  });
  const ms = Date.now() - started;
  if (scan.aggregatorError) throw new Error(scan.aggregatorError);
  const heap = require('v8').getHeapStatistics();
  process.stdout.write(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, heapMb: heap.used_heap_size / 1048576, peakHeapMb: heap.total_heap_size / 1048576, extMb: process.memoryUsage().external / 1048576, accounts: scan.accounts.length, findings: scan.findings.length }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
