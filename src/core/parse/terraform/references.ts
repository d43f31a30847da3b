// How the Evaluator (evaluate.ts) resolves references and traversals: `var.x` (tfvars, then the default),
// `local.y`, `count.index`, `each.*`, `data.aws_iam_policy_document.d.json`, attributes of resources in the module
// (with placeholders for those only known after apply), and `.attr`, `[i]` and splats applied to a value.
import type { LProp, LValue } from '../../model';
import type { Block, Expr, Span, Traverse } from './ast';
import type { Evaluator, Scope } from './evaluate';
import { policyDocumentValue } from './policyDocument';

/** Attribute names that only exist after apply; a reference to one gets a recognisable placeholder. */
function isComputedName(name: string): boolean {
  return name === 'id' || name === 'arn' || name === 'name' || name.endsWith('_id') || name.endsWith('_arn');
}

export function evalReference(ev: Evaluator, e: Extract<Expr, { k: 'ref' }>, scope: Scope, refs: Set<string>): LValue {
  const bound = scope.bindings?.get(e.root);
  if (bound) return traverse(ev, bound, e.ops, scope, refs, ev.src(scope, e.span));
  const v = referenceInner(ev, e, scope, refs);
  if (v.t === 'unresolved' && scope.policy) return ev.keepSource(scope, e.span);
  return v;
}

function referenceInner(ev: Evaluator, e: Extract<Expr, { k: 'ref' }>, scope: Scope, refs: Set<string>): LValue {
  const text = ev.src(scope, e.span);
  const first = e.ops[0];
  const firstName = first && first.k === 'attr' ? first.name : undefined;
  switch (e.root) {
    case 'var': {
      if (!firstName) return ev.un(`\`${text}\` is not a variable reference`, scope, e.span);
      refs.add(`var.${firstName}`);
      return traverse(ev, variable(ev, firstName, scope, e.span), e.ops.slice(1), scope, refs, text);
    }
    case 'local': {
      if (!firstName) return ev.un(`\`${text}\` is not a local value reference`, scope, e.span);
      refs.add(`local.${firstName}`);
      return traverse(ev, local(ev, firstName, scope, e.span, refs), e.ops.slice(1), scope, refs, text);
    }
    case 'count': {
      const inst = ev.instanceOf(scope.block);
      if (firstName === 'index' && inst?.index !== undefined) return { t: 'num', v: inst.index, loc: ev.loc(scope.file, e.span) };
      if (firstName === 'index' && scope.block?.attrs.some((a) => a.name === 'count')) {
        const ex = ev.existence(scope.block);
        return ev.un(ex.state === 'unknown' ? ex.reason : `\`${text}\` is only known per instance`, scope, e.span);
      }
      return ev.fail(`\`${text}\` is used outside a \`count\` resource`, scope, e.span);
    }
    case 'each':
      return traverse(ev, each(ev, scope, e.span, text, refs), e.ops, scope, refs, text);
    case 'module':
      if (firstName) refs.add(`module.${firstName}`);
      return moduleOutput(ev, e, scope, refs, text, firstName);
    case 'data': {
      const second = e.ops[1];
      if (!firstName || !second || second.k !== 'attr') return ev.un(`\`${text}\` is not a data source reference`, scope, e.span);
      const addr = `${firstName}.${second.name}`;
      refs.add(`data.${addr}`);
      const block = ev.mod.data.get(addr);
      if (!block) return ev.un(`\`data.${addr}\` is not declared in this module`, scope, e.span);
      const { rest, splat } = skipInstance(e.ops.slice(2));
      const attrOp = rest[0];
      if (firstName === 'aws_iam_policy_document' && attrOp?.k === 'attr' && (attrOp.name === 'json' || attrOp.name === 'minified_json')) {
        const doc = ev.cached(`data.${addr}#json`, refs, () => policyDocumentValue(ev, block));
        return traverse(ev, splat ? { t: 'arr', items: [doc] } : doc, rest.slice(1), scope, refs, text);
      }
      return ev.un(`\`${text}\` is only known at apply`, scope, e.span);
    }
    case 'path':
      if (firstName === 'module') return { t: 'str', v: ev.modulePath, loc: ev.loc(scope.file, e.span) };
      if (firstName === 'root' || firstName === 'cwd') return { t: 'str', v: '.', loc: ev.loc(scope.file, e.span) };
      return ev.un(`\`${text}\` is not evaluated`, scope, e.span);
    case 'terraform':
    case 'self':
      return ev.un(`\`${text}\` is not evaluated`, scope, e.span);
    default:
      return resourceReference(ev, e, scope, refs, text, firstName);
  }
}

