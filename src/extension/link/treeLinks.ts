// The code ↔ account link in the "Audit trail" tree: each live trail, bucket and key says where it is defined
// ("defined in s3.tf:4", Go to Definition in its context menu), that it is ambiguous or not in this workspace, and
// lists its drifts as children; workspace resources the scan does not contain go under "Not deployed (in this scan)".
// Applied to the tree nodeModel.ts builds, so the live view's own builders stay as they are. No `vscode` import.
import type { LiveNode, NodeCommand } from '../liveView/liveNode';
import { escapeMarkdown, inlineCode } from '../liveView/markdown';
import { resourceKey, type LinkView, type Place, type ResourceView } from './linkModel';

export const LinkCommands = {
  goToDefinition: 'trailguard.live.goToDefinition',
  openLocation: 'trailguard.live.openLocation',
  revealLinked: 'trailguard.live.revealLinked',
} as const;

export interface DecoratedTree {
  roots: LiveNode[];
  /** Tree node id → the definition Go to Definition opens. */
  definitions: Map<string, Place>;
  /** Resource key → the first tree node showing it (what a CodeLens click reveals). */
  nodes: Map<string, string>;
}

const open = (p: Place, title: string): NodeCommand => ({ command: LinkCommands.openLocation, title, arguments: [p.file, p.line] });

/** The resource a trail, bucket or key node shows (what `CheckResult.resource` says), or undefined. */
function nodeResource(node: LiveNode): string | undefined {
  if (node.icon === 'trail') return /\/trail\/[^]*$/.test(node.id) ? resourceKey('trail', node.label) : undefined;
  if (node.icon === 'bucket') return /\/bucket\/[^]*$/.test(node.id) ? resourceKey('bucket', node.label) : undefined;
  if (node.icon === 'key') {
    const m = /\/key\/([^]*)$/.exec(node.id);
    return m ? resourceKey('key', m[1]!) : undefined;
  }
  return undefined;
}

function pick(list: ResourceView[] | undefined, account: string | undefined): ResourceView | undefined {
  if (!list?.length) return undefined;
  return list.find((r) => r.account === account) ?? list[0];
}

function driftNode(parentId: string, r: ResourceView, i: number): LiveNode {
  const d = r.drifts[i]!;
  return {
    id: `${parentId}/drift/${i}`,
    label: d.message,
    description: d.severity === 'warning' ? `${d.ruleId ?? ''} drift`.trim() : 'attribute drift (information)',
    tooltip: `**${d.severity === 'warning' ? 'Drift' : 'Attribute drift (information)'}**${d.ruleId ? ` ${inlineCode(d.ruleId)}` : ''}\n\n${escapeMarkdown(d.message)}`,
    icon: d.severity === 'warning' ? 'fail-warning' : 'fail-info',
    contextValue: 'tgDrift',
    command: open({ file: d.file, rel: '', line: d.range.start.line + 1 }, 'Open the drifting line'),
    children: [],
  };
}

/** The tree with every live trail, bucket and key node marked, and "Not deployed (in this scan)" appended. */
export function decorateTree(roots: readonly LiveNode[], view: LinkView | undefined): DecoratedTree {
  const definitions = new Map<string, Place>();
  const nodes = new Map<string, string>();
  if (!view || !view.hasDefinitions) return { roots: [...roots], definitions, nodes };
  const byKey = new Map<string, ResourceView[]>();
  for (const r of view.resources) {
    const list = byKey.get(r.key);
    if (list) list.push(r);
    else byKey.set(r.key, [r]);
  }
  const visit = (node: LiveNode, account: string | undefined): LiveNode => {
    const key = nodeResource(node);
    const r = key ? pick(byKey.get(key), account) : undefined;
    const children = node.children.map((c) => visit(c, account));
    if (!r) return children.length || node.children.length ? { ...node, children } : node;
    if (!nodes.has(r.key)) nodes.set(r.key, node.id);
    const extra: LiveNode[] = [];
    let contextValue = node.contextValue;
    if (r.status === 'linked' && r.definition) {
      definitions.set(node.id, r.definition);
      contextValue += ' tgDefined';
      r.drifts.forEach((_, i) => extra.push(driftNode(node.id, r, i)));
    } else if (r.status === 'ambiguous') {
      r.candidates.forEach((c, i) => extra.push({
        id: `${node.id}/candidate/${i}`, label: `Candidate definition ${c.rel}:${c.line}`, description: `${c.matched} · not used for drift`,
        icon: 'info', contextValue: 'tgCandidate', command: open(c, 'Open the candidate definition'), children: [],
      }));
    }
    return {
      ...node,
      description: [node.description, r.treeLabel].filter(Boolean).join(' · '),
      tooltip: [node.tooltip, r.treeTooltip].filter(Boolean).join('\n\n'),
      contextValue,
      children: [...extra, ...children],
    };
  };
  const out = roots.map((root) => visit(root, /^account\/(\d{12})$/.exec(root.id)?.[1]));
  if (view.notDeployed.length) {
    out.push({
      id: 'link/not-deployed',
      label: 'Not deployed (in this scan)',
      description: `${view.notDeployed.length} in this workspace`,
      tooltip: 'Trails, buckets and keys defined in this workspace that the scanned accounts and regions do not contain. ' +
        'They may be deployed in an account or region this scan did not cover.',
      icon: 'folder',
      contextValue: 'tgNotDeployed',
      children: view.notDeployed.map((n, i) => {
        definitions.set(`link/not-deployed/${i}`, n);
        return {
          id: `link/not-deployed/${i}`, label: n.name, description: `${n.kind} · ${n.rel}:${n.line}`,
          icon: n.kind === 'trail' ? 'trail' : n.kind === 'bucket' ? 'bucket' : 'key', contextValue: 'tgNotDeployedResource tgDefined',
          command: open(n, 'Go to Definition'), children: [],
        };
      }),
    });
  }
  if (view.unlinkable.length) {
    out.push({
      id: 'link/unlinkable',
      label: 'Cannot be linked (name unknown)',
      description: `${view.unlinkable.length} in this workspace`,
      tooltip: 'Definitions whose name TrailGuard cannot resolve (a variable without default, a module output): they are never matched to a live resource.',
      icon: 'folder',
      contextValue: 'tgUnlinkable',
      children: view.unlinkable.map((u, i) => ({
        id: `link/unlinkable/${i}`, label: u.name, description: `${u.kind} · ${u.rel}:${u.line} · ${u.reason}`,
        icon: 'unknown', contextValue: 'tgUnlinkableResource', command: open(u, 'Go to Definition'), children: [],
      })),
    });
  }
  return { roots: out, definitions, nodes };
}
