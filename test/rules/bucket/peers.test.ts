// The Peers column of the bucket rules: which other scanner's check each TrailGuard rule corresponds to (the
// conformance report and the generated docs read it, so a wrong mapping shows up as false disagreements).
import * as assert from 'assert';
import { allRules } from '../../../src/core/rules';

/** The rules that list a peer check. */
function rulesMapping(tool: string, id: string): string[] {
  return allRules.filter((r) => r.meta.peers.some((p) => p.tool === tool && p.id === id)).map((r) => r.meta.id);
}

describe('bucket rules: peer mapping', () => {
  it('KICS c3ce69fd "S3 Bucket CloudTrail Logging Disabled" (server access logging) maps to TG209 only', () => {
    assert.deepStrictEqual(rulesMapping('kics', 'c3ce69fd-e3df-49c6-be78-1db3f802261c'), ['TG209']);
  });
  it('the other KICS server access logging queries stay on TG209', () => {
    for (const id of ['ee9e50e8-b2ed-4176-ad42-8fc0cf7593f4', 'f861041c-8c9f-4156-acfc-5e6e524f5884', '4552b71f-0a2a-4bc4-92dd-ed7ec1b4674c']) {
      assert.deepStrictEqual(rulesMapping('kics', id), ['TG209'], id);
    }
  });
});
