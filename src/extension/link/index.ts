// Code ↔ account in the editor: after a live scan, the workspace's Terraform and CloudFormation are linked to the
// scanned trails, buckets and keys (src/core/link, loaded from dist/link.js on the first link). Shows a CodeLens on
// each linked resource's header line ("Live (prod-audit, 111122223333): 2 failing · Object Lock off") that reveals
// its tree node, a hover with the live evidence, drift as `trailguard-live` diagnostics, and marks the tree.
// The live scenes a scan keeps for linking are held here, off the scan object: the scan cache is serialised.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LintConfig } from '../../core/config';
import type { LinkSide } from '../../core/link/codeToAccount';
import { DEFAULT_MAX_FILE_SIZE } from '../../core/limits';
import type { SourceFile } from '../../core/parse/unit';
import type { AccountScan } from '../../live/types';
import { liveLinkSides } from '../../live/linkSides';
import type { LiveNode } from '../liveView/liveNode';
import { documentSelector, fileWatcherGlob } from '../selector';
import type { DriftSection } from '../../evidence/types';
import { buildLinkView, driftSection, driftsByFile, lensesByFile, type LinkView } from './linkModel';
import { decorateTree, LinkCommands, type DecoratedTree } from './treeLinks';

export const DIAGNOSTIC_SOURCE = 'trailguard-live';
/** Not contributed: lets the in-editor tests read the link the editor shows. */
export const LINK_SNAPSHOT_COMMAND = 'trailguard.live.linkSnapshot';
const EXCLUDE = '{**/node_modules/**,**/.terraform/**,**/.git/**,**/cdk.out/**}';
const MAX_FILES = 20_000;

type LinkModule = typeof import('../../core/link');
const SOURCE_MODULE = path.join(__dirname, '..', '..', 'core', 'link');

/** dist/link.js beside the bundle; from sources (tests) the module itself. Ids in variables: esbuild leaves them. */
function linker(): LinkModule {
  const bundled = path.join(__dirname, 'link.js');
  const id = fs.existsSync(bundled) ? bundled : SOURCE_MODULE;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(id) as LinkModule;
}

export interface CodeLink {
  /** Takes the scan's live scenes off it (kept here for linking); returns the scan, now safe to cache. */
  adopt<T extends AccountScan>(scan: T): T;
  /** The scans the tree shows now: linked again when they change, lenses and diagnostics cleared when none can be. */
  show(scans: readonly AccountScan[]): void;
  /** The tree with links, drifts and "Not deployed (in this scan)". */
  decorate(roots: LiveNode[]): LiveNode[];
  /** The evidence report's "Drift" section for the scans shown, when they are linked. */
  driftSection(): DriftSection | undefined;
}

export interface CodeLinkHost {
  /** Reveals (selects and focuses) the tree node with this id. */
  reveal(nodeId: string): Promise<void>;
  /** The link changed: rebuild the tree. */
  changed(): void;
  /** Rule settings the live scan used, so that both sides are judged alike. */
  config(): Partial<LintConfig>;
}

