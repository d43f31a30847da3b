// Measures TrailGuard against the labelled fixtures of two peers (KICS, trivy-checks) kept in the shared corpus,
// and writes docs/conformance.md. `npm run conformance`. The same computation backs test/conformance, which pins
// a floor under the measured numbers so a regression in a parser or rule shows up as a failing test.
//
// Every fixture is a standalone unit: positive and negative files of one peer check share a folder, so linting
// the folder as one Terraform module would let a negative file's bucket satisfy a positive file's trail. Nothing
// here looks at a file name beyond the manifest's labels: no corpus file gets special treatment.
import * as fs from 'fs';
import * as path from 'path';
import { groupUnits, lintSources, parseUnit, type LintResult } from '../src/core/engine';
import type { LintConfig } from '../src/core/config';
import type { EntityBase, Finding, ParseError, Scene } from '../src/core/model';
import type { SourceFile } from '../src/core/parse/unit';
import { allRules } from '../src/core/rules';
import type { PeerId } from '../src/core/rules/rule';
import { moduleTreeSection } from './conformanceModules';
import { planSection } from './conformancePlan';

const repoRoot = path.join(__dirname, '..');

// ---------------------------------------------------------------------------------------------------------------
// The corpus and its manifest.

/** One labelled linter input: the peer flags it for `peerId` (on `lines`, when given) or reports nothing. */
export interface CorpusCase {
  /** Relative to the corpus root; also the path the engine sees. */
  path: string;
  peer: 'kics' | 'trivy';
  /** KICS query id, or trivy AVD id (`AVD-AWS-0016`). */
  peerId: string;
  /** Query name / trivy long id, for the report. */
  peerName: string;
  /** Alternative id peers are also known by (the tfsec-style long id of a trivy check). */
  altId?: string;
  expect: 'fail' | 'pass';
  /** 1-based lines the peer reports (KICS); undefined when the peer gives none (trivy). */
  lines?: number[];
}

/** `$TRAILGUARD_CORPUS`, else `../shared/corpus` beside the repository; undefined when neither exists. */
export function findCorpus(): string | undefined {
  const candidates = [process.env.TRAILGUARD_CORPUS, path.join(repoRoot, '..', 'shared', 'corpus')];
  return candidates.find((dir): dir is string => !!dir && fs.existsSync(path.join(dir, 'MANIFEST.tsv')));
}

const kicsExpected = /^KICS ([0-9a-f-]{36}) '([^']*)'(?:: no findings| lines=([\d,]+))$/;
const trivyExpected = /^(AWS-\d+) ([a-z0-9-]+): (PASS|FAIL)\b/;