function resourceReference(ev: Evaluator, e: Extract<Expr, { k: 'ref' }>, scope: Scope, refs: Set<string>, text: string, name: string | undefined): LValue {
  if (!name) return ev.un(`\`${text}\` is not a resource reference`, scope, e.span);
  const addr = `${e.root}.${name}`;
  const block = ev.mod.resources.get(addr);
  if (!block) {
    if (!e.root.includes('_')) return ev.un(`\`${e.root}\` is not defined here`, scope, e.span);
    // Still recorded: a satellite naming a bucket that is not here does not configure ours.
    refs.add(addr);
    return ev.un(`\`${addr}\` is not declared in this module`, scope, e.span);
  }
  refs.add(addr);
  const ops = e.ops.slice(1);
  const ex = ev.existence(block);
  if (ex.state === 'unknown') return ev.un(ex.reason, scope, e.span);
  const counted = block.attrs.some((a) => a.name === 'count' || a.name === 'for_each');
  const first = ops[0];
  // `aws_x.y[*].attr`, `aws_x.y.*.attr`: every instance.
  // `for_each = aws_s3_bucket.logs`: the instances by key (a map for `for_each`, a list for `count`).
  if (!first && counted) {
    const items = ex.blocks.map((b) => wholeInstance(ev, b, scope, e.span, refs));
    const loc = ev.loc(scope.file, e.span);
    if (block.attrs.some((a) => a.name === 'for_each')) {
      return { t: 'obj', props: ex.blocks.map((b, i) => ({ key: String(ev.instanceOf(b)?.key), value: items[i] })), loc };
    }
    return { t: 'arr', items, loc };
  }
  if (first?.k === 'splat') {
    const items = ex.blocks.map((b) => {
      refs.add(ev.addressOf(b));
      return instanceValue(ev, b, addr, ops.slice(1), scope, e.span, refs, text);
    });
    return { t: 'arr', items, loc: ev.loc(scope.file, e.span) };
  }
  if (first?.k === 'index') {
    const k = ev.eval(first.expr, scope, refs);
    if (k.t === 'unresolved') return k;
    if (k.t !== 'str' && k.t !== 'num') return ev.fail(`\`${text}\` has an index that is not a string or number`, scope, first.span);
    const inst = counted ? ev.instanceAt(block, k.v) : undefined;
    if (!inst) return ev.fail(`\`${addr}[${typeof k.v === 'number' ? k.v : JSON.stringify(k.v)}]\` does not exist${ex.blocks.length ? '' : ' (the resource has no instances)'}`, scope, first.span);
    refs.add(ev.addressOf(inst));
    return instanceValue(ev, inst, addr, ops.slice(1), scope, e.span, refs, text);
  }
  if (counted && ex.blocks.length !== 1) {
    return ev.fail(ex.blocks.length ? `\`${text}\` does not say which instance of \`${addr}\`` : `\`${addr}\` has no instances`, scope, e.span);
  }
  const target = ex.blocks[0] ?? block;
  refs.add(ev.addressOf(target));
  return instanceValue(ev, target, addr, ops, scope, e.span, refs, text);
}

