// The one file-size limit (`--max-file-size`, `trailguard.maxFileSize`): every parser refuses a larger file with
// the same message, so a file is either linted or reported, whichever format reads it and wherever it runs.

/** Bytes of UTF-8; the default of both the CLI option and the editor setting. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** The UTF-8 size of `text`, counted only when it might exceed `limit` (UTF-8 takes at most 3 bytes per UTF-16 unit). */
export function utf8SizeOver(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined;
  const size = Buffer.byteLength(text, 'utf8');
  return size > limit ? size : undefined;
}

/** `5.0 MB`, `3.1 KB`. */
export function formatSize(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

export function tooLargeMessage(bytes: number, limit: number): string {
  return `file is too large to lint (${formatSize(bytes)}; the limit is ${formatSize(limit)}, set by --max-file-size or trailguard.maxFileSize)`;
}
