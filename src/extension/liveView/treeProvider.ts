// The thin vscode adapter over nodeModel.ts: LiveNode → TreeItem (ThemeIcon coloured by status, Markdown
// tooltip). Children are handed out only when VS Code asks for them (on expand).
import * as vscode from 'vscode';
import type { LiveNode, NodeIcon, NodeTone } from './nodeModel';

const toneColor: Record<NodeTone, string> = {
  'pass': 'testing.iconPassed',
  'fail-error': 'errorForeground',
  'fail-warning': 'list.warningForeground',
  'fail-info': 'editorInfo.foreground',
  'unknown': 'testing.iconQueued',
};

/** Codicon and colour for each icon of the model; entity icons take the colour of their worst check. */
export function themeIconFor(icon: NodeIcon, tone: NodeTone | undefined): vscode.ThemeIcon {
  const colored = (id: string, color?: string) => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
  const toned = (id: string) => colored(id, tone ? toneColor[tone] : undefined);
  switch (icon) {
    case 'pass': return colored('pass', toneColor.pass);
    case 'fail-error': return colored('error', toneColor['fail-error']);
    case 'fail-warning': return colored('warning', toneColor['fail-warning']);
    case 'fail-info': return colored('info', toneColor['fail-info']);
    case 'unknown': return colored('question', toneColor.unknown);
    case 'error': return colored('error', 'errorForeground');
    case 'trail': return toned('history');
    case 'bucket': return toned('database');
    case 'key': return toned('key');
    case 'lake': return toned('server-environment');
    case 'region': return toned('globe');
    case 'account': return toned('cloud');
    case 'recorder': return toned('record');
    case 'folder': return toned('folder-library');
    case 'lock': return colored('workspace-untrusted');
    case 'loading': return colored('loading~spin');
    case 'info': return colored('info');
  }
}

export class LiveTreeProvider implements vscode.TreeDataProvider<LiveNode> {
  private roots: LiveNode[] = [];
  private readonly changed = new vscode.EventEmitter<LiveNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  setRoots(roots: LiveNode[]): void {
    this.roots = roots;
    this.changed.fire(undefined);
  }

  getRoots(): readonly LiveNode[] {
    return this.roots;
  }

  getChildren(element?: LiveNode): LiveNode[] {
    return element ? element.children : this.roots;
  }

  getParent(element: LiveNode): LiveNode | undefined {
    const find = (nodes: LiveNode[], parent: LiveNode | undefined): LiveNode | undefined | null => {
      for (const n of nodes) {
        if (n.id === element.id) return parent;
        const hit = find(n.children, n);
        if (hit !== null) return hit;
      }
      return null;
    };
    return find(this.roots, undefined) ?? undefined;
  }

  getTreeItem(node: LiveNode): vscode.TreeItem {
    const state = node.children.length === 0
      ? vscode.TreeItemCollapsibleState.None
      : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    if (node.tooltip) {
      // Not trusted: the text carries API values (bucket names, error messages); only plain links render.
      const md = new vscode.MarkdownString(node.tooltip);
      md.isTrusted = false;
      md.supportHtml = false;
      item.tooltip = md;
    }
    item.iconPath = themeIconFor(node.icon, node.tone);
    item.contextValue = node.contextValue;
    if (node.command) item.command = { command: node.command.command, title: node.command.title, arguments: node.command.arguments };
    item.accessibilityInformation = { label: [node.label, node.description].filter(Boolean).join(', ') };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
