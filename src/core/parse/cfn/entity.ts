// Fields every CloudFormation entity shares: id, positions, insertion target and declared suppressions.
import type { EntityBase, EntityKind } from '../../model';
import type { CfnContext } from './context';
import { resourceSuppressions } from './suppressions';
import type { ResourceInfo } from './template';

export function entityBase(ctx: CfnContext, res: ResourceInfo, kind: EntityKind): EntityBase {
  const base: EntityBase = {
    kind,
    id: res.id,
    format: ctx.format,
    loc: ctx.lines.loc(res.entry.keyStart, res.entry.keyEnd),
    extent: ctx.lines.loc(res.entry.keyStart, Math.max(res.node.end, res.entry.keyEnd)),
    target: ctx.blockTarget(res),
  };
  const ignored = resourceSuppressions(ctx, res);
  if (ignored.length) base.ignored = ignored;
  return base;
}
