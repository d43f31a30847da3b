// Where a fix must change a CloudFormation value written as `!Ref Param` (issue 8: fix the value where it comes
// from): the parameter's Default, keeping the `!Ref`. Any other intrinsic has no one place to change.
import type { ValueSource } from '../../model';
import type { Evaluator } from './intrinsics';
import type { LineIndex } from './positions';
import { child, intrinsicName, scalarString, type Node } from './tree';

export function cfnValueSource(ev: Evaluator, lines: LineIndex, node: Node): ValueSource | undefined {
  const fn = intrinsicName(node);
  if (!fn || node.k !== 'map') return undefined;
  if (fn === 'Ref') {
    const name = scalarString(node.entries[0].value);
    const param = name ? ev.tpl.parameters.get(name) : undefined;
    const def = child(param, 'Default');
    if (name && def && def.k === 'scalar') {
      return { via: `the Default of parameter \`${name}\` (${lines.file}:${lines.pos(def.start).line + 1})`, loc: lines.loc(def.start, def.end), text: lines.text.slice(def.start, def.end) };
    }
  }
  if (fn === 'Fn::If') {
    // `!If [IsProd, true, false]`, IsProd is false: the message says which branch the parameter defaults chose.
    const arg = node.entries[0].value;
    const name = arg && arg.k === 'seq' ? scalarString(arg.items[0]) : undefined;
    const cond = name !== undefined ? ev.condition(name) : undefined;
    if (name !== undefined && typeof cond === 'boolean') {
      const written = lines.text.slice(node.start, node.end).split('\n')[0].trim();
      const shown = written.length > 60 ? `${written.slice(0, 57)}...` : written;
      return { via: `\`${shown}\`, ${name} is ${cond}` };
    }
  }
  return { via: `\`${fn === 'Ref' ? '!Ref' : fn}\`` };
}
