// Child process: the full lint (parse, evaluate, link, rules) of the given files in one thread. Prints ms.
import * as fs from 'fs';
import { lintSources } from '../../src/core/engine';

async function main(files: string[]): Promise<void> {
  const sources = files.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
  const started = process.hrtime.bigint();
  const result = await lintSources(sources, {});
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ ms, findings: result.findings.length, errors: result.errors.length }));
}

void main(process.argv.slice(2));
