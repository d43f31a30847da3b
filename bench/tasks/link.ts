// Child of `npm run bench` (id `link`): the time to link a workspace with an account once both sides are known.
// The workspace side is the generated monorepo through the lint engine's parsers; the live side holds 1,000
// buckets: those the workspace names (as the account would report them) and unnamed others. Prints { ms, ... }.
import * as fs from 'fs';
import * as path from 'path';
import { workspaceScenes } from '../../src/core/link/workspaceScenes';
import { linkCodeToAccount, type LinkSide } from '../../src/core/link/codeToAccount';
import { emptyScene, type Bucket } from '../../src/core/model';
import { evaluateSceneWithEntities } from '../../src/core/evaluate';
import { defaultLintConfig } from '../../src/core/config';

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

async function main(): Promise<void> {
  const files = walk(process.argv[2]!).map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }));
  const { sides } = await workspaceScenes(files);
  const named = sides.flatMap((s) => s.scene.buckets).filter((b) => b.name.state === 'known');
  const scene = emptyScene();
  for (let i = 0; i < 1000; i++) {
    const from = named[i % Math.max(named.length, 1)];
    const name = i < named.length && from?.name.state === 'known' ? from.name.value : `account-only-bucket-${i}`;
    const live: Bucket = {
      ...(from ?? {} as Bucket), kind: 'bucket', id: name, format: 'live', loc: undefined, target: undefined, extent: undefined, versioningTarget: undefined,
      name: { state: 'known', value: name }, trails: [],
    };
    scene.buckets.push(live);
  }
  const live: LinkSide[] = [{ scene, findings: evaluateSceneWithEntities(scene, defaultLintConfig, { surface: 'live', includePasses: true }), account: '111122223333' }];
  const times: number[] = [];
  let report;
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    report = linkCodeToAccount(sides, live);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({
    ms: times[2], files: files.length, workspaceBuckets: named.length, liveBuckets: scene.buckets.length,
    linked: report!.links.filter((l) => l.status === 'linked').length, ambiguous: report!.links.filter((l) => l.status === 'ambiguous').length,
  }));
}

void main();
