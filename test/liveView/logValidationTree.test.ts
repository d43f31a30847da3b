// "Validate Log Files" without the editor: the demo organization (trail in the management account, bucket in the
// log archive) scanned with its three profiles, the validation run as the view runs it (the view's profiles; the
// bucket read through the account that owns it), and the result placed under the trail node of the tree.
import assert from 'node:assert/strict';
import { buildLiveTree, type LiveNode } from '../../src/extension/liveView/nodeModel';
import { logValidationNode, MAX_FILE_NODES, trailArnOfNode, withLogValidation, type LogValidationState } from '../../src/extension/liveView/logValidationNodes';
import { scanAccounts } from '../../src/live/scanAccounts';
import { validateTrailLogFiles, type LogFilesValidation } from '../../src/live/validateLogFiles';
import { addDemoOrganizationLogs } from '../support/aws-endpoint/digests';
import { writeEndpointProfiles } from '../support/aws-endpoint/profile';
import { loadOrganizationScenario } from '../support/aws-endpoint/scenario';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/server';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail';
const PROFILES = ['mgmt', 'archive', 'security'];

function find(nodes: LiveNode[], pred: (n: LiveNode) => boolean): LiveNode | undefined {
  for (const n of nodes) {
    if (pred(n)) return n;
    const hit = find(n.children, pred);
    if (hit) return hit;
  }
  return undefined;
}

describe('live view: Validate Log Files on the demo organization trail', function () {
  this.timeout(60_000);
  let endpoint: AwsEndpoint;
  let logs: ReturnType<typeof addDemoOrganizationLogs>;
  const savedEnv = { ...process.env };

  before(async () => {
    const org = loadOrganizationScenario('demo-organization');
    logs = addDemoOrganizationLogs(org, new Date('2026-12-06T03:20:00Z'), 24);
    endpoint = await startAwsEndpoint({ scenario: org });
    const files = writeEndpointProfiles(endpoint.url, [
      { name: 'mgmt', accessKeyId: 'AKIADEMOMANAGEMENT01' }, { name: 'archive', accessKeyId: 'AKIADEMOLOGARCHIVE01' }, { name: 'security', accessKeyId: 'AKIADEMOSECURITY0001' },
    ]);
    process.env.AWS_CONFIG_FILE = files.configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
    for (const k of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete process.env[k];
  });

  after(async () => {
    await endpoint?.close();
    process.env = savedEnv;
  });

  it('puts the verdict under the trail: 21/24 hours valid, the tampered file and the chain gap, every log file with its status', async () => {
    const scan = await scanAccounts({ profiles: PROFILES, regions: ['us-east-1'] });
    const roots = buildLiveTree({ trusted: true, profilesAvailable: true, regions: ['us-east-1'], scanning: false, scan: scan.accounts[0], scans: scan.accounts });
    const trail = find(roots, (n) => n.icon === 'trail' && n.label === 'org-trail' && n.children.some((c) => c.icon === 'bucket'))!;
    assert.equal(trailArnOfNode(trail.id), TRAIL);
    const result = await validateTrailLogFiles({ profiles: PROFILES, trailArn: TRAIL, from: logs.start, to: logs.end });
    assert.ok(!('error' in result), JSON.stringify(result));
    const validation = result as LogFilesValidation;
    assert.equal(validation.bucketVia, 'profile archive');
    assert.equal(validation.digestPrefix, 'AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Digest/');
    assert.deepEqual(validation.regions, ['us-east-1']);

    const states = new Map<string, LogValidationState>([[trail.id, { kind: 'done', result: validation, at: '2026-12-06T03:21:00Z' }]]);
    const decorated = withLogValidation(roots, states);
    const node = find(decorated, (n) => n.id === `${trail.id}/log-validation`)!;
    assert.ok(node, 'a log validation node under the trail');
    assert.equal(node.label, 'Log file integrity: 21/24 hours valid');
    assert.equal(node.description, '1 modified · 1 missing · 1 gap · 2026-12-05 03:00 → 2026-12-06 03:00 UTC · checked 03:21 UTC');
    assert.equal(node.tone, 'fail-error');
    assert.equal(node.expanded, true);
    assert.deepEqual(node.children.map((c) => [c.label, c.icon]), [
      ['2026-12-05 09:00 UTC: modified', 'fail-error'],
      ['2026-12-05 21:00 UTC: missing', 'fail-error'],
      ['2026-12-05 22:00 UTC: gap', 'fail-error'],
      ['Log files: 21 files', 'folder'],
    ]);
    const files = node.children[3]!;
    assert.equal(files.description, '20 valid · 1 modified');
    assert.equal(files.children[0]!.label, logs.tamperedLog.split('/').pop());
    assert.equal(files.children[0]!.description, 'modified · SHA-256 differs from the digest');
    assert.deepEqual([...new Set(files.children.slice(1).map((c) => c.icon))], ['pass']);
    // Untouched elsewhere: the original tree is not modified.
    assert.equal(find(roots, (n) => n.id === `${trail.id}/log-validation`), undefined);
  });

  it('running, failed and incomplete states never read as a pass', () => {
    assert.equal(logValidationNode('t', { kind: 'running', from: '2026-12-05T03:00:00.000Z', to: '2026-12-06T03:00:00.000Z', progress: '23 digest file(s)' }).icon, 'loading');
    const failed = logValidationNode('t', { kind: 'failed', from: '2026-12-05T03:00:00.000Z', to: '2026-12-06T03:00:00.000Z', error: 'missing IAM permission s3:ListBucket', at: '2026-12-06T03:21:00Z' });
    assert.equal(failed.label, 'Log file integrity: could not validate: missing IAM permission s3:ListBucket');
    assert.equal(failed.icon, 'error');
    const base = {
      trailArn: TRAIL, bucket: 'b', account: '111122223333', regions: ['us-east-1'], digestPrefix: 'p/', from: '2026-12-05T03:00:00.000Z', to: '2026-12-05T04:00:00.000Z', bucketVia: 'profile mgmt',
      hours: [{ hour: '2026-12-05T03:00Z', status: 'valid' as const, detail: [] }], digests: [], logFiles: { valid: 0, modified: [], missing: [], unknown: [] },
      files: Array.from({ length: MAX_FILE_NODES + 5 }, (_, i) => ({ key: `k/${i}`, status: 'valid' as const, digest: 'd' })),
    };
    const truncated = logValidationNode('t', { kind: 'done', at: '2026-12-06T03:21:00Z', result: { ...base, truncated: 'stopped after 5000 objects' } });
    assert.equal(truncated.tone, 'unknown');
    assert.equal(truncated.children[0]!.label, 'Incomplete: stopped after 5000 objects');
    const fileList = truncated.children.find((c) => c.label.startsWith('Log files'))!;
    assert.equal(fileList.children.length, MAX_FILE_NODES + 1);
    assert.equal(fileList.children[MAX_FILE_NODES]!.label, '… 5 more');
  });
});
