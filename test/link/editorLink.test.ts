// What the editor shows of a link (src/extension/link): the CodeLens title and hover per definition, drift
// diagnostics, and the Audit trail tree marked — over real workspace fixtures and a real scan of the wire endpoint.
import { strict as assert } from 'assert';
import * as path from 'path';
import { fixtureRoot, linkFixture, readTree } from './helpers';
import { buildLinkView, driftSection, driftsByFile, lensesByFile } from '../../src/extension/link/linkModel';
import { buildEvidenceReport } from '../../src/evidence/report';
import { renderEvidenceReportMarkdown } from '../../src/evidence/markdown';
import { evidenceSettings } from '../../src/evidence/settings';
import { decorateTree } from '../../src/extension/link/treeLinks';
import { buildLiveTree, type LiveNode } from '../../src/extension/liveView/nodeModel';
import type { AccountScan } from '../../src/live/types';

const BUCKET = 'acme-audit-logs-111122223333';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const direct = path.join(fixtureRoot, 'direct');

function allNodes(roots: LiveNode[]): LiveNode[] {
  return roots.flatMap((n) => [n, ...allNodes(n.children)]);
}
const tree = (scan: AccountScan) => buildLiveTree({ trusted: true, profilesAvailable: true, profile: 'test', regions: [], scanning: false, scan });
const nodeOf = (roots: LiveNode[], icon: string, label: string) => {
  const found = allNodes(roots).find((n) => n.icon === icon && n.label === label);
  assert.ok(found, `no ${icon} node ${label}`);
  return found;
};

