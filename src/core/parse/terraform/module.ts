// The declarations of one Terraform module (a folder): resources, data sources, variables, locals and tfvars
// values, indexed by address so the evaluator can follow references across the folder's files.
import type { Loc } from '../../model';
import type { Attribute, Block, FileAst, Span } from './ast';
import { positionAt } from './ast';

/**
 * Locations per file version and syntax-tree span: an unchanged file keeps its syntax tree between keystrokes,
 * so its locations are not rebuilt (the evaluator asks for one per value).
 */
const locCache = new WeakMap<FileAst, WeakMap<Span, Loc>>();

export interface Located<T> { item: T; file: string }

export class TfModule {
  readonly files = new Map<string, FileAst>();
  /** `aws_s3_bucket.logs` → block. */
  readonly resources = new Map<string, Block>();
  /** `aws_iam_policy_document.p` → block (without the `data.` prefix). */
  readonly data = new Map<string, Block>();
  readonly variables = new Map<string, Block>();
  readonly locals = new Map<string, Located<Attribute>>();
  /** Values from terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) (later files win, as Terraform does). */
  readonly tfvars = new Map<string, Located<Attribute>>();
  readonly modules = new Set<string>();
  /** `module "name"` → its call block (the first one). */
  readonly moduleCalls = new Map<string, Block>();
  /** `output "name"` → its block. */
  readonly outputs = new Map<string, Block>();
  /** Resource blocks in source order (files in path order). */
  readonly resourceList: Block[] = [];

  constructor(asts: FileAst[]) {
    const tf = asts.filter((a) => !isTfvars(a.path)).sort((a, b) => a.path.localeCompare(b.path));
    const vars = asts.filter((a) => isTfvars(a.path)).sort(tfvarsOrder);
    for (const ast of asts) this.files.set(ast.path, ast);
    for (const ast of tf) {
      for (const b of ast.blocks) this.declare(b, ast.path);
    }
    for (const ast of vars) {
      for (const a of ast.attrs) this.tfvars.set(a.name, { item: a, file: ast.path });
    }
  }

  private declare(b: Block, file: string): void {
    if (b.type === 'resource' && b.labels.length >= 2) {
      const key = `${b.labels[0]}.${b.labels[1]}`;
      if (!this.resources.has(key)) {
        this.resources.set(key, b);
        this.resourceList.push(b);
      }
    } else if (b.type === 'data' && b.labels.length >= 2) {
      this.data.set(`${b.labels[0]}.${b.labels[1]}`, b);
    } else if (b.type === 'variable' && b.labels.length >= 1) {
      this.variables.set(b.labels[0], b);
    } else if (b.type === 'locals') {
      for (const a of b.attrs) this.locals.set(a.name, { item: a, file });
    } else if (b.type === 'module' && b.labels.length >= 1) {
      this.modules.add(b.labels[0]);
      if (!this.moduleCalls.has(b.labels[0])) this.moduleCalls.set(b.labels[0], b);
    } else if (b.type === 'output' && b.labels.length >= 1) {
      if (!this.outputs.has(b.labels[0])) this.outputs.set(b.labels[0], b);
    }
  }

  /** The location of `span` in `file`. Treat the result as immutable: it is shared while the file is unchanged. */
  loc(file: string, span: Span): Loc {
    const ast = this.files.get(file);
    if (!ast) return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    let cache = locCache.get(ast);
    if (!cache) {
      cache = new WeakMap();
      locCache.set(ast, cache);
    }
    let loc = cache.get(span);
    if (!loc) {
      loc = { file, range: { start: positionAt(ast.lineStarts, span.start), end: positionAt(ast.lineStarts, span.end) } };
      cache.set(span, loc);
    }
    return loc;
  }

  text(file: string, span: Span): string {
    return this.files.get(file)?.text.slice(span.start, span.end) ?? '';
  }
}

export function isTfvars(path: string): boolean {
  return /(^|[\\/])terraform\.tfvars(\.json)?$/.test(path) || path.endsWith('.auto.tfvars') || path.endsWith('.auto.tfvars.json');
}

/** Terraform's order: terraform.tfvars, terraform.tfvars.json, then the *.auto.tfvars(.json) files by name. */
function tfvarsOrder(a: FileAst, b: FileAst): number {
  const rank = (p: string) => (/(^|[\\/])terraform\.tfvars$/.test(p) ? 0 : /(^|[\\/])terraform\.tfvars\.json$/.test(p) ? 1 : 2);
  return rank(a.path) - rank(b.path) || a.path.localeCompare(b.path);
}
