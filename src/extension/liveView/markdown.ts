// Small Markdown helpers shared by tooltips and the evidence report. Values come from AWS APIs (bucket names,
// policies, error messages), so they are escaped or fenced rather than trusted as Markdown.

/** Escapes characters that would turn plain text into Markdown markup (links, emphasis, HTML, tables). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (ch) => `\\${ch}`);
}

/**
 * Scanner messages mark API field names as `code`: keep those spans (a code span cannot carry a link or markup) and
 * escape everything between them.
 */
export function messageMarkdown(text: string): string {
  return text.split(/(`[^`\n]+`)/).map((part, i) => (i % 2 === 1 ? part : escapeMarkdown(part))).join('');
}

/** Inline code that survives backticks inside the value. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced JSON block, pretty-printed; the fence is longer than any backtick run inside. */
export function jsonBlock(value: unknown): string {
  const json = JSON.stringify(value, null, 2) ?? 'null';
  const longest = Math.max(2, ...(json.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}json\n${json}\n${fence}`;
}

/**
 * Scan times in UTC, so the tree and the report say the same thing whatever the machine's time zone:
 * `full` → `2026-11-21 23:50:07 UTC`, `time` → `23:50 UTC`.
 */
export function formatScanTime(iso: string, style: 'full' | 'time' = 'full'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const s = d.toISOString();
  return style === 'time' ? `${s.slice(11, 16)} UTC` : `${s.slice(0, 10)} ${s.slice(11, 19)} UTC`;
}
