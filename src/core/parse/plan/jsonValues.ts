// JSON values of a plan file as Terraform syntax-tree expressions, with their source spans. A plan holds final
// values, so a string is literal text (never a template: `${aws:username}` in a policy stays as it is), kept with
// the mapping of its decoded characters back to the file so that a policy embedded as a JSON string still gets
// statement-level positions.
import type { Node as JsonNode } from 'jsonc-parser';
import type { Expr, ObjItem, Seg, Span } from '../terraform/ast';

export function spanOf(n: JsonNode): Span {
  return { start: n.offset, end: n.offset + n.length };
}

/** `[key, value, property]` of an object node's members (empty for anything else). */
export function members(n: JsonNode | undefined): [string, JsonNode, JsonNode][] {
  if (!n || n.type !== 'object') return [];
  const out: [string, JsonNode, JsonNode][] = [];
  for (const p of n.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && v) out.push([String(k.value), v, p]);
  }
  return out;
}

export function member(n: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!n || n.type !== 'object') return undefined;
  for (const p of n.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && v && k.value === key) return v;
  }
  return undefined;
}

export function elements(n: JsonNode | undefined): JsonNode[] {
  return n?.type === 'array' ? n.children ?? [] : [];
}

export function str(n: JsonNode | undefined): string | undefined {
  return n?.type === 'string' ? String(n.value) : undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Decodes the JSON string literal at `span` (quotes included), mapping each decoded run back to the source. */
export function decodeJsonString(text: string, span: Span): { text: string; segs: Seg[] } {
  let out = '';
  const segs: Seg[] = [];
  const plain = (src: number, s: string) => {
    if (!s) return;
    const last = segs[segs.length - 1];
    if (last && last.len === last.srcLen && last.src + last.srcLen === src) {
      last.len += s.length;
      last.srcLen += s.length;
    } else segs.push({ out: out.length, src, len: s.length, srcLen: s.length });
    out += s;
  };
  const end = span.end - 1;
  let run = span.start + 1;
  let i = run;
  while (i < end) {
    if (text[i] !== '\\') {
      i++;
      continue;
    }
    plain(run, text.slice(run, i));
    const e = text[i + 1];
    let decoded: string;
    let len = 2;
    if (e === 'u') {
      decoded = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16) || 0);
      len = 6;
    } else decoded = SIMPLE_ESCAPES[e] ?? e ?? '';
    segs.push({ out: out.length, src: i, len: decoded.length, srcLen: len });
    out += decoded;
    i += len;
    run = i;
  }
  plain(run, text.slice(run, end));
  return { text: out, segs };
}

/** A JSON value as a literal expression. */
export function literalExpr(text: string, n: JsonNode): Expr {
  const span = spanOf(n);
  switch (n.type) {
    case 'string': {
      const decoded = decodeJsonString(text, span);
      if (!decoded.text) return { k: 'lit', v: '', span };
      return { k: 'tmpl', span, heredoc: false, parts: [{ k: 'text', text: decoded.text, span, segs: decoded.segs }] };
    }
    case 'number': return { k: 'lit', v: Number(n.value), span };
    case 'boolean': return { k: 'lit', v: Boolean(n.value), span };
    case 'null': return { k: 'lit', v: null, span };
    case 'array': return { k: 'tuple', span, items: (n.children ?? []).map((c) => literalExpr(text, c)) };
    default: {
      const items: ObjItem[] = members(n).map(([key, value, prop]) => ({
        key: { k: 'lit', v: key, span: spanOf(prop.children![0]) }, keyName: key, value: literalExpr(text, value), span: spanOf(prop),
      }));
      return { k: 'object', span, items };
    }
  }
}
