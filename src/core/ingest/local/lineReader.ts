/**
 * What every reader of a local agent log offers the scanner: a per-file object fed one line at a time,
 * whose carried state is a small JSON value, so a later scan can resume at a byte offset. Events are
 * canonical (`EventRecord`); a line that cannot be read is a reject naming its line and column; lines
 * without usage and corrupt lines are counted, never fatal.
 */
import type { EventRecord } from '../normalise';
import type { RawReject } from '../rawRecord';

/**
 * Usage already counted, across files and scans (a fork's copy of its parent's history, a file both in
 * `sessions/` and `archived_sessions/`). `seen` returns true when the key was claimed before; otherwise
 * it claims the key, and the reader emits the event, which the caller is expected to store.
 */
export interface SeenKeys {
  seen(key: string): boolean;
}

/** Keys claimed in memory only: for one-shot reads and tests. */
export function seenInMemory(): SeenKeys & { readonly size: number } {
  const keys = new Set<string>();
  return {
    seen(key) {
      if (keys.has(key)) return true;
      keys.add(key);
      return false;
    },
    get size() {
      return keys.size;
    },
  };
}

export interface LineOutcome {
  readonly events: readonly EventRecord[];
  readonly rejects: readonly RawReject[];
}

export interface LocalLineReader<State> {
  push(line: string, lineNo: number): LineOutcome;
  /**
   * The end of what this scan read. `endOfInput`: the file is complete (a one-shot import, or a file the
   * scanner no longer expects to grow), so nothing may wait for lines that will not come.
   */
  finish(endOfInput: boolean): LineOutcome;
  exportState(): State;
}

/** Shared by all outcomes without events or rejects (most lines); never mutated. */
export const nothing: LineOutcome = Object.freeze({ events: Object.freeze([]), rejects: Object.freeze([]) });

export function rejected(line: number, column: string | null, reason: string): LineOutcome {
  return { events: [], rejects: [{ line, column, reason }] };
}

/** JSON.parse that says "corrupt" instead of throwing; only objects count as records. */
export function parseObjectLine(text: string): Record<string, unknown> | 'corrupt' | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'corrupt';
  }
  return isPlainObject(value) ? value : null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { blankEvent } from '../blankEvent';
