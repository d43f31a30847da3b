// Keystroke → publishDiagnostics over stdio, as an editor sees it: main.tf of a 20-file module is open, the
// other files are on disk; each edit types one character into a string and waits for that version's diagnostics.
import * as fs from 'fs';
import * as path from 'path';
import { TestClient } from '../test/server/lspClient';

export async function measureKeystrokes(moduleDir: string, edits: number): Promise<number[]> {
  const file = path.join(moduleDir, 'main.tf');
  const text = fs.readFileSync(file, 'utf8');
  const client = await TestClient.start({ workspace: moduleDir });
  try {
    await client.open(file, text);
    await client.diagnosticsOfVersion(file, 1);
    // Type inside the first trail's name, like a user renaming it.
    const lines = text.split('\n');
    const line = lines.findIndex((l) => /^\s*name\s*=\s*"/.test(l));
    let column = lines[line].lastIndexOf('"');
    const times: number[] = [];
    for (let i = 0; i < edits; i++) {
      const insert = String.fromCharCode(97 + (i % 26));
      const started = process.hrtime.bigint();
      const version = await client.edit(file, [{ range: { start: { line, character: column }, end: { line, character: column } }, newText: insert }]);
      await client.diagnosticsOfVersion(file, version);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      column++;
      // A fast typist: about 8 characters a second.
      await new Promise((r) => setTimeout(r, 120));
    }
    return times;
  } finally {
    await client.stop();
  }
}
