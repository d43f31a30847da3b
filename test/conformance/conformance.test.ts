// Pins the conformance against the peers' labelled fixtures (scripts/conformance.ts, docs/conformance.md) so that a
// parser or rule change that loses detections or adds false positives fails here. The floors sit slightly under
// the numbers measured when they were last raised; raise them as rules improve, never lower them to make a
// regression pass.
import * as assert from 'assert';
import { findCorpus, measureAll, precision, recall, type Measurement } from '../../scripts/conformance';

/** Measured 2026-11-22 00:10 UTC (scope: all + opt-in rules): TP 153, FN 51, FP 50, precision 75.4%, recall 75.0%; default scope TP 45, FP 1. */
const FLOOR = {
  like: { tp: 148, recall: 0.72, precision: 0.72, maxFp: 52 },
  /** Default scope: the trail rules must keep matching the peers even without `scope: all`. */
  dflt: { tp: 43, precision: 0.95 },
  /** The seed trail rules, which every peer covers, must stay at full recall. */
  fullRecall: ['TG101', 'TG102', 'TG104', 'TG105'],
};

describe('conformance with peer fixtures (KICS, trivy-checks)', function () {
  this.timeout(300_000);
  const corpus = findCorpus();
  let runs: Measurement[] = [];

  before(async function () {
    if (!corpus) {
      console.log('    (skipped: corpus not found; set TRAILGUARD_CORPUS or place it at ../shared/corpus)');
      this.skip();
    }
    runs = await measureAll(corpus!);
  });

  it('scope: all keeps recall, precision and true positives above the pinned floor', () => {
    const o = runs[0].overall;
    const summary = `TP ${o.tp}, FN ${o.fn}, FP ${o.fp}, precision ${precision(o)}, recall ${recall(o)}`;
    assert.ok(o.tp >= FLOOR.like.tp, `true positives fell: ${summary}`);
    assert.ok((recall(o) ?? 0) >= FLOOR.like.recall, `recall fell: ${summary}`);
    assert.ok((precision(o) ?? 0) >= FLOOR.like.precision, `precision fell: ${summary}`);
    assert.ok(o.fp <= FLOOR.like.maxFp, `false positives rose: ${summary}`);
  });

  it('the default scope keeps its true positives and precision', () => {
    const o = runs[1].overall;
    assert.ok(o.tp >= FLOOR.dflt.tp, `default-scope true positives fell to ${o.tp}`);
    assert.ok((precision(o) ?? 0) >= FLOOR.dflt.precision, `default-scope precision fell to ${precision(o)}`);
  });

  it('the seed trail rules find every peer-flagged line', () => {
    for (const id of FLOOR.fullRecall) {
      const s = runs[0].perRule.get(id);
      assert.ok(s, `${id} maps to no peer check in the corpus`);
      assert.strictEqual(s.fn, 0, `${id} missed ${s.fn} peer finding(s); see the appendix of docs/conformance.md`);
      assert.strictEqual(s.fp, 0, `${id} reported ${s.fp} false positive(s)`);
    }
  });

  it('no corpus file makes a rule crash', () => {
    assert.deepStrictEqual(runs[0].internalErrors, []);
  });
});
