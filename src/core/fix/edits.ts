// Edits shared by every format: replacing a known scalar value in place. Insertions are format-specific and
// come from the adapters (`BlockTarget.insert`, `PolicyDoc.appendStatement`).
import type { Attr, BlockTarget, FileEdit, Fix, Format, PropName, Scalar } from '../model';

/**
 * False while rules run for a lint whose findings keep only their fixes' titles and kinds (evaluate.ts
 * `fixEdits: false`, the CLI without --fix): a fix whose existence is known without its edits skips rendering them.
 */
let editsWanted = true;

export function withFixEdits<T>(wanted: boolean, run: () => T): T {
  const outer = editsWanted;
  editsWanted = wanted;
  try {
    return run();
  } finally {
    editsWanted = outer;
  }
}

/** A scalar literal in the syntax of `format`. YAML strings stay plain unless they need quoting. */
export function renderScalar(value: Scalar, format: Format | undefined): string {
  if (typeof value !== 'string') return String(value);
  if (format === 'cfn-yaml' && /^[A-Za-z][A-Za-z0-9_\-.:/*]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value)) {
    return value;
  }
  return JSON.stringify(value);
}

/**
 * Replaces the value of a present attribute where it is written: at the attribute, or at its source (a variable
 * default, tfvars entry, parameter default), keeping the reference. Undefined when it has no known source range, is
 * computed, or is set outside the workspace: a reference is never overwritten by a literal.
 */
export function replaceValue(attr: Attr<unknown>, value: Scalar): FileEdit[] | undefined {
  if (attr.state !== 'known') return undefined;
  const source = attr.valueSource;
  const at = source ? source.loc : attr.valueLoc;
  if (!at) return undefined;
  // A quoted source literal stays quoted (`Default: "false"`, `default = "false"`), whatever the property's type.
  const quoted = source?.text !== undefined && /^["']/.test(source.text);
  return [{ file: at.file, range: at.range, newText: quoted ? JSON.stringify(String(value)) : renderScalar(value, attr.format) }];
}

/** The standard "set X to V" fix: replace the value when present, insert it into the block when absent. */
export function setProperty(
  attr: Attr<unknown>,
  target: Pick<BlockTarget, 'insert' | 'inserts'> | undefined,
  name: PropName,
  value: Scalar,
  title: string,
): Fix[] {
  if (attr.state === 'absent') return fixFrom(title, 'safe', () => target?.insert(name, value), insertsAll(target, [name]));
  const source = attr.state === 'known' ? attr.valueSource : undefined;
  // At the value's source the title says where: the reference stays, other users of the variable change too.
  const shown = source?.loc && attr.state === 'known' ? `Set ${source.via} to ${renderScalar(value, attr.format)}` : title;
  return fixFrom(shown, 'safe', () => replaceValue(attr, value));
}

/**
 * One fix, or none when it has no edits. When the lint keeps no edits (`withFixEdits(false)`) and `exists` can
 * tell whether there would be some, they are not rendered: inserting into a Terraform block aligns its `=` and
 * was most of what a fix cost a lint that applies none.
 */
export function fixFrom(title: string, kind: Fix['kind'], render: () => FileEdit[] | undefined, exists?: () => boolean): Fix[] {
  if (exists && !editsWanted) return exists() ? [{ title, kind, edits: [] }] : [];
  const edits = render();
  return edits && edits.length ? [{ title, kind, edits }] : [];
}

/** Whether inserting all of `names` into the target gives edits, when the target can tell without rendering them. */
export function insertsAll(target: Pick<BlockTarget, 'inserts'> | undefined, names: PropName[]): (() => boolean) | undefined {
  const inserts = target?.inserts;
  return inserts && (() => names.length > 0 && names.every((n) => inserts(n)));
}
