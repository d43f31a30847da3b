// Generates docs/rules/<ID>.md from each rule's metadata and the rule table in README.md (between markers),
// so the docs a diagnostic links to cannot drift from the code. `npm run docs`; a test checks they are current.
import * as fs from 'fs';
import * as path from 'path';
import { configSchema } from '../src/core/configCheck';
import { allRules } from '../src/core/rules';
import type { RuleMeta } from '../src/core/rules/rule';

const root = path.join(__dirname, '..');
const severityLabel: Record<string, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
const fixLabel: Record<string, string> = { safe: 'safe quick fix', snippet: 'snippet (review the placeholders)', no: 'none (needs a human decision)' };
const surfaceLabel: Record<string, string> = { terraform: 'Terraform', cloudformation: 'CloudFormation', policy: 'policy JSON', live: 'live account' };

function block(lang: string, code: string | undefined): string[] {
  return code ? ['```' + lang, code.trimEnd(), '```', ''] : [];
}

export function renderRuleDoc(m: RuleMeta): string {
  const d = m.doc;
  const lines = [
    `# ${m.id}: ${m.title}`,
    '',
    `| | |`,
    `|---|---|`,
    `| Severity | ${severityLabel[m.severity]}${m.optIn ? ' (opt-in: add to `optIn`)' : ''} |`,
    `| Quick fix | ${fixLabel[m.fix]} |`,
    `| Checked in | ${m.surfaces.map((s) => surfaceLabel[s]).join(', ')} |`,
    `| Peers | ${m.peers.length ? m.peers.map((p) => `${p.tool} \`${p.id}\``).join(', ') : 'none'} |`,
    `| Controls | ${m.controls.length ? m.controls.map((c) => `${c.framework} ${c.id}${c.partial === 'scope' ? ' (partial: trail resources unless `scope: all`)' : c.partial ? ' (partial)' : ''}`).join(', ') : 'none'} |`,
    '',
    '## What it checks',
    '',
    d.summary,
    '',
    '## Why it matters for audit evidence',
    '',
    d.why,
    '',
    '## Failing example',
    '',
    ...block('hcl', d.failing.terraform),
    ...block('yaml', d.failing.cloudformation),
    ...block('json', d.failing.policy),
    '## Passing example',
    '',
    ...block('hcl', d.passing.terraform),
    ...block('yaml', d.passing.cloudformation),
    ...block('json', d.passing.policy),
    '## How to fix',
    '',
    d.fix,
    '',
  ];
  if (d.differences) lines.push('## Differences from other scanners', '', d.differences, '');
  lines.push(
    '## Suppressing',
    '',
    `\`# trailguard:ignore ${m.id} <reason>\` on the line above the resource or attribute (or inside the block); in CloudFormation, \`Metadata: { trailguard: { ignore: [${m.id}] } }\` on the resource.`,
    '',
  );
  if (d.references.length) lines.push('## References', '', ...d.references.map((r) => `- [${r.title}](${r.url})`), '');
  return lines.join('\n');
}

export function renderRuleTable(): string {
  const rows = allRules.map(({ meta: m }) =>
    `| [${m.id}](docs/rules/${m.id}.md) | ${m.title.replace(/\|/g, '\\|')} | ${severityLabel[m.severity]}${m.optIn ? ' (opt-in)' : ''} | ${m.fix} |`);
  return ['| Rule | Guardrail | Severity | Quick fix |', '|---|---|---|---|', ...rows].join('\n');
}

const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

export function updateReadme(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a === -1 || b === -1) return readme;
  return readme.slice(0, a + START.length) + '\n' + renderRuleTable() + '\n' + readme.slice(b);
}

if (require.main === module) {
  const dir = path.join(root, 'docs', 'rules');
  fs.mkdirSync(dir, { recursive: true });
  for (const { meta } of allRules) fs.writeFileSync(path.join(dir, `${meta.id}.md`), renderRuleDoc(meta));
  const readmePath = path.join(root, 'README.md');
  fs.writeFileSync(readmePath, updateReadme(fs.readFileSync(readmePath, 'utf8')));
  // The .trailguard.yaml schema lists the rule ids: it changes with the catalog.
  fs.writeFileSync(path.join(root, 'schemas', 'trailguard-config.schema.json'), JSON.stringify(configSchema(), null, 2) + '\n');
  console.log(`wrote ${allRules.length} rule pages to docs/rules and the README rule table`);
}
