// IAM wildcard patterns (`*` any run of characters, `?` one character) compared with each other, not only with
// concrete strings: a rule asks "does `kms:Generate*` cover `kms:GenerateDataKey*`?" or "can
// `arn:aws:s3:::logs/AWSLogs/*` overlap the objects CloudTrail writes?". IaC policies also keep unevaluated
// interpolations (`${data.aws_caller_identity.current.account_id}`, `${AWS::AccountId}`) inside their strings;
// in a policy those stand for "some value", so they behave as `*` — except an account-id placeholder, which can
// only ever be a 12-digit account id (never an organization id `o-...`, never a path with `/`).

/** `acct`: a policy placeholder that names an account id (`${AWS::AccountId}`, `${var.account_id}`): 12 digits. */
type Token = { k: 'lit'; c: string } | { k: 'one' } | { k: 'star' } | { k: 'unknown' } | { k: 'acct' } | { k: 'seg' };

const ACCOUNT_ID_DIGITS = 12;

/** `AWS::AccountId`, `data.aws_caller_identity.current.account_id`, `var.account_id`, `local.log_account_id`. */
function namesAccountId(placeholder: string): boolean {
  return /(^|[.:_])account_?id$/i.test(placeholder.trim());
}

function isDigit(t: Token | undefined): boolean {
  return t !== undefined && t.k === 'lit' && t.c >= '0' && t.c <= '9';
}

/** `q[j..]` starts with a literal 12-digit account id. */
function digitsAt(q: Token[], j: number): boolean {
  for (let n = 0; n < ACCOUNT_ID_DIGITS; n++) if (!isDigit(q[j + n])) return false;
  return true;
}

/**
 * How `${...}` is read: `star` in a policy pattern (it may be anything, so it can match anything); `unknown` in
 * the thing being looked for (some value we do not know: it is enough that one possible value works).
 */
type PlaceholderMode = 'star' | 'unknown';

/** An unknown value in a required ARN stands for one segment: an account id, region or bucket name. */
const SEGMENT_SEPARATORS = ['/', ':'];

function tokenize(text: string, placeholders: PlaceholderMode, caseInsensitive: boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close > 0) {
        const inner = text.slice(i + 2, close);
        const token: Token =
          placeholders === 'unknown' ? { k: 'unknown' } : namesAccountId(inner) ? { k: 'acct' } : afterBucketArnPrefix(out) ? { k: 'seg' } : { k: 'star' };
        if (token.k === 'acct' || token.k === 'seg' || out[out.length - 1]?.k !== token.k) out.push(token);
        i = close;
        continue;
      }
    }
    if (ch === '*') {
      if (out[out.length - 1]?.k !== 'star') out.push({ k: 'star' });
    } else if (ch === '?') out.push({ k: 'one' });
    else out.push({ k: 'lit', c: caseInsensitive ? ch.toLowerCase() : ch });
  }
  return out;
}

/**
 * A placeholder right after `arn:<partition>:s3:::` is a bucket name (`arn:aws:s3:::${LogBucket}/AWSLogs/...`): one
 * ARN segment, never a `/`. Read as `*` it would also cover `<bucket>/<prefix>`, and a grant without the trail's key
 * prefix would seem to cover the prefixed objects.
 */
function afterBucketArnPrefix(out: Token[]): boolean {
  const n = out.length;
  if (n < 3) return false;
  return out.slice(n - 3).every((t) => t.k === 'lit' && t.c === ':') && (n === 3 || out[n - 4].k !== 'lit' || (out[n - 4] as { c: string }).c !== ':');
}

function literalTokens(text: string, caseInsensitive: boolean): Token[] {
  return [...text].map((ch) => ({ k: 'lit', c: caseInsensitive ? ch.toLowerCase() : ch }) as Token);
}

/**
 * IAM limits an ARN to 2,048 characters; anything longer is not a policy value we can judge (and would make the
 * table below quadratic in a hostile file), so it matches nothing.
 */
const MAX_TOKENS = 2048;

/** Memoised recursion over token positions; patterns are short, so the table stays small. */
function solve(p: Token[], q: Token[], step: (i: number, j: number, f: (i: number, j: number) => boolean) => boolean): boolean {
  if (p.length > MAX_TOKENS || q.length > MAX_TOKENS) return false;
  const memo = new Map<number, boolean>();
  const width = q.length + 1;
  const f = (i: number, j: number): boolean => {
    const key = i * width + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    memo.set(key, false); // cycles cannot happen (each step advances), but keep recursion well-founded
    const result = step(i, j, f);
    memo.set(key, result);
    return result;
  };
  return f(0, 0);
}

/**
 * Every string `q` can stand for is matched by `p` (for `unknown` parts of `q`: at least one value works).
 * `q`'s `*` and `?` must be covered by `p`'s wildcards; `q`'s unknown parts may take any value.
 */
