export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Bad command line: exit code 2 with the message, no stack trace. */
export class UsageError extends Error {}
