// Control mapping in rule metadata: every CIS id is a CIS AWS Foundations v3.0 section whose title matches what the
// rule checks, peers' CIS tags agree with it (TG212 was tagged 3.3, which in v3.0 is AWS Config), and every
// control has a title for the report's per-control table.
import * as assert from 'assert';
import { allRules } from '../../src/core/rules';
import { CIS_V3_SECTIONS, CONTROL_TITLES, controlKey } from '../../src/core/rules/controls';

/** From the CIS AWS Foundations Benchmark v3.0.0 table of contents: which section each rule is evidence for. */
const EXPECTED_CIS_V3: Record<string, string[]> = {
  TG101: ['3.2'], // log file validation
  TG102: ['3.1'], TG104: ['3.1'], TG105: ['3.1'], TG109: ['3.1'], TG120: ['3.1'], // CloudTrail enabled in all regions
  TG103: ['3.5'], // logs encrypted with KMS CMKs
  TG111: ['3.8', '3.9'], // S3 object-level write / read events
  TG204: ['2.1.2'], // MFA Delete
  TG205: ['2.1.4'], // Block public access
  TG206: ['2.1.1'], // deny HTTP
  TG209: ['3.4'], // server access logging on the CloudTrail bucket
  TG303: ['3.6'], // CMK rotation
  TG401: ['3.3'], TG402: ['3.3'], TG403: ['3.3'], // AWS Config enabled in all regions
};

describe('control mapping', () => {
  it('every rule with a CIS id maps to the right CIS AWS Foundations v3.0 section', () => {
    const actual: Record<string, string[]> = {};
    for (const { meta } of allRules) {
      const ids = meta.controls.filter((c) => c.framework === 'CIS AWS Foundations v3.0').map((c) => c.id);
      for (const id of ids) assert.ok(id in CIS_V3_SECTIONS, `${meta.id}: CIS ${id} is not a v3.0 section TrailGuard knows`);
      if (ids.length) actual[meta.id] = ids;
    }
    assert.deepStrictEqual(actual, EXPECTED_CIS_V3);
    assert.match(CIS_V3_SECTIONS['3.3']!, /AWS Config/);
  });

  it("peers' CIS tags name another edition or agree with the v3.0 controls", () => {
    for (const { meta } of allRules) {
      const v3 = new Set(meta.controls.filter((c) => c.framework === 'CIS AWS Foundations v3.0').map((c) => c.id));
      for (const peer of meta.peers.filter((p) => p.tool === 'cis')) {
        const edition = /^CIS AWS v(\d+\.\d+) (.+)$/.exec(peer.id);
        if (edition && edition[1] !== '3.0') continue;
        const section = edition ? edition[2]! : peer.id;
        if (section.startsWith('4.')) continue; // CIS 4.x metric filters: out of scope, named as the detective peer
        assert.ok(v3.has(section), `${meta.id}: peer CIS ${peer.id} is not among its v3.0 controls`);
      }
    }
  });

  it('CIS controls on every bucket or key are partial (TrailGuard checks trail resources unless scope: all)', () => {
    for (const { meta } of allRules) {
      for (const c of meta.controls.filter((x) => x.framework === 'CIS AWS Foundations v3.0' && /^(2\.1\.\d|3\.6)$/.test(x.id))) {
        assert.strictEqual(c.partial, 'scope', `${meta.id} CIS ${c.id}`);
      }
    }
  });

  it('every mapped control has a title for the per-control table', () => {
    for (const { meta } of allRules) for (const c of meta.controls) assert.ok(CONTROL_TITLES[controlKey(c)], `${meta.id}: no title for ${controlKey(c)}`);
  });
});
