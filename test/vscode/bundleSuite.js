// Bundles test/vscode (the suites that run inside the extension host) into out/vscode-tests/index.js. Shared by
// the code-server runner (test/vscode/run.js) and the @vscode/test-electron runner (test/electron/run.js).
const path = require('path');

const root = path.join(__dirname, '..', '..');

async function bundleSuite() {
  const esbuild = require('esbuild');
  const outfile = path.join(root, 'out', 'vscode-tests', 'index.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // mocha resolves from the repo's node_modules at run time; vscode is the extension host's API.
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outfile;
}

module.exports = { bundleSuite };
