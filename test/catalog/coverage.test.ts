// docs/catalog-coverage.md is the matrix rule × surface × clause → test. This checks it against the catalog
// (../shared/rules.md) and the tests themselves: every surface a rule's "Applies to" claims has rows, every fixable
// rule has an exact-text fix row on each IaC surface it claims, and every cited test title exists in the cited file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allRules } from '../../src/core/rules';

const ROOT = path.join(__dirname, '..', '..');
const CATALOG = path.join(ROOT, '..', 'shared', 'rules.md');
const MATRIX = path.join(ROOT, 'docs', 'catalog-coverage.md');

type Surface = 'TF' | 'CFN' | 'BP' | 'KP' | 'SCP' | 'LIVE';
interface Row { rule: string; surface: Surface; clause: string; verdict: string; file: string; title: string }

/** Splits a Markdown table row on unescaped `|`. */
const cells = (line: string) => line.slice(1, line.lastIndexOf('|')).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));

/** The surfaces each catalog row's "Applies to" column claims (TF, CFN, BP, KP, SCP JSON, LIVE; "IaC" = TF + CFN; "as TGxxx" = that rule's). */
export function claimedSurfaces(catalog: string): Map<string, Set<Surface>> {
  const applies = new Map<string, string>();
  for (const line of catalog.split('\n')) {
    const m = /^\| (TG\d{3}) \|/.exec(line);
    if (m) applies.set(m[1], cells(line)[2]);
  }
  const out = new Map<string, Set<Surface>>();
  const resolve = (id: string, seen: Set<string> = new Set()): Set<Surface> => {
    const text = applies.get(id) ?? '';
    const s = new Set<Surface>();
    const as = /^as (TG\d{3})\b/.exec(text);
    if (as && !seen.has(as[1])) for (const x of resolve(as[1], new Set([...seen, id]))) s.add(x);
    if (/\bTF\b|\bIaC\b/.test(text)) s.add('TF');
    if (/\bCFN\b|\bIaC\b/.test(text)) s.add('CFN');
    if (/\bBP\b/.test(text)) s.add('BP');
    if (/\bKP\b/.test(text)) s.add('KP');
    if (/\bSCP JSON\b/.test(text)) s.add('SCP');
    if (/\bLIVE\b/.test(text)) s.add('LIVE');
    return s;
  };
  for (const id of applies.keys()) out.set(id, resolve(id));
  return out;
}

function matrixRows(text: string): Row[] {
  return text.split('\n').filter((l) => /^\| TG\d{3} \|/.test(l)).map((l) => {
    const [rule, surface, clause, verdict, file, title] = cells(l);
    return { rule, surface: surface as Surface, clause, verdict, file: file.replace(/^`|`$/g, ''), title };
  });
}

