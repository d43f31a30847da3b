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

/** Replaces the value of a present attribute, or undefined when it has no known source range. */
export function replaceValue(attr: Attr<unknown>, value: Scalar): FileEdit[] | undefined {
  if (attr.state !== 'known' || !attr.valueLoc) return undefined;
  return [{ file: attr.valueLoc.file, range: attr.valueLoc.range, newText: renderScalar(value, attr.format) }];
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
  return edits && edits.length ? [{ title, kind: 'safe', edits }] : [];
}
