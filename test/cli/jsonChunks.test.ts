// The JSON report is written in chunks; joined, they must be exactly what JSON.stringify(report, null, 2) gives.
import * as assert from 'assert';
import type { Finding, ParseError } from '../../src/core/model';
import { errorToJson, findingToJson, jsonChunks } from '../../src/cli/format/json';

function finding(i: number, message: string): Finding {
  return {
    ruleId: 'TG201', status: 'fail', severity: 'error', message, resource: `aws_s3_bucket.b${i}`, file: `m/main ${i}.tf`,
    range: { start: { line: i, character: 2 }, end: { line: i, character: 9 } }, fixes: [], related: [],
  } as Finding;
}

const reference = (findings: Finding[], errors: ParseError[]) =>
  JSON.stringify({ version: 1, findings: findings.map(findingToJson), errors: errors.map(errorToJson) }, null, 2) + '\n';

describe('CLI json output in chunks', () => {
  const error: ParseError = { file: 'bad.tf', range: { start: { line: 3, character: 1 }, end: { line: 3, character: 1 } }, message: 'unclosed "{"\nhere' };

  it('is byte-identical to JSON.stringify for empty and non-empty arrays and awkward strings', () => {
    const awkward = [finding(0, 'line\nbreak, "quotes", tab\t, \\ back, ü, 𝄞, \u2028'), finding(1, '')];
    for (const [findings, errors] of [[[], []], [awkward, []], [[], [error]], [awkward, [error]]] as [Finding[], ParseError[]][]) {
      assert.equal([...jsonChunks(findings, errors)].join(''), reference(findings, errors));
    }
  });

  it('hands on a large report in chunks of 500 findings', () => {
    const many = Array.from({ length: 5000 }, (_, i) => finding(i, `message ${i}`));
    const chunks = [...jsonChunks(many, [error])];
    assert.equal(chunks.join(''), reference(many, [error]));
    assert.ok(chunks.length > 10, `${chunks.length} chunks`);
    assert.ok(Math.max(...chunks.map((c) => c.length)) < 200 * 1024);
  });
});
