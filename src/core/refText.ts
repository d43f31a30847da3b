// Values that fixes write by reference. A rule knows *what* a statement must name (this bucket's ARN, this
// account, the trail's ARN); each format decides *how* an engineer writes it there: `aws_s3_bucket.logs.arn` and
// `"${aws_s3_bucket.logs.arn}/*"` in Terraform, `!GetAtt LogBucket.Arn` and `!Sub "${LogBucket.Arn}/*"` in
// CloudFormation, the resolved literal (or a `<PLACEHOLDER>`) only in a standalone policy file, which has no
// references. This module holds the format-neutral value and the helpers the format editors share.
import type { Loc } from './model';

export type Pseudo = 'account' | 'region' | 'partition';

export type RefPart =
  | string
  /** The account / region / partition the stack is deployed to. */
  | { pseudo: Pseudo; value?: string }
  /**
   * Another resource's attribute or an expression written elsewhere: `tf` is the Terraform expression
   * (`aws_s3_bucket.logs.arn`), `cfn` the `Fn::Sub` variable (`LogBucket.Arn`, `AWS::StackName`), `expr` where the
   * value is written in the source (its text is reused: a literal stays a literal, `var.name` / `!Ref Name` stays a
   * reference). `value` is the resolved value when known, else `placeholder` is written.
   */
  | { tf?: string; cfn?: string; expr?: Loc; value?: string; placeholder: string };

/** Text made of literal pieces and references, e.g. `[bucketArn, '/*']`. */
export interface RefText { refText: RefPart[] }

export function refText(...parts: RefPart[]): RefText {
  return { refText: parts };
}

export function isRefText(v: unknown): v is RefText {
  return typeof v === 'object' && v !== null && Array.isArray((v as RefText).refText);
}

const PSEUDO_PLACEHOLDER: Record<Pseudo, string> = { account: '<ACCOUNT_ID>', region: '<REGION>', partition: 'aws' };
export const CFN_PSEUDO: Record<Pseudo, string> = { account: 'AWS::AccountId', region: 'AWS::Region', partition: 'AWS::Partition' };

/** The literal a reference stands for: its resolved value, else its placeholder. */
export function partLiteral(part: RefPart): string {
  if (typeof part === 'string') return part;
  if ('pseudo' in part) return part.value ?? PSEUDO_PLACEHOLDER[part.pseudo];
  return part.value ?? part.placeholder;
}

export function literalText(v: RefText): string {
  return v.refText.map(partLiteral).join('');
}

/** Deep copy of a JSON-like value with every RefText replaced by `f(refText)`. */
export function mapRefs(value: unknown, f: (v: RefText) => unknown): unknown {
  if (isRefText(value)) return f(value);
  if (Array.isArray(value)) return value.map((v) => mapRefs(v, f));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(value)) out[k] = mapRefs(v, f);
    return out;
  }
  return value;
}

/** A standalone policy file cannot refer to anything: references become their values (or placeholders). */
export function resolveRefs<T>(value: T): T {
  return mapRefs(value, literalText) as T;
}

/** Whether a value (statement, fix text) still holds `<PLACEHOLDER>`s the user must fill in, references resolved. */
export function hasPlaceholder(value: unknown): boolean {
  return /<[A-Z_]+>/.test(JSON.stringify(resolveRefs(value)) ?? '');
}

/** A sentinel: `tgref<letters a–w>x<index>x`; the tag has no `x` or digit, so the pattern reads it unambiguously. */
const SENTINEL = /(\\?")?(tgref[a-w]+)x(\d+)x(\\?")?/g;

function randomTag(): string {
  let tag = 'tgref';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(97 + Math.floor(Math.random() * 23));
  return tag;
}

/**
 * Replaces each RefText by a sentinel string, so a format's own renderer (YAML, HCL, JSON) can lay the value out;
 * `render` then swaps the sentinels (with the quotes the renderer put around them, if any) for the real syntax.
 */
export class Sentinels {
  private readonly refs: RefText[] = [];
  private readonly tag = randomTag();

  /** The value with every RefText replaced by a sentinel. */
  hide(value: unknown): unknown {
    return mapRefs(value, (r) => {
      this.refs.push(r);
      return `${this.tag}x${this.refs.length - 1}x`;
    });
  }

  get used(): boolean {
    return this.refs.length > 0;
  }

  /**
   * Replaces every sentinel in `text` by `f(ref, open, close)`, where `open` / `close` are the quotes the renderer
   * put around it (`"`, `\\"` inside an escaped string, or ''), which `f` keeps or drops.
   */
  render(text: string, f: (ref: RefText, open: string, close: string) => string): string {
    // Nothing to swap (most fixes carry no reference): no scan of the text.
    if (!this.refs.length) return text;
    // One shared pattern for every tag: a pattern built per instance was compiled anew on each fix, which cost more
    // than the rest of the rendering. A sentinel of another instance (never expected) is left as it was.
    return text.replace(SENTINEL, (m, q1: string | undefined, tag: string, n: string, q2: string | undefined) =>
      tag === this.tag ? f(this.refs[Number(n)], q1 ?? '', q2 ?? '') : m);
  }
}

/** `${` in literal text of an `Fn::Sub` string is written `${!`. */
export function subEscape(s: string): string {
  return s.replace(/\$\{/g, '${!');
}

/**
 * The CloudFormation spelling of a reference as a JSON-shaped intrinsic: `{ "Ref": X }`, `{ "Fn::GetAtt": [X, A] }`,
 * `{ "Fn::Sub": "..." }`, or a plain string when it refers to nothing. `exprText` reads the source of an `expr` part
 * (returns the `Fn::Sub` variable or literal it stands for).
 */
export function cfnIntrinsic(v: RefText, exprVar: (loc: Loc) => { sub?: string; literal?: string } | undefined): unknown {
  const pieces: ({ text: string } | { sub: string })[] = [];
  for (const p of v.refText) {
    if (typeof p === 'string') pieces.push({ text: p });
    else if ('pseudo' in p) pieces.push({ sub: CFN_PSEUDO[p.pseudo] });
    else if (p.cfn) pieces.push({ sub: p.cfn });
    else if (p.expr) {
      const got = exprVar(p.expr);
      if (got?.sub) pieces.push({ sub: got.sub });
      else pieces.push({ text: got?.literal ?? partLiteral(p) });
    } else pieces.push({ text: partLiteral(p) });
  }
  const merged: typeof pieces = [];
  for (const x of pieces) {
    const last = merged[merged.length - 1];
    if ('text' in x && last && 'text' in last) last.text += x.text;
    else merged.push({ ...x });
  }
  if (merged.length === 1 && 'text' in merged[0]) return merged[0].text;
  if (merged.length === 0) return '';
  if (merged.length === 1 && 'sub' in merged[0]) {
    const [id, ...attr] = merged[0].sub.split('.');
    if (attr.length === 0) return { Ref: id };
    return { 'Fn::GetAtt': [id, attr.join('.')] };
  }
  return { 'Fn::Sub': merged.map((x) => ('text' in x ? subEscape(x.text) : `\${${x.sub}}`)).join('') };
}
