import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';

export interface CliRun { code: number; stdout: string; stderr: string }

/** Runs the CLI in-process with `cwd` as the working directory. */
export async function runCli(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

/** A temporary folder populated with `files` (relative path → content). */
export function tempTree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailguard-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

export const validatingTrail = `resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "some-bucket"
  is_multi_region_trail      = true
  enable_log_file_validation = false
}
`;
