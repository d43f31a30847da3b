// `trailguard <command>`: exit 0 = no error-severity failure, 1 = at least one, 2 = usage or internal error.
import * as fs from 'fs';
import * as path from 'path';
import { runLint } from './lint';
import { UsageError, type Io } from './io';
import { version } from './version';
import type * as Live from './liveCommands';

// The commands that talk to AWS are a bundle of their own (dist/cli-live.js, with the AWS SDK): `trailguard lint`,
// what CI runs on every push, neither reads nor compiles them (40 ms and 12 MB less per run). From sources (tests)
// the module is required directly. `require`, not `import()`: a dynamic import bypasses the CommonJS loader hooks
// the tests run TypeScript through. The ids are in variables so that the bundler leaves the lookup alone.
const LIVE_BUNDLE = path.join(__dirname, 'cli-live.js');
const LIVE_SOURCE = './liveCommands';

function liveCommands(): typeof Live {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(fs.existsSync(LIVE_BUNDLE) ? LIVE_BUNDLE : LIVE_SOURCE) as typeof Live;
}

const usage = `usage: trailguard <command> [options]

commands:
  lint [paths...]   lint Terraform, CloudFormation and policy JSON (text, json, sarif, junit, gitlab; --fix)
  scan              check the live AWS account(s) of one or more profiles (text, json, sarif)
  evidence          scan and write the evidence report: Markdown + JSON + SHA-256 (--profile, --out, --previous, --sign-key)
  verify REPORT     check an evidence report's hashes, signature and evidence references (--public-key)
  verify-logs       CloudTrail log file integrity validation per hour (--trail ARN --from --to)

\`trailguard <command> --help\` lists every option with examples.

options:
  --version, --help
`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'lint') return await runLint(rest, io);
    if (command === 'scan') {
      const { runScan } = liveCommands();
      return await runScan(rest, io);
    }
    if (command === 'verify-logs') {
      const { runVerifyLogs } = liveCommands();
      return await runVerifyLogs(rest, io);
    }
    if (command === 'evidence' || command === 'verify') {
      const { runEvidence, runVerify } = liveCommands();
      return await (command === 'evidence' ? runEvidence(rest, io) : runVerify(rest, io));
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${version}\n`);
      return 0;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout(usage);
      return 0;
    }
    io.stderr(command ? `unknown command: ${command}\n\n${usage}` : usage);
    return 2;
  } catch (err) {
    const e = err as Error & { code?: string };
    // parseArgs reports unknown options with ERR_PARSE_ARGS_*: a usage error too.
    if (err instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`trailguard: ${e.message}\n`);
      return 2;
    }
    io.stderr(`trailguard: internal error: ${e.message}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then(
    (code) => { process.exitCode = code; },
  );
}
