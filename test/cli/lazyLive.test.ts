// `trailguard lint` (what CI runs on every push) must not load the live commands or the AWS SDK: they are a
// separate bundle (dist/cli-live.js), required only by scan, evidence, verify and verify-logs.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { tempTree, validatingTrail } from './helpers';

const root = path.join(__dirname, '..', '..');

/** Runs `main(args)` from sources in a fresh Node process and lists the loaded modules that belong to the live side. */
function loadedLive(args: string[]): { code: number; live: string[] } {
  const script = `
    const { main } = require(${JSON.stringify(path.join(root, 'src/cli/main.ts'))});
    main(${JSON.stringify(args)}, { stdout: () => {}, stderr: () => {} }).then((code) => {
      const live = Object.keys(require.cache).filter((m) => /@aws-sdk|[\\\\/]src[\\\\/](live|evidence)[\\\\/]|[\\\\/]cli[\\\\/](scan|evidence|verifyLogs|liveCommands)\\.ts$/.test(m));
      process.stdout.write(JSON.stringify({ code, live }));
    });`;
  return JSON.parse(execFileSync(process.execPath, ['-r', 'esbuild-register', '-e', script], { cwd: root, encoding: 'utf8' })) as { code: number; live: string[] };
}

describe('CLI: live commands are loaded only when used', function () {
  this.timeout(60000);

  it('lint loads neither the live commands nor the AWS SDK', () => {
    const dir = tempTree({ 'main.tf': validatingTrail });
    const run = loadedLive(['lint', dir, '--no-cache']);
    assert.ok(run.code === 0 || run.code === 1, `exit code ${run.code}`);
    assert.deepEqual(run.live, []);
  });

  it('scan --help loads them', () => {
    const run = loadedLive(['scan', '--help']);
    assert.equal(run.code, 0);
    assert.ok(run.live.some((m) => m.endsWith(path.join('cli', 'scan.ts'))), run.live.join('\n'));
  });
});
