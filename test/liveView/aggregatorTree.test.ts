// The tree for a real aggregator scan of the local endpoint: every recording account a root reached "via AWS Config
// aggregator", the chain trail → bucket → key across accounts, and each row telling a recorded verdict (with its age)
// from a stale one (unknown, with its age and what it recorded).
import assert from 'node:assert/strict';
import { buildLiveTree, type LiveNode } from '../../src/extension/liveView/nodeModel';
import { scanAccounts } from '../../src/live/scanAccounts';
import type { AccountScan } from '../../src/live/types';
import { LOG, MGMT, SEC, organization, withOrganization } from '../live/orgHarness';

function at(roots: LiveNode[], ...labels: string[]): LiveNode {
  let level = roots;
  let node: LiveNode | undefined;
  for (const label of labels) {
    node = level.find((n) => n.label === label);
    assert.ok(node, `no node "${label}" among: ${level.map((n) => JSON.stringify(n.label)).join(', ')}`);
    level = node.children;
  }
  return node!;
}

function tree(scans: AccountScan[]): LiveNode[] {
  return buildLiveTree({ trusted: true, profilesAvailable: true, profile: 'management', regions: [], scanning: false, scan: scans[0], scans });
}

describe('live view over an AWS Config aggregator scan', function () {
  this.timeout(60_000);

  it('three account roots via the aggregator; recorded verdicts show their age, stale ones are unknown with theirs', async () => {
    const scan = await withOrganization(organization(), () => scanAccounts({ profiles: ['management'], aggregator: { name: 'stale-aggregator' } }));
    const roots = tree(scan.accounts);
    assert.deepEqual(roots.map((r) => r.id), [`account/${MGMT}`, `account/${LOG}`, `account/${SEC}`]);
    assert.ok(roots.every((r) => /^via AWS Config aggregator stale-aggregator/.test(r.description ?? '')), roots.map((r) => r.description).join(' | '));
    const trail = at(roots, `${MGMT} (${MGMT})`, 'us-east-1', 'org-trail');
    const validation = trail.children.find((n) => n.label.startsWith('TG101 '))!;
    assert.equal(validation.description, 'pass · AWS Config, recorded 2 h ago');
    assert.match(validation.tooltip!, /Data: AWS Config aggregator stale-aggregator, configuration item captured \d{4}-/);
    const bucket = at(trail.children, 'acme-org-audit-logs');
    assert.match(bucket.description!, new RegExp(`^log bucket · account ${LOG} · `));
    const lock = bucket.children.find((n) => n.label.startsWith('TG201 '))!;
    assert.equal(lock.icon, 'unknown');
    assert.match(lock.description!, /: AWS Config data is 3 d old \(captured .*\), older than the 24 h limit; it recorded: pass$/);
  });
});
