// Writing a fixed file for `--fix`: never a half-written file, never over an edit made since we read it, never
// over a read-only file, and every failure as a sentence the user can act on.
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';

/**
 * The file-system calls the writer makes. Tests replace single members to simulate a full disk; nothing else
 * should touch this.
 */
export const fixFileSystem = {
  realpathSync: (p: string): string => fs.realpathSync(p),
  readFileSync: (p: string): Buffer => fs.readFileSync(p),
  statSync: (p: string): fs.Stats => fs.statSync(p),
  openSync: (p: string, flags: string, mode: number): number => fs.openSync(p, flags, mode),
  writeSync: (fd: number, data: Buffer, offset: number): number => fs.writeSync(fd, data, offset),
  fsyncSync: (fd: number): void => fs.fsyncSync(fd),
  closeSync: (fd: number): void => fs.closeSync(fd),
  chmodSync: (p: string, mode: number): void => fs.chmodSync(p, mode),
  chownSync: (p: string, uid: number, gid: number): void => fs.chownSync(p, uid, gid),
  renameSync: (from: string, to: string): void => fs.renameSync(from, to),
  unlinkSync: (p: string): void => fs.unlinkSync(p),
};

export type WriteOutcome =
  | { ok: true }
  | { ok: false; kind: 'changed'; reason: string }
  | { ok: false; kind: 'error'; code?: string; reason: string };

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOENT: 'the file or its folder no longer exists',
  EISDIR: 'it is a directory',
};

function failure(err: unknown): WriteOutcome {
  const code = (err as NodeJS.ErrnoException).code;
  const reason = code && REASONS[code] ? `${REASONS[code]} (${code})` : (err as Error).message;
  return { ok: false, kind: 'error', code, reason };
}

/** Whether `file` still holds `expected` and may be written (not read-only); what to write through if so. */
export function checkBeforeWrite(file: string, expected: Buffer): { ok: true; target: string; stat: fs.Stats } | Exclude<WriteOutcome, { ok: true }> {
  const io = fixFileSystem;
  let target: string;
  let stat: fs.Stats;
  try {
    target = io.realpathSync(file);
    if (!io.readFileSync(target).equals(expected)) {
      return { ok: false, kind: 'changed', reason: 'it changed on disk after it was read' };
    }
    stat = io.statSync(target);
  } catch (err) {
    return failure(err) as Exclude<WriteOutcome, { ok: true }>;
  }
  // A rename would replace a read-only file (the folder is what must be writable), and root may write anything:
  // the file's own write bits are the owner's intent.
  if ((stat.mode & 0o222) === 0) return { ok: false, kind: 'error', code: 'EACCES', reason: `permission denied (EACCES): the file is read-only (mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')})` };
  return { ok: true, target, stat };
}

/**
 * Replaces `file` with `data` if it still holds exactly `expected` (the bytes the fixes were computed from):
 * a temporary file in the same folder, flushed, given the file's mode (and owner, when allowed), then renamed over
 * the file, so that a full disk or a crash leaves either the old or the new file, never a truncated one.
 * A symbolic link is followed: its target is replaced, the link stays.
 */
export function writeFileAtomically(file: string, data: Buffer, expected: Buffer): WriteOutcome {
  const io = fixFileSystem;
  const checked = checkBeforeWrite(file, expected);
  if (!checked.ok) return checked;
  const { target, stat } = checked;
  const mode = stat.mode & 0o7777;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.trailguard-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = io.openSync(temp, 'wx', mode);
    for (let at = 0; at < data.length;) at += io.writeSync(fd, data, at);
    io.fsyncSync(fd);
    io.closeSync(fd);
    fd = undefined;
    io.chmodSync(temp, mode); // the umask may have narrowed the mode given to open
    try {
      io.chownSync(temp, stat.uid, stat.gid);
    } catch {
      // Only root may give a file away; a user rewriting their own file keeps ownership anyway.
    }
    // Last look before the rename: an editor may have saved while we were writing.
    if (!io.readFileSync(target).equals(expected)) {
      io.unlinkSync(temp);
      return { ok: false, kind: 'changed', reason: 'it changed on disk after it was read' };
    }
    io.renameSync(temp, target);
    return { ok: true };
  } catch (err) {
    if (fd !== undefined) {
      try {
        io.closeSync(fd);
      } catch {
        // already failing; the first error is the one to report
      }
    }
    try {
      io.unlinkSync(temp);
    } catch {
      // the temporary file may never have been created
    }
    return failure(err);
  }
}
