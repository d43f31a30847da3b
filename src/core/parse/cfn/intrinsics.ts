// Evaluates CloudFormation values (literals and intrinsic functions) into LValues with source ranges.
//
// What cannot be known before deployment is handled in two ways. Where a rule only needs to *match* a string
// (policy ARNs, conditions), deploy-time parts stay as `${...}` text in a known string (`${AWS::AccountId}`,
// `${LogBucket}` for a bucket without a literal name): the policy matchers treat `${...}` as a wildcard, as the
// Terraform side does. Where the value itself decides a verdict and cannot be known (parameter without Default,
// `Fn::ImportValue`, `Fn::If` on an unknowable condition) the result is `unresolved` with the reason.
import type { LValue, Loc } from '../../model';
import type { LineIndex } from './positions';
import type { Template } from './template';
import { child, intrinsicName, scalarString, type MapNode, type Node } from './tree';

/** `!Ref AWS::NoValue`: the property is dropped (compared by identity). */
export const NO_VALUE: LValue = { t: 'null' };

type CondResult = boolean | { unresolved: string };

const PLACEHOLDER = /\$\{[^}]*\}/;

export class Evaluator {
  private readonly conditionStack = new Set<string>();
  /** Resources whose name is being evaluated (a BucketName that refers to its own bucket must not loop). */
  private readonly refStack = new Set<string>();
  /** Parameters whose Default and Mappings entries being evaluated: a value that refers to itself must not loop. */
  private readonly paramStack: string[] = [];
  private readonly mappingStack: string[] = [];
  /** Values that are errors in the template (a Default or Mapping that refers to itself), by node start offset. */
  readonly problems = new Map<number, { start: number; end: number; message: string }>();

  constructor(readonly tpl: Template, private readonly lines: LineIndex) {}

  loc(node: { start: number; end: number }): Loc {
    return this.lines.loc(node.start, node.end);
  }

  /** The value of a node; `NO_VALUE` for `AWS::NoValue`; `null` for an empty YAML value. */
  value(node: Node | undefined): LValue {
    if (!node) return { t: 'null' };
    const loc = this.loc(node);
    switch (node.k) {
      case 'scalar':
        if (node.v === null) return { t: 'null', loc };
        if (typeof node.v === 'string') return { t: 'str', v: node.v, loc };
        if (typeof node.v === 'number') return { t: 'num', v: node.v, loc };
        return { t: 'bool', v: node.v, loc };
      case 'seq':
        return { t: 'arr', items: node.items.map((i) => this.value(i)).filter((v) => v !== NO_VALUE), loc };
      case 'map': {
        const fn = intrinsicName(node);
        if (fn) return this.intrinsic(fn, node.entries[0].value, loc);
        const props = [];
        for (const e of node.entries) {
          const value = this.value(e.value);
          if (value !== NO_VALUE) props.push({ key: e.key, keyLoc: this.lines.loc(e.keyStart, e.keyEnd), value });
        }
        return { t: 'obj', props, loc };
      }
    }
  }

  /**
   * The node a property stands for once every `Fn::If` whose condition is known has been decided: the chosen
   * branch, undefined for `AWS::NoValue`, or the intrinsic itself when it cannot be decided. Lets adapters read
   * nested blocks such as `LoggingConfiguration: !If [IsProd, {...}, !Ref AWS::NoValue]` with real ranges.
   */
  pick(node: Node | undefined): Node | undefined {
    let current = node;
    for (let hops = 0; current && hops < 64; hops++) {
      const fn = intrinsicName(current);
      const arg = fn && current.k === 'map' ? current.entries[0].value : undefined;
      if (fn === 'Ref' && scalarString(arg) === 'AWS::NoValue') return undefined;
      if (fn !== 'Fn::If' || !arg || arg.k !== 'seq' || arg.items.length !== 3) return current;
      const cond = this.condition(scalarString(arg.items[0]) ?? '');
      if (typeof cond !== 'boolean') return current;
      current = cond ? arg.items[1] : arg.items[2];
    }
    return current;
  }

