import assert from 'node:assert/strict';
import { buildLiveTree, type LiveNode, type LiveViewState } from '../../src/extension/liveView/nodeModel';
import type { AccountScan } from '../../src/live/types';
import {
  ACCOUNT, accessDeniedScan, check, compliantScan, crossAccountBucketScan, expiredCredentialsScan, failingScan, noTrailsScan,
  orgTrailScan, regionErrorScan,
} from './fixtures';

function state(scan: AccountScan | undefined, over: Partial<LiveViewState> = {}): LiveViewState {
  return { trusted: true, profilesAvailable: true, profile: scan?.profile ?? 'prod', regions: [], scanning: false, scan, ...over };
}

/** Follows labels from the roots down; fails with the labels that were there instead. */
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

const labels = (n: LiveNode) => n.children.map((c) => c.label);

function allNodes(roots: LiveNode[]): LiveNode[] {
  return roots.flatMap((n) => [n, ...allNodes(n.children)]);
}

describe('live view node model', () => {
  it('event data stores: one node per store under its region, failing TG110 counted in the region', () => {
    const scan = compliantScan();
    scan.regions[0].eventDataStores = [
      { name: 'audit-lake', arn: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/eds-1', checks: [check('TG110', 'pass')] },
      { name: 'scratch-lake', arn: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/eds-2', checks: [check('TG110', 'fail', { severity: 'warning' })] },
    ];
    const region = at(buildLiveTree(state(scan)), `prod (${ACCOUNT})`, 'us-east-1');
    assert.deepEqual(labels(region).slice(-2), ['audit-lake', 'scratch-lake']);
    const failing = at(region.children, 'scratch-lake');
    assert.equal(failing.icon, 'lake');
    assert.equal(failing.tone, 'fail-warning');
    assert.equal(failing.description, 'CloudTrail Lake event data store · 1 warning · 0 pass');
    assert.match(failing.children[0].contextValue, /\btgFail\b/);
    assert.match(region.description!, /1 warning/);
  });

  it('compliant account: root summary, region → trail → bucket → key, every check green', () => {
    const tree = buildLiveTree(state(compliantScan()));
    assert.equal(tree.length, 1);
    const root = tree[0];
    assert.equal(root.label, `prod (${ACCOUNT})`);
    assert.equal(root.description, '1/1 trail buckets compliant (100%) · nothing failing · 0 unknown · scanned 23:50 UTC');
    assert.equal(root.icon, 'account');
    assert.deepEqual(labels(root), ['us-east-1', 'Other audit-log buckets', 'AWS Config recorder']);

    const region = at(tree, `prod (${ACCOUNT})`, 'us-east-1');
    assert.deepEqual(labels(region), ['TG120 Account has a logging multi-region trail', 'main']);
    const trail = at(region.children, 'main');
    assert.equal(trail.icon, 'trail');
    assert.equal(trail.tone, 'pass');
    assert.equal(trail.description, 'all 6 pass');
    assert.deepEqual(labels(trail), [
      'TG101 Log file validation enabled', 'TG104 Trail is logging',
      'acme-cloudtrail-logs', 'key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ]);
    const bucket = at(trail.children, 'acme-cloudtrail-logs');
    assert.equal(bucket.icon, 'bucket');
    assert.equal(bucket.description, 'log bucket · all 2 pass');
    assert.match(bucket.tooltip!, /Why it is checked: log bucket of trail main/);
    assert.deepEqual(labels(bucket), ['TG201 Object Lock enabled on trail bucket', 'TG206 Bucket policy denies non-TLS']);
    const tg201 = bucket.children[0];
    assert.equal(tg201.icon, 'pass');
    assert.equal(tg201.description, 'pass');
    assert.match(tg201.contextValue, /\btgPass\b/);
    assert.doesNotMatch(tg201.contextValue, /\btgRemediation\b/);
    assert.match(tg201.tooltip!, /^\*\*TG201 Object Lock enabled on trail bucket\*\*: PASS$/m);
    assert.match(tg201.tooltip!, /"ObjectLockEnabled": "Enabled"/);
    assert.match(tg201.tooltip!, /\[TG201 documentation\]\(https:\/\/trailguard\.example\/rules\/TG201\)/);
    const key = at(trail.children, 'key/1234abcd-12ab-34cd-56ef-1234567890ab');
    assert.equal(key.icon, 'key');
    assert.match(key.tooltip!, /arn:aws:kms:us-east-1:111122223333:key\/1234abcd/);

    const config = at(tree, `prod (${ACCOUNT})`, 'AWS Config recorder');
    assert.deepEqual(labels(at(config.children, 'us-east-1')), ['TG403 Config recorder is on', 'default']);
    assert.equal(at(tree, `prod (${ACCOUNT})`, 'Other audit-log buckets').description, 'none matched');
  });

  it('failing checks come first, with the icon of their severity and the remediation in the tooltip', () => {
    const tree = buildLiveTree(state(failingScan()));
    assert.equal(tree[0].description, '0/1 trail buckets compliant (0%) · 1 error · 1 warning · 0 unknown · scanned 23:50 UTC');
    const trail = at(tree, `prod (${ACCOUNT})`, 'us-east-1', 'main');
    assert.equal(trail.tone, 'fail-error');
    assert.equal(trail.description, '1 error · 1 warning · 4 pass');
    const tg101 = trail.children[0];
    assert.equal(tg101.label, 'TG101 Log file validation enabled');
    assert.equal(tg101.icon, 'fail-error');
    assert.equal(tg101.description, 'Log file validation enabled: not satisfied');
    assert.equal(tg101.contextValue, 'tgCheck tgFail tgRemediation tgConsole tgDoc');
    assert.match(tg101.tooltip!, /: FAIL \(error\)$/m);
    assert.match(tg101.tooltip!, /```sh\naws cloudtrail update-trail --name main --enable-log-file-validation --region us-east-1\n```/);
    assert.equal(tg101.check?.remediation, 'aws cloudtrail update-trail --name main --enable-log-file-validation --region us-east-1');

    const bucket = at(trail.children, 'acme-cloudtrail-logs');
    assert.equal(bucket.tone, 'fail-warning');
    assert.deepEqual(bucket.children.map((c) => [c.label, c.icon]), [
      ['TG206 Bucket policy denies non-TLS', 'fail-warning'],
      ['TG201 Object Lock enabled on trail bucket', 'pass'],
    ]);
  });

  it('AccessDenied: unknown checks carry the missing permission and the root never says compliant', () => {
    const tree = buildLiveTree(state(accessDeniedScan()));
    const root = tree[0];
    assert.equal(root.description, '0/1 trail buckets compliant (0%) · nothing failing · 2 unknown · scanned 23:50 UTC');
    assert.equal(root.tone, 'unknown');
    assert.match(root.tooltip!, /0 of 1 \(0%\)\*\*, 1 could not be fully verified/);
    const bucket = at(tree, root.label, 'us-east-1', 'main', 'acme-cloudtrail-logs');
    assert.equal(bucket.tone, 'unknown');
    assert.equal(bucket.description, 'log bucket · 1 unknown · 1 pass');
    const tg206 = bucket.children[0];
    assert.equal(tg206.icon, 'unknown');
    assert.equal(tg206.description, 'unknown: AccessDenied: the scanning role lacks s3:GetBucketPolicy on acme-cloudtrail-logs');
    assert.match(tg206.contextValue, /\btgUnknown\b/);
    assert.match(tg206.tooltip!, /\*\*Unknown because:\*\* AccessDenied: the scanning role lacks s3:GetBucketPolicy on acme-cloudtrail-logs/);
    assert.ok(!allNodes(tree).some((n) => n.check?.status === 'unknown' && n.icon === 'pass'));
  });

  it('a region with no trails gets an explanatory TG120 node, not an empty list', () => {
    const tree = buildLiveTree(state(noTrailsScan()));
    const region = at(tree, `dev (${ACCOUNT})`, 'eu-west-1');
    assert.equal(region.tone, 'fail-error');
    assert.equal(region.description, '0 trails · 1 error · 0 pass');
    assert.deepEqual(region.children.map((c) => [c.label, c.icon]), [
      ['TG120 Account has a logging multi-region trail', 'fail-error'],
      ['No trails in this region', 'fail-error'],
    ]);
    const explain = region.children[1];
    assert.equal(explain.description, 'TG120: not covered by any trail');
    assert.match(explain.tooltip!, /No trails in eu-west-1/);
    assert.match(explain.tooltip!, /\[TG120 documentation\]\(https:\/\/trailguard\.example\/rules\/TG120\)/);
  });

  it('expired credentials: an error node with the reason, no green anywhere', () => {
    const tree = buildLiveTree(state(expiredCredentialsScan()));
    const root = tree[0];
    assert.equal(root.label, 'sso-dev (account unknown)');
    assert.equal(root.description, 'nothing verified · tried 23:50 UTC');
    assert.equal(root.tone, 'unknown');
    assert.equal(root.children.length, 1);
    const err = root.children[0];
    assert.equal(err.label, 'Account could not be scanned: credentials expired — run `aws sso login --profile sso-dev`');
    assert.equal(err.icon, 'error');
    assert.equal(err.command?.command, 'trailguard.live.refresh');
    assert.match(err.tooltip!, /this is not a pass/);
    assert.ok(!allNodes(tree).some((n) => n.icon === 'pass' || n.tone === 'pass'));
  });

  it('organization trail from a member account: shadow tags, unknown cross-account bucket, shadow copy points home', () => {
    const tree = buildLiveTree(state(orgTrailScan()));
    const root = tree[0];
    assert.equal(root.description, '0/1 trail buckets compliant (0%) · nothing failing · 1 unknown · scanned 23:50 UTC');
    const home = at(tree, root.label, 'us-east-1', 'org-trail');
    assert.equal(home.description, 'organization trail · shadow · 1 unknown · 1 pass');
    assert.match(home.tooltip!, /Organization trail/);
    assert.match(home.tooltip!, /possibly from the management account/);
    const bucket = at(home.children, 'org-audit-logs');
    assert.equal(bucket.tone, 'unknown');
    assert.equal(bucket.description, 'log bucket · unknown: bucket belongs to another account (999988887777)');
    const copy = at(tree, root.label, 'eu-west-1', 'org-trail');
    assert.equal(copy.description, 'organization trail · shadow · home us-east-1 · no checks');
    assert.deepEqual(copy.children.map((c) => [c.label, c.icon]), [['Checked in its home region us-east-1', 'info']]);
  });

  it('cross-account bucket with no checks: a "not verified" node and an unknown KPI', () => {
    const tree = buildLiveTree(state(crossAccountBucketScan()));
    assert.equal(tree[0].description, '0/1 trail buckets compliant (0%) · nothing failing · 1 unknown · scanned 23:50 UTC');
    assert.equal(tree[0].tone, 'unknown');
    assert.match(tree[0].tooltip!, /1 trail bucket or key could not be read at all/);
    const bucket = at(tree, tree[0].label, 'us-east-1', 'main', 'central-logs-444455556666');
    assert.equal(bucket.tone, 'unknown');
    assert.deepEqual(bucket.children.map((c) => [c.label, c.icon]), [['Not verified: bucket belongs to another account', 'unknown']]);
  });

  it('a region that could not be scanned shows its reason, then what could still be checked; other audit buckets are listed', () => {
    const tree = buildLiveTree(state(regionErrorScan()));
    assert.match(tree[0].description!, / · 1 error · 1 unknown · /);
    const region = at(tree, tree[0].label, 'ap-east-1');
    assert.equal(region.tone, 'unknown');
    assert.equal(region.description, 'could not be scanned: UnrecognizedClientException: the region is not enabled for this account');
    assert.deepEqual(region.children.map((c) => [c.label, c.icon]), [
      ['Could not scan: UnrecognizedClientException: the region is not enabled for this account', 'error'],
      ['TG120 Account has a logging multi-region trail', 'unknown'],
    ]);
    const other = at(tree, tree[0].label, 'Other audit-log buckets');
    assert.equal(other.description, '1 bucket · all 2 pass');
    assert.equal(at(other.children, 'acme-archive-logs').description, 'matches auditBucketPatterns acme-*-logs · all 2 pass');
    const config = at(tree, tree[0].label, 'AWS Config recorder', 'ap-east-1');
    assert.deepEqual(config.children.map((c) => [c.label, c.icon]), [['TG403 Config recorder is on', 'fail-error']]);
  });

  it('node ids are unique', () => {
    for (const scan of [compliantScan(), orgTrailScan(), noTrailsScan(), regionErrorScan()]) {
      const ids = allNodes(buildLiveTree(state(scan))).map((n) => n.id);
      assert.equal(new Set(ids).size, ids.length, `duplicate ids in ${scan.profile}`);
    }
  });

  describe('states without a scan', () => {
    it('untrusted workspace: one node that says why, even with a cached scan', () => {
      const tree = buildLiveTree(state(compliantScan(), { trusted: false }));
      assert.deepEqual(tree.map((n) => [n.label, n.icon, n.command?.command]), [
        ['Workspace not trusted: no AWS calls are made', 'lock', 'workbench.trust.manage'],
      ]);
    });

    it('no profile at all: empty, so the welcome content shows', () => {
      assert.deepEqual(buildLiveTree(state(undefined, { profilesAvailable: false, profile: undefined })), []);
    });

    it('scanning for the first time, failed first scan, never scanned', () => {
      assert.deepEqual(buildLiveTree(state(undefined, { scanning: true, regions: ['us-east-1', 'eu-west-1'] })).map((n) => [n.label, n.description, n.icon]),
        [['Scanning profile prod…', 'us-east-1, eu-west-1', 'loading']]);
      const failed = buildLiveTree(state(undefined, { error: 'connect ETIMEDOUT' }));
      assert.deepEqual(failed.map((n) => [n.label, n.icon, n.command?.command]),
        [['Could not scan profile prod: connect ETIMEDOUT', 'error', 'trailguard.live.refresh']]);
      assert.deepEqual(buildLiveTree(state(undefined)).map((n) => [n.label, n.description]), [['Not scanned yet', 'profile prod · click to scan']]);
    });

    it('refreshing keeps the cached tree and says so; a failed refresh says which scan is shown', () => {
      const refreshing = buildLiveTree(state(compliantScan(), { scanning: true }));
      assert.match(refreshing[0].description!, /^scanning… · 1\/1 trail buckets compliant/);
      const withProgress = buildLiveTree(state(compliantScan(), { scanning: true, progress: 'Reading log buckets' }));
      assert.match(withProgress[0].description!, /^scanning: Reading log buckets… · 1\/1/);
      const failed = buildLiveTree(state(compliantScan(), { error: 'throttled after 5 retries' }));
      assert.deepEqual([failed[0].children[0].label, failed[0].children[0].description],
        ['Last refresh failed: throttled after 5 retries', 'showing the scan of 2026-11-21 23:50:07 UTC']);
    });

    it('a cached scan from another day shows its date', () => {
      const today = buildLiveTree(state(compliantScan(), { now: new Date('2026-11-21T23:59:00Z') }));
      assert.match(today[0].description!, / · scanned 23:50 UTC$/);
      const later = buildLiveTree(state(compliantScan(), { now: new Date('2026-11-23T08:00:00Z') }));
      assert.match(later[0].description!, / · scanned 2026-11-21 23:50 UTC$/);
    });

    it('blocked scan (unconfirmed workspace endpoint) shows the reason and the command to resolve it', () => {
      const tree = buildLiveTree(state(undefined, {
        blocked: { reason: 'Workspace setting trailguard.aws.endpointUrl not confirmed', command: { command: 'x.confirm', title: 'Confirm' } },
      }));
      assert.deepEqual(tree.map((n) => [n.label, n.command?.command]), [['Workspace setting trailguard.aws.endpointUrl not confirmed', 'x.confirm']]);
    });
  });
});

describe('live view check descriptions', () => {
  it('are plain text: the scanner\'s code marks are dropped there but kept in the tooltip', () => {
    const scan = failingScan();
    const trail = scan.regions[0].trails[0];
    trail.checks[0] = { ...trail.checks[0], message: 'Log file validation is disabled (`LogFileValidationEnabled: false`)' };
    const tree = buildLiveTree({ trusted: true, profilesAvailable: true, profile: 'prod', regions: [], scanning: false, scan });
    const tg101 = tree[0].children[0].children.find((n) => n.label === 'main')!.children[0];
    assert.equal(tg101.description, 'Log file validation is disabled (LogFileValidationEnabled: false)');
    assert.ok(tg101.tooltip!.includes('disabled \\(`LogFileValidationEnabled: false`\\)'), tg101.tooltip);
  });
});
