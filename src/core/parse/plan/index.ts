// Terraform plan JSON (`terraform show -json plan.out`) → Scene. Every resource instance the plan will leave in
// place (planned_values, child modules included, plus the data sources read during planning from prior_state)
// becomes a Terraform syntax-tree block whose attributes are the planned values, and the module of all of them is
// adapted by the same Terraform adapters as `.tf` files (terraform/adapt.ts): a trail, a bucket with its v4
// satellite resources, a key, a Config recorder are built in one place whatever the input. What this module adds:
// - values only known after apply (`after_unknown`) are unknown, or, when the configuration says the value is a
//   reference to a resource in the plan (`kms_key_id = aws_kms_key.trail.arn`), that reference, so linking works as
//   it does in the source; a known value keeps its references too (a `planned` expression);
// - attributes the configuration does not set are the provider's defaults or computed, and for the aspects the AWS
//   provider v4+ mirrors onto `aws_s3_bucket` from its satellite resources they are left out (the satellite says it);
// - findings point into the plan file and carry related information to the resource's `.tf` definition when that
//   file is in the lint run (see ./definitions.ts).
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import * as path from 'path';
import type { ParseError, Range, RelatedInfo, Scene, EntityBase, Loc } from '../../model';
import { emptyScene } from '../../model';
import type { ParsedUnit, SourceFile } from '../unit';
import type { Attribute, Block, Expr, Span, Traverse } from '../terraform/ast';
import { jsonNestingDepth, lineStartsOf, positionAt } from '../terraform/ast';
import { adaptModule } from '../terraform/adapt';
import { Evaluator } from '../terraform/evaluate';
import { NESTED_BLOCKS } from '../terraform/json';
import { TfModule } from '../terraform/module';
import { elements, literalExpr, member, members, spanOf, str } from './jsonValues';
import { downloadedModules, findDefinition, moduleDirs } from './definitions';
import { localReferences } from './locals';
import type { FileReader } from '../terraform/evaluate';
import { diskReader } from '../terraform/workspaceFiles';

const MAX_JSON_DEPTH = 200;
/** Most resource instances read from one plan (a plan of a whole landing zone has a few thousand). */
const MAX_INSTANCES = 20000;
/** Most module hops followed when resolving a reference through module outputs and variables. */
const MAX_HOPS = 16;

/**
 * Attributes the AWS provider (v4+) computes on `aws_s3_bucket` from the bucket's separate configuration resources
 * (`aws_s3_bucket_versioning`, ...). Unless the configuration sets them on the bucket itself, they only mirror what
 * AWS holds (or held before this plan), so they are left out and the satellite resources speak.
 */
const MIRRORED_ON_BUCKET = new Set([
  'acceleration_status', 'acl', 'cors_rule', 'grant', 'lifecycle_rule', 'logging', 'object_lock_configuration', 'policy',
  'replication_configuration', 'request_payer', 'server_side_encryption_configuration', 'versioning', 'website',
]);

interface Instance {
  /** `module.log_bucket.aws_s3_bucket_logging.this[0]`. */
  address: string;
  /** `module.log_bucket` ('' for the root module), with instance keys. */
  module: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Raw JSON of the instance key: `0`, `"eu"`; undefined without count / for_each. */
  index?: string;
  node: JsonNode;
  values: JsonNode;
  /** The block label that makes this instance unique in the flattened module. */
  label: string;
}

interface Ctx {
  file: string;
  text: string;
  /** Instances by `<module>|<mode>.<type>.<name>`. */
  instances: Map<string, Instance[]>;
  /** after_unknown by instance address. */
  unknown: Map<string, JsonNode>;
  configRoot: JsonNode | undefined;
  /** The `.tf` files of a module of the plan (`''`, `module.a`), when they are at hand. */
  filesOf: (module: string) => readonly SourceFile[];
}

/**
 * `context`: the lint run's other files (the `.tf` definitions of local modules); `reader`: how to read a
 * downloaded module's files under `.terraform/modules` (default: the disk, relative to the working directory).
 */