/** `.attr...` of one instance. */
function instanceValue(ev: Evaluator, block: Block, addr: string, ops: Traverse[], scope: Scope, span: Span, refs: Set<string>, text: string): LValue {
  const attrOp = ops[0];
  if (!attrOp) return wholeInstance(ev, block, scope, span, refs);
  if (attrOp.k !== 'attr') return ev.un(`\`${text}\` is a whole resource, not a value`, scope, span);
  const value = resourceAttribute(ev, block, addr === ev.addressOf(block) ? addr : ev.addressOf(block), attrOp.name, scope, span, refs);
  return traverse(ev, value, ops.slice(1), scope, refs, text);
}

/** `aws_s3_bucket.x.arn` and friends, with Trivy's presets for bucket ids and ARNs. */
function resourceAttribute(ev: Evaluator, block: Block, addr: string, name: string, scope: Scope, span: Span, refs: Set<string>): LValue {
  const type = block.labels[0];
  const isBucketLike = type === 'aws_s3_bucket' || type.startsWith('aws_s3_bucket_');
  if (isBucketLike && (name === 'id' || name === 'bucket')) {
    if (type === 'aws_s3_bucket' && !block.attrs.some((a) => a.name === 'bucket')) {
      return block.attrs.some((a) => a.name === 'bucket_prefix')
        ? ev.un(`\`${addr}\` has a generated name (\`bucket_prefix\`)`, scope, span)
        : ev.un(`\`${addr}\` has no \`bucket\` name (AWS generates one)`, scope, span);
    }
    return cachedAttr(ev, block, addr, 'bucket', refs);
  }
  if (type === 'aws_s3_bucket' && name === 'arn') {
    const bucket = resourceAttribute(ev, block, addr, 'bucket', scope, span, refs);
    if (bucket.t === 'str') return { t: 'str', v: `arn:aws:s3:::${bucket.v}`, loc: ev.loc(scope.file, span) };
    return bucket;
  }
  if (block.attrs.some((a) => a.name === name)) return cachedAttr(ev, block, addr, name, refs);
  const nested = ev.childBlocks(block, name, block);
  if (nested.blocks.length || nested.unknown) {
    if (nested.unknown) return ev.un(nested.unknown, scope, span);
    return { t: 'arr', items: nested.blocks.map((b) => ev.blockValue(b, block)), loc: ev.loc(block.file, nested.blocks[0].span) };
  }
  if (isComputedName(name)) return { t: 'str', v: `\${${addr}.${name}}`, loc: ev.loc(scope.file, span) };
  return ev.un(`\`${addr}.${name}\` is only known after apply`, scope, span);
}

/**
 * A whole instance as an object: its arguments and the identifiers every resource has (`id`, `arn`, and `bucket`
 * for buckets). The object remembers its address, so `each.value.id` over it still links by reference.
 */
function wholeInstance(ev: Evaluator, block: Block, scope: Scope, span: Span, refs: Set<string>): LValue {
  const addr = ev.addressOf(block);
  refs.add(addr);
  const props: LProp[] = [];
  for (const a of block.attrs) {
    if (a.name === 'count' || a.name === 'for_each' || a.name === 'provider' || a.name === 'depends_on') continue;
    props.push({ key: a.name, value: resourceAttribute(ev, block, addr, a.name, scope, span, new Set()) });
  }
  for (const name of ['id', 'arn', 'bucket']) {
    if (props.some((p) => p.key === name) || (name === 'bucket' && block.labels[0] !== 'aws_s3_bucket')) continue;
    props.push({ key: name, value: resourceAttribute(ev, block, addr, name, scope, span, new Set()) });
  }
  const value: LValue = { t: 'obj', props, loc: ev.loc(block.file, block.span) };
  ev.valueRefs.set(value, addr);
  return value;
}

