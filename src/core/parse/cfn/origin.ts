// Where a CloudFormation value that is not written in place came from, said in the finding's message (issue 9
// "Messages"): "`EnableLogFileValidation` is false with the parameter defaults (`!If [IsProd, true, false]`,
// IsProd is false)", "`EnableLogFileValidation: !Ref Validate` is false (Default of parameter `Validate`,
// template.yaml:12)". The engine appends it to a failing finding on the attribute, as for Terraform.
import type { Loc } from '../../model';
import type { Evaluator } from './intrinsics';
import type { LineIndex } from './positions';
import { child, intrinsicName, scalarString, type Entry, type Node } from './tree';

function short(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** The origin of `e`'s value when it comes from an intrinsic function, else undefined (a literal in place). */
export function cfnOrigin(ev: Evaluator, lines: LineIndex, e: Entry, value: unknown): { message: string; loc?: Loc } | undefined {
  const node = e.value;
  const fn = node ? intrinsicName(node) : undefined;
  if (!node || !fn || node.k !== 'map') return undefined;
  const written = short(lines.text.slice(node.start, node.end));
  const line = (n: Node) => `${lines.file}:${lines.pos(n.start).line + 1}`;
  const arg = node.entries[0].value;
  if (fn === 'Ref') {
    const name = scalarString(arg);
    const def = child(name ? ev.tpl.parameters.get(name) : undefined, 'Default');
    if (!name || !def) return undefined;
    return { message: `\`${e.key}: ${written}\` is ${show(value)} (Default of parameter \`${name}\`, ${line(def)})`, loc: lines.loc(def.start, def.end) };
  }
  if (fn === 'Fn::If' && arg?.k === 'seq') {
    const name = scalarString(arg.items[0]);
    const cond = name !== undefined ? ev.condition(name) : undefined;
    if (name === undefined || typeof cond !== 'boolean') return undefined;
    // No location: the related note on the value (valueSource) already points at the expression.
    return { message: `\`${e.key}\` is ${show(value)} with the parameter defaults (\`${written}\`, ${name} is ${cond})` };
  }
  if (fn === 'Fn::FindInMap' && arg?.k === 'seq' && arg.items.length === 3) {
    const keys = arg.items.map((n) => ev.value(n)).map((v) => (v.t === 'str' || v.t === 'num' ? String(v.v) : undefined));
    const found = keys.every((k) => k !== undefined) ? child(child(child(ev.tpl.mappings, keys[0]!), keys[1]!), keys[2]!) : undefined;
    if (found) {
      return { message: `\`${e.key}: ${written}\` is ${show(value)} (Mappings entry ${keys.join('.')}, ${line(found)})`, loc: lines.loc(found.start, found.end) };
    }
  }
  return { message: `\`${e.key}: ${written}\` is ${show(value)}` };
}
