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
  return { via: `\`${fn === 'Ref' ? '!Ref' : fn}\`` };
}