function covers(p: Token[], q: Token[]): boolean {
  return solve(p, q, (i, j, f) => {
    if (i === p.length && j === q.length) return true;
    if (j < q.length && q[j].k === 'unknown') {
      if (f(i, j + 1)) return true; // the unknown is empty
      // The unknown produces whatever p[i] needs, within one ARN segment (an account id, a region, a name).
      return i < p.length && !(p[i].k === 'lit' && SEGMENT_SEPARATORS.includes((p[i] as { c: string }).c)) && f(i + 1, j);
    }
    if (i < p.length && p[i].k === 'star') return f(i + 1, j) || (j < q.length && f(i, j + 1));
    if (i === p.length || j === q.length) return false;
    const a = p[i];
    const b = q[j];
    // One ARN segment: at least one character, none of them `/` (a `*` in `q` may be a `/`, so it is not covered).
    if (a.k === 'seg') return (b.k === 'one' || b.k === 'acct' || (b.k === 'lit' && b.c !== '/')) && (f(i + 1, j + 1) || f(i, j + 1));
    if (a.k === 'acct') return (b.k === 'acct' && f(i + 1, j + 1)) || (digitsAt(q, j) && f(i + 1, j + ACCOUNT_ID_DIGITS));
    if (a.k === 'one') return (b.k === 'lit' || b.k === 'one') && f(i + 1, j + 1);
    if (a.k === 'lit') return b.k === 'lit' && a.c === b.c && f(i + 1, j + 1);
    return false;
  });
}

/** Some string is matched by both patterns. */
function overlaps(p: Token[], q: Token[]): boolean {
  const wide = (t: Token | undefined) => t !== undefined && (t.k === 'star' || t.k === 'unknown' || t.k === 'seg');
  return solve(p, q, (i, j, f) => {
    if (i === p.length && j === q.length) return true;
    if (wide(p[i])) return f(i + 1, j) || (j < q.length && f(i, j + 1));
    if (wide(q[j])) return f(i, j + 1) || (i < p.length && f(i + 1, j));
    if (i === p.length || j === q.length) return false;
    if (p[i].k === 'acct' || q[j].k === 'acct') {
      if (p[i].k === 'acct' && q[j].k === 'acct') return f(i + 1, j + 1);
      return p[i].k === 'acct' ? digitsAt(q, j) && f(i + 1, j + ACCOUNT_ID_DIGITS) : digitsAt(p, i) && f(i + ACCOUNT_ID_DIGITS, j);
    }
    const a = p[i];
    const b = q[j];
    const same = a.k === 'one' || b.k === 'one' || (a.k === 'lit' && b.k === 'lit' && a.c === b.c);
    return same && f(i + 1, j + 1);
  });
}

export interface GlobOptions { caseInsensitive?: boolean }

/** `pattern` (IAM wildcards, `${...}` = anything) matches the concrete string `text`. */
export function globMatches(pattern: string, text: string, opts: GlobOptions = {}): boolean {
  const ci = opts.caseInsensitive ?? false;
  return covers(tokenize(pattern, 'star', ci), literalTokens(text, ci));
}

/**
 * `pattern` matches everything `required` can match: `kms:*` covers `kms:GenerateDataKey*`, `kms:GenerateDataKey`
 * does not. `${...}` in `required` is a value we do not know; it is enough that one value of it is covered.
 */
export function globCovers(pattern: string, required: string, opts: GlobOptions = {}): boolean {
  const ci = opts.caseInsensitive ?? false;
  return remembered(coversSeen, ci, pattern, required, () => covers(tokenize(pattern, 'star', ci), tokenize(required, 'unknown', ci)));
}

/** Both patterns can match one same string (`${...}` on either side = anything). */
export function globOverlaps(a: string, b: string, opts: GlobOptions = {}): boolean {
  const ci = opts.caseInsensitive ?? false;
  return remembered(overlapsSeen, ci, a, b, () => overlaps(tokenize(a, 'star', ci), tokenize(b, 'star', ci)));
}

/**
 * Answers already computed. Rules ask the same few questions thousands of times (`kms:*` against
 * `kms:GenerateDataKey*`, a bucket ARN against its `/AWSLogs/...` prefix), and each answer tokenizes both strings
 * and fills a memo table: a tenth of a workspace lint's policy checks. Bounded: emptied when full.
 */
const coversSeen = new Map<string, boolean>();
const overlapsSeen = new Map<string, boolean>();
const MAX_REMEMBERED = 4096;
const MAX_REMEMBERED_CHARS = 512;

function remembered(seen: Map<string, boolean>, ci: boolean, a: string, b: string, compute: () => boolean): boolean {
  // Long strings are computed every time: the memo must stay small whatever a hostile policy holds.
  if (a.length + b.length > MAX_REMEMBERED_CHARS) return compute();
  // `a`'s length marks where it ends in the key.
  const key = `${ci ? 'i' : 's'}${a.length}:${a}${b}`;
  const hit = seen.get(key);
  if (hit !== undefined) return hit;
  const result = compute();
  if (seen.size >= MAX_REMEMBERED) seen.clear();
  seen.set(key, result);
  return result;
}

/** Whether the text holds an unevaluated interpolation. */
export function hasPlaceholder(text: string): boolean {
  return /\$\{[^}]*\}/.test(text);
}