export function parseTerraformPlan(file: SourceFile, context: readonly SourceFile[], reader: FileReader = diskReader()): ParsedUnit {
  const errors: ParseError[] = [];
  const fail = (message: string, span?: Span): ParsedUnit => ({ scene: emptyScene(), errors: [...errors, { file: file.path, range: rangeOf(file.text, span), message }] });
  if (jsonNestingDepth(file.text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return fail(`Nesting deeper than ${MAX_JSON_DEPTH} levels is not evaluated`);
  const syntax: { error: number; offset: number; length: number }[] = [];
  const root = parseTree(file.text, syntax, { allowTrailingComma: false, disallowComments: true });
  if (syntax.length) errors.push({ file: file.path, range: rangeOf(file.text, { start: syntax[0].offset, end: syntax[0].offset + syntax[0].length }), message: 'Syntax error: invalid JSON' });
  if (!root || root.type !== 'object') return fail('not a Terraform plan: the top level is not an object');
  const version = member(root, 'format_version');
  const major = str(version)?.split('.')[0];
  if (major !== '1') return fail(`Terraform plan format_version ${str(version) ?? '(missing)'} is not supported (TrailGuard reads 1.x)`, version && spanOf(version));
  const errored = member(root, 'errored');
  if (errored?.value === true) errors.push({ file: file.path, range: rangeOf(file.text, spanOf(errored)), message: 'terraform plan failed ("errored": true): the planned values are incomplete, so resources may be missing' });

  const configRoot = member(member(root, 'configuration'), 'root_module');
  const rootDir = path.dirname(file.path);
  const dirs = moduleDirs(rootDir, configRoot, downloadedModules(rootDir, (p) => reader.read(p)));
  const filesByDir = new Map<string, readonly SourceFile[]>();
  const filesOf = (module: string): readonly SourceFile[] => {
    const dir = dirs.get(configPath(module));
    if (dir === undefined) return [];
    let files = filesByDir.get(dir);
    if (!files) {
      const inRun = context.filter((f) => path.normalize(path.dirname(f.path)).replace(/\\/g, '/') === dir && f.path.endsWith('.tf'));
      // A downloaded module is not among the linted files: read it where `terraform init` put it.
      files = inRun.length ? inRun : (reader.list?.(dir) ?? []).filter((p) => p.endsWith('.tf')).flatMap((p) => {
        const text = reader.read(p);
        return text === undefined ? [] : [{ path: p, text }];
      });
      filesByDir.set(dir, files);
    }
    return files;
  };
  const ctx: Ctx = { file: file.path, text: file.text, instances: new Map(), unknown: new Map(), configRoot, filesOf };
  for (const change of elements(member(root, 'resource_changes'))) {
    const address = str(member(change, 'address'));
    const after = member(member(change, 'change'), 'after_unknown');
    if (address && after && !member(change, 'deposed')) ctx.unknown.set(address, after);
  }
  const seen = new Set<string>();
  let count = 0;
  const collect = (module: JsonNode | undefined, prefix: string, depth: number): void => {
    if (!module || depth > MAX_HOPS) return;
    for (const r of elements(member(module, 'resources'))) {
      const inst = instanceOf(r, prefix);
      if (!inst || seen.has(inst.address) || ++count > MAX_INSTANCES) continue;
      seen.add(inst.address);
      const key = `${inst.module}|${inst.mode}.${inst.type}.${inst.name}`;
      ctx.instances.set(key, [...(ctx.instances.get(key) ?? []), inst]);
    }
    for (const child of elements(member(module, 'child_modules'))) collect(child, str(member(child, 'address')) ?? prefix, depth + 1);
  };
  collect(member(member(root, 'planned_values'), 'root_module'), '', 0);
  // Data sources read while planning are in the prior state, not in planned_values.
  const prior = member(member(member(root, 'prior_state'), 'values'), 'root_module');
  const priorData = (module: JsonNode | undefined, prefix: string, depth: number): void => {
    if (!module || depth > MAX_HOPS) return;
    for (const r of elements(member(module, 'resources'))) {
      if (str(member(r, 'mode')) !== 'data') continue;
      const inst = instanceOf(r, prefix);
      if (!inst || seen.has(inst.address) || ++count > MAX_INSTANCES) continue;
      seen.add(inst.address);
      const key = `${inst.module}|${inst.mode}.${inst.type}.${inst.name}`;
      ctx.instances.set(key, [...(ctx.instances.get(key) ?? []), inst]);
    }
    for (const child of elements(member(module, 'child_modules'))) priorData(child, str(member(child, 'address')) ?? prefix, depth + 1);
  };
  priorData(prior, '', 0);
  if (count > MAX_INSTANCES) errors.push({ file: file.path, range: rangeOf(file.text), message: `the plan has more than ${MAX_INSTANCES} resource instances: the rest are not linted` });

  const all = [...ctx.instances.values()].flat();
  const blocks = all.map((inst) => toBlock(ctx, inst));
  const lineStarts = lineStartsOf(file.text);
  const mod = new TfModule([{ path: file.path, text: file.text, blocks, attrs: [], lineStarts }]);
  let scene: Scene;
  try {
    scene = adaptModule(new Evaluator(mod));
  } catch (err) {
    return fail(`Terraform plan evaluation failed: ${(err as Error).message}`);
  }
  // Entities are named after their address in the plan (`module.log_bucket.aws_s3_bucket.this`).
  const addressOf = new Map(all.map((i) => [`${i.type}.${i.label}`, i.address]));
  renameEntities(scene, addressOf);

  const definitions: { extent: Loc; info: RelatedInfo }[] = [];
  all.forEach((inst, i) => {
    const dir = dirs.get(configPath(inst.module));
    const found = dir !== undefined ? findDefinition(filesOf(inst.module), dir, inst.mode, inst.type, inst.name) : undefined;
    if (!found) return;
    const block = blocks[i];
    const what = `${inst.module ? `${inst.module}.` : ''}${inst.mode === 'data' ? 'data.' : ''}${inst.type}.${inst.name}`;
    definitions.push({ extent: mod.loc(file.path, block.span), info: { message: `${what} is defined here`, loc: found } });
  });
  return { scene, errors, related: definitions };
}

function rangeOf(text: string, span?: Span): Range {
  if (!span) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const starts = lineStartsOf(text.slice(0, span.end + 1));
  return { start: positionAt(starts, span.start), end: positionAt(starts, span.end) };
}

function instanceOf(r: JsonNode, module: string): Instance | undefined {
  const address = str(member(r, 'address'));
  const mode = str(member(r, 'mode'));
  const type = str(member(r, 'type'));
  const name = str(member(r, 'name'));
  const values = member(r, 'values');
  if (!address || !type || !name || !values || values.type !== 'object' || (mode !== 'managed' && mode !== 'data')) return undefined;
  const indexNode = member(r, 'index');
  const index = indexNode ? JSON.stringify(indexNode.value) : undefined;
  // Unique across the flattened plan; the root module's single instances keep their own name.
  const label = `${name}${index !== undefined ? `[${index}]` : ''}${module ? ` (${module})` : ''}`;
  return { address, module, mode, type, name, index, node: r, values, label };
}

/** `module.a["x"].module.b` → `module.a.module.b` (the configuration has one entry per module call). */
function configPath(moduleInstance: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < moduleInstance.length; i++) {
    const c = moduleInstance[i];
    if (depth) {
      if (quoted) {
        if (c === '\\') i++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === ']') depth--;
      continue;
    }
    if (c === '[') depth++;
    else out += c;
  }
  return out;
}

/** The configuration of a module (by its configuration path). */
function configModule(ctx: Ctx, modulePath: string): JsonNode | undefined {
  let node = ctx.configRoot;
  if (!modulePath) return node;
  const parts = modulePath.split('.');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i] !== 'module') return undefined;
    node = member(member(member(node, 'module_calls'), parts[i + 1]), 'module');
  }
  return node;
}

