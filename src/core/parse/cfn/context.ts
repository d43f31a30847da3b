// Everything the CloudFormation adapters share for one file: the template, the evaluator, the attribute reader,
// and the format-specific editors behind `BlockTarget` / `appendStatement` / `addCondition`.
import type { BlockTarget, FileEdit, LValue, Loc, PolicyDoc, PropName, Scalar } from '../../model';
import { normalizePolicy } from '../../policy/normalize';
import { AttrReader } from './attrs';
import { Evaluator } from './intrinsics';
import { JsonEditor } from './jsonEdits';
import { LineIndex } from './positions';
import { Template, type ResourceInfo } from './template';
import { child, scalarString, type MapNode, type Node } from './tree';
import { YamlEditor, type TextEdit } from './yamlEdits';
import { jsonWithRefs, yamlWithRefs } from './refEdits';
import { resolveRefs } from '../../refText';

export class CfnContext {
  readonly lines: LineIndex;
  readonly tpl: Template;
  readonly ev: Evaluator;
  readonly attrs: AttrReader;
  private yamlEditor?: YamlEditor;
  private jsonEditor?: JsonEditor;

  /** `lines`: the file's index when the caller has one (a YAML stream's documents share it: one index per file). */
  constructor(readonly file: string, readonly text: string, readonly format: 'cfn-yaml' | 'cfn-json' | 'policy-json', root: MapNode, lines?: LineIndex) {
    this.lines = lines ?? new LineIndex(file, text);
    this.tpl = new Template(root);
    this.ev = new Evaluator(this.tpl, this.lines);
    this.attrs = new AttrReader(this.ev, this.lines, format);
  }

  /** The editor for this file's syntax; both work on the same tree. */
  get editor(): YamlEditor | JsonEditor {
    if (this.format === 'cfn-yaml') return (this.yamlEditor ??= new YamlEditor(this.text, detectYamlStep(this.text, this.tpl)));
    return (this.jsonEditor ??= new JsonEditor(this.text));
  }

  /** False for a resource whose `Condition` is known to be false: CloudFormation does not create it. */
  isCreated(res: ResourceInfo): boolean {
    const name = scalarString(child(res.node, 'Condition'));
    return name === undefined || this.ev.condition(name) !== false;
  }

  /** Resources of one type that the stack creates. */
  created(type: string): ResourceInfo[] {
    return this.tpl.ofType(type).filter((r) => this.isCreated(r));
  }

  /** A nested block (`VersioningConfiguration`...), with `Fn::If` on a known condition decided. */
  block(map: Node | undefined, key: string): Node | undefined {
    return this.ev.pick(child(map, key));
  }

  loc(node: { start: number; end: number }): Loc {
    return this.lines.loc(node.start, node.end);
  }

  fileEdits(edits: (TextEdit | undefined)[] | undefined): FileEdit[] | undefined {
    const ok = edits?.filter((e): e is TextEdit => !!e);
    if (!ok || !ok.length) return undefined;
    return ok.map((e) => ({ file: this.file, range: this.lines.range(e.start, e.end), newText: e.newText }));
  }

  /**
   * Insertion point for properties at `path` under the resource's `Properties` (created when missing). A dotted
   * name inserts a nested property, creating its parents (`VersioningConfiguration.Status`); CloudFormation
   * property names never contain dots.
   */
  blockTarget(res: ResourceInfo, path: string[] = []): BlockTarget {
    return {
      format: this.format,
      file: this.file,
      insert: (name: PropName, value: Scalar) => this.insertProperty(res, [...path, ...name.cfn.split('.')], value),
    };
  }

  private insertProperty(res: ResourceInfo, path: string[], value: unknown): FileEdit[] | undefined {
    return this.withRefs(value, (v) => this.editor.insertPath(res.node, ['Properties', ...path], v));
  }

  /** Normalises a policy document node and gives it (and its statements) edits in the file's syntax. */
  policy(docNode: Node | undefined, propLoc: Loc | undefined): PolicyDoc {
    const raw: LValue | undefined = docNode ? this.ev.value(docNode) : undefined;
    const doc = normalizePolicy(raw, propLoc);
    if (!docNode || docNode.k !== 'map' || docNode.shortForm || raw?.t !== 'obj') return doc;
    const stmtNode = child(docNode, 'Statement');
    doc.appendStatement = (stmt) => this.appendStatement(docNode, stmtNode, stmt);
    const items = stmtNode?.k === 'seq' ? stmtNode.items : stmtNode?.k === 'map' ? [stmtNode] : [];
    if (items.length === doc.statements.length) {
      doc.statements.forEach((s, i) => {
        const node = items[i];
        if (node.k !== 'map' || node.shortForm) return;
        s.addCondition = (op, key, values) =>
          this.withRefs(values.length === 1 ? values[0] : values, (v) => this.editor.insertPath(node, ['Condition', op, key], v));
      });
    }
    return doc;
  }

  private appendStatement(docNode: MapNode, stmtNode: Node | undefined, stmt: Record<string, unknown>): FileEdit[] | undefined {
    if (!stmtNode) return this.withRefs(stmt, (v) => this.editor.insertPath(docNode, ['Statement'], [v]));
    if (stmtNode.k !== 'seq') return undefined; // a single statement object or an intrinsic
    return this.withRefs(stmt, (v) => this.editor.appendItem(stmtNode, v));
  }

  /**
   * Fix text with references (refText.ts) in this file's syntax: intrinsics in a template, the resolved values
   * (or placeholders) in a standalone policy file.
   */
  private withRefs(value: unknown, write: (v: unknown) => TextEdit | undefined): FileEdit[] | undefined {
    if (this.format === 'policy-json') return this.fileEdits([write(resolveRefs(value))]);
    if (this.format === 'cfn-json') return this.fileEdits([write(jsonWithRefs(value, this.text, this.file))]);
    const y = yamlWithRefs(value, this.text, this.file);
    const e = write(y.value);
    return this.fileEdits([e && { ...e, newText: y.finish(e.newText) }]);
  }
}

/** Indentation step of a YAML template: how far resources are indented under `Resources:`. */
function detectYamlStep(text: string, tpl: Template): number {
  const first = tpl.resources.values().next().value as ResourceInfo | undefined;
  if (first) {
    const col = (offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);
    const step = col(first.entry.keyStart);
    if (step > 0 && step <= 8) return step;
  }
  return 2;
}
