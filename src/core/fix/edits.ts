// Edits shared by every format: replacing a known scalar value in place. Insertions are format-specific and
// come from the adapters (`BlockTarget.insert`, `PolicyDoc.appendStatement`).
import type { Attr, FileEdit, Fix, Format, Scalar } from '../model';

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
  target: { insert(name: { tf: string; cfn: string }, value: Scalar): FileEdit[] | undefined } | undefined,
  name: { tf: string; cfn: string },
  value: Scalar,
  title: string,
): Fix[] {
  const edits = attr.state === 'absent' ? target?.insert(name, value) : replaceValue(attr, value);
  const source = attr.state === 'known' ? attr.valueSource : undefined;
  // At the value's source the title says where: the reference stays, other users of the variable change too.
  const shown = source?.loc && attr.state === 'known' ? `Set ${source.via} to ${renderScalar(value, attr.format)}` : title;
  return edits && edits.length ? [{ title: shown, kind: 'safe', edits }] : [];
}