/** The linter inputs of MANIFEST.tsv (expectation and metadata files are not inputs). */
export function readManifest(corpusDir: string): CorpusCase[] {
  const rows = fs.readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1);
  const cases: CorpusCase[] = [];
  for (const row of rows) {
    const [, , file, , kind, , expected] = row.split('\t');
    if (kind !== 'fixture-positive' && kind !== 'fixture-negative') continue;
    const expect = kind === 'fixture-positive' ? 'fail' : 'pass';
    const kics = kicsExpected.exec(expected);
    if (kics) {
      const lines = kics[3]?.split(',').map(Number);
      cases.push({ path: file, peer: 'kics', peerId: kics[1], peerName: kics[2], expect, lines: expect === 'fail' ? lines : undefined });
      continue;
    }
    const trivy = trivyExpected.exec(expected);
    if (trivy) {
      cases.push({ path: file, peer: 'trivy', peerId: `AVD-${trivy[1]}`, peerName: trivy[2], altId: trivy[2], expect });
      continue;
    }
    throw new Error(`MANIFEST.tsv: cannot read the expectation of ${file}: ${expected}`);
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------------
// Scoring.

export interface RuleScore {
  /** Expected peer findings (KICS lines, trivy bad files) that a fail finding of this rule matched. */
  tp: number;
  /** Of `tp`, those where a finding's own range covers the expected line (no resource-block tolerance). */
  tpExactLine: number;
  /** Expected peer findings that no mapped rule matched, not even as unknown. */
  fn: number;
  /** Of `fn`, those on a line inside a Terraform `module` call (module inputs are not evaluated: deliberate). */
  fnInModule: number;
  /** Expected peer findings where the rule reported only unknown (strict: a miss; lenient: left out). */
  unknownOnPositive: number;
  /** Expected peer findings this rule missed but a sibling mapped rule found (per rule only; a miss of the rule). */
  sibling: number;
  /** Fail findings of the rule on files the peer passes. */
  fp: number;
  /** Of `fp`, findings on a partial peer's negative whose aspect is one the peer checks (or that have no aspect):
   * the lenient figures exempt them, the strict ones count them. */
  fpAspect: number;
  /** Fail findings on negatives of a peer that checks only part of the rule, about an aspect the peer does not
   * check (TG205's `block_public_policy` on the negative of a `block_public_acls` check): not false positives. */
  fpPartial: number;
  /** Unknown findings on files the peer passes (neither FP nor TN). */
  unknownOnNegative: number;
  /** Fail findings on positive files away from every expected line (the peer did not flag that spot). */
  extraOnPositive: number;
  positives: number;
  negativeFiles: number;
  peerChecks: Set<string>;
}

export interface AppendixLine {
  outcome: 'FN' | 'FP' | 'FP-aspect' | 'FP-partial' | 'unknown' | 'extra';
  rules: string[];
  file: string;
  peer: string;
  expected: string;
  reported: string;
}

export interface Measurement {
  label: string;
  config: Partial<LintConfig>;
  perRule: Map<string, RuleScore>;
  overall: Omit<RuleScore, 'peerChecks'>;
  /** Peer checks in the corpus that no TrailGuard rule lists in `meta.peers`. */
  unmapped: Map<string, { name: string; peer: string; files: number }>;
  appendix: AppendixLine[];
  parseErrors: { file: string; messages: string[] }[];
  /** Findings that say a rule threw: always a bug. */
  internalErrors: { file: string; finding: string }[];
  files: number;
}

function emptyScore(): RuleScore {
  return { tp: 0, tpExactLine: 0, fn: 0, fnInModule: 0, unknownOnPositive: 0, sibling: 0, fp: 0, fpAspect: 0, fpPartial: 0, unknownOnNegative: 0, extraOnPositive: 0, positives: 0, negativeFiles: 0, peerChecks: new Set() };
}

/** Strict precision: every fail finding on a negative counts unless its aspect is one the peer does not check. */
export function precision(s: { tp: number; fp: number }): number | undefined {
  return s.tp + s.fp ? s.tp / (s.tp + s.fp) : undefined;
}

/** Lenient precision: also exempts every finding on a partial peer's negative, whatever its aspect. */
export function lenientPrecision(s: { tp: number; fp: number; fpAspect: number }): number | undefined {
  return precision({ tp: s.tp, fp: s.fp - s.fpAspect });
}

/** Strict recall: an unknown is a miss, and so (per rule) is a positive only a sibling rule found. */
export function strictRecall(s: { tp: number; fn: number; unknownOnPositive: number; sibling?: number }): number | undefined {
  const all = s.tp + s.fn + s.unknownOnPositive + (s.sibling ?? 0);
  return all ? s.tp / all : undefined;
}

/** Lenient recall, over the verdicts we gave: unknowns and sibling finds left out. */
export function recall(s: { tp: number; fn: number }): number | undefined {
  return s.tp + s.fn ? s.tp / (s.tp + s.fn) : undefined;
}

/** 1-based first and last line of each resource block of a file, keyed by entity id (what `Finding.resource` holds). */
type Extents = Map<string, { first: number; last: number }>;

/**
 * The blocks of the file, from the same parsers the engine uses. Peers and TrailGuard place a missing-attribute
 * finding differently (KICS on a CloudFormation resource's `Properties:` line, TrailGuard on its logical id, as
 * rules.md "Position" says), so a finding counts for an expected line inside the block of the resource it is on.
 */
async function resourceExtents(file: SourceFile): Promise<Extents> {
  const extents: Extents = new Map();
  const [unit] = groupUnits([file], [] as ParseError[]);
  if (!unit) return extents;
  // A crash becomes a parse error (the engine reports it); positions then fall back to exact lines.
  const scene: Scene = (await parseUnit(unit)).scene;
  const entities: EntityBase[] = [
    ...scene.trails, ...scene.buckets, ...scene.keys, ...scene.recorders, ...scene.eventDataStores, ...scene.aggregators, ...scene.orgPolicies,
  ];
  for (const e of entities) {
    const loc = e.extent ?? e.loc;
    if (loc && loc.file === file.path) extents.set(e.id, { first: loc.range.start.line + 1, last: loc.range.end.line + 1 });
  }
  return extents;
}

/**
 * 1-based line spans of the `module "x" { ... }` calls of a Terraform file. TrailGuard does not evaluate the inputs
 * of registry modules (rules.md §2.4), so a peer finding inside one is a known, deliberate miss; the report says so.
 */
export function moduleCallSpans(text: string): { first: number; last: number }[] {
  const spans: { first: number; last: number }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*module\s+"[^"]*"\s*\{/.test(lines[i])) continue;
    let depth = 0;
    let j = i;
    for (; j < lines.length; j++) {
      for (const ch of lines[j]) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
      if (depth <= 0) break;
    }
    spans.push({ first: i + 1, last: Math.min(j, lines.length - 1) + 1 });
    i = j;
  }
  return spans;
}

