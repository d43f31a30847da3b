// `--format junit`: JUnit XML as CI servers read it (Jenkins, GitLab, Azure DevOps, CircleCI): one <testsuite> per
// file, one <testcase> per rule × resource. A failed guardrail is a <failure>; a check that could not be verified
// is an <error> (it did not run to a verdict, so the build must not go green on it); suppressed, not applicable and
// switched-off checks are <skipped> with the reason; a file that could not be parsed is an <error> test case.
import type { Finding, ParseError } from '../../core/model';
import { ruleById } from '../../core/rules';
import { appendTo } from '../../core/dict';

const escapeXml = (s: string): string =>
  // Characters XML 1.0 cannot carry at all are dropped (a hostile file name must not make the report unreadable).
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

interface Case { name: string; classname: string; body: string; kind: 'pass' | 'failure' | 'error' | 'skipped' }

function caseOf(f: Finding): Case {
  const file = f.file ?? f.resource;
  const title = ruleById(f.ruleId)?.meta.title.replace(/[`*]/g, '') ?? f.ruleId;
  const name = `${f.ruleId} ${title} — ${f.resource}`;
  const where = f.range ? `${file}:${f.range.start.line + 1}:${f.range.start.character + 1}` : file;
  const classname = file.replace(/\.[^./\\]+$/, '').replace(/[\\/]/g, '.');
  if (f.suppressed) return { name, classname, kind: 'skipped', body: `<skipped message="${escapeXml(`suppressed by ${f.suppressed.by}${f.suppressed.reason ? `: ${f.suppressed.reason}` : ''}`)}"/>` };
  switch (f.status) {
    case 'fail':
      return { name, classname, kind: 'failure', body: `<failure message="${escapeXml(f.message)}" type="${escapeXml(`${f.ruleId} ${f.severity}`)}">${escapeXml(`${where}\n${f.message}`)}</failure>` };
    case 'unknown':
      return { name, classname, kind: 'error', body: `<error message="${escapeXml(f.message)}" type="unknown">${escapeXml(`${where}\n${f.message}`)}</error>` };
    case 'pass':
      return { name, classname, kind: 'pass', body: '' };
    default:
      return { name, classname, kind: 'skipped', body: `<skipped message="${escapeXml(f.message)}"/>` };
  }
}

export function formatJunit(findings: Finding[], errors: ParseError[]): string {
  const suites = new Map<string, Case[]>();
  const add = (suite: string, c: Case) => appendTo(suites, suite, c);
  for (const e of errors) {
    add(e.file, {
      name: `parse ${e.file}`,
      classname: e.file.replace(/[\\/]/g, '.'),
      kind: 'error',
      body: `<error message="${escapeXml(`could not be checked: ${e.message}`)}" type="parse">${escapeXml(`${e.file}:${e.range.start.line + 1}:${e.range.start.character + 1}\n${e.message}`)}</error>`,
    });
  }
  for (const f of findings) add(f.file ?? f.resource, caseOf(f));
  const count = (cases: Case[], kind: Case['kind']) => cases.filter((c) => c.kind === kind).length;
  const all = [...suites.values()].flat();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="TrailGuard" tests="${all.length}" failures="${count(all, 'failure')}" errors="${count(all, 'error')}" skipped="${count(all, 'skipped')}">`,
  ];
  for (const [suite, cases] of suites) {
    lines.push(`  <testsuite name="${escapeXml(suite)}" tests="${cases.length}" failures="${count(cases, 'failure')}" errors="${count(cases, 'error')}" skipped="${count(cases, 'skipped')}">`);
    for (const c of cases) {
      const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}"`;
      lines.push(c.body ? `${open}>${c.body}</testcase>` : `${open}/>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
