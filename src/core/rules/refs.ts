// What a fix names, as references (refText.ts): this bucket's ARN, this account, the trail's ARN. Each format
// spells them its own way; only a standalone policy file, which cannot refer to anything, gets the resolved value
// or a `<PLACEHOLDER>`.
import type { Attr, Bucket, EntityBase, FileEdit, PolicyDoc, RelatedInfo, Scene, Statement, Trail, ValueSource } from '../model';
import { refText, type RefPart, type RefText } from '../refText';
import { isCfn } from './common';

/** The value written at an attribute's source, reused as written there (a literal, or `var.x` / `!Ref X`). */
export function sourceOf(attr: Attr<string>, placeholder: string): RefPart {
  if (attr.state === 'known') return { expr: attr.valueLoc, value: attr.value, placeholder };
  return { placeholder };
}

/**
 * This account: a data source / pseudo parameter in a template; in a policy file (which has no references) the
 * account id the scene knows, else the one account the policy itself names (`arn:aws:iam::111122223333:root`,
 * `AWSLogs/111122223333/`, `aws:SourceAccount`), else `<ACCOUNT_ID>`.
 */
export function accountRef(scene: Scene, policy?: PolicyDoc): RefPart {
  return { pseudo: 'account', value: scene.account?.id ?? (policy ? accountNamedBy(policy) : undefined) };
}

/** The single 12-digit account id a policy names, or undefined when it names none or several. */
export function accountNamedBy(policy: PolicyDoc): string | undefined {
  const found = new Set<string>();
  for (const s of policy.statements) for (const id of accountsNamedIn(s)) found.add(id);
  return found.size === 1 ? [...found][0] : undefined;
}

/** The 12-digit account ids one statement names, found once per statement (statements are not changed once made). */
const accountsMemo = new WeakMap<Statement, string[]>();
function accountsNamedIn(s: Statement): string[] {
  let ids = accountsMemo.get(s);
  if (!ids) {
    const text = JSON.stringify([s.principal?.aws, s.resources, s.conditions]);
    ids = [...text.matchAll(/(?:^|[^0-9])([0-9]{12})(?![0-9])/g)].map((m) => m[1]);
    accountsMemo.set(s, ids);
  }
  return ids;
}

export function regionRef(entity: EntityBase | undefined, scene: Scene): RefPart {
  return { pseudo: 'region', value: entity?.region ?? scene.account?.region };
}

/**
 * `aws_s3_bucket.logs.arn` / `module.logs.s3_bucket_arn` / `!GetAtt LogBucket.Arn`; for a bucket the template or
 * module does not declare, `arn:<partition>:s3:::` + its name as written where it is named.
 */
export function bucketArnRef(bucket: Bucket): RefText {
  const name = bucket.name.state === 'known' && bucket.name.value ? bucket.name.value : undefined;
  const value = name ? `arn:aws:s3:::${name}` : undefined;
  const placeholder = 'arn:aws:s3:::<BUCKET_NAME>';
  if (bucket.format === 'terraform' && /^aws_s3_bucket\.[A-Za-z_][A-Za-z0-9_-]*$/.test(bucket.id)) return refText({ tf: `${bucket.id}.arn`, value, placeholder });
  if (bucket.format === 'terraform' && /^module\.[A-Za-z_][A-Za-z0-9_-]*$/.test(bucket.id)) return refText({ tf: `${bucket.id}.s3_bucket_arn`, value, placeholder });
  if (isCfn(bucket.format)) return refText({ cfn: `${bucket.id}.Arn`, value, placeholder });
  if (bucket.format === 'live') return refText(value ?? placeholder);
  return refText('arn:', { pseudo: 'partition' }, ':s3:::', sourceOf(bucket.name, '<BUCKET_NAME>'));
}

/** `<bucket ARN>` + suffix, e.g. `"${aws_s3_bucket.logs.arn}/*"`. */
export function concat(...parts: (RefText | RefPart)[]): RefText {
  const out: RefPart[] = [];
  for (const p of parts) {
    if (typeof p === 'object' && p !== null && 'refText' in p) out.push(...p.refText);
    else out.push(p);
  }
  return { refText: out };
}

/**
 * The trail's ARN built from its name, as AWS documents for `aws:SourceArn`:
 * `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`. Not `aws_cloudtrail.x.arn` / `!GetAtt Trail.Arn`:
 * the trail must be created after the bucket policy and key policy it needs, so referring to it from them would be
 * a dependency cycle.
 */
export function trailArnRef(trail: Trail | undefined, scene: Scene, policy?: PolicyDoc): RefText {
  if (trail?.arn) return refText(trail.arn);
  return refText(
    'arn:', { pseudo: 'partition' }, ':cloudtrail:', regionRef(trail, scene), ':', accountRef(scene, policy), ':trail/',
    trail ? sourceOf(trail.name, '<TRAIL_NAME>') : { placeholder: '<TRAIL_NAME>' },
  );
}

/** A fix whose written text still holds a `<PLACEHOLDER>` is a snippet to review, else it is safe. */
export function fixKind(edits: FileEdit[]): 'safe' | 'snippet' {
  return edits.some((e) => /<[A-Z_]+>/.test(e.newText)) ? 'snippet' : 'safe';
}

/**
 * A finding on a value written elsewhere says where: the fix (if any) changes it there and keeps the reference;
 * a computed value or one set outside the workspace gets no fix, and this note says why.
 */
export function valueSourceNote(at: object): RelatedInfo[] {
  const src = (at as { valueSource?: ValueSource }).valueSource;
  if (!src) return [];
  if (src.loc) return [{ message: `the value comes from ${src.via}`, loc: src.loc }];
  return [{ message: src.outside ? `the value is ${src.via}: change it there` : `the value is computed by ${src.via}: no automatic fix replaces the expression` }];
}

/**
 * Of alternative edits (preferred first), the first that needs no placeholder, else the first there is. Only the
 * preferred one can be safe: a fallback (`aws:SourceAccount` instead of the trail's ARN) is a snippet to review.
 * An alternative is rendered only when none before it gave a fix without placeholders (rendering is most of a
 * rule's cost).
 */
export function firstWithoutPlaceholder(candidates: (() => FileEdit[] | undefined)[]): { edits: FileEdit[]; kind: 'safe' | 'snippet'; index: number } | undefined {
  let first: { edits: FileEdit[]; index: number } | undefined;
  for (let index = 0; index < candidates.length; index++) {
    const edits = candidates[index]();
    if (!edits || edits.length === 0) continue;
    const safe = fixKind(edits) === 'safe';
    if (safe) return { edits, index, kind: index === 0 ? 'safe' : 'snippet' };
    first ??= { edits, index };
  }
  return first && { ...first, kind: first.index === 0 ? fixKind(first.edits) : 'snippet' };
}
