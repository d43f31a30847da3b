// Suppressions declared in a resource's Metadata: ours (`trailguard.ignore`) and the peers' (Checkov
// `checkov.skip`, cfn_nag `cfn_nag.rules_to_suppress`). Ids are kept exactly as written; the engine maps peer
// ids to TrailGuard ids through the catalog.
import type { EntityBase } from '../../model';
import type { CfnContext } from './context';
import type { ResourceInfo } from './template';
import { child, scalarString, type Node } from './tree';

type Ignored = NonNullable<EntityBase['ignored']>;

export function resourceSuppressions(ctx: CfnContext, res: ResourceInfo): Ignored {
  const metadata = child(res.node, 'Metadata');
  const out: Ignored = [];
  readList(ctx, child(child(metadata, 'trailguard'), 'ignore'), ['reason', 'comment'], out);
  readList(ctx, child(child(metadata, 'checkov'), 'skip'), ['comment', 'reason'], out);
  readList(ctx, child(child(metadata, 'cfn_nag'), 'rules_to_suppress'), ['reason', 'comment'], out);
  return out;
}

/** `[TG204]`, `[{ id: TG204, reason: ... }]`, or a single id. */
function readList(ctx: CfnContext, node: Node | undefined, reasonKeys: string[], out: Ignored): void {
  if (!node) return;
  const items = node.k === 'seq' ? node.items : [node];
  for (const item of items) {
    const id = item.k === 'map' ? scalarString(child(item, 'id')) : scalarString(item);
    if (!id) continue;
    const reason = item.k === 'map' ? reasonKeys.map((k) => scalarString(child(item, k))).find((r) => r) : undefined;
    out.push({ ruleId: id, ...(reason ? { reason } : {}), loc: ctx.loc(item) });
  }
}
