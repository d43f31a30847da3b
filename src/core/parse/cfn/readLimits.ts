// Bounds that keep hostile or broken input (alias bombs, 10,000-deep nesting) from exhausting memory or the
// call stack: readers stop and report instead.
import { MAX_DEPTH } from './tree';

/** Nodes one file may expand to (YAML aliases count every time they are expanded). */
export const MAX_NODES = 1_000_000;

export class ReadLimitError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Counts nodes and depth while a reader builds the tree. */
export class ReadBudget {
  private nodes = 0;

  /** Nodes counted so far (a subtree's expanded size is the difference before and after reading it). */
  get count(): number {
    return this.nodes;
  }

  /** Counts a subtree again, as when a YAML alias repeats an anchored node that was already read. */
  repeat(size: number, offset: number): void {
    this.nodes += size;
    if (this.nodes > MAX_NODES) {
      throw new ReadLimitError(`document expands to more than ${MAX_NODES.toLocaleString('en-US')} nodes (YAML alias bomb?)`, offset);
    }
  }

  visit(depth: number, offset: number): void {
    if (depth > MAX_DEPTH) throw new ReadLimitError(`nesting deeper than ${MAX_DEPTH} levels`, offset);
    if (++this.nodes > MAX_NODES) {
      throw new ReadLimitError(`document expands to more than ${MAX_NODES.toLocaleString('en-US')} nodes (YAML alias bomb?)`, offset);
    }
  }
}

/**
 * Deepest bracket nesting outside strings, stopping at the first offset deeper than `limit`. A cheap scan
 * before handing text to a recursive-descent parser (jsonc-parser recurses once per level).
 */
export function firstOffsetDeeperThan(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) depth = Math.max(0, depth - 1);
  }
  return undefined;
}
