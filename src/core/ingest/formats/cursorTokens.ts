/**
 * Cursor's two input columns are ambiguous: some readers take "Input (w/ Cache Write)" as including
 * "Input (w/o Cache Write)" (cache write = the difference), Cursor says they are disjoint (cache write =
 * the first column). Each row is decided by its own "Total Tokens"; a row neither reading adds up for is
 * an error. Both readings agree when one of the two columns is 0, so such a row needs no total.
 */
import { TokenError } from '../tokenSemantics';

export const cursorTokenColumns = {
  withCacheWrite: 'Input (w/ Cache Write)',
  withoutCacheWrite: 'Input (w/o Cache Write)',
  cacheRead: 'Cache Read',
  output: 'Output Tokens',
  total: 'Total Tokens',
} as const;

export interface CursorTokenCells {
  withCacheWrite: number | null;
  withoutCacheWrite: number | null;
  cacheRead: number | null;
  output: number | null;
  total: number | null;
}

export interface CursorTokenSplit {
  inputTokens: number | null;
  cacheWriteTokens: number | null;
  cacheReadTokens: number | null;
  outputTokens: number | null;
}

const c = cursorTokenColumns;
const blamed = [c.total, c.withCacheWrite, c.withoutCacheWrite, c.cacheRead, c.output];
const shown = (value: number | null) => (value === null ? 'empty' : String(value));

export function splitCursorTokens(cells: CursorTokenCells): CursorTokenSplit {
  const common = { inputTokens: cells.withoutCacheWrite, cacheReadTokens: cells.cacheRead, outputTokens: cells.output };
  if (Object.values(cells).every((value) => value === null)) return { ...common, cacheWriteTokens: null };
  const withWrite = cells.withCacheWrite ?? 0;
  const withoutWrite = cells.withoutCacheWrite ?? 0;
  const rest = (cells.cacheRead ?? 0) + (cells.output ?? 0);
  const disjoint = withWrite + withoutWrite + rest;
  const nested = withWrite + rest;
  if (cells.total === null) {
    if (withWrite === 0 || withoutWrite === 0) return { ...common, cacheWriteTokens: cells.withCacheWrite };
    throw new TokenError(blamed, `"${c.total}" is empty, so it cannot tell whether "${c.withCacheWrite}" (${withWrite}) includes "${c.withoutCacheWrite}" (${withoutWrite})`);
  }
  if (cells.total === disjoint) return { ...common, cacheWriteTokens: cells.withCacheWrite };
  if (cells.total === nested) {
    if (withWrite < withoutWrite) {
      throw new TokenError(
        [c.withCacheWrite, c.withoutCacheWrite, c.total],
        `"${c.total}" counts "${c.withCacheWrite}" (${withWrite}) as including "${c.withoutCacheWrite}" (${withoutWrite}), but it is smaller`,
      );
    }
    return { ...common, cacheWriteTokens: withWrite - withoutWrite };
  }
  const parts = `"${c.withCacheWrite}" ${shown(cells.withCacheWrite)}, "${c.withoutCacheWrite}" ${shown(cells.withoutCacheWrite)}, "${c.cacheRead}" ${shown(cells.cacheRead)}, "${c.output}" ${shown(cells.output)}`;
  throw new TokenError(
    blamed,
    `"${c.total}" is ${cells.total} but neither reading of the inputs adds up (${parts}): separate inputs give ${disjoint}, "${c.withCacheWrite}" including "${c.withoutCacheWrite}" gives ${nested}`,
  );
}
