// Where a plan's resources are defined: the plan's `configuration` names each module call's source, so a resource
// of `module.log_bucket` lives in the folder its `source = "./modules/log-bucket"` points at, relative to the root
// module (the folder of the plan file, where `terraform show -json` is normally run). Registry and git modules are
// only in `.terraform/`, which is never linted: their resources get no related information.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import * as path from 'path';
import type { Loc } from '../../model';
import type { SourceFile } from '../unit';
import { formatByName } from '../../formats/registry';
import { member, members, str } from './jsonValues';

const MAX_DEPTH = 16;

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

/** Folder of each module of the configuration whose source is local, by module path (`''`, `module.a.module.b`). */
export function moduleDirs(rootDir: string, configRoot: JsonNode | undefined): Map<string, string> {
  const dirs = new Map<string, string>();
  const walk = (config: JsonNode | undefined, modulePath: string, dir: string, depth: number) => {
    if (!config || depth > MAX_DEPTH) return;
    dirs.set(modulePath, normalise(dir));
    for (const [name, call] of members(member(config, 'module_calls'))) {
      const source = str(member(call, 'source')) ?? str(member(call, 'resolved_source'));
      if (!source || !isLocalSource(source)) continue;
      walk(member(call, 'module'), `${modulePath ? `${modulePath}.` : ''}module.${name}`, path.join(dir, source), depth + 1);
    }
  };
  walk(configRoot, '', rootDir, 0);
  return dirs;
}

function normalise(p: string): string {
  return path.normalize(p).replace(/\\/g, '/').replace(/\/$/, '');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The header of `resource "type" "name"` in a Terraform file of `dir` (from the lint run's files), if any. */
export function findDefinition(files: readonly SourceFile[], dir: string, mode: 'managed' | 'data', type: string, name: string): Loc | undefined {
  const header = new RegExp(`^[ \\t]*${mode === 'data' ? 'data' : 'resource'}[ \\t]+"${escape(type)}"[ \\t]+"${escape(name)}"`, 'm');
  for (const f of files) {
    if (normalise(path.dirname(f.path)) !== dir || formatByName(f.path)?.id !== 'terraform') continue;
    const m = header.exec(f.text);
    if (!m) continue;
    const start = m.index + m[0].length - m[0].trimStart().length;
    const before = f.text.slice(0, start);
    const line = before.split('\n').length - 1;
    const character = start - (before.lastIndexOf('\n') + 1);
    return { file: f.path, range: { start: { line, character }, end: { line, character: character + m[0].trimStart().length } } };
  }
  return undefined;
}

/** The folders whose Terraform files a plan's related information points into (for callers that load context). */
export function planCompanionDirs(planPath: string, text: string): string[] {
  const root = parseTree(text, [], { disallowComments: true });
  return [...new Set(moduleDirs(path.dirname(planPath), member(member(root, 'configuration'), 'root_module')).values())];
}
