// References in Terraform fix text: `aws_s3_bucket.logs.arn`, `"${aws_s3_bucket.logs.arn}/*"`,
// `data.aws_caller_identity.current.account_id` (with the data source added when the module lacks it), and the
// expression the trail's name is written with (`var.trail_name`), never the value a variable default happens to
// give today. Used by the policy editors (policies.ts) for `jsonencode`, heredoc / string JSON and
// `aws_iam_policy_document` statements.
import type { FileEdit, Loc } from '../../model';
import { Sentinels, partLiteral, type Pseudo, type RefPart, type RefText } from '../../refText';
import type { Block, FileAst } from './ast';
import { edit } from './insert';
import type { TfModule } from './module';

const DATA_SOURCE: Record<Pseudo, { type: string; attr: string }> = {
  account: { type: 'aws_caller_identity', attr: 'account_id' },
  region: { type: 'aws_region', attr: 'name' },
  partition: { type: 'aws_partition', attr: 'partition' },
};

/** Offset of an LSP position in an AST's text. */
function offsetIn(ast: FileAst, line: number, character: number): number {
  return (ast.lineStarts[line] ?? ast.text.length) + character;
}

/**
 * Renders references for one module. `needs` collects the data sources the rendered text uses that the module does
 * not declare; `dataEdits` adds them (one edit each, at one place per module, so that two fixes needing the same
 * data source make identical edits, which fix composition applies once).
 */
export class TfRefs {
  private readonly missing = new Set<Pseudo>();

  constructor(private readonly mod: TfModule) {}

  /** `data.aws_caller_identity.<name>` as the module declares it, else the one a fix adds. */
  private dataRef(p: Pseudo): string | undefined {
    const ds = DATA_SOURCE[p];
    const existing = [...this.mod.data.keys()].find((k) => k.startsWith(`${ds.type}.`));
    if (existing) return `data.${existing}.${ds.attr}`;
    // The partition is `aws` for nearly everyone: write it rather than add a data source only for it.
    if (p === 'partition') return undefined;
    this.missing.add(p);
    return `data.${ds.type}.current.${ds.attr}`;
  }

  /** The Terraform expression of one reference part, or undefined when it is literal text. */
  private partExpr(part: RefPart): { expr?: string; text?: string } {
    if (typeof part === 'string') return { text: part };
    if ('pseudo' in part) {
      const expr = part.value === undefined || part.pseudo !== 'partition' ? this.dataRef(part.pseudo) : undefined;
      return expr ? { expr } : { text: partLiteral(part) };
    }
    if (part.tf) return { expr: part.tf };
    if (part.expr) {
      const src = this.source(part.expr);
      if (src !== undefined) return src;
    }
    return { text: partLiteral(part) };
  }

  /** A literal string keeps its text; a reference (`var.name`, `local.x`) is reused as written. */
  private source(loc: Loc): { expr?: string; text?: string } | undefined {
    const ast = this.mod.files.get(loc.file);
    if (!ast) return undefined;
    const src = ast.text.slice(offsetIn(ast, loc.range.start.line, loc.range.start.character), offsetIn(ast, loc.range.end.line, loc.range.end.character)).trim();
    const lit = /^"([^"\\$%]*)"$/.exec(src);
    if (lit) return { text: lit[1] };
    if (/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*|\[[0-9]+\])+$/.test(src)) return { expr: src };
    return undefined;
  }

  /** The HCL expression for a reference value: bare when it is one reference, else a quoted template. */
  hcl(v: RefText): string {
    const parts = v.refText.map((p) => this.partExpr(p));
    if (parts.length === 1 && parts[0].expr) return parts[0].expr;
    return `"${this.templateBody(parts, (s) => JSON.stringify(s).slice(1, -1))}"`;
  }

  /** The inside of a quoted template (no quotes): literal text escaped by `esc`, references as `${...}`. */
  templateBody(parts: { expr?: string; text?: string }[], esc: (s: string) => string): string {
    return parts.map((p) => (p.expr ? `\${${p.expr}}` : esc(p.text ?? '').replace(/\$\{/g, '$${').replace(/%\{/g, '%%{'))).join('');
  }

  /** The inside of a JSON string in a heredoc / string literal policy, as a template with interpolations. */
  jsonStringBody(v: RefText, inStringLiteral: boolean): string {
    const esc = (s: string) => {
      const json = JSON.stringify(s).slice(1, -1);
      return inStringLiteral ? JSON.stringify(json).slice(1, -1) : json;
    };
    return this.templateBody(v.refText.map((p) => this.partExpr(p)), esc);
  }

  /** Renders `value` with `render` (which lays out plain JSON-like values) and swaps references in. */
  renderHcl(value: unknown, render: (v: unknown) => string): string {
    const s = new Sentinels();
    const out = render(s.hide(value));
    return s.render(out, (ref, open, close) => (open && close ? this.hcl(ref) : open + this.hcl(ref) + close));
  }

  /** Edits adding the data sources the rendered text needs and the module lacks. */
  dataEdits(): FileEdit[] {
    if (!this.missing.size) return [];
    const at = dataSourcePlace(this.mod);
    if (!at) return [];
    return [...this.missing].sort().map((p) => edit(at.ast, at.offset, at.offset, `\n\ndata "${DATA_SOURCE[p].type}" "current" {}`));
  }
}

/**
 * Where added data sources go: after the module's first data source, else after the first block of `main.tf`, else
 * of its first file. One place per module, whichever policy the fix is for.
 */
function dataSourcePlace(mod: TfModule): { ast: FileAst; offset: number } | undefined {
  // Per module, not per fix: the module's files do not change while it is linted (it was a tenth of a keystroke).
  if (placeMemo.has(mod)) return placeMemo.get(mod);
  const place = findDataSourcePlace(mod);
  placeMemo.set(mod, place);
  return place;
}

const placeMemo = new WeakMap<TfModule, { ast: FileAst; offset: number } | undefined>();

function findDataSourcePlace(mod: TfModule): { ast: FileAst; offset: number } | undefined {
  const files = [...mod.files.values()].filter((f) => f.path.endsWith('.tf')).sort((a, b) => a.path.localeCompare(b.path));
  for (const ast of files) {
    const data = ast.blocks.find((b) => b.type === 'data');
    if (data) return { ast, offset: data.span.end };
  }
  const main = files.find((f) => /(^|[\\/])main\.tf$/.test(f.path) && f.blocks.length);
  const first: { ast: FileAst; block: Block } | undefined = main
    ? { ast: main, block: main.blocks[0] }
    : files.filter((f) => f.blocks.length).map((ast) => ({ ast, block: ast.blocks[0] }))[0];
  return first ? { ast: first.ast, offset: first.block.span.end } : undefined;
}
