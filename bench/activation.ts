// Extension activation: each sample is a fresh process (cold require of the bundle, as when VS Code activates it).
import { execFileSync } from 'child_process';
import * as path from 'path';

export async function measureActivation(runs: number): Promise<number[]> {
  const script = path.join(__dirname, 'tasks', 'activate.js');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    times.push(JSON.parse(out.toString()).ms);
  }
  return times;
}
