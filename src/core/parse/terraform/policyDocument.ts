// `data "aws_iam_policy_document"` → the IAM JSON it renders, as an LValue whose statement objects point at their
// `statement {}` blocks (so findings on a statement land on the block, and fixes can add to it).
import type { LProp, LValue } from '../../model';
import type { Block } from './ast';
import type { Evaluator } from './evaluate';

const STATEMENT_LISTS: [string, string][] = [
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

export function policyDocumentValue(ev: Evaluator, doc: Block): { value: LValue; refs: Set<string> } {
  const refs = new Set<string>();
  const loc = ev.loc(doc.file, doc.span);
  const statements: LValue[] = [];
  const docProps: LProp[] = [];

  // Statements of `source_policy_documents` come first; this document's statements are appended to them.
  const sources = ev.attr(doc, 'source_policy_documents', true);
  if (sources) {
    sources.refs.forEach((r) => refs.add(r));
    const list = sources.value;
    if (list.t === 'arr') {
      for (const item of list.items) statements.push(...statementsOf(ev, item));
    } else {
      statements.push({ t: 'unresolved', reason: list.t === 'unresolved' ? list.reason : '`source_policy_documents` is not a list', loc: list.loc });
    }
  }
  if (doc.attrs.some((a) => a.name === 'override_policy_documents' || a.name === 'override_json' || a.name === 'source_json')) {
    statements.push({ t: 'unresolved', reason: 'policy documents merged with `override_policy_documents` / `source_json` are not evaluated', loc });
  }

  for (const b of doc.blocks) {
    if (b.type === 'statement') statements.push(statementValue(ev, b, refs));
    else if (b.type === 'dynamic' && b.labels[0] === 'statement') {
      statements.push({ t: 'unresolved', reason: 'a `dynamic "statement"` block is not evaluated', loc: ev.loc(doc.file, b.span) });
    }
  }
  const version = ev.attr(doc, 'version', true);
  docProps.push({ key: 'Version', value: version ? version.value : { t: 'str', v: '2012-10-17' } });
  const id = ev.attr(doc, 'policy_id', true);
  if (id) docProps.push({ key: 'Id', value: id.value });
  docProps.push({ key: 'Statement', value: { t: 'arr', items: statements, loc } });
  return { value: { t: 'obj', props: docProps, loc }, refs };
}

function statementsOf(ev: Evaluator, item: LValue): LValue[] {
  let v = item;
  if (v.t === 'str') v = ev.jsonString(v) ?? { t: 'unresolved', reason: 'a source policy document is not valid JSON', loc: v.loc };
  if (v.t === 'unresolved') return [v];
  if (v.t !== 'obj') return [{ t: 'unresolved', reason: 'a source policy document is not a JSON object', loc: v.loc }];
  const s = v.props.find((p) => p.key === 'Statement')?.value;
  if (!s) return [];
  return s.t === 'arr' ? s.items : [s];
}

function statementValue(ev: Evaluator, b: Block, refs: Set<string>): LValue {
  const props: LProp[] = [];
  const get = (name: string) => {
    const got = ev.attr(b, name, true);
    got?.refs.forEach((r) => refs.add(r));
    return got;
  };
  const sid = get('sid');
  if (sid) props.push({ key: 'Sid', keyLoc: ev.loc(b.file, sid.attr.span), value: sid.value });
  const effect = get('effect');
  props.push({ key: 'Effect', keyLoc: effect ? ev.loc(b.file, effect.attr.span) : undefined, value: effect ? effect.value : { t: 'str', v: 'Allow', loc: ev.loc(b.file, b.headerSpan) } });
  for (const [tf, json] of STATEMENT_LISTS) {
    const got = get(tf);
    if (got) props.push({ key: json, keyLoc: ev.loc(b.file, got.attr.span), value: got.value });
  }
  for (const [tf, json] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const blocks = b.blocks.filter((c) => c.type === tf);
    const dynamic = b.blocks.some((c) => c.type === 'dynamic' && c.labels[0] === tf);
    if (dynamic) {
      props.push({ key: json, value: { t: 'unresolved', reason: `a \`dynamic "${tf}"\` block is not evaluated`, loc: ev.loc(b.file, b.span) } });
    } else if (blocks.length) {
      props.push({ key: json, value: principalValue(ev, blocks, refs) });
    }
  }
  const conditions = b.blocks.filter((c) => c.type === 'condition');
  if (b.blocks.some((c) => c.type === 'dynamic' && c.labels[0] === 'condition')) {
    props.push({ key: 'Condition', value: { t: 'unresolved', reason: 'a `dynamic "condition"` block is not evaluated', loc: ev.loc(b.file, b.span) } });
  } else if (conditions.length) {
    props.push({ key: 'Condition', value: conditionValue(ev, conditions, refs) });
  }
  return { t: 'obj', props, loc: ev.loc(b.file, b.span) };
}

function asList(v: LValue): LValue[] {
  return v.t === 'arr' ? v.items : [v];
}

function principalValue(ev: Evaluator, blocks: Block[], refs: Set<string>): LValue {
  const byType = new Map<string, LValue[]>();
  for (const p of blocks) {
    const type = ev.attr(p, 'type', true);
    const ids = ev.attr(p, 'identifiers', true);
    type?.refs.forEach((r) => refs.add(r));
    ids?.refs.forEach((r) => refs.add(r));
    if (!type || type.value.t !== 'str') {
      return { t: 'unresolved', reason: type?.value.t === 'unresolved' ? type.value.reason : 'a `principals` block has no `type`', loc: ev.loc(p.file, p.span) };
    }
    if (!ids) return { t: 'unresolved', reason: 'a `principals` block has no `identifiers`', loc: ev.loc(p.file, p.span) };
    const list = byType.get(type.value.v) ?? [];
    list.push(...asList(ids.value));
    byType.set(type.value.v, list);
  }
  const loc = ev.loc(blocks[0].file, blocks[0].span);
  // `type = "*"` with `identifiers = ["*"]` renders as `"Principal": "*"`.
  const star = byType.get('*');
  if (star && byType.size === 1) return { t: 'str', v: '*', loc };
  const props: LProp[] = [...byType].map(([key, items]) => ({ key, value: items.length === 1 ? items[0] : { t: 'arr', items, loc } }));
  return { t: 'obj', props, loc };
}

function conditionValue(ev: Evaluator, blocks: Block[], refs: Set<string>): LValue {
  const ops = new Map<string, Map<string, LValue[]>>();
  for (const c of blocks) {
    const test = ev.attr(c, 'test', true);
    const variable = ev.attr(c, 'variable', true);
    const values = ev.attr(c, 'values', true);
    for (const got of [test, variable, values]) got?.refs.forEach((r) => refs.add(r));
    if (!test || test.value.t !== 'str' || !variable || variable.value.t !== 'str' || !values) {
      const bad = [test, variable, values].find((g) => g?.value.t === 'unresolved')?.value;
      return { t: 'unresolved', reason: bad && bad.t === 'unresolved' ? bad.reason : 'a `condition` block is incomplete', loc: ev.loc(c.file, c.span) };
    }
    const byKey = ops.get(test.value.v) ?? new Map<string, LValue[]>();
    byKey.set(variable.value.v, [...(byKey.get(variable.value.v) ?? []), ...asList(values.value)]);
    ops.set(test.value.v, byKey);
  }
  const loc = ev.loc(blocks[0].file, blocks[0].span);
  return {
    t: 'obj', loc,
    props: [...ops].map(([op, keys]) => ({
      key: op,
      value: { t: 'obj', loc, props: [...keys].map(([key, items]) => ({ key, value: { t: 'arr', items, loc } })) },
    })),
  };
}
