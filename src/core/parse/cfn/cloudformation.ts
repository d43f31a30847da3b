// CloudFormation template (YAML or JSON) → Scene. Never throws: unreadable input becomes ParseErrors and the
// intact part of the template is still adapted.
import { emptyScene, type ParseError, type Scene } from '../../model';
import type { ParsedUnit, SourceFile } from '../unit';
import { adaptBucket } from './adaptBucket';
import { adaptAggregator, adaptEventDataStore, adaptKey, adaptOrgPolicy, adaptRecorder } from './adaptOthers';
import { adaptTrail } from './adaptTrail';
import { CfnContext } from './context';
import { screenText } from './guards';
import { readJson } from './jsonTree';
import { linkScene } from './link';
import { LineIndex } from './positions';
import type { MapNode, ReadResult } from './tree';
import { readYaml } from './yamlTree';

export function parseCloudFormation(file: SourceFile, kind: 'cfn-yaml' | 'cfn-json', maxFileSize?: number): ParsedUnit {
  const screened = screenText(file, maxFileSize);
  if (screened.fatal) return { scene: emptyScene(), errors: [screened.fatal] };
  const read: ReadResult = kind === 'cfn-yaml' ? readYaml(file.text) : readJson(file.text);
  const lines = new LineIndex(file.path, file.text);
  const errors: ParseError[] = [
    ...screened.errors,
    ...read.errors.map((e) => ({ file: file.path, range: lines.range(e.start, e.end), message: e.message })),
  ];
  const roots = read.roots.filter((r): r is MapNode => r.k === 'map');
  if (!roots.length) {
    if (!errors.length) errors.push({ file: file.path, range: lines.range(0, 0), message: 'not a CloudFormation template: the top level is not a map' });
    return { scene: emptyScene(), errors };
  }
  const scene = emptyScene();
  for (const root of roots) {
    try {
      const ctx = new CfnContext(file.path, file.text, kind, root, lines);
      addScene(scene, adaptTemplate(ctx));
      // Values that are errors in themselves (a Default or Mapping that refers to itself): reported on that value,
      // while everything that does not depend on it is linted as usual.
      for (const p of ctx.ev.problems.values()) errors.push({ file: file.path, range: lines.range(p.start, p.end), message: p.message });
    } catch (e) {
      // A bug in an adapter must cost one file, not the whole lint run.
      errors.push({ file: file.path, range: lines.range(root.start, root.start), message: `internal error while reading the template: ${(e as Error).message}` });
    }
  }
  return { scene, errors };
}

function adaptTemplate(ctx: CfnContext): Scene {
  const scene = emptyScene();
  for (const res of ctx.tpl.resources.values()) {
    if (!ctx.isCreated(res)) continue;
    switch (res.type) {
      case 'AWS::CloudTrail::Trail': scene.trails.push(adaptTrail(ctx, res)); break;
      case 'AWS::S3::Bucket': scene.buckets.push(adaptBucket(ctx, res)); break;
      case 'AWS::KMS::Key': scene.keys.push(adaptKey(ctx, res)); break;
      case 'AWS::Config::ConfigurationRecorder': scene.recorders.push(adaptRecorder(ctx, res)); break;
      case 'AWS::CloudTrail::EventDataStore': scene.eventDataStores.push(adaptEventDataStore(ctx, res)); break;
      case 'AWS::Config::ConfigurationAggregator': scene.aggregators.push(adaptAggregator(ctx, res)); break;
      case 'AWS::Organizations::Policy': scene.orgPolicies.push(adaptOrgPolicy(ctx, res)); break;
      default: break;
    }
  }
  linkScene(ctx, scene);
  return scene;
}

/** Documents of one YAML stream are separate templates; their entities are linted together. */
function addScene(into: Scene, from: Scene): void {
  into.trails.push(...from.trails);
  into.buckets.push(...from.buckets);
  into.keys.push(...from.keys);
  into.recorders.push(...from.recorders);
  into.eventDataStores.push(...from.eventDataStores);
  into.aggregators.push(...from.aggregators);
  into.orgPolicies.push(...from.orgPolicies);
}
