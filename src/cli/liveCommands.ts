// Entry of dist/cli-live.js: the CLI commands that read AWS (scan, evidence, verify, verify-logs). main.ts loads it
// only when one of them runs.
export { runScan } from './scan';
export { runEvidence, runVerify } from './evidence';
export { runVerifyLogs } from './verifyLogs';