function cachedAttr(ev: Evaluator, block: Block, addr: string, name: string, refs: Set<string>): LValue {
  return ev.cached(`${addr}.${name}`, refs, () => {
    const inner = new Set<string>();
    const got = ev.attr(block, name);
    if (got) got.refs.forEach((r) => inner.add(r));
    return { value: got ? got.value : { t: 'null' }, refs: inner };
  });
}

/** `module.NAME.OUTPUT`: the output of an evaluated child module, or why it is unknown. */
function moduleOutput(ev: Evaluator, e: Extract<Expr, { k: 'ref' }>, scope: Scope, refs: Set<string>, text: string, name: string | undefined): LValue {
  let child = name ? ev.childModule(name) : undefined;
  if (!name || !child) return ev.un(`\`${text}\` is a module output`, scope, e.span);
  if ('unavailable' in child) return ev.un(child.unavailable, scope, e.span);
  const call = ev.mod.moduleCalls.get(name)!;
  const ex = ev.existence(call);
  if (ex.state === 'unknown') return ev.un(ex.reason, scope, e.span);
  if (!ex.blocks.length) return ev.fail(`\`module.${name}\` has no instances`, scope, e.span);
  // `module.x[0].out`, `module.x["k"].out`: that instance's evaluation.
  let i = 1;
  let instance: Evaluator | { unavailable: string } | undefined = child;
  const index = e.ops[1];
  if (index?.k === 'index') {
    const k = ev.eval(index.expr, scope, refs);
    if (k.t === 'unresolved') return k;
    const inst = k.t === 'str' || k.t === 'num' ? ev.instanceAt(call, k.v) : undefined;
    if (!inst) return ev.fail(`\`${text}\`: \`module.${name}\` has no such instance`, scope, index.span);
    instance = ev.childModule(name, inst);
    i = 2;
  }
  if (!instance || 'unavailable' in instance) return ev.un(`\`${text}\` is a module output`, scope, e.span);
  child = instance;
  while (e.ops[i] && e.ops[i].k !== 'attr') i++;
  const out = e.ops[i];
  if (!out || out.k !== 'attr') return ev.un(`\`${text}\` is a whole module, not one of its outputs`, scope, e.span);
  const block = child.mod.outputs.get(out.name);
  const valueAttr = block?.attrs.find((a) => a.name === 'value');
  if (!block || !valueAttr) return ev.fail(`\`module.${name}\` has no output \`${out.name}\``, scope, e.span);
  const inner = new Set<string>();
  const value = child.cached(`output.${out.name}${scope.policy ? '#p' : ''}`, inner, () => {
    const r = new Set<string>();
    const v = child.eval(valueAttr.expr, { file: block.file, policy: scope.policy }, r);
    return { value: v, refs: r };
  });
  // What the output went through, in this module's terms: the child's resources under `module.x.`, its
  // variables as the arguments this module passed.
  const local = child.prefix.slice(ev.prefix.length);
  for (const r of inner) {
    refs.add(`${local}${r}`);
    if (r.startsWith('var.')) child.input(r.slice(4), false)?.refs.forEach((x) => refs.add(x));
  }
  if (value.t === 'unresolved' && !scope.policy) return { ...value, loc: ev.loc(scope.file, e.span) };
  return traverse(ev, value, e.ops.slice(i + 1), scope, refs, text);
}

function variable(ev: Evaluator, name: string, scope: Scope, span: Span): LValue {
  const key = `var.${name}${scope.policy ? '#p' : ''}`;
  return ev.cached(key, new Set(), () => {
    if (ev.parent) {
      // A child module: the call's argument, else the default (tfvars only feed the root module).
      const input = ev.input(name, scope.policy);
      if (input) return input.value;
      const decl = ev.mod.variables.get(name);
      if (!decl) return ev.un(`\`var.${name}\` is not declared`, scope, span);
      const def = decl.attrs.find((a) => a.name === 'default');
      if (!def) return ev.un(`\`var.${name}\` has no default and the call of \`${ev.prefix.slice(0, -1)}\` does not set it`, scope, span);
      return ev.eval(def.expr, { file: decl.file, policy: scope.policy }, new Set());
    }
    const fromVars = ev.mod.tfvars.get(name);
    if (fromVars) return ev.eval(fromVars.item.expr, { file: fromVars.file, policy: scope.policy }, new Set());
    const decl = ev.mod.variables.get(name);
    if (!decl) return ev.un(`\`var.${name}\` is not declared`, scope, span);
    const def = decl.attrs.find((a) => a.name === 'default');
    if (!def) return ev.un(`\`var.${name}\` has no default`, scope, span);
    // A null default is "not set": an argument given `var.x` is then absent and the provider default applies.
    return ev.eval(def.expr, { file: decl.file, policy: scope.policy }, new Set());
  });
}