  private intrinsic(fn: string, arg: Node | undefined, loc: Loc): LValue {
    const unresolved = (reason: string): LValue => ({ t: 'unresolved', reason, loc });
    const args = arg && arg.k === 'seq' ? arg.items : undefined;
    switch (fn) {
      case 'Ref': {
        const name = scalarString(arg);
        return name === undefined ? unresolved('Ref does not name a parameter or resource') : this.ref(name, loc);
      }
      case 'Fn::GetAtt': {
        const parts = args ? args.map(scalarString) : (scalarString(arg) ?? '').split(/\.(.*)/s, 2);
        const [id, attr] = parts;
        if (!id || !attr) return unresolved('Fn::GetAtt needs a resource and an attribute');
        return this.getAtt(id, attr, loc);
      }
      case 'Fn::Sub':
        return this.sub(arg, loc);
      case 'Fn::Join': {
        if (!args || args.length !== 2) return unresolved('Fn::Join needs [delimiter, list]');
        const delimiter = this.value(args[0]);
        const list = this.value(args[1]);
        if (delimiter.t === 'unresolved') return { ...delimiter, loc };
        if (list.t === 'unresolved') return { ...list, loc };
        if (delimiter.t !== 'str' || list.t !== 'arr') return unresolved('Fn::Join needs a string delimiter and a list');
        // Items of a literal list keep their nodes, so an unknown one can be named in its placeholder.
        const itemNodes = args[1].k === 'seq' ? args[1].items.filter((n) => this.value(n) !== NO_VALUE) : [];
        const parts: string[] = [];
        let failure: string | undefined;
        list.items.forEach((item, i) => {
          if (item.t === 'unresolved') {
            failure ??= item.reason;
            parts.push(this.placeholderFor(itemNodes.length === list.items.length ? itemNodes[i] : undefined));
          } else if (item.t === 'str' || item.t === 'num' || item.t === 'bool') parts.push(String(item.v));
          else failure ??= 'Fn::Join list holds a non-string';
        });
        if (failure === 'Fn::Join list holds a non-string') return unresolved(failure);
        return this.partial(parts.join(delimiter.v), failure, loc);
      }
      case 'Fn::Select': {
        if (!args || args.length !== 2) return unresolved('Fn::Select needs [index, list]');
        const index = this.value(args[0]);
        const list = this.value(args[1]);
        if (index.t === 'unresolved') return { ...index, loc };
        if (list.t === 'unresolved') return { ...list, loc };
        const i = index.t === 'num' ? index.v : index.t === 'str' ? Number(index.v) : NaN;
        if (list.t !== 'arr' || !Number.isInteger(i) || i < 0 || i >= list.items.length) return unresolved('Fn::Select index is out of range');
        return { ...list.items[i], loc };
      }
      case 'Fn::Split': {
        if (!args || args.length !== 2) return unresolved('Fn::Split needs [delimiter, string]');
        const delimiter = this.value(args[0]);
        const source = this.value(args[1]);
        if (delimiter.t === 'unresolved') return { ...delimiter, loc };
        if (source.t === 'unresolved') return { ...source, loc };
        if (delimiter.t !== 'str' || source.t !== 'str') return unresolved('Fn::Split needs strings');
        return { t: 'arr', items: source.v.split(delimiter.v).map((v) => ({ t: 'str', v, loc })), loc };
      }
      case 'Fn::If': {
        if (!args || args.length !== 3) return unresolved('Fn::If needs [condition, then, else]');
        const name = scalarString(args[0]) ?? '';
        const cond = this.condition(name);
        if (typeof cond !== 'boolean') return unresolved(`Fn::If condition ${name}: ${cond.unresolved}`);
        return this.value(cond ? args[1] : args[2]);
      }
      case 'Fn::FindInMap':
        return this.findInMap(args, loc);
      case 'Fn::ImportValue': {
        const name = this.value(arg);
        const text = name.t === 'str' ? name.v : scalarString(arg) ?? 'value';
        return unresolved(`Fn::ImportValue ${text} is resolved at deploy time`);
      }
      case 'Fn::Base64': {
        const inner = this.value(arg);
        if (inner.t !== 'str') return inner.t === 'unresolved' ? { ...inner, loc } : unresolved('Fn::Base64 needs a string');
        return { t: 'str', v: Buffer.from(inner.v).toString('base64'), loc };
      }
      case 'Fn::GetAZs':
        return unresolved('Fn::GetAZs is resolved at deploy time');
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not': {
        const result = this.conditionNode({ k: 'map', entries: [{ key: fn, keyStart: 0, keyEnd: 0, value: arg }], flow: true, start: 0, end: 0 });
        return typeof result === 'boolean' ? { t: 'bool', v: result, loc } : unresolved(result.unresolved);
      }
      default:
        return unresolved(`${fn} is not evaluated`);
    }
  }

  private ref(name: string, loc: Loc): LValue {
    const pseudo = pseudoParameter(name);
    if (pseudo === 'novalue') return NO_VALUE;
    if (pseudo !== undefined) return { t: 'str', v: pseudo, loc };
    const param = this.tpl.parameters.get(name);
    if (param) return this.parameter(name, param, loc);
    if (this.tpl.resources.has(name)) return { t: 'str', v: this.resourceRefText(name), loc };
    return { t: 'unresolved', reason: `Ref to ${name}, which is not defined in this template`, loc };
  }

  private parameter(name: string, param: MapNode, loc: Loc): LValue {
    const def = child(param, 'Default');
    if (def === undefined || (def.k === 'scalar' && def.v === null)) {
      return { t: 'unresolved', reason: `parameter ${name} has no Default`, loc };
    }
    const type = scalarString(child(param, 'Type')) ?? 'String';
    if (type.startsWith('AWS::SSM::Parameter::Value')) {
      return { t: 'unresolved', reason: `parameter ${name} is read from SSM Parameter Store at deploy time`, loc };
    }
    if (this.paramStack.includes(name)) {
      const chain = [...this.paramStack.slice(this.paramStack.indexOf(name)), name].join(' → ');
      const message = `the Default of parameter ${name} refers to itself (${chain})`;
      this.problems.set(def.start, { start: def.start, end: def.end, message });
      return { t: 'unresolved', reason: message, loc };
    }
    this.paramStack.push(name);
    let value: LValue;
    try {
      value = this.value(def);
    } finally {
      this.paramStack.pop();
    }
    if ((type === 'CommaDelimitedList' || type.startsWith('List<')) && value.t === 'str') {
      return { t: 'arr', items: value.v.split(',').map((v) => ({ t: 'str', v: v.trim(), loc })), loc };
    }
    if (value.t === 'str' || value.t === 'num' || value.t === 'bool' || value.t === 'arr') return { ...value, loc };
    return { t: 'unresolved', reason: `parameter ${name} has an unusable Default`, loc };
  }

  /** What `Ref` returns for a resource, as far as it is known before deployment. */
  resourceRefText(id: string): string {
    const res = this.tpl.resources.get(id);
    const literal = (prop: string): string | undefined => {
      if (this.refStack.has(id)) return undefined;
      this.refStack.add(id);
      try {
        const v = this.value(child(res?.props, prop));
        return v.t === 'str' ? v.v : undefined;
      } finally {
        this.refStack.delete(id);
      }
    };
    switch (res?.type) {
      case 'AWS::S3::Bucket': return literal('BucketName') ?? `\${${id}}`;
      case 'AWS::KMS::Alias': return literal('AliasName') ?? `\${${id}}`;
      case 'AWS::CloudTrail::Trail': return literal('TrailName') ?? `\${${id}}`;
      default: return `\${${id}}`;
    }
  }

  private getAtt(id: string, attr: string, loc: Loc): LValue {
    const res = this.tpl.resources.get(id);
    if (!res) return { t: 'unresolved', reason: `Fn::GetAtt ${id}.${attr}: ${id} is not defined in this template`, loc };
    return { t: 'str', v: this.getAttText(id, attr), loc };
  }

  private getAttText(id: string, attr: string): string {
    const type = this.tpl.resources.get(id)?.type;
    const name = this.resourceRefText(id);
    if (type === 'AWS::S3::Bucket' && attr === 'Arn') return `arn:aws:s3:::${name}`;
    if (type === 'AWS::S3::Bucket' && attr === 'DomainName') return `${name}.s3.amazonaws.com`;
    if (type === 'AWS::KMS::Key' && attr === 'Arn') return `arn:aws:kms:\${AWS::Region}:\${AWS::AccountId}:key/${name}`;
    if (type === 'AWS::KMS::Key' && attr === 'KeyId') return name;
    if (type === 'AWS::CloudTrail::Trail' && attr === 'Arn') return `arn:aws:cloudtrail:\${AWS::Region}:\${AWS::AccountId}:trail/${name}`;
    return `\${${id}.${attr}}`;
  }

  private sub(arg: Node | undefined, loc: Loc): LValue {
    let template: string | undefined;
    const vars = new Map<string, LValue>();
    if (arg && arg.k === 'seq') {
      template = scalarString(arg.items[0]);
      const varMap = arg.items[1];
      if (varMap && varMap.k === 'map') for (const e of varMap.entries) vars.set(e.key, this.value(e.value));
    } else {
      template = scalarString(arg);
    }
    if (template === undefined) return { t: 'unresolved', reason: 'Fn::Sub needs a template string', loc };
    let failure: string | undefined;
    const text = template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      const value = vars.has(name) ? vars.get(name)! : this.subVariable(name, loc);
      if (value.t === 'str' || value.t === 'num' || value.t === 'bool') return String(value.v);
      failure ??= value.t === 'unresolved' ? value.reason : `Fn::Sub variable ${name} is not a string`;
      return `\${${name}}`;
    });
    return this.partial(text, failure, loc);
  }

  /**
   * A string with unknown parts (a parameter without Default inside `!Sub` / `!Join`) keeps its known text and a
   * `${name}` placeholder for each unknown part, so that ARNs, bucket names and policy resources still link and
   * match (`${Bucket.Arn}/AWSLogs/${pAccountId}/*` is still a CloudTrail write grant). A string that is nothing but
   * unknown parts stays unresolved with the reason: there is nothing to match.
   */
  private partial(text: string, failure: string | undefined, loc: Loc): LValue {
    if (failure === undefined) return { t: 'str', v: text, loc };
    if (text.replace(/\$\{[^}]*\}/g, '') === '') return { t: 'unresolved', reason: failure, loc };
    // A reference to something the template does not define is an error in the template, not a value known
    // at deploy time: the string stays unresolved with that reason.
    if (/is not defined in this template|refers to itself/.test(failure)) return { t: 'unresolved', reason: failure, loc };
    return { t: 'str', v: text, loc };
  }

  /** `${Name}` for an unknown `!Ref Name` / `!GetAtt Name.Attr`, `${unknown}` for any other unknown part. */
  private placeholderFor(node: Node | undefined): string {
    const fn = node ? intrinsicName(node) : undefined;
    const arg = fn && node?.k === 'map' ? node.entries[0].value : undefined;
    if (fn === 'Ref') return `\${${scalarString(arg) ?? 'unknown'}}`;
    if (fn === 'Fn::GetAtt') {
      const parts = arg && arg.k === 'seq' ? arg.items.map(scalarString) : [scalarString(arg)];
      return `\${${parts.filter(Boolean).join('.') || 'unknown'}}`;
    }
    return '${unknown}';
  }

  private subVariable(name: string, loc: Loc): LValue {
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return this.getAtt(name.slice(0, dot), name.slice(dot + 1), loc);
    const value = this.ref(name, loc);
    return value === NO_VALUE ? { t: 'str', v: '', loc } : value;
  }

  private findInMap(args: Node[] | undefined, loc: Loc): LValue {
    if (!args || args.length !== 3) return { t: 'unresolved', reason: 'Fn::FindInMap needs [map, key, key]', loc };
    const keys: string[] = [];
    for (const a of args) {
      const v = this.value(a);
      if (v.t === 'unresolved') return { ...v, loc };
      if (v.t !== 'str' && v.t !== 'num') return { t: 'unresolved', reason: 'Fn::FindInMap keys must be strings', loc };
      if (PLACEHOLDER.test(String(v.v))) return { t: 'unresolved', reason: `Fn::FindInMap key ${v.v} is known only at deploy time`, loc };
      keys.push(String(v.v));
    }
    const found = child(child(child(this.tpl.mappings, keys[0]), keys[1]), keys[2]);
    if (!found) return { t: 'unresolved', reason: `Fn::FindInMap ${keys.join('.')} is not in Mappings`, loc };
    const path = keys.join('.');
    if (this.mappingStack.includes(path)) {
      const chain = [...this.mappingStack.slice(this.mappingStack.indexOf(path)), path].join(' → ');
      const message = `Mappings entry ${path} refers to itself (${chain})`;
      this.problems.set(found.start, { start: found.start, end: found.end, message });
      return { t: 'unresolved', reason: message, loc };
    }
    this.mappingStack.push(path);
    try {
      return this.value(found);
    } finally {
      this.mappingStack.pop();
    }
  }

  /** A named condition of the `Conditions` section. */
  condition(name: string): CondResult {
    if (!this.tpl.conditions.has(name)) return { unresolved: `condition ${name} is not defined` };
    if (this.conditionStack.has(name)) return { unresolved: `condition ${name} refers to itself` };
    this.conditionStack.add(name);
    try {
      return this.conditionNode(this.tpl.conditions.get(name));
    } finally {
      this.conditionStack.delete(name);
    }
  }

  private conditionNode(node: Node | undefined): CondResult {
    if (node && node.k === 'scalar' && typeof node.v === 'boolean') return node.v;
    if (!node || node.k !== 'map' || node.entries.length !== 1) return { unresolved: 'condition is not a condition function' };
    const { key, value: arg } = node.entries[0];
    const args = arg && arg.k === 'seq' ? arg.items : [];
    switch (key) {
      case 'Condition': return this.condition(scalarString(arg) ?? '');
      case 'Fn::Not': {
        const r = this.conditionNode(args[0]);
        return typeof r === 'boolean' ? !r : r;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const results = args.map((a) => this.conditionNode(a));
        const bools = results.filter((r): r is boolean => typeof r === 'boolean');
        if (key === 'Fn::And' && bools.includes(false)) return false;
        if (key === 'Fn::Or' && bools.includes(true)) return true;
        const open = results.find((r) => typeof r !== 'boolean');
        return open ?? key === 'Fn::And';
      }
      case 'Fn::Equals': {
        if (args.length !== 2) return { unresolved: 'Fn::Equals needs two values' };
        const [a, b] = args.map((x) => this.value(x));
        for (const v of [a, b]) {
          if (v.t === 'unresolved') return { unresolved: v.reason };
          if (v.t === 'str' && PLACEHOLDER.test(v.v)) return { unresolved: `${v.v} is known only at deploy time` };
        }
        return scalarText(a) === scalarText(b);
      }
      default:
        return { unresolved: `${key} is not a condition function` };
    }
  }
}

function scalarText(v: LValue): string | undefined {
  return v.t === 'str' || v.t === 'num' || v.t === 'bool' ? String(v.v) : undefined;
}

/** Pseudo parameters: the value when it is fixed, `${AWS::X}` text when it is known only at deploy time. */
function pseudoParameter(name: string): string | 'novalue' | undefined {
  switch (name) {
    case 'AWS::Partition': return 'aws';
    case 'AWS::URLSuffix': return 'amazonaws.com';
    case 'AWS::NoValue': return 'novalue';
    default: return name.startsWith('AWS::') ? `\${${name}}` : undefined;
  }
}
