// Bundles the shells with esbuild and copies the tree-sitter wasm files beside them, so the VSIX and `npx
// trailguard` run without node_modules. Entries whose source does not exist yet are skipped.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const entries = [
  { in: 'src/cli/main.ts', out: 'cli', external: [] },
  // scan, evidence, verify, verify-logs (AWS SDK): loaded by cli.js only for those commands, never by `lint`.
  { in: 'src/cli/liveCommands.ts', out: 'cli-live', external: [] },
  { in: 'src/cli/lintWorker.ts', out: 'lint-worker', external: [] },
  { in: 'src/server/main.ts', out: 'server', external: [] },
  { in: 'src/extension/extension.ts', out: 'extension', external: ['vscode'] },
  // The live scanner (AWS SDK) is loaded by the extension on the first scan, not at activation.
  { in: 'src/live/index.ts', out: 'live', external: [] },
  // Code ↔ account linking (the lint engine) is loaded by the extension after the first scan, like the scanner.
  { in: 'src/core/link/index.ts', out: 'link', external: [] },
];

// Our `import` would select web-tree-sitter's ESM build, which needs import.meta.url; a CJS bundle needs its CJS build.
const cjsTreeSitter = {
  name: 'cjs-web-tree-sitter',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
  },
};

// yaml's parser reads process.env.LOG_TOKENS (a debugging switch) for every token, and each read of process.env
// asks the C environment: 600,000 reads for 2 MB of CloudFormation, a tenth of parsing it. The bundles never log
// tokens; the unbundled sources (tests) keep the check.
const YAML_PARSER = /[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/;
const yamlWithoutTokenLog = {
  name: 'yaml-without-token-log',
  setup(build) {
    build.onLoad({ filter: YAML_PARSER }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      const check = 'node_process.env.LOG_TOKENS';
      if (!source.includes(check)) return { contents: source, loader: 'js', warnings: [{ text: `${check} not found: the yaml parser's per-token check stays` }] };
      return { contents: source.split(check).join('false'), loader: 'js' };
    });
  },
};

async function main() {
  fs.mkdirSync(dist, { recursive: true });
  for (const e of entries) {
    if (!fs.existsSync(path.join(root, e.in))) continue;
    await esbuild.build({
      entryPoints: [path.join(root, e.in)],
      outfile: path.join(dist, `${e.out}.js`),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: true,
      minify: process.env.TRAILGUARD_MINIFY === '1',
      external: e.external,
      // jsonc-parser's UMD build requires its modules dynamically, which a bundle cannot follow: take the ESM one.
      mainFields: ['module', 'main'],
      plugins: [cjsTreeSitter, yamlWithoutTokenLog],
      logLevel: 'warning',
    });
  }
  const wasm = [
    require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    path.join(path.dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm'),
    path.join(path.dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-hcl.wasm'),
  ];
  for (const f of wasm) fs.copyFileSync(f, path.join(dist, path.basename(f)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
