// Placeholders never silence a finding (issue 8). A snippet fix writes `<ACCOUNT_ID>`, `<ORG_ID>`, `<KEY_ID>`...
// where a value cannot be derived; until the user replaces them the statement or attribute is not in force (a
// `aws:SourceArn` of `arn:aws:cloudtrail:<REGION>:<ACCOUNT_ID>:trail/...` never matches, so CloudTrail still cannot
// deliver). Rules judge policies without such statements and report them as "replace `<X>`" instead.
import type { Attr, PolicyDoc, Statement } from '../model';

const PLACEHOLDER = /<[A-Z][A-Z0-9_]*>/g;

/** The distinct `<PLACEHOLDER>`s in a text. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(text.match(PLACEHOLDER) ?? [])];
}

/** The `<PLACEHOLDER>`s a statement still holds (in principals, actions, resources or conditions). */
export function statementPlaceholders(s: Statement): string[] {
  let found = placeholderMemo.get(s);
  if (!found) {
    found = placeholdersIn(JSON.stringify([s.principal, s.notPrincipal, s.actions, s.notActions, s.resources, s.notResources, s.conditions]));
    placeholderMemo.set(s, found);
  }
  return [...found];
}

/**
 * A statement's placeholders, found once: many rules ask about every statement of every policy, and serialising
 * the statement each time was a tenth of a keystroke's lint. Statements are not changed once normalised.
 */
const placeholderMemo = new WeakMap<Statement, string[]>();

/** The placeholders of a known string attribute (`kms_key_id = "arn:aws:kms:<REGION>:...`). */
export function attrPlaceholders(attr: Attr<unknown>): string[] {
  return attr.state === 'known' && typeof attr.value === 'string' ? placeholdersIn(attr.value) : [];
}

/** The policy as it is in force: statements still holding placeholders left out (the fix helpers stay). */
export function inForce(doc: PolicyDoc): PolicyDoc {
  const statements = doc.statements.filter((s) => statementPlaceholders(s).length === 0);
  return statements.length === doc.statements.length ? doc : { ...doc, statements };
}

/** Statements that still hold placeholders. */
export function pendingStatements(doc: PolicyDoc): Statement[] {
  return doc.statements.filter((s) => statementPlaceholders(s).length > 0);
}

/** "`<ACCOUNT_ID>` and `<REGION>`" for messages. */
export function listPlaceholders(names: string[]): string {
  const shown = names.map((n) => `\`${n}\``);
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** The statement with its placeholders read as wildcards: what it will grant once they are filled in. */
export function asFilledIn(s: Statement): Statement {
  const wild = (v: string) => v.replace(PLACEHOLDER, '*');
  return { ...s, resources: s.resources.map(wild), notResources: s.notResources.map(wild) };
}
