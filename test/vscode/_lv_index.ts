import Mocha from 'mocha';
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'lv', mocha);
  require('./liveViewEndpoint.test');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((f) => (f ? reject(new Error(`${f} failed`)) : resolve()));
    runner.on('fail', (test, err) => console.log(`FAIL ${test.title}\n${(err as Error).stack}`));
  });
}