function rangeCovers(f: Finding, line: number): boolean {
  return !!f.range && f.range.start.line + 1 <= line && line <= f.range.end.line + 1;
}

/** Whether a finding stands for the peer's finding on `line`: its range covers the line, or its resource's block does. */
function coversLine(f: Finding, line: number, extents: Extents): boolean {
  if (rangeCovers(f, line)) return true;
  const block = extents.get(f.resource);
  return !!block && block.first <= line && line <= block.last;
}

function describe(f: Finding): string {
  const where = f.range ? `${f.range.start.line + 1}` + (f.range.end.line !== f.range.start.line ? `-${f.range.end.line + 1}` : '') : '-';
  return `${f.ruleId} ${f.status}@${where} ${f.resource}: ${f.message}`;
}

function reportedText(findings: Finding[], result: LintResult): string {
  const parts = findings.map(describe);
  for (const e of result.errors) parts.push(`parse error@${e.range.start.line + 1}: ${e.message}`);
  return parts.length ? parts.join(' | ') : 'nothing';
}

/**
 * A peer that checks only part of what the rule checks (one Public Access Block flag of four, reads but not
 * writes, any encryption rather than SSE-KMS) marks it with `partial: true` in `meta.peers`. Its positives must
 * be ours (TP/FN as usual), but its negatives are not negatives for the whole rule: a fail finding there is
 * counted apart ("FP partial") and listed for review, not held against precision.
 */
function isPartial(peer: PeerId): boolean {
  return (peer as PeerId & { partial?: unknown }).partial === true;
}

interface PeerMapping { rule: string; partial: boolean; aspects?: string[] }

/** Peer check id (upper case) → the rules that list it, whether the peer covers only part of each rule, and which aspects. */
export function mappingIndex(): Map<string, PeerMapping[]> {
  const index = new Map<string, PeerMapping[]>();
  for (const { meta } of allRules) {
    for (const peer of meta.peers) {
      const key = peer.id.toUpperCase();
      const list = index.get(key) ?? [];
      if (!list.some((m) => m.rule === meta.id)) list.push({ rule: meta.id, partial: isPartial(peer), ...(peer.aspects ? { aspects: peer.aspects } : {}) });
      index.set(key, list);
    }
  }
  return index;
}

/**
 * Whether a fail finding on a peer's negative is exempt: the peer checks part of the rule, the finding names its
 * aspect, and that aspect is not one the peer checks. A finding without an aspect, or a peer that does not say
 * which aspects it checks, is never exempt.
 */
export function exemptOnNegative(finding: Pick<Finding, 'aspect'>, mapping: Pick<PeerMapping, 'partial' | 'aspects'> | undefined): boolean {
  return !!mapping?.partial && finding.aspect !== undefined && mapping.aspects !== undefined && !mapping.aspects.includes(finding.aspect);
}

