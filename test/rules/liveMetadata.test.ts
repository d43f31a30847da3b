// Rules own their live behaviour: every rule with the `live` surface declares the API calls its verdict rests on
// (the evidence shown with each result), the service it judges, and its remediation command (or why there is
// none). The scanner and the tree read these; no switch on rule ids or id prefixes is left outside the rules.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allRules } from '../../src/core/rules';
import { SCANNER_CALLS } from '../../src/live/iamPolicy';

/** Evidence names beyond the plain operations: the account-level S3 Control read is shown apart from the bucket's. */
const EVIDENCE_NAMES = new Set([...SCANNER_CALLS.map(([, op]) => op), 'GetPublicAccessBlock (account)']);
/** Rules whose inputs the scanner does not read yet: live they are unknown with that reason (their check says so). */
const NOT_READ_LIVE = new Map([['TG404', 'configuration aggregators']]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

describe('rules own their live behaviour', () => {
  const live = allRules.filter((r) => r.meta.surfaces.includes('live'));

  it('every live rule declares its service, evidence calls and remediation', () => {
    assert.ok(live.length >= 35);
    const missing = live.filter((r) => !r.meta.live).map((r) => r.meta.id);
    assert.deepStrictEqual(missing, []);
    for (const rule of live) {
      const meta = rule.meta.live!;
      assert.ok(meta.evidence.length > 0, `${rule.meta.id}: no evidence calls`);
      const remediation = meta.remediation;
      assert.ok(typeof remediation === 'function' || remediation.none.length > 20, `${rule.meta.id}: remediation neither a command nor a reason`);
    }
  });

  it('evidence names calls the scanner really makes', () => {
    for (const rule of live) {
      if (NOT_READ_LIVE.has(rule.meta.id)) continue;
      const unknownCalls = rule.meta.live!.evidence.filter((c) => !EVIDENCE_NAMES.has(c));
      assert.deepStrictEqual(unknownCalls, [], `${rule.meta.id} names calls the scanner never makes`);
    }
  });

  it('a rule without the live surface declares no live behaviour', () => {
    assert.deepStrictEqual(allRules.filter((r) => !r.meta.surfaces.includes('live') && r.meta.live).map((r) => r.meta.id), []);
  });

  it('the scanner and the live view branch on no rule id or id prefix', () => {
    const root = path.join(__dirname, '..', '..', 'src');
    const offenders = [...sourceFiles(path.join(root, 'live')), ...sourceFiles(path.join(root, 'extension', 'liveView'))].flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const hits = [...text.matchAll(/case 'TG\d{3}'|startsWith\('TG|\/\^TG\d|RULE_EVIDENCE/g)].map((m) => m[0]);
      return hits.map((h) => `${path.relative(root, file)}: ${h}`);
    });
    assert.deepStrictEqual(offenders, []);
  });
});