describe('code ↔ account in the editor: CodeLens, hover, drift diagnostics, tree', function () {
  this.timeout(60_000);

  it('puts a CodeLens with the live state on each linked header line, and the live evidence in its hover', async () => {
    const { report, scan } = await linkFixture(readTree(direct), 'compliant', [], (s) => { s.buckets[BUCKET]!.objectLock = null; });
    const view = buildLinkView(report, [scan], [fixtureRoot]);
    const lenses = lensesByFile(view);
    const s3 = lenses.get(path.join(direct, 's3.tf'))!;
    assert.deepEqual(s3.map((l) => [l.line, l.title]), [
      [4, `Live (test, 111122223333): 1 failing · Object Lock off · ${view.resources.find((r) => r.resource === BUCKET)!.drifts.length} drifts`],
    ]);
    const main = lenses.get(path.join(direct, 'main.tf'))!;
    assert.deepEqual(main.map((l) => l.line).sort(), [0, 9]);
    assert.match(main.find((l) => l.line === 0)!.title, /^Live \(test, 111122223333\): all \d+ pass · log file validation on · 2 drifts$/);
    const hover = s3[0]!.hover;
    assert.match(hover, /^\*\*Live bucket acme-audit-logs-111122223333\*\* — profile `test`, account `111122223333`, scanned /);
    assert.match(hover, /^- ✗ TG201 /m);
    assert.match(hover, /^- ⚠ Drift: direct\/s3\.tf:18 sets Object Lock COMPLIANCE 400 days; the live bucket has no Object Lock configuration$/m);
    // The API answer the failing verdict rests on.
    assert.match(hover, /\*\*Live evidence \(failing checks\)\*\*\n\n```json\n[^]*"GetObjectLockConfiguration"/);
  });

  it('turns drift into diagnostics at the drifting attribute: Warning for rule drift, Information for attribute drift', async () => {
    const { report, scan } = await linkFixture(readTree(direct), 'compliant');
    const byFile = driftsByFile(buildLinkView(report, [scan], [fixtureRoot]));
    const s3 = byFile.get(path.join(direct, 's3.tf'))!;
    const days = s3.find((d) => d.message.includes('retention 400 days'))!;
    assert.deepEqual([days.severity, days.range.start.line, days.message], ['info', 23, 'Drift: direct/s3.tf:24 sets Object Lock retention 400 days; the live bucket has Object Lock retention 365 days']);
    const pab = s3.find((d) => d.ruleId === 'TG205')!;
    assert.deepEqual([pab.severity, pab.range.start.line], ['warning', 33]);
    const main = byFile.get(path.join(direct, 'main.tf'))!;
    assert.deepEqual(main.filter((d) => d.ruleId === 'TG101').map((d) => [d.severity, d.range.start.line, d.range.start.character > 0]), [['warning', 6, true]]);
  });

  it('marks linked nodes "defined in", adds their drifts as children, and lists what is not deployed or cannot be linked', async () => {
    const { report, scan } = await linkFixture(readTree(direct), 'compliant');
    const { roots, definitions, nodes } = decorateTree(tree(scan), buildLinkView(report, [scan], [fixtureRoot]));
    const bucket = nodeOf(roots, 'bucket', BUCKET);
    assert.match(bucket.description!, / · defined in direct\/s3\.tf:5$/);
    assert.match(bucket.contextValue, /\btgDefined\b/);
    assert.deepEqual(definitions.get(bucket.id), { file: path.join(direct, 's3.tf'), rel: 'direct/s3.tf', line: 5, matched: `bucket name ${BUCKET}` });
    assert.equal(nodes.get(`bucket\0${BUCKET}`), bucket.id);
    const drift = bucket.children.find((c) => c.contextValue === 'tgDrift' && c.icon === 'fail-info')!;
    assert.equal(drift.label, 'Drift: direct/s3.tf:24 sets Object Lock retention 400 days; the live bucket has Object Lock retention 365 days');
    assert.deepEqual(drift.command?.arguments, [path.join(direct, 's3.tf'), 24]);
    assert.ok(bucket.children.some((c) => c.contextValue === 'tgDrift' && c.icon === 'fail-warning' && c.description === 'TG205 drift'));
    const trail = nodeOf(roots, 'trail', 'org-audit');
    assert.match(trail.description!, / · defined in direct\/main\.tf:1$/);
    const notDeployed = roots.find((r) => r.id === 'link/not-deployed')!;
    assert.equal(notDeployed.label, 'Not deployed (in this scan)');
    assert.deepEqual(notDeployed.children.map((c) => [c.label, c.description]), [['acme-staging-logs', 'bucket · direct/s3.tf:37']]);
    assert.deepEqual(definitions.get(notDeployed.children[0]!.id)?.line, 37);
    const unlinkable = roots.find((r) => r.id === 'link/unlinkable')!;
    assert.match(unlinkable.children[0]!.description!, /^bucket · direct\/s3\.tf:41 · `var\.unknown_name` is not declared$/);
  });

  it('marks a live key without definition "not in this workspace" and an ambiguous bucket as such, with its candidates', async () => {
    const moduleRun = await linkFixture(readTree(path.join(fixtureRoot, 'module')), 'compliant');
    const moduleTree = decorateTree(tree(moduleRun.scan), buildLinkView(moduleRun.report, [moduleRun.scan], [fixtureRoot])).roots;
    const key = allNodes(moduleTree).find((n) => n.icon === 'key' && n.id.endsWith(`/key/${KEY}`))!;
    assert.match(key.description!, / · not in this workspace$/);
    assert.doesNotMatch(key.contextValue, /tgDefined/);
    assert.match(nodeOf(moduleTree, 'bucket', BUCKET).description!, / · defined in module\/modules\/audit-bucket\/main\.tf:5$/);

    const files = [...readTree(direct), ...readTree(direct).map((f) => ({ ...f, path: f.path.replace(`${path.sep}direct${path.sep}`, `${path.sep}copy${path.sep}`) }))];
    const { report, scan } = await linkFixture(files, 'compliant');
    const view = buildLinkView(report, [scan], [fixtureRoot]);
    const bucket = nodeOf(decorateTree(tree(scan), view).roots, 'bucket', BUCKET);
    assert.match(bucket.description!, / · ambiguous: 2 definitions$/);
    assert.deepEqual(bucket.children.filter((c) => c.contextValue === 'tgCandidate').map((c) => c.label).sort(), ['Candidate definition copy/s3.tf:5', 'Candidate definition direct/s3.tf:5']);
    assert.ok(!bucket.children.some((c) => c.contextValue === 'tgDrift'));
    // No CodeLens on either candidate: an ambiguous link shows no live state in the code.
    assert.equal([...lensesByFile(view).values()].flat().filter((l) => l.key === `bucket\0${BUCKET}`).length, 0);
  });

  it('gives the evidence report its "Drift" section: link counts and each drift with where it is defined', async () => {
    const { report, scan } = await linkFixture(readTree(direct), 'compliant', [], (s) => { s.buckets[BUCKET]!.objectLock = null; });
    const drift = driftSection(buildLinkView(report, [scan], [fixtureRoot]), [fixtureRoot]);
    assert.deepEqual(drift.counts, { linked: 3, ambiguous: 0, notInWorkspace: 0, notDeployed: 1 });
    const lock = drift.drifts.find((d) => d.ruleId === 'TG201')!;
    assert.deepEqual(lock, {
      kind: 'bucket', resource: BUCKET, account: '111122223333', definition: 'direct/s3.tf:5', severity: 'warning', ruleId: 'TG201',
      message: 'Drift: direct/s3.tf:18 sets Object Lock COMPLIANCE 400 days; the live bucket has no Object Lock configuration',
    });
    const evidence = buildEvidenceReport([scan], { generatedAt: new Date('2026-12-06T03:00:00Z'), tool: { version: '0.1.0' }, settings: evidenceSettings(undefined, 'test'), drift });
    assert.deepEqual(evidence.drift, drift);
    const md = renderEvidenceReportMarkdown(evidence);
    const section = md.slice(md.indexOf('## Drift'), md.indexOf('\n## ', md.indexOf('## Drift') + 1));
    assert.match(section, /^## Drift\n\nCompared with the code in `[^`]+`: 3 linked, 0 ambiguous \(not compared\), 0 not in the workspace, 1 defined but not deployed \(in this scan\)\./);
    assert.match(section, /^\| Warning \| TG201 \| `acme-audit-logs-111122223333` \(111122223333\) \| `direct\/s3\.tf:5` \| Drift: direct\/s3\.tf:18 sets Object Lock COMPLIANCE 400 days; the live bucket has no Object Lock configuration \|$/m);
    // Without linked code there is no Drift section at all (nothing was compared).
    assert.ok(!renderEvidenceReportMarkdown(buildEvidenceReport([scan], { generatedAt: new Date(), tool: { version: '0.1.0' }, settings: evidenceSettings(undefined, 'test') })).includes('## Drift'));
  });

  it('leaves the tree as it is when there is no link (no scan kept its scenes, or no definitions in the workspace)', async () => {
    const { scan } = await linkFixture([], 'compliant');
    const roots = tree(scan);
    assert.deepEqual(decorateTree(roots, undefined).roots, roots);
    const { report } = await linkFixture([], 'compliant');
    assert.deepEqual(decorateTree(roots, buildLinkView(report, [scan], [fixtureRoot])).roots, roots);
  });
});