/** The cases whose peer check maps to `ruleId` (by id or alternative id). */
export function casesOfRule(cases: CorpusCase[], ruleId: string): CorpusCase[] {
  const index = mappingIndex();
  const maps = (id: string | undefined) => !!id && (index.get(id.toUpperCase()) ?? []).some((m) => m.rule === ruleId);
  return cases.filter((c) => maps(c.peerId) || maps(c.altId));
}

/** Every opt-in rule, so that the like-for-like run also measures TG112, TG111 and friends. */
export function optInRuleIds(): string[] {
  return allRules.filter((r) => r.meta.optIn).map((r) => r.meta.id);
}

/** The two runs the report shows: like for like with the generic peers, and what a user gets out of the box. */
export function conformanceRuns(): { label: string; config: Partial<LintConfig> }[] {
  return [
    { label: 'scope: all (+ opt-in rules)', config: { scope: 'all', optIn: optInRuleIds() } },
    { label: 'default scope', config: {} },
  ];
}

/** Lints every corpus case alone and scores the mapped rules' findings against the peer's labels. */
export async function measureConformance(corpusDir: string, cases: CorpusCase[], label: string, config: Partial<LintConfig>): Promise<Measurement> {
  const peers = mappingIndex();
  const m: Measurement = {
    label,
    config,
    perRule: new Map(),
    overall: emptyScore(),
    unmapped: new Map(),
    appendix: [],
    parseErrors: [],
    internalErrors: [],
    files: 0,
  };
  const score = (rule: string): RuleScore => {
    let s = m.perRule.get(rule);
    if (!s) m.perRule.set(rule, (s = emptyScore()));
    return s;
  };
  const results = new Map<string, LintResult>();
  const blocks = new Map<string, Extents>();
  const modules = new Map<string, { first: number; last: number }[]>();
  const lintAlone = async (file: string): Promise<LintResult> => {
    let result = results.get(file);
    if (!result) {
      const text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
      result = await lintSources([{ path: file, text }], config);
      results.set(file, result);
      blocks.set(file, await resourceExtents({ path: file, text }));
      modules.set(file, file.endsWith('.tf') ? moduleCallSpans(text) : []);
      if (result.errors.length) m.parseErrors.push({ file, messages: result.errors.map((e) => `${e.range.start.line + 1}: ${e.message}`) });
      for (const f of result.findings) if (/internal error/.test(f.message)) m.internalErrors.push({ file, finding: describe(f) });
    }
    return result;
  };

  for (const c of cases) {
    const mapped = [...(peers.get(c.peerId.toUpperCase()) ?? []), ...(c.altId ? peers.get(c.altId.toUpperCase()) ?? [] : [])];
    const rules = [...new Set(mapped.map((m) => m.rule))].sort();
    const partialFor = new Set(mapped.filter((m) => m.partial).map((m) => m.rule));
    // One mapping per rule (a case can match a rule by its id and by its alternative id): aspects merged.
    const mappingOf = new Map<string, PeerMapping>();
    for (const mp of mapped) {
      const seen = mappingOf.get(mp.rule);
      mappingOf.set(mp.rule, seen ? { rule: mp.rule, partial: seen.partial && mp.partial, ...(seen.aspects && mp.aspects ? { aspects: [...seen.aspects, ...mp.aspects] } : {}) } : mp);
    }
    if (rules.length === 0) {
      const u = m.unmapped.get(c.peerId) ?? { name: c.peerName, peer: c.peer, files: 0 };
      u.files++;
      m.unmapped.set(c.peerId, u);
      continue;
    }
    const result = await lintAlone(c.path);
    const extents = blocks.get(c.path)!;
    const mine = result.findings.filter((f) => rules.includes(f.ruleId) && !f.suppressed && (f.file === undefined || f.file === c.path));
    const fails = mine.filter((f) => f.status === 'fail');
    const unknowns = mine.filter((f) => f.status === 'unknown');
    const peerLabel = `${c.peer} ${c.peerId} '${c.peerName}'`;
    for (const r of rules) {
      const mp = mappingOf.get(r);
      score(r).peerChecks.add(`${c.peer} ${c.peerId}${mp?.partial ? ` (partial${mp.aspects ? `: ${[...new Set(mp.aspects)].join(', ')}` : ''})` : ''}`);
    }
    const line = (outcome: AppendixLine['outcome'], expected: string, findings: Finding[] = mine): void => {
      m.appendix.push({ outcome, rules, file: c.path, peer: peerLabel, expected, reported: reportedText(findings, result) });
    };

    if (c.expect === 'pass') {
      const counted = fails.filter((f) => !exemptOnNegative(f, mappingOf.get(f.ruleId)));
      const partial = fails.filter((f) => exemptOnNegative(f, mappingOf.get(f.ruleId)));
      // Counted by the strict figures only: the lenient ones exempt every finding on a partial peer's negative.
      const aspectMatch = counted.filter((f) => partialFor.has(f.ruleId));
      for (const r of rules) {
        const s = score(r);
        s.negativeFiles++;
        s.fp += counted.filter((f) => f.ruleId === r).length;
        s.fpAspect += aspectMatch.filter((f) => f.ruleId === r).length;
        s.fpPartial += partial.filter((f) => f.ruleId === r).length;
        s.unknownOnNegative += unknowns.filter((f) => f.ruleId === r).length;
      }
      m.overall.negativeFiles++;
      m.overall.fp += counted.length;
      m.overall.fpAspect += aspectMatch.length;
      m.overall.fpPartial += partial.length;
      m.overall.unknownOnNegative += unknowns.length;
      const aspects = (fs_: Finding[]) => [...new Set(fs_.map((f) => f.aspect ?? '(none)'))].join(', ');
      if (counted.length > aspectMatch.length) line('FP', 'no finding', mine);
      else if (aspectMatch.length) line('FP-aspect', `no finding (the peer checks part of the rule, including aspect ${aspects(aspectMatch)})`, mine);
      else if (partial.length) line('FP-partial', `no finding (the peer does not check aspect ${aspects(partial)})`, mine);
      else if (unknowns.length) line('unknown', 'no finding', mine);
      continue;
    }

    // A positive: one expected finding per KICS line, or one per file when the peer gives no lines.
    const targets = c.lines ?? [undefined];
    const matchedFails = new Set<Finding>();
    for (const expectedLine of targets) {
      const hits = (fs_: Finding[]) => fs_.filter((f) => expectedLine === undefined || coversLine(f, expectedLine, extents));
      const failHits = hits(fails);
      failHits.forEach((f) => matchedFails.add(f));
      const expected = expectedLine === undefined ? 'a finding anywhere in the file' : `line ${expectedLine}`;
      m.overall.positives++;
      for (const r of rules) score(r).positives++;
      if (failHits.length) {
        const exact = failHits.filter((f) => expectedLine === undefined || rangeCovers(f, expectedLine));
        m.overall.tp++;
        if (exact.length) m.overall.tpExactLine++;
        const found = new Set(failHits.map((f) => f.ruleId));
        for (const r of found) score(r).tp++;
        for (const r of rules) if (!found.has(r)) score(r).sibling++;
        for (const r of new Set(exact.map((f) => f.ruleId))) score(r).tpExactLine++;
        continue;
      }
      const unknownHits = hits(unknowns);
      if (unknownHits.length) {
        m.overall.unknownOnPositive++;
        for (const r of new Set(unknownHits.map((f) => f.ruleId))) score(r).unknownOnPositive++;
        line('unknown', expected);
        continue;
      }
      const inModule = modules.get(c.path)!.some((span) => expectedLine !== undefined && span.first <= expectedLine && expectedLine <= span.last);
      m.overall.fn++;
      if (inModule) m.overall.fnInModule++;
      for (const r of rules) {
        score(r).fn++;
        if (inModule) score(r).fnInModule++;
      }
      line('FN', inModule ? `${expected} (inside a module call)` : expected);
    }
    const extra = fails.filter((f) => !matchedFails.has(f));
    if (extra.length) {
      m.overall.extraOnPositive += extra.length;
      for (const f of extra) score(f.ruleId).extraOnPositive++;
      line('extra', c.lines ? `only lines ${c.lines.join(',')}` : 'a finding anywhere', extra);
    }
  }
  m.files = results.size;
  return m;
}