export function registerCodeLink(context: vscode.ExtensionContext, host: CodeLinkHost): CodeLink {
  const scenes = new WeakMap<AccountScan, LinkSide[]>();
  const diagnostics = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const lensesChanged = new vscode.EventEmitter<void>();
  let shown: readonly AccountScan[] = [];
  let view: LinkView | undefined;
  let linkedRoots: string[] = [];
  let lenses = lensesByFile({ resources: [], notDeployed: [], unlinkable: [], hasDefinitions: false });
  let decorated: DecoratedTree = { roots: [], definitions: new Map(), nodes: new Map() };
  let generation = 0;

  const apply = (next: LinkView | undefined): void => {
    view = next;
    lenses = lensesByFile(next ?? { resources: [], notDeployed: [], unlinkable: [], hasDefinitions: false });
    diagnostics.clear();
    if (next) {
      for (const [file, drifts] of driftsByFile(next)) {
        diagnostics.set(vscode.Uri.file(file), drifts.map((d) => {
          const r = d.range;
          const diagnostic = new vscode.Diagnostic(
            new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), d.message,
            d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information,
          );
          diagnostic.source = DIAGNOSTIC_SOURCE;
          if (d.ruleId) diagnostic.code = d.ruleId;
          return diagnostic;
        }));
      }
    }
    lensesChanged.fire();
    host.changed();
  };

  const relink = async (): Promise<void> => {
    const mine = ++generation;
    const live = shown.flatMap((s) => scenes.get(s) ?? []);
    if (live.length === 0) {
      if (view) apply(undefined);
      return;
    }
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    if (roots.length === 0) return;
    try {
      const files = await workspaceFiles();
      const report = await linker().linkWorkspace(files, live, host.config());
      if (mine !== generation) return;
      linkedRoots = roots;
      apply(buildLinkView(report, shown, roots));
    } catch (err) {
      if (mine === generation) void vscode.window.showWarningMessage(`TrailGuard: could not link the workspace to the live scan: ${(err as Error).message}`);
    }
  };

  let saveTimer: NodeJS.Timeout | undefined;
  const relinkSoon = (): void => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void relink(), 500);
  };

  context.subscriptions.push(
    diagnostics,
    lensesChanged,
    { dispose: () => saveTimer && clearTimeout(saveTimer) },
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, {
      onDidChangeCodeLenses: lensesChanged.event,
      provideCodeLenses: (doc) => (lenses.get(doc.uri.fsPath) ?? []).map((l) => new vscode.CodeLens(new vscode.Range(l.line, 0, l.line, 0), {
        title: l.title,
        tooltip: 'Show this resource in the Audit trail view',
        command: LinkCommands.revealLinked,
        arguments: [l.key, l.account],
      })),
    }),
    vscode.languages.registerHoverProvider({ scheme: 'file' }, {
      provideHover: (doc, position) => {
        const here = (lenses.get(doc.uri.fsPath) ?? []).filter((l) => l.line === position.line);
        if (here.length === 0) return undefined;
        const md = new vscode.MarkdownString(here.map((l) => l.hover).join('\n\n---\n\n'));
        // Not trusted: the text carries API values.
        md.isTrusted = false;
        md.supportHtml = false;
        return new vscode.Hover(md, doc.lineAt(position.line).range);
      },
    }),
    // Saving an IaC file links again (line numbers move); other saves change nothing here.
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (view && vscode.languages.match(documentSelector(vscode.workspace.getConfiguration('trailguard').get<string[]>('files.include', [])) as vscode.DocumentSelector, doc) > 0) relinkSoon();
    }),
    vscode.commands.registerCommand(LinkCommands.goToDefinition, async (node?: LiveNode) => {
      const place = node ? decorated.definitions.get(node.id) : undefined;
      if (!place) {
        void vscode.window.showInformationMessage('TrailGuard: this resource has no definition in this workspace.');
        return;
      }
      await openAt(place.file, place.line);
    }),
    vscode.commands.registerCommand(LinkCommands.openLocation, (file: unknown, line: unknown) =>
      (typeof file === 'string' && typeof line === 'number' ? openAt(file, line) : undefined)),
    vscode.commands.registerCommand(LinkCommands.revealLinked, async (key: unknown) => {
      const id = typeof key === 'string' ? decorated.nodes.get(key) : undefined;
      if (id) await host.reveal(id);
    }),
    vscode.commands.registerCommand(LINK_SNAPSHOT_COMMAND, () => JSON.parse(JSON.stringify({
      lenses: [...lenses].map(([file, list]) => ({ file, lenses: list.map((l) => ({ line: l.line, title: l.title })) })),
      notDeployed: view?.notDeployed ?? [],
    })) as unknown),
  );

  return {
    adopt(scan) {
      if (scan.liveScenes) {
        scenes.set(scan, liveLinkSides(scan));
        delete scan.liveScenes;
      }
      return scan;
    },
    show(scans) {
      if (scans.length === shown.length && scans.every((s, i) => s === shown[i])) return;
      shown = [...scans];
      void relink();
    },
    driftSection: () => (view && view.hasDefinitions ? driftSection(view, linkedRoots) : undefined),
    decorate(roots) {
      decorated = decorateTree(roots, view);
      return decorated.roots;
    },
  };
}

async function openAt(file: string, line: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), preview: false });
}

/** Every candidate IaC file of the workspace, read from disk (the server recognises each by name or content). */
async function workspaceFiles(): Promise<SourceFile[]> {
  const extra = vscode.workspace.getConfiguration('trailguard').get<string[]>('files.include', []);
  const uris = await vscode.workspace.findFiles(fileWatcherGlob(extra), EXCLUDE, MAX_FILES);
  const out: SourceFile[] = [];
  for (const uri of uris) {
    if (uri.scheme !== 'file') continue;
    try {
      const stat = await fs.promises.stat(uri.fsPath);
      if (stat.size > DEFAULT_MAX_FILE_SIZE) continue;
      // An open, unsaved document links as the user sees it.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      out.push({ path: uri.fsPath, text: open ? open.getText() : await fs.promises.readFile(uri.fsPath, 'utf8') });
    } catch {
      // Deleted since it was listed: nothing to link.
    }
  }
  return out;
}
