// Child of `npm run bench` (id `org-scan`): one organization scan (management profile, every member through the
// Audit role) against the endpoint the parent serves, in its own process so that the simulated AWS's CPU (the
// endpoint answering ~500 calls per second) is not charged to the scanner. Prints { ms, accounts, unreached }.
import { DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_TOTAL_CONCURRENCY, scanAccounts } from '../../src/live/scanAccounts';

async function main(): Promise<void> {
  const started = Date.now();
  const cpu = process.cpuUsage();
  const scan = await scanAccounts({
    profiles: ['bench-management'], organization: true, assumeRole: { roleName: 'Audit' },
    auditBucketPatterns: ['bench-*-extra-*'], concurrency: Number(process.env.BENCH_CONCURRENCY ?? 8), accountConcurrency: DEFAULT_ACCOUNT_CONCURRENCY,
    totalConcurrency: DEFAULT_TOTAL_CONCURRENCY,
  });
  const ms = Date.now() - started;
  const used = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ ms, cpuMs: Math.round((used.user + used.system) / 1000), accounts: scan.accounts.length, unreached: scan.accounts.filter((a) => a.error).length }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