// ---------------------------------------------------------------------------------------------------------------
// The report.

function pct(v: number | undefined): string {
  return v === undefined ? '–' : `${(v * 100).toFixed(1)}%`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export interface Targets { recall: number; precision: number }
export const TARGETS: Targets = { recall: 0.9, precision: 0.95 };

export function renderReport(runs: Measurement[], corpusDir: string): string {
  const [like, dflt] = runs;
  const ruleIds = [...like.perRule.keys()].sort();
  const metas = new Map(allRules.map((r) => [r.meta.id, r.meta]));
  const out: string[] = [];
  out.push('# Conformance against peer scanners');
  out.push('');
  out.push('<!-- Generated by `npm run conformance` (scripts/conformance.ts). Do not edit by hand. -->');
  out.push('');
  out.push(
    `Corpus: \`${path.basename(path.dirname(corpusDir))}/${path.basename(corpusDir)}\` — labelled fixtures of KICS and trivy-checks ` +
      '(see its README.md and MANIFEST.tsv). Each fixture is linted on its own (a Terraform file alone as its ' +
      'module). A peer check maps to the TrailGuard rules that list its id in `meta.peers` (KICS by query id, trivy by ' +
      'AVD id).',
  );
  out.push('');
  out.push('How to read the numbers:');
  out.push('- **TP**: an expected peer finding (a KICS line, or a trivy "bad" file, which has no lines) matched by a *fail* finding of a mapped rule whose range, or whose resource block, covers that line (anywhere in the file for trivy). The block counts because peers place findings differently: KICS puts a missing CloudFormation property on the `Properties:` line, TrailGuard on the logical id (rules.md "Position").');
  out.push('- **TP exact**: of the TPs, those where the finding\'s own range covers the expected line (trivy files count as exact).');
  out.push('- **FN**: an expected peer finding with no finding of a mapped rule at all. **Unk+**: only an *unknown* finding there (TrailGuard could not evaluate the value; rules.md §2.4): a miss in the strict figures, left out of the lenient ones.');
  out.push('- **Sib.** (per rule): an expected peer finding this rule missed but a sibling rule mapped to the same peer check found (TG102 for TG105 on KICS "CloudTrail Multi Region Disabled"): a miss of the rule in its strict recall, credited in the lenient one.');
  out.push('- **FN mod.**: of the FNs, those on a line inside a Terraform `module "…" {}` call. TrailGuard evaluates the inputs of the terraform-aws-modules s3-bucket and kms registry modules; the inputs of other modules stay unresolved (rules.md §2.4).');
  out.push('- **FP**: a *fail* finding of a mapped rule on a file the peer passes for that check, unless exempt (next item). **Unk−**: unknown findings there — neither FP nor TN.');
  out.push('- **Aspects.** A rule that checks several things tags each finding with its aspect (`Finding.aspect`: TG205 one per Public Access Block flag and `no-public-access-block`, TG206 `no-policy` / `no-tls-deny` / `tls-deny-incomplete`, TG211 `no-default-encryption` / `not-sse-kms`, TG212 `acl` / `policy`, TG111 `read` / `write` / `read and write`). A peer that checks only part of the rule is marked `partial` in `meta.peers` with the aspects it checks. **FP exempt**: a fail finding on such a peer\'s negative whose aspect is not one the peer checks: not an FP, listed for review. A finding about an aspect the peer checks, or without an aspect, is an FP. **of which aspect**: the FPs the lenient figures would exempt (any finding on a partial peer\'s negative).');
  out.push('- **Extra**: fail findings on positive files away from every expected line (the peer flags the file, but not that spot). Not counted in precision; listed in the appendix.');
  out.push('- **Strict** (the headline): precision = TP / (TP + FP); recall = TP / (TP + FN + Unk+), and per rule also + Sib. **Lenient** (beside it, the figures this report gave before aspects): precision = TP / (TP + FP − of which aspect); recall = TP / (TP + FN). Suppressed findings are not counted.');
  out.push(`- Target on the rules both cover: strict recall ≥ ${TARGETS.recall * 100}% and strict precision ≥ ${TARGETS.precision * 100}% (scope: all).`);
  out.push('');
  out.push(`## Summary (${like.files} fixture files)`);
  out.push('');
  out.push('| Run | Positives | TP | TP exact | FN | FN mod. | Unk+ | Neg. files | FP | of which aspect | FP exempt | Unk− | Extra | **Strict precision** | **Strict recall** | Lenient precision | Lenient recall |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const m of runs) {
    const o = m.overall;
    out.push(`| ${m.label} | ${o.positives} | ${o.tp} | ${o.tpExactLine} | ${o.fn} | ${o.fnInModule} | ${o.unknownOnPositive} | ${o.negativeFiles} | ${o.fp} | ${o.fpAspect} | ${o.fpPartial} | ${o.unknownOnNegative} | ${o.extraOnPositive} | **${pct(precision(o))}** | **${pct(strictRecall(o))}** | ${pct(lenientPrecision(o))} | ${pct(recall(o))} |`);
  }
  out.push('');
  const o = like.overall;
  const p = precision(o) ?? 0;
  const r = strictRecall(o) ?? 0;
  out.push(`Targets (scope: all, strict): recall ${pct(r)} ${r >= TARGETS.recall ? 'meets' : 'is below'} ${TARGETS.recall * 100}%, precision ${pct(p)} ${p >= TARGETS.precision ? 'meets' : 'is below'} ${TARGETS.precision * 100}%. Lenient: precision ${pct(lenientPrecision(o))}, recall ${pct(recall(o))}.`);
  out.push('');
  out.push(`The ${o.fp} false positives are counted, none exempted: each is a finding rules.md requires where the peer is silent, explained under its rule in "Where TrailGuard deliberately differs" and listed as \`FP\` in the appendix.`);
  out.push('');
  out.push(`Leaving out the misses inside registry-module calls (by design): strict recall ${pct(strictRecall({ tp: o.tp, fn: o.fn - o.fnInModule, unknownOnPositive: o.unknownOnPositive }))}.`);
  out.push('');
  out.push('## Per rule');
  out.push('');
  out.push('| Rule | Peer checks | Pos. | TP | TP exact | FN | FN mod. | Unk+ | Sib. | Neg. files | FP | of which aspect | FP exempt | Unk− | Extra | **Strict precision** | **Strict recall** | Lenient precision | Lenient recall | Default scope TP / FN / Unk+ / FP | Default strict precision | Default strict recall |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const id of ruleIds) {
    const s = like.perRule.get(id)!;
    const d = dflt?.perRule.get(id) ?? emptyScore();
    const title = metas.get(id)?.title ?? '';
    out.push(
      `| ${id} ${cell(title)} | ${[...s.peerChecks].sort().join('<br>')} | ${s.positives} | ${s.tp} | ${s.tpExactLine} | ${s.fn} | ${s.fnInModule} | ${s.unknownOnPositive} | ${s.sibling} | ${s.negativeFiles} | ${s.fp} | ${s.fpAspect} | ${s.fpPartial} | ${s.unknownOnNegative} | ${s.extraOnPositive} | **${pct(precision(s))}** | **${pct(strictRecall(s))}** | ${pct(lenientPrecision(s))} | ${pct(recall(s))} | ${d.tp} / ${d.fn} / ${d.unknownOnPositive} / ${d.fp} | ${pct(precision(d))} | ${pct(strictRecall(d))} |`,
    );
  }
  out.push('');
  out.push('A line matched by two mapped rules (KICS "CloudTrail Multi Region Disabled" covers TG102 and TG105) counts once in the summary and once for each rule that matched it; a miss counts against every mapped rule.');
  out.push('');

  out.push('## Where TrailGuard deliberately differs');
  out.push('');
  out.push('From each rule\'s `meta.doc.differences` (the rule owners write these). The appendix lists every affected file.');
  out.push('');
  for (const id of ruleIds) {
    const s = like.perRule.get(id)!;
    const d = dflt?.perRule.get(id);
    const disagrees = s.fn + s.fp + s.fpPartial + s.unknownOnPositive + s.unknownOnNegative + s.extraOnPositive + (d ? d.fn + d.fp + d.unknownOnPositive : 0) > 0;
    const text = metas.get(id)?.doc.differences;
    if (!disagrees && !text) continue;
    out.push(`- **${id}**: ${text ? cell(text) : '_not documented yet (no `doc.differences`)_'}`);
  }
  out.push('- **Registry modules** (all rules): calls of `terraform-aws-modules/s3-bucket/aws` and `terraform-aws-modules/kms/aws` are read as buckets and keys (their inputs mapped to attributes, with each module version\'s defaults), as KICS does for known modules; the inputs of other modules stay unresolved (rules.md §2.4). The FNs marked "inside a module call" in the appendix are calls of other modules or inputs we do not map.');
  out.push('- **Default scope**: TG2xx/TG3xx rules apply only to buckets and keys linked to a trail (rules.md "Where a rule applies"); peers check every bucket and key, so the default run misses the standalone buckets and keys of generic fixtures by design.');
  out.push('');

  out.push('## Peer checks in the corpus with no mapped TrailGuard rule');
  out.push('');
  out.push('| Peer | Check | Name | Files |');
  out.push('|---|---|---|---|');
  for (const [id, u] of [...like.unmapped].sort((a, b) => a[0].localeCompare(b[0]))) out.push(`| ${u.peer} | ${id} | ${cell(u.name)} | ${u.files} |`);
  out.push('');

  out.push('## Parse errors and rule crashes');
  out.push('');
  if (!like.parseErrors.length && !like.internalErrors.length) out.push('None.');
  for (const e of like.parseErrors) out.push(`- \`${e.file}\`: ${cell(e.messages.join('; '))}`);
  for (const e of like.internalErrors) out.push(`- \`${e.file}\`: ${cell(e.finding)}`);
  out.push('');

  for (const m of runs) {
    out.push(`## Appendix: disagreements, ${m.label}`);
    out.push('');
    out.push('Machine-made, one line per disagreement: outcome, mapped rules, file, what the peer expects, what TrailGuard reported (mapped rules only).');
    out.push('');
    const order = { FN: 0, FP: 1, 'FP-aspect': 2, 'FP-partial': 3, unknown: 4, extra: 5 };
    const lines = [...m.appendix].sort((a, b) => order[a.outcome] - order[b.outcome] || a.rules.join().localeCompare(b.rules.join()) || a.file.localeCompare(b.file));
    if (!lines.length) out.push('None.');
    out.push('```');
    for (const a of lines) out.push(`${a.outcome} ${a.rules.join('+')} ${a.file} [${a.peer}] expected ${a.expected}; reported: ${a.reported.replace(/\n/g, ' ')}`);
    out.push('```');
    out.push('');
  }
  return out.join('\n');
}

/** Both runs over the whole corpus. */
export async function measureAll(corpusDir: string): Promise<Measurement[]> {
  const cases = readManifest(corpusDir);
  const runs: Measurement[] = [];
  for (const run of conformanceRuns()) runs.push(await measureConformance(corpusDir, cases, run.label, run.config));
  return runs;
}

if (require.main === module) {
  (async () => {
    const corpus = findCorpus();
    if (!corpus) {
      console.error('conformance: corpus not found (set TRAILGUARD_CORPUS or place it at ../shared/corpus)');
      process.exit(2);
    }
    const runs = await measureAll(corpus);
    const target = path.join(repoRoot, 'docs', 'conformance.md');
    fs.writeFileSync(target, `${renderReport(runs, corpus)}\n${(await moduleTreeSection(repoRoot)).join('\n')}\n${(await planSection(repoRoot)).join('\n')}`);
    for (const m of runs) {
      const o = m.overall;
      console.log(`${m.label}: TP ${o.tp}, FN ${o.fn}, unknown ${o.unknownOnPositive}/${o.unknownOnNegative}, FP ${o.fp} (aspect ${o.fpAspect}, exempt ${o.fpPartial}), extra ${o.extraOnPositive}; strict precision ${pct(precision(o))}, strict recall ${pct(strictRecall(o))}; lenient ${pct(lenientPrecision(o))} / ${pct(recall(o))}`);
    }
    console.log(`wrote ${path.relative(repoRoot, target)}`);
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
