// Child process: loads the bundled extension and times require + activate() against a stand-in `vscode` module.
// Every API call on the stand-in returns at once, so the figure is TrailGuard's own activation cost (loading its
// bundle, registering providers and commands), which is what VS Code's "activation time" charges to it.
const Module = require('module');
const path = require('path');

function stub(name) {
  const fn = function () {};
  return new Proxy(fn, {
    get(_t, prop) {
      if (prop === 'then') return undefined; // not a thenable
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'dispose') return () => {};
      return stub(`${name}.${String(prop)}`);
    },
    apply() {
      return stub(`${name}()`);
    },
    construct() {
      return stub(`new ${name}`);
    },
  });
}

// A plain object (esbuild copies the namespace's own keys) whose members are all stand-ins.
const names = ['window', 'workspace', 'commands', 'languages', 'env', 'extensions', 'Uri', 'ThemeIcon', 'ThemeColor',
  'TreeItem', 'TreeItemCollapsibleState', 'EventEmitter', 'StatusBarAlignment', 'ProgressLocation', 'Disposable',
  'MarkdownString', 'Range', 'Position', 'Diagnostic', 'DiagnosticSeverity', 'CodeAction', 'CodeActionKind',
  'WorkspaceEdit', 'ConfigurationTarget', 'RelativePattern', 'CancellationTokenSource', 'l10n', 'version',
  'ExtensionMode', 'FileSystemError', 'FileType', 'Location', 'TextEdit', 'SnippetString', 'CompletionItem', 'Hover'];
// The version the extension targets (code-server 4.100.3 ships Code 1.100.3).
const version = '1.100.3';
const vscode = new Proxy({ ...Object.fromEntries(names.map((n) => [n, stub(n)])), version }, {
  get(target, prop) {
    if (!(prop in target) && typeof prop === 'string') target[prop] = class {};
    return target[prop];
  },
});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'vscode') return 'vscode';
  return resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const root = path.join(__dirname, '..', '..');
const context = {
  subscriptions: [],
  extensionPath: root,
  extensionUri: stub('extensionUri'),
  asAbsolutePath: (p) => path.join(root, p),
  globalState: stub('globalState'),
  workspaceState: stub('workspaceState'),
  secrets: stub('secrets'),
};

const started = process.hrtime.bigint();
const ext = require(path.join(root, 'dist', 'extension.js'));
Promise.resolve(ext.activate(context)).then(() => {
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ ms }));
  process.exit(0);
});
