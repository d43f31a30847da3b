import * as assert from 'assert';
import { loadConfigFile, mergeConfig } from '../../src/core/config';
import { nullProto } from '../support/nullProto';

describe('.trailguard.yaml', () => {
  it('reads every documented key', () => {
    const warnings: string[] = [];
    const config = loadConfigFile(
      [
        'scope: all',
        'minRetentionDays: 730',
        'optIn: [tg107, TG111]',
        'auditBucketPatterns: ["*-audit-logs"]',
        'rules:',
        '  TG209: warn',
        '  tg204: off',
        'exclude: ["sandbox/**"]',
        'ignore:',
        '  - path: legacy/**',
        '    rules: [TG204]',
        '    reason: handled elsewhere',
      ].join('\n'),
      warnings,
    );
    assert.deepStrictEqual(warnings, []);
    assert.deepStrictEqual(config, {
      scope: 'all',
      minRetentionDays: 730,
      optIn: ['TG107', 'TG111'],
      auditBucketPatterns: ['*-audit-logs'],
      rules: nullProto({ TG209: 'warning', TG204: 'off' }),
      exclude: ['sandbox/**'],
      ignore: [{ path: 'legacy/**', rules: ['TG204'], reason: 'handled elsewhere' }],
    });
  });

  it('reports bad values as warnings instead of throwing', () => {
    const warnings: string[] = [];
    const config = loadConfigFile('scope: some\nrules:\n  TG101: loud\n', warnings);
    assert.deepStrictEqual(config, { rules: nullProto({}) });
    assert.deepStrictEqual(warnings, ['scope must be "trail" or "all", not "some"', 'rules.TG101: expected error, warning, info or off']);
    const broken: string[] = [];
    assert.deepStrictEqual(loadConfigFile('rules: [unclosed', broken), {});
    assert.strictEqual(broken.length, 1);
  });

  it('lets later layers (editor settings) win over the file, rule by rule', () => {
    const merged = mergeConfig({ rules: { TG101: 'warning', TG204: 'off' }, minRetentionDays: 400 }, { rules: { TG101: 'error' } });
    assert.deepStrictEqual(merged.rules, nullProto({ TG101: 'error', TG204: 'off' }));
    assert.strictEqual(merged.minRetentionDays, 400);
    assert.strictEqual(merged.scope, 'trail');
  });
});
