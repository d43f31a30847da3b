// Where a plan's resources are defined: the plan's `configuration` names each module call's source, so a resource
// of `module.log_bucket` lives in the folder its `source = "./modules/log-bucket"` points at, relative to the root
// module (the folder of the plan file, where `terraform show -json` is normally run). Registry and git modules live
// where `terraform init` put them: `.terraform/modules/modules.json` maps each module call (`log_bucket`,
// `log_bucket.inner`) to its folder, which is never linted but read for the definitions.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import * as path from 'path';
import type { Loc } from '../../model';
import type { SourceFile } from '../unit';
import { formatByName } from '../../formats/registry';
import { elements, member, members, str } from './jsonValues';

const MAX_DEPTH = 16;

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

/**
 * Folder of each module of the configuration, by module path (`''`, `module.a.module.b`): local sources relative
 * to their caller, downloaded ones from `downloaded` (modules.json: `a.b` → folder relative to the root module).
 */
export function moduleDirs(rootDir: string, configRoot: JsonNode | undefined, downloaded: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const dirs = new Map<string, string>();
  const walk = (config: JsonNode | undefined, modulePath: string, dir: string, depth: number) => {
    if (!config || depth > MAX_DEPTH) return;
    dirs.set(modulePath, normalise(dir));
    for (const [name, call] of members(member(config, 'module_calls'))) {
      const source = str(member(call, 'source')) ?? str(member(call, 'resolved_source'));
      const childPath = `${modulePath ? `${modulePath}.` : ''}module.${name}`;
      const fetched = downloaded.get(childPath.split('.').filter((_, i) => i % 2 === 1).join('.'));
      const childDir = source && isLocalSource(source) ? path.join(dir, source) : fetched !== undefined ? path.join(rootDir, fetched) : undefined;
      if (childDir !== undefined) walk(member(call, 'module'), childPath, childDir, depth + 1);
    }
  };
  walk(configRoot, '', rootDir, 0);
  return dirs;
}

/** `.terraform/modules/modules.json` of the root module: module key (`a.b`) → folder, relative to the root. */
export function downloadedModules(rootDir: string, read: (p: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const text = read(path.join(rootDir, '.terraform', 'modules', 'modules.json'));
  if (text === undefined) return out;
  for (const entry of elements(member(parseTree(text, [], { disallowComments: true }), 'Modules'))) {
    const key = str(member(entry, 'Key'));
    const dir = str(member(entry, 'Dir'));
    // The root's own entry (Key "") and a folder outside the root module are not module definitions to read.
    if (key && dir && !path.isAbsolute(dir) && !normalise(dir).startsWith('..')) out.set(key, dir);
  }
  return out;
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
