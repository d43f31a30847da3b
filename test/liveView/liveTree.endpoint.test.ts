// The tree for real scans: the scanner (src/live) against the local AWS wire endpoint, through a temporary
// ~/.aws/config profile with endpoint_url, then the node model. Catches drift between the AccountScan the scanner
// really produces and what the view expects.
import assert from 'node:assert/strict';
import { buildLiveTree, type LiveNode } from '../../src/extension/liveView/nodeModel';
import { scanAccount } from '../../src/live/scanAccount';
import type { AccountScan } from '../../src/live/types';
import { STATUS_RANK } from '../../src/core/status';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import { loadScenario } from '../support/aws-endpoint/scenario';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/server';

function allNodes(roots: LiveNode[]): LiveNode[] {
  return roots.flatMap((n) => [n, ...allNodes(n.children)]);
}

function tree(scan: AccountScan): LiveNode[] {
  return buildLiveTree({ trusted: true, profilesAvailable: true, profile: 'test', regions: [], scanning: false, scan });
}

describe('live view over a scan of the local AWS endpoint', function () {
  this.timeout(60_000);
  let endpoint: AwsEndpoint;
  const savedEnv = { ...process.env };

  before(async () => {
    endpoint = await startAwsEndpoint({ scenario: loadScenario('compliant') });
    const files = writeEndpointProfile(endpoint.url, { profile: 'test' });
    process.env.AWS_CONFIG_FILE = files.configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
    for (const k of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete process.env[k];
  });

  after(async () => {
    await endpoint?.close();
    process.env = savedEnv;
  });

  it('compliant account: 100% of trail buckets, nothing failing or unknown, evidence in every check tooltip', async () => {
    endpoint.setScenario(loadScenario('compliant'));
    const roots = tree(await scanAccount({ profile: 'test' }));
    const root = roots[0];
    assert.equal(root.label, 'test (111122223333)');
    assert.match(root.description!, /^1\/1 trail buckets compliant \(100%\) · nothing failing · 0 unknown · scanned \d\d:\d\d UTC$/);
    const checks = allNodes(roots).filter((n) => n.check);
    assert.ok(checks.length > 10, `only ${checks.length} checks`);
    assert.deepEqual([...new Set(checks.map((n) => n.icon))], ['pass']);
    const region = root.children.find((n) => n.label === 'us-east-1')!;
    const trail = region.children.find((n) => n.icon === 'trail')!;
    const bucket = trail.children.find((n) => n.icon === 'bucket')!;
    const tg201 = bucket.children.find((n) => n.check?.ruleId === 'TG201')!;
    assert.match(tg201.tooltip!, /"GetObjectLockConfiguration"/);
  });

  it('failing account: failing checks first with severity icons, remediation commands on the context menu', async () => {
    endpoint.setScenario(loadScenario('failing'));
    const roots = tree(await scanAccount({ profile: 'test' }));
    const root = roots[0];
    assert.match(root.description!, /^0\/2 trail buckets compliant \(0%\) · [1-9]\d* errors · [1-9]\d* warnings · [1-9]\d* info · /);
    assert.equal(root.tone, 'fail-error');
    const region = root.children.find((n) => n.label === 'us-east-1')!;
    const tg120 = region.children.find((n) => n.check?.ruleId === 'TG120')!;
    assert.equal(tg120.icon, 'fail-error');
    const legacy = region.children.find((n) => n.label === 'legacy')!;
    const tg101 = legacy.children.find((n) => n.check?.ruleId === 'TG101')!;
    assert.equal(tg101.icon, 'fail-error');
    assert.match(tg101.contextValue, /\btgFail\b.*\btgRemediation\b/);
    assert.match(tg101.check!.remediation!, /^aws cloudtrail update-trail .*--enable-log-file-validation/);
    // Failing checks are listed before passing ones.
    const statuses = legacy.children.filter((n) => n.check).map((n) => n.check!.status);
    assert.deepEqual(statuses, [...statuses].sort((a, b) => STATUS_RANK[a] - STATUS_RANK[b]));
    // Settings are not results: opt-in rules nobody enabled are not tree items.
    assert.ok(!statuses.includes('optInNotEnabled'));
    // A rule that does not apply says why, after the passes, without a pass icon.
    const bucket = legacy.children.find((n) => n.icon === 'bucket')!;
    const tg202 = bucket.children.find((n) => n.check?.ruleId === 'TG202')!;
    assert.equal(tg202.description, 'not applicable: no Object Lock, see TG201');
    assert.equal(tg202.icon, 'info');
    assert.match(tg202.contextValue, /\btgNotEvaluated\b/);
  });

  it('a rule reported on several statements of one policy names each statement in its row', async () => {
    endpoint.setScenario(loadScenario('failing'));
    const roots = tree(await scanAccount({ profile: 'test' }));
    const bucket = allNodes(roots).find((n) => n.icon === 'bucket' && n.label === 'legacy-trail-logs')!;
    const tg208 = bucket.children.filter((n) => n.check?.ruleId === 'TG208');
    assert.equal(tg208.length, 2);
    assert.deepEqual(tg208.map((n) => n.label.replace(/^TG208 [^—]+— /, '')).sort(), tg208.map((n) => n.check!.subject!).sort());
    assert.ok(tg208.every((n) => /^statement ("[^"]+"|#\d+)$/.test(n.check!.subject!)), tg208.map((n) => n.label).join(' | '));
    assert.notEqual(tg208[0]!.label, tg208[1]!.label);
    // A rule reported once keeps the plain title.
    const tg201 = bucket.children.find((n) => n.check?.ruleId === 'TG201')!;
    assert.equal(tg201.label, 'TG201 Object Lock enabled on trail bucket');
  });
});
