// Everything the CloudFormation adapters share for one file: the template, the evaluator, the attribute reader,
// and the format-specific editors behind `BlockTarget` / `appendStatement` / `addCondition`.
import type { BlockTarget, FileEdit, Format, LValue, Loc, PolicyDoc, PropName, Scalar } from '../../model';
import { normalizePolicy } from '../../policy/normalize';
import { AttrReader } from './attrs';
import { Evaluator } from './intrinsics';
import { JsonEditor, type JsonPath } from './jsonEdits';
import { LineIndex } from './positions';
import { Template, type ResourceInfo } from './template';
import { child, entry, type MapNode, type Node } from './tree';
import { YamlEditor, type TextEdit } from './yamlEdits';

export class CfnContext {
  readonly lines: LineIndex;
  readonly tpl: Template;
  readonly ev: Evaluator;
  readonly attrs: AttrReader;
  private yamlEditor?: YamlEditor;
  private jsonEditor?: JsonEditor;

  constructor(readonly file: string, readonly text: string, readonly format: Format & ('cfn-yaml' | 'cfn-json' | 'policy-json'), root: MapNode) {
    this.lines = new LineIndex(file, text);
    this.tpl = new Template(root);
    this.ev = new Evaluator(this.tpl, this.lines);
    this.attrs = new AttrReader(this.ev, this.lines, format);
  }

  get yaml(): YamlEditor {
    return (this.yamlEditor ??= new YamlEditor(this.text, detectYamlStep(this.text, this.tpl)));
  }

  get json(): JsonEditor {
    return (this.jsonEditor ??= new JsonEditor(this.text));
  }

  loc(node: { start: number; end: number }): Loc {
    return this.lines.loc(node.start, node.end);
  }

  fileEdits(edits: (TextEdit | undefined)[] | undefined): FileEdit[] | undefined {
    const ok = edits?.filter((e): e is TextEdit => !!e);
    if (!ok || !ok.length) return undefined;
    return ok.map((e) => ({ file: this.file, range: this.lines.range(e.start, e.end), newText: e.newText }));
  }

  /** Insertion point for properties at `path` under the resource's `Properties` (created when missing). */
  blockTarget(res: ResourceInfo, path: string[] = []): BlockTarget {
    return {
      format: this.format,
      file: this.file,
      insert: (name: PropName, value: Scalar) => this.insertProperty(res, [...path, name.cfn], value),
    };
  }

  insertProperty(res: ResourceInfo, path: string[], value: unknown): FileEdit[] | undefined {
    if (this.format === 'cfn-yaml') return this.fileEdits([this.yaml.insertPath(res.node, ['Properties', ...path], value)]);
    if (existsAt(res.props, path)) return undefined;
    return this.fileEdits(this.json.set(['Resources', res.id, 'Properties', ...path], value));
  }

  /**
   * Normalises a policy document node and gives it (and its statements) edits in the file's syntax.
   * `jsonPath` is the document's path in a JSON file.
   */
  policy(docNode: Node | undefined, propLoc: Loc | undefined, jsonPath: JsonPath): PolicyDoc {
    const raw: LValue | undefined = docNode ? this.ev.value(docNode) : undefined;
    const doc = normalizePolicy(raw, propLoc);
    if (!docNode || docNode.k !== 'map' || docNode.shortForm || raw?.t !== 'obj') return doc;
    const stmtNode = child(docNode, 'Statement');
    doc.appendStatement = (stmt) => this.appendStatement(docNode, stmtNode, jsonPath, stmt);
    const items = stmtNode?.k === 'seq' ? stmtNode.items : stmtNode?.k === 'map' ? [stmtNode] : [];
    if (items.length === doc.statements.length) {
      doc.statements.forEach((s, i) => {
        const node = items[i];
        if (node.k !== 'map' || node.shortForm) return;
        const path = stmtNode?.k === 'seq' ? [...jsonPath, 'Statement', i] : [...jsonPath, 'Statement'];
        s.addCondition = (op, key, values) => this.addCondition(node, path, op, key, values);
      });
    }
    return doc;
  }

  private appendStatement(docNode: MapNode, stmtNode: Node | undefined, jsonPath: JsonPath, stmt: Record<string, unknown>): FileEdit[] | undefined {
    if (stmtNode && stmtNode.k !== 'seq') return undefined; // a single statement object or an intrinsic
    if (this.format === 'cfn-yaml') {
      return this.fileEdits([stmtNode ? this.yaml.appendItem(stmtNode, stmt) : this.yaml.insertPath(docNode, ['Statement'], [stmt])]);
    }
    return this.fileEdits(stmtNode ? this.json.append([...jsonPath, 'Statement'], stmt) : this.json.set([...jsonPath, 'Statement'], [stmt]));
  }

  private addCondition(stmtNode: MapNode, path: JsonPath, op: string, key: string, values: string[]): FileEdit[] | undefined {
    const value = values.length === 1 ? values[0] : values;
    if (this.format === 'cfn-yaml') return this.fileEdits([this.yaml.insertPath(stmtNode, ['Condition', op, key], value)]);
    if (existsAt(stmtNode, ['Condition', op, key])) return undefined;
    return this.fileEdits(this.json.set([...path, 'Condition', op, key], value));
  }
}

function existsAt(map: Node | undefined, path: string[]): boolean {
  let node: Node | undefined = map;
  for (const key of path) {
    const e = entry(node, key);
    if (!e) return false;
    node = e.value;
  }
  return true;
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
