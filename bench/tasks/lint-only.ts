// Child process: the full lint (parse, evaluate, link, rules) of the given files in one thread. Prints ms.
import * as fs from 'fs';
import { lintSources } from '../../src/core/engine';

async function main(files: string[]): Promise<void> {
  const sources = files.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
  // Load every module and the wasm grammar first, as parse-only does before its clock starts.
  await lintSources([{ path: 'warmup/main.tf', text: 'resource "aws_cloudtrail" "t" {}\n' }, { path: 't.yaml', text: 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n' }], {});
  const started = process.hrtime.bigint();
  const result = await lintSources(sources, {});
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ ms, findings: result.findings.length, errors: result.errors.length }));
}

void main(process.argv.slice(2));