function local(ev: Evaluator, name: string, scope: Scope, span: Span, refs: Set<string>): LValue {
  const decl = ev.mod.locals.get(name);
  if (!decl) return ev.un(`\`local.${name}\` is not declared`, scope, span);
  return ev.cached(`local.${name}${scope.policy ? '#p' : ''}`, refs, () => {
    const inner = new Set<string>();
    const value = ev.eval(decl.item.expr, { file: decl.file, policy: scope.policy }, inner);
    return { value, refs: inner };
  });
}

function each(ev: Evaluator, scope: Scope, span: Span, text: string, refs: Set<string>): LValue {
  const block = scope.block;
  const inst = ev.instanceOf(block);
  const tagged = inst?.each && ev.valueRefs.get(inst.each.value);
  if (tagged) refs.add(tagged);
  if (inst?.each) return { t: 'obj', props: [{ key: 'key', value: inst.each.key }, { key: 'value', value: inst.each.value }], loc: ev.loc(scope.file, span) };
  if (!block || !block.attrs.some((a) => a.name === 'for_each')) return ev.fail(`\`${text}\` is used outside a \`for_each\` resource`, scope, span);
  const ex = ev.existence(block);
  return ev.un(ex.state === 'unknown' ? ex.reason : `\`${text}\` is only known per instance`, scope, span);
}

/** Applies `.attr`, `[i]` and splats to a value. */
export function traverse(ev: Evaluator, value: LValue, ops: Traverse[], scope: Scope, refs: Set<string>, text: string): LValue {
  let v = value;
  for (let i = 0; i < ops.length; i++) {
    if (v.t === 'unresolved') return v;
    const op = ops[i];
    if (op.k === 'splat') {
      const items = v.t === 'arr' ? v.items : v.t === 'null' ? [] : [v];
      const rest = ops.slice(i + 1);
      return { t: 'arr', items: items.map((item) => traverse(ev, item, rest, scope, refs, text)), loc: v.loc };
    }
    let key: string | number;
    if (op.k === 'attr') key = op.name;
    else {
      const k = ev.eval(op.expr, scope, refs);
      if (k.t === 'unresolved') return k;
      if (k.t !== 'str' && k.t !== 'num') return ev.un(`\`${text}\` has an index that is not a string or number`, scope, op.span);
      key = k.v;
    }
    if (v.t === 'arr' && typeof key === 'number') {
      const item = v.items[key];
      if (!item) return ev.fail(`\`${text}\`: index ${key} is out of range`, scope, op.span);
      v = item;
    } else if (v.t === 'obj') {
      const p = v.props.find((x) => x.key === String(key));
      if (!p) return ev.fail(`\`${text}\` has no \`${key}\``, scope, op.span);
      v = p.value;
    } else {
      return ev.fail(`\`${text}\` cannot be indexed`, scope, op.span);
    }
  }
  return v;
}

function skipInstance(ops: Traverse[]): { rest: Traverse[]; splat: boolean } {
  let i = 0;
  let splat = false;
  while (i < ops.length && ops[i].k !== 'attr') {
    if (ops[i].k === 'splat') splat = true;
    i++;
  }
  return { rest: ops.slice(i), splat };
}
