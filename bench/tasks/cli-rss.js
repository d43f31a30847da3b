// Child process: runs the bundled CLI in-process and reports wall time and peak RSS (worker threads included,
// they share the process).
const { main } = require('../../dist/cli.js');

const started = process.hrtime.bigint();
let out = 0;
main(process.argv.slice(2), { stdout: (s) => { out += s.length; }, stderr: () => {} }).then((code) => {
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ ms, code, maxRssMb: process.resourceUsage().maxRSS / 1024, outputBytes: out }));
});
