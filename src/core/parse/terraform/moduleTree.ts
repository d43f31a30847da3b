// Child modules, found as Terraform finds them (issue 9): local sources (`./x`, `../../y`) relative to the
// calling module, downloaded ones (registry, git, http) through `.terraform/modules/modules.json` in the root
// module. Each call either loads (its folder's .tf files, converted once per file text) or is unavailable with
// the reason and what to do. Nesting to any depth, with a cycle guard.
import * as path from 'path';
import type { FileAst } from './ast';
import type { FileReader } from './evaluate';

export interface ModuleTree {
  dir: string;
  asts: FileAst[];
  /** Module call name → the loaded child, or why it is not available. */
  calls: Map<string, ChildCall>;
}

export type ChildCall =
  | { state: 'loaded'; source: string; tree: ModuleTree }
  | { state: 'unavailable'; source: string; reason: string };

/** Reads a folder's Terraform files; the texts are what the module is evaluated from. */
export type FolderReader = (dir: string) => { path: string; text: string }[] | undefined;

/** Converts one file (cached by the caller per path and text). */
export type Converter = (file: { path: string; text: string }) => Promise<FileAst | undefined>;

/** Deepest chain of module calls followed (Terraform has no limit; real trees stay far below). */
const MAX_MODULE_DEPTH = 12;
/** Most child modules loaded for one root: a generated tree must not load thousands of folders per keystroke. */
const MAX_MODULES = 200;

export interface ModuleManifest { entries: Map<string, string>; text: string }

/** `.terraform/modules/modules.json`: call key (`a.b`) → folder relative to the root. */
export function readManifest(reader: FileReader, rootDir: string): ModuleManifest | undefined {
  const text = reader.read(path.join(rootDir, '.terraform', 'modules', 'modules.json'));
  if (text === undefined) return undefined;
  const entries = new Map<string, string>();
  try {
    const json = JSON.parse(text) as { Modules?: { Key?: unknown; Dir?: unknown }[] };
    for (const m of Array.isArray(json.Modules) ? json.Modules : []) {
      if (typeof m?.Key === 'string' && typeof m.Dir === 'string' && m.Key !== '') entries.set(m.Key, m.Dir);
    }
  } catch {
    // An unreadable manifest is the same as none: every downloaded module is unavailable.
  }
  return { entries, text };
}

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

interface LoadContext {
  rootDir: string;
  manifest?: ModuleManifest;
  folder: FolderReader;
  convert: Converter;
  loaded: number;
  /** Every file read for the tree, for the cache check (path → text). */
  read: Map<string, string>;
}

export async function loadModuleTree(rootDir: string, asts: FileAst[], reader: FileReader, folder: FolderReader, convert: Converter): Promise<{ tree: ModuleTree; read: Map<string, string> }> {
  const manifest = readManifest(reader, rootDir);
  const ctx: LoadContext = { rootDir, manifest, folder, convert, loaded: 0, read: new Map() };
  if (manifest) ctx.read.set(path.join(rootDir, '.terraform', 'modules', 'modules.json'), manifest.text);
  const tree: ModuleTree = { dir: rootDir, asts, calls: new Map() };
  await loadCalls(ctx, tree, [], [path.normalize(rootDir)]);
  return { tree, read: ctx.read };
}

async function loadCalls(ctx: LoadContext, tree: ModuleTree, keyPath: string[], stack: string[]): Promise<void> {
  for (const ast of tree.asts) {
    for (const block of ast.blocks) {
      if (block.type !== 'module' || block.labels.length < 1 || tree.calls.has(block.labels[0])) continue;
      const name = block.labels[0];
      const srcAttr = block.attrs.find((a) => a.name === 'source');
      const expr = srcAttr?.expr;
      const source = expr?.k === 'lit' && typeof expr.v === 'string' ? expr.v
        : expr?.k === 'tmpl' && expr.parts.length === 1 && expr.parts[0].k === 'text' ? expr.parts[0].text : undefined;
      if (source === undefined) {
        tree.calls.set(name, { state: 'unavailable', source: '', reason: `\`module.${name}\` has no literal \`source\`` });
        continue;
      }
      tree.calls.set(name, await loadCall(ctx, tree.dir, name, source, [...keyPath, name], stack));
    }
  }
}

async function loadCall(ctx: LoadContext, parentDir: string, name: string, source: string, keyPath: string[], stack: string[]): Promise<ChildCall> {
  const rootRel = path.relative(process.cwd(), ctx.rootDir) || '.';
  let dir: string;
  if (isLocalSource(source)) {
    dir = path.normalize(path.join(parentDir, source));
  } else {
    const entry = ctx.manifest?.entries.get(keyPath.join('.'));
    if (entry === undefined) {
      return { state: 'unavailable', source, reason: `\`module.${name}\` (\`${source}\`) is not downloaded: run \`terraform init\` in ${rootRel}` };
    }
    dir = path.normalize(path.join(ctx.rootDir, entry));
  }
  if (stack.includes(dir)) return { state: 'unavailable', source, reason: `\`module.${name}\` calls a module that calls it (\`${source}\`): a module cycle is not evaluated` };
  if (stack.length > MAX_MODULE_DEPTH) return { state: 'unavailable', source, reason: `\`module.${name}\` is nested more than ${MAX_MODULE_DEPTH} modules deep, which is not evaluated` };
  if (++ctx.loaded > MAX_MODULES) return { state: 'unavailable', source, reason: `more than ${MAX_MODULES} child modules: \`module.${name}\` is not evaluated` };
  const files = ctx.folder(dir);
  if (!files) {
    return isLocalSource(source)
      ? { state: 'unavailable', source, reason: `\`module.${name}\`: the folder \`${source}\` does not exist` }
      : { state: 'unavailable', source, reason: `\`module.${name}\` (\`${source}\`) is not downloaded: run \`terraform init\` in ${rootRel}` };
  }
  if (!files.length) return { state: 'unavailable', source, reason: `\`module.${name}\`: the folder \`${source}\` has no Terraform files` };
  const asts: FileAst[] = [];
  for (const f of files) {
    ctx.read.set(f.path, f.text);
    const ast = await ctx.convert(f);
    if (ast) asts.push(ast);
  }
  const tree: ModuleTree = { dir, asts, calls: new Map() };
  await loadCalls(ctx, tree, keyPath, [...stack, dir]);
  return { state: 'loaded', source, tree };
}

/**
 * Folders that Terraform files among `files` call as local modules (`module "x" { source = "./x" }`), found by a
 * scan of the text. Such a folder is not a root module: its resources are checked through each call, with the
 * caller's arguments, so linting it again on its own (with its defaults) would report them twice.
 */
export function calledModuleDirs(files: readonly { path: string; text: string }[]): Set<string> {
  const out = new Set<string>();
  const call = /^\s*module\s+"[^"]*"\s*\{[^}]*?\bsource\s*=\s*"(\.{1,2}\/[^"]*)"/gm;
  for (const f of files) {
    if (!f.path.endsWith('.tf') || !f.text.includes('module')) continue;
    for (const m of f.text.matchAll(call)) out.add(path.normalize(path.join(path.dirname(f.path), m[1])));
  }
  return out;
}