/** The text of one test case from its title on: up to the next case (`name:`) or `it(`. */
function caseText(source: string, title: string): string {
  const at = source.indexOf(title);
  const rest = source.slice(at + title.length);
  const next = rest.search(/\n\s*(\{ )?name: |\n\s*it\(/);
  return next < 0 ? rest : rest.slice(0, next);
}

const haveCatalog = fs.existsSync(CATALOG);

describe('docs/catalog-coverage.md: the catalog as the test oracle', () => {
  const rows = matrixRows(fs.readFileSync(MATRIX, 'utf8'));

  it('reads the catalog surfaces as the catalog writes them', function () {
    if (!haveCatalog) this.skip();
    const claimed = claimedSurfaces(fs.readFileSync(CATALOG, 'utf8'));
    assert.deepStrictEqual([...claimed.get('TG101')!], ['TF', 'CFN', 'LIVE']);
    assert.deepStrictEqual([...claimed.get('TG208')!].sort(), ['BP', 'CFN', 'LIVE', 'TF']);
    assert.deepStrictEqual([...claimed.get('TG304')!].sort(), ['CFN', 'KP', 'LIVE', 'TF']);
    assert.deepStrictEqual([...claimed.get('TG501')!].sort(), ['CFN', 'LIVE', 'SCP', 'TF']);
    assert.deepStrictEqual([...claimed.get('TG121')!], ['LIVE']);
    assert.deepStrictEqual([...claimed.get('TG120')!].sort(), ['CFN', 'LIVE', 'TF']);
  });

  it('has rows for every rule × surface the catalog claims', function () {
    if (!haveCatalog) this.skip();
    const claimed = claimedSurfaces(fs.readFileSync(CATALOG, 'utf8'));
    assert.ok(claimed.size >= 38, `read ${claimed.size} catalog rows`);
    const missing: string[] = [];
    for (const [rule, surfaces] of claimed) {
      for (const s of surfaces) if (!rows.some((r) => r.rule === rule && r.surface === s)) missing.push(`${rule} ${s}`);
    }
    assert.deepStrictEqual(missing, []);
  });

  it('has a pass row and a failing (fail / warn / info / unknown) row for every rule on every IaC surface it claims', function () {
    if (!haveCatalog) this.skip();
    const claimed = claimedSurfaces(fs.readFileSync(CATALOG, 'utf8'));
    // CFN of TG204 is "skip" by the catalog's own words (MFA Delete cannot be set in CloudFormation).
    const skipOnly = new Set(['TG204 CFN']);
    const missing: string[] = [];
    for (const [rule, surfaces] of claimed) {
      for (const s of surfaces) {
        if (skipOnly.has(`${rule} ${s}`)) continue;
        const mine = rows.filter((r) => r.rule === rule && r.surface === s);
        if (!mine.some((r) => /\bpass\b|\bn\/a\b|\bskip\b/.test(r.verdict))) missing.push(`${rule} ${s} pass`);
        if (!mine.some((r) => /\bfail\b|\bwarn\b|\binfo\b|\bunknown\b/.test(r.verdict))) missing.push(`${rule} ${s} fail`);
      }
    }
    assert.deepStrictEqual(missing, []);
  });

  it('has an exact-text fix row for every fixable rule on every IaC / policy surface where it fails', function () {
    if (!haveCatalog) this.skip();
    const claimed = claimedSurfaces(fs.readFileSync(CATALOG, 'utf8'));
    // Fix-less by the catalog's words: TG212 "policy: no"; TG403 CFN is unknown only (a deviation in its doc), so it has nothing to fix.
    const noFix = new Set(['TG212 BP', 'TG403 CFN', 'TG204 CFN']);
    const missing: string[] = [];
    for (const rule of allRules) {
      if (rule.meta.fix === 'no') continue;
      for (const s of claimed.get(rule.meta.id) ?? []) {
        if (s === 'LIVE' || noFix.has(`${rule.meta.id} ${s}`)) continue;
        if (!rows.some((r) => r.rule === rule.meta.id && r.surface === s && /\bfix (safe|snippet)\b/.test(r.verdict))) missing.push(`${rule.meta.id} ${s}`);
      }
    }
    assert.deepStrictEqual(missing, []);
  });

  it('cites only titles present in the cited file, in a file that names the rule; fix rows check the output text', () => {
    const problems: string[] = [];
    const sources = new Map<string, string>();
    for (const r of rows) {
      const file = path.join(ROOT, r.file);
      if (!sources.has(r.file)) sources.set(r.file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
      const source = sources.get(r.file)!;
      if (!source) { problems.push(`${r.rule} ${r.surface}: no file ${r.file}`); continue; }
      if (!source.includes(r.rule)) problems.push(`${r.rule} ${r.surface}: ${r.file} does not name ${r.rule}`);
      if (!source.includes(r.title)) { problems.push(`${r.rule} ${r.surface}: "${r.title}" not in ${r.file}`); continue; }
      if (/\bfix (safe|snippet)\b/.test(r.verdict) && !/\boutput\s*:/.test(caseText(source, r.title))) problems.push(`${r.rule} ${r.surface}: "${r.title}" checks no output text`);
    }
    assert.deepStrictEqual(problems, []);
  });

  it('names only rules of the engine and surfaces the rule runs on', () => {
    const bySurface: Record<Surface, string> = { TF: 'terraform', CFN: 'cloudformation', BP: 'policy', KP: 'policy', SCP: 'policy', LIVE: 'live' };
    const meta = new Map(allRules.map((r) => [r.meta.id, r.meta]));
    const problems: string[] = [];
    for (const r of rows) {
      const m = meta.get(r.rule);
      if (!m) { problems.push(`${r.rule}: not a rule`); continue; }
      // TG204 CFN is the catalog's "skip": the rule does not run there, and the cited test shows it is silent.
      if (!m.surfaces.includes(bySurface[r.surface] as never) && !(r.verdict === 'skip')) problems.push(`${r.rule} ${r.surface}: rule does not run there`);
    }
    assert.deepStrictEqual(problems, []);
  });
});