function configResource(ctx: Ctx, inst: Instance): JsonNode | undefined {
  const local = `${inst.mode === 'data' ? 'data.' : ''}${inst.type}.${inst.name}`;
  return elements(member(configModule(ctx, configPath(inst.module)), 'resources')).find((r) => str(member(r, 'address')) === local);
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks.

function toBlock(ctx: Ctx, inst: Instance): Block {
  const config = configResource(ctx, inst);
  const expressions = config ? member(config, 'expressions') : undefined;
  const addressProp = (inst.node.children ?? []).find((p) => p.children?.[0]?.value === 'address');
  const span = spanOf(inst.node);
  const headerSpan = addressProp ? spanOf(addressProp) : span;
  const body = bodyOf(ctx, inst, inst.values, ctx.unknown.get(inst.address), expressions, config !== undefined, true, headerSpan);
  return {
    type: inst.mode === 'data' ? 'data' : 'resource',
    labels: [inst.type, inst.label],
    headerSpan,
    span,
    openBrace: inst.values.offset + 1,
    closeBrace: inst.values.offset + inst.values.length - 1,
    ...body,
    items: [...body.attrs, ...body.blocks],
    file: ctx.file,
  };
}

/** `anchor`: where a value known only after apply is reported (the resource's `address`: it has no value to point at). */
function bodyOf(ctx: Ctx, inst: Instance, values: JsonNode, unknown: JsonNode | undefined, expressions: JsonNode | undefined, configured: boolean, top: boolean, anchor: Span): { attrs: Attribute[]; blocks: Block[] } {
  const attrs: Attribute[] = [];
  const blocks: Block[] = [];
  const present = new Set<string>();
  for (const [name, value, prop] of members(values)) {
    const expr = member(expressions, name);
    const isSet = !configured || expr !== undefined;
    if (top && inst.type === 'aws_s3_bucket' && MIRRORED_ON_BUCKET.has(name) && !isSet) continue;
    if (value.type === 'null') continue;
    present.add(name);
    // The provider's empty default of an argument the configuration leaves out: absent, as in the source.
    if (!isSet && value.type === 'string' && value.value === '') continue;
    if (NESTED_BLOCKS.has(name) && (value.type === 'array' || value.type === 'object')) {
      const list = value.type === 'array' ? elements(value) : [value];
      if (list.some((v) => v.type !== 'object')) {
        attrs.push(attribute(ctx, inst, name, prop, literalExpr(ctx.text, value), expr));
        continue;
      }
      const exprList = expr?.type === 'array' ? elements(expr) : expr ? [expr] : [];
      const unknownList = member(unknown, name);
      list.forEach((item, i) => {
        const nested = bodyOf(ctx, inst, item, unknownList?.type === 'array' ? elements(unknownList)[i] : unknownList, exprList[i], configured && exprList[i] !== undefined, false, anchor);
        const span = spanOf(item);
        blocks.push({
          type: name, labels: [], headerSpan: spanOf(prop.children![0]), span, openBrace: span.start + 1, closeBrace: span.end - 1,
          ...nested, items: [...nested.attrs, ...nested.blocks], file: ctx.file,
        });
      });
      continue;
    }
    attrs.push(attribute(ctx, inst, name, prop, literalExpr(ctx.text, value), expr));
  }
  // Values known only after apply: a reference when the configuration names a resource of the plan, else unknown.
  for (const [name, flag] of members(unknown)) {
    if (flag.type !== 'boolean' || flag.value !== true || present.has(name)) continue;
    const expr = member(expressions, name);
    if (configured && !expr) continue; // computed by the provider, not configured: its default applies
    const refs = expr ? references(ctx, inst, expr, anchor) : [];
    const span = anchor;
    const keySpan = anchor;
    const value: Expr = refs[0] ?? { k: 'other', span, what: `\`${name}\``, reason: unknownReason(ctx, inst, name, expr) };
    attrs.push({ name, nameSpan: keySpan, expr: value, span });
  }
  return { attrs, blocks };
}

/** Why an attribute known only after apply stays unknown: a local the plan cannot follow says so. */
function unknownReason(ctx: Ctx, inst: Instance, name: string, expr: JsonNode | undefined): string {
  const local = elements(member(expr, 'references')).map(str).find((r) => r?.startsWith('local.'));
  const where = `\`${inst.address}\` in the plan`;
  if (local && localReferences(ctx.filesOf(inst.module), local.slice('local.'.length).split(/[.[]/)[0]) === undefined) {
    return `\`${name}\` is known only after apply (${where}) and comes from \`${local}\`, which the plan does not record (Terraform leaves locals out of its configuration): lint the plan together with the module's .tf files to follow it`;
  }
  return `\`${name}\` is known only after apply (${where})`;
}

/** A known value, with the references the configuration gives for it (`aws_kms_key.trail.arn`). */
function attribute(ctx: Ctx, inst: Instance, name: string, prop: JsonNode, value: Expr, expr: JsonNode | undefined): Attribute {
  const refs = expr ? references(ctx, inst, expr, value.span) : [];
  const span = spanOf(prop);
  const withRefs: Expr = refs.length ? { k: 'planned', span: value.span, value, refs } : value;
  return { name, nameSpan: spanOf(prop.children![0]), expr: withRefs, span };
}

// ---------------------------------------------------------------------------------------------------------------
// References from the configuration section.

interface Target { inst: Instance; attrs: string[] }

/** The resources of the plan an expression refers to, as reference expressions (deepest reference per resource). */
function references(ctx: Ctx, inst: Instance, expr: JsonNode, span: Span): Expr[] {
  const found = new Map<string, Target>();
  for (const ref of elements(member(expr, 'references'))) {
    const text = str(ref);
    if (!text) continue;
    for (const t of resolve(ctx, inst.module, inst.index, text, 0)) {
      const prev = found.get(t.inst.address);
      if (!prev || prev.attrs.length < t.attrs.length) found.set(t.inst.address, t);
    }
  }
  return [...found.values()].map((t) => refExpr(t, span));
}

function refExpr(t: Target, span: Span): Expr {
  const attr = (name: string): Traverse => ({ k: 'attr', name, span });
  if (t.inst.mode === 'data') return { k: 'ref', span, root: 'data', ops: [attr(t.inst.type), attr(t.inst.label), ...t.attrs.map(attr)] };
  return { k: 'ref', span, root: t.inst.type, ops: [attr(t.inst.label), ...t.attrs.map(attr)] };
}

/** Splits `aws_s3_bucket.this[0].id` into `['aws_s3_bucket', 'this', '[0]', 'id']`. */
function steps(ref: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < ref.length; i++) {
    const c = ref[i];
    if (c === '.') {
      if (cur) out.push(cur);
      cur = '';
    } else if (c === '[') {
      if (cur) out.push(cur);
      const close = ref.indexOf(']', i);
      if (close === -1) return out;
      out.push(ref.slice(i, close + 1));
      cur = '';
      i = close;
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

function resolve(ctx: Ctx, module: string, index: string | undefined, ref: string, hops: number): Target[] {
  if (hops > MAX_HOPS) return [];
  const s = steps(ref);
  if (s[0] === 'var' && s[1]) {
    // A module variable: what the calling module passes for it.
    const cut = module.lastIndexOf('.module.');
    const parent = module.startsWith('module.') ? (cut === -1 ? '' : module.slice(0, cut)) : undefined;
    if (parent === undefined) return [];
    const callName = configPath(module).split('.').pop()!;
    const call = member(member(configModule(ctx, configPath(parent)), 'module_calls'), callName);
    const arg = member(member(call, 'expressions'), s[1]);
    return elements(member(arg, 'references')).flatMap((r) => (str(r) ? resolve(ctx, parent, undefined, str(r)!, hops + 1) : []));
  }
  if (s[0] === 'local' && s[1]) {
    // Not in the plan: the local's own expression in the module's `.tf` files, when they are at hand.
    const refs = localReferences(ctx.filesOf(module), s[1]) ?? [];
    return refs.flatMap((r) => resolve(ctx, module, index, r, hops + 1));
  }
  if (s[0] === 'module' && s[1]) {
    // A module output: what the output's expression refers to, inside that module.
    let i = 2;
    const key = s[2]?.startsWith('[') ? s[2] : undefined;
    if (key) i = 3;
    const output = s[i];
    if (!output) return [];
    const childPrefix = `${module ? `${module}.` : ''}module.${s[1]}`;
    const instances = new Set([...ctx.instances.values()].flat().map((x) => x.module).filter((m) => m === childPrefix + (key ?? '') || (!key && m.startsWith(`${childPrefix}[`) && !m.slice(childPrefix.length).includes('.module.'))));
    if (instances.size !== 1) return [];
    const child = [...instances][0];
    const out = member(member(member(configModule(ctx, configPath(child)), 'outputs'), output), 'expression');
    return elements(member(out, 'references')).flatMap((r) => (str(r) ? resolve(ctx, child, undefined, str(r)!, hops + 1) : []));
  }
  const data = s[0] === 'data';
  const [type, name, ...rest] = data ? s.slice(1) : s;
  if (!type || !name || !type.includes('_')) return [];
  const list = ctx.instances.get(`${module}|${data ? 'data' : 'managed'}.${type}.${name}`);
  if (!list) return [];
  let attrs = rest;
  let inst: Instance | undefined;
  if (rest[0]?.startsWith('[')) {
    const key = rest[0].slice(1, -1);
    inst = list.find((x) => x.index === key);
    attrs = rest.slice(1);
  } else if (list.length === 1) inst = list[0];
  // `aws_s3_bucket.this[count.index]` is listed without its key: the instance with the referrer's own key.
  else inst = list.find((x) => index !== undefined && x.index === index);
  if (!inst || attrs.some((a) => a.startsWith('['))) return inst ? [{ inst, attrs: attrs.slice(0, attrs.findIndex((a) => a.startsWith('['))) }] : [];
  return [{ inst, attrs }];
}

// ---------------------------------------------------------------------------------------------------------------

function renameEntities(scene: Scene, addressOf: Map<string, string>): void {
  const entities: (EntityBase & { trails?: { id: string }[] })[] = [
    ...scene.trails, ...scene.buckets, ...scene.keys, ...scene.recorders, ...scene.eventDataStores, ...scene.aggregators, ...scene.orgPolicies,
  ];
  for (const e of entities) {
    e.id = addressOf.get(e.id) ?? e.id;
    for (const t of e.trails ?? []) t.id = addressOf.get(t.id) ?? t.id;
  }
}
