// Entry that VS Code's test harness loads in the extension host (extensionTestsPath): it runs the mocha suites
// bundled with it and resolves when they pass (the harness turns a rejection into exit code 1).
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000, reporter: 'spec' });
  // The suites are bundled into this file; expose describe/it before loading them.
  mocha.suite.emit('pre-require', globalThis, 'trailguard-vscode-suite', mocha);
  require('./suite/diagnostics');
  require('./suite/settings');
  require('./suite/polish');
  require('./suite/liveView');
  require('./liveViewEndpoint.test');
  require('./linkEndpoint.test');
  require('./suite/restart');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
