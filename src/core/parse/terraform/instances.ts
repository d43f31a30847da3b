// Whether and how often a resource exists (`count`, `for_each`), and nested blocks with `dynamic` blocks expanded
// over their collection (issue 9). Each instance is a view of the block with its own address and `count.index` /
// `each` / iterator bindings, which the evaluator keeps.
import type { LValue } from '../../model';
import type { Block } from './ast';
import type { Evaluator, Existence, Instance, Scope } from './evaluate';
import { toNumber } from './values';

/** Most instances a `count` / `for_each` (or a `dynamic` block's collection) expands to; beyond, unknown. */
export const MAX_INSTANCES = 1000;

/** Evaluates `count` / `for_each` of a resource, data or module block into its instance blocks. */
export function expandInstances(ev: Evaluator, block: Block): Existence {
  const countAttr = block.attrs.find((a) => a.name === 'count');
  const forEachAttr = block.attrs.find((a) => a.name === 'for_each');
  const addr = block.type === 'module' ? `module.${block.labels[0]}` : `${block.labels[0]}.${block.labels[1]}`;
  const scope: Scope = { file: block.file, policy: false };
  if (countAttr) {
    const v = ev.eval(countAttr.expr, scope, new Set());
    const src = short(ev.src(scope, countAttr.expr.span));
    if (v.t === 'unresolved') return { state: 'unknown', reason: `\`${addr}\` may or may not exist: \`count = ${src}\` is not known (${v.reason})` };
    const n = toNumber(v);
    if (n === undefined || n < 0 || !Number.isInteger(n)) return { state: 'unknown', reason: `\`${addr}\`: \`count = ${src}\` is not a whole number` };
    if (n > MAX_INSTANCES) return { state: 'unknown', reason: `\`${addr}\` has more than ${MAX_INSTANCES} instances (\`count = ${src}\`), too many to check` };
    const instances: Instance[] = [];
    for (let i = 0; i < n; i++) instances.push({ key: i, index: i });
    return { state: 'known', blocks: instanceBlocks(ev, block, addr, instances) };
  }
  if (forEachAttr) {
    const v = ev.eval(forEachAttr.expr, scope, new Set());
    const src = short(ev.src(scope, forEachAttr.expr.span));
    if (v.t === 'unresolved') return { state: 'unknown', reason: `\`${addr}\` may or may not exist: \`for_each = ${src}\` is not known (${v.reason})` };
    const instances: Instance[] = [];
    if (v.t === 'obj') {
      const props = [...v.props].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const p of props) {
        if (p.value.t === 'unresolved') return { state: 'unknown', reason: `\`${addr}\`: the value of \`${p.key}\` in \`for_each = ${src}\` is not known (${p.value.reason})` };
        instances.push({ key: p.key, each: { key: { t: 'str', v: p.key }, value: p.value } });
      }
    } else if (v.t === 'arr') {
      const seen = new Set<string>();
      for (const item of v.items) {
        if (item.t === 'unresolved') return { state: 'unknown', reason: `\`${addr}\` may or may not exist: an element of \`for_each = ${src}\` is not known (${item.reason})` };
        if (item.t !== 'str') return { state: 'unknown', reason: `\`${addr}\`: \`for_each = ${src}\` is not a map or a set of strings` };
        if (seen.has(item.v)) continue;
        seen.add(item.v);
        instances.push({ key: item.v, each: { key: item, value: item } });
      }
      instances.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    } else if (v.t === 'null') {
      return { state: 'unknown', reason: `\`${addr}\`: \`for_each = ${src}\` is null` };
    } else {
      return { state: 'unknown', reason: `\`${addr}\`: \`for_each = ${src}\` is not a map or a set of strings` };
    }
    if (instances.length > MAX_INSTANCES) return { state: 'unknown', reason: `\`${addr}\` has more than ${MAX_INSTANCES} instances, too many to check` };
    return { state: 'known', blocks: instanceBlocks(ev, block, addr, instances, true) };
  }
  return { state: 'known', blocks: [block] };
}

/**
 * One block per instance. A lone `count` instance is the block itself under its plain address; otherwise each
 * instance is a view of the block (same syntax, same ranges) with its own address and `count.index` / `each`.
 */
function instanceBlocks(ev: Evaluator, block: Block, addr: string, instances: Instance[], keyed = false): Block[] {
  if (instances.length === 1 && !keyed) {
    ev.instanceOfBlock.set(block, instances[0]);
    return [block];
  }
  return instances.map((inst) => {
    const view = Object.create(block) as Block;
    ev.instanceOfBlock.set(view, inst);
    ev.addresses.set(view, `${addr}[${typeof inst.key === 'number' ? inst.key : JSON.stringify(inst.key)}]`);
    return view;
  });
}

/**
 * The nested blocks of `type` in `block`, with `dynamic "type"` blocks expanded over their collection in source
 * order; `unknown` says why a dynamic block could not be expanded (its collection is unknown).
 */
export function expandChildBlocks(ev: Evaluator, block: Block, type: string, owner: Block): { blocks: Block[]; unknown?: string } {
  const parentBindings = ev.blockBindings.get(block);
  const out: Block[] = [];
  let unknown: string | undefined;
  for (const c of block.blocks) {
    if (c.type === type) {
      if (parentBindings) {
        const view = Object.create(c) as Block;
        ev.blockBindings.set(view, parentBindings);
        out.push(view);
      } else {
        out.push(c);
      }
      continue;
    }
    if (c.type !== 'dynamic' || c.labels[0] !== type) continue;
    const forEach = c.attrs.find((a) => a.name === 'for_each');
    const content = c.blocks.find((b) => b.type === 'content');
    if (!forEach || !content) {
      unknown ??= `the \`dynamic "${type}"\` block has no \`for_each\` or \`content\``;
      continue;
    }
    const scope: Scope = { file: c.file, block: owner, policy: false, bindings: parentBindings };
    const coll = ev.eval(forEach.expr, scope, new Set());
    const iterAttr = c.attrs.find((a) => a.name === 'iterator');
    const iterator = iterAttr && iterAttr.expr.k === 'ref' ? iterAttr.expr.root : type;
    let pairs: [LValue, LValue][];
    if (coll.t === 'arr') pairs = coll.items.map((v, i) => [{ t: 'num', v: i }, v]);
    else if (coll.t === 'obj') pairs = coll.props.map((p) => [{ t: 'str', v: p.key }, p.value]);
    else if (coll.t === 'null') pairs = [];
    else {
      const src = short(ev.src(scope, forEach.expr.span));
      unknown ??= coll.t === 'unresolved'
        ? `the \`dynamic "${type}"\` blocks are not known: \`for_each = ${src}\` is not known (${coll.reason})`
        : `the \`dynamic "${type}"\` blocks are not known: \`for_each = ${src}\` is not a collection`;
      continue;
    }
    if (pairs.length > MAX_INSTANCES) {
      unknown ??= `the \`dynamic "${type}"\` block has too many items to check`;
      continue;
    }
    for (const [key, value] of pairs) {
      const view = Object.create(content, { type: { value: type, enumerable: true } }) as Block;
      const bindings = new Map(parentBindings ?? []);
      bindings.set(iterator, { t: 'obj', props: [{ key: 'key', value: key }, { key: 'value', value }] });
      ev.blockBindings.set(view, bindings);
      out.push(view);
    }
  }
  return { blocks: out, unknown };
}

/** The first line of an expression's source, shortened for messages. */
function short(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 40 ? `${line.slice(0, 37)}...` : line;
}
