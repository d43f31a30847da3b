// The tree for real multi-account scans of the local endpoint: one root per account (named, with how it was
// reached), the organization trail once with its cross-account bucket and key labelled by owner account, the
// unreachable member as an unknown root — and roots appearing one by one while the scan runs.
import assert from 'node:assert/strict';
import { buildLiveTree, type LiveNode } from '../../src/extension/liveView/nodeModel';
import { ScanSession } from '../../src/extension/liveView/scanSession';
import { scanAccounts } from '../../src/live/scanAccounts';
import type { AccountScan } from '../../src/live/types';
import { LOG, MGMT, SANDBOX, SEC, organization, withOrganization } from '../live/orgHarness';
import { runScenario, scenario } from '../live/harness';

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

function tree(scans: AccountScan[], scanning = false): LiveNode[] {
  return buildLiveTree({ trusted: true, profilesAvailable: true, profile: 'management', regions: [], scanning, scan: scans[0], scans });
}

describe('live view over a scan of several accounts', function () {
  this.timeout(60_000);

  it('three profiles: three account roots; the organization trail under the management account with the log-archive bucket and security key', async () => {
    const scan = await withOrganization(organization(), () => scanAccounts({ profiles: ['management', 'log-archive', 'security'], regions: ['us-east-1'] }));
    const roots = tree(scan.accounts);
    assert.deepEqual(roots.map((r) => r.label), [`management (${MGMT})`, `log-archive (${LOG})`, `security (${SEC})`]);
    assert.deepEqual(roots.map((r) => r.id), [`account/${MGMT}`, `account/${LOG}`, `account/${SEC}`]);
    assert.match(roots[0]!.tooltip!, /Reached through: profile management/);
    const trail = at(roots, `management (${MGMT})`, 'us-east-1', 'org-trail');
    const bucket = at(trail.children, 'acme-org-audit-logs');
    assert.match(bucket.description!, new RegExp(`^log bucket · account ${LOG} · all \\d+ pass$`));
    assert.match(bucket.tooltip!, new RegExp(`Owner account: \`${LOG}\`, read through profile log-archive`));
    const key = trail.children.find((n) => n.icon === 'key')!;
    assert.match(key.description!, new RegExp(`^KMS key · account ${SEC} · all \\d+ pass$`));
    // From the member accounts the organization trail is its shadow copy, pointing at the root that checks it.
    const shadow = at(roots, `log-archive (${LOG})`, 'us-east-1', 'org-trail');
    assert.deepEqual(shadow.children.map((c) => [c.label, c.icon]), [[`Checked under account ${MGMT}`, 'info']]);
  });

  it('organization scan: every account a root named as Organizations names it, the unreachable one unknown with the reason', async () => {
    const scan = await withOrganization(organization(), () =>
      scanAccounts({ profiles: ['management'], organization: true, assumeRole: { roleName: 'Audit' }, regions: ['us-east-1'] }));
    const roots = tree(scan.accounts);
    assert.deepEqual(roots.map((r) => r.label), [`management (${MGMT})`, `Log Archive (${LOG})`, `Security (${SEC})`, `Sandbox (${SANDBOX})`]);
    assert.match(roots[1]!.description!, /^via role Audit from profile management · /);
    const sandbox = roots[3]!;
    assert.equal(sandbox.tone, 'unknown');
    assert.deepEqual(sandbox.children.map((c) => c.label), [`Account could not be scanned: sts:AssumeRole on arn:aws:iam::${SANDBOX}:role/Audit denied`]);
    const bucket = at(roots, `management (${MGMT})`, 'us-east-1', 'org-trail', 'acme-org-audit-logs');
    assert.match(bucket.description!, new RegExp(`^log bucket · account ${LOG} \\(Log Archive\\) · `));
  });

  it('progressive: the session shows each account as soon as it is scanned, before the whole scan ends', async () => {
    await withOrganization(organization(), async () => {
      const seen: number[] = [];
      const session = new ScanSession(async (request, signal, _progress, onAccount) => (await scanAccounts({
        profiles: request.profiles, organization: request.organization, assumeRole: request.assumeRole, regions: request.regions,
        signal, accountConcurrency: 1, onAccount,
      })).accounts);
      session.onDidChange(() => { if (session.state.scanning) seen.push(session.state.scans?.length ?? 0); });
      const request = { profiles: ['management'], organization: true, assumeRole: { roleName: 'Audit' }, regions: ['us-east-1'], auditBucketPatterns: [] };
      await session.scan(request);
      assert.deepEqual([...new Set(seen)], [0, 1, 2, 3, 4]);
      assert.equal(session.state.scans?.length, 4);
      assert.equal(session.state.scanning, false);
      // While scanning, the tree already has the finished accounts as roots.
      assert.equal(tree(session.state.scans!.slice(0, 2), true).length, 2);
    });
  });
});

describe('live view: a tree that appears at once', function () {
  this.timeout(60_000);

  it('the trails are tree nodes as soon as they are listed, marked "checking…", with no verdict until the checks arrive', async () => {
    const partials: AccountScan[] = [];
    const { scan } = await runScenario(scenario('compliant'), { regions: ['us-east-1'], onPartial: (p) => partials.push(p) });
    assert.equal(partials.length, 1);
    const first = buildLiveTree({ trusted: true, profilesAvailable: true, profile: 'test', regions: [], scanning: true, scans: partials });
    const root = first[0]!;
    assert.equal(root.description, 'checking…');
    assert.equal(root.tone, undefined);
    assert.deepEqual(root.children.map((c) => [c.label, c.description]), [['us-east-1', '1 trail · checking…']]);
    const trail = at(first, 'test (111122223333)', 'us-east-1', 'org-audit');
    assert.deepEqual([trail.description, trail.children.length, trail.tone], ['checking…', 0, undefined]);
    // Nothing in the partial tree is a check result.
    const all = (nodes: LiveNode[]): LiveNode[] => nodes.flatMap((n) => [n, ...all(n.children)]);
    assert.deepEqual(all(first).filter((n) => n.check || n.icon === 'pass' || n.icon.startsWith('fail')), []);
    // The finished scan replaces it.
    const done = tree([scan]);
    assert.match(done[0]!.description!, /^1\/1 trail buckets compliant/);
  });
});
