/**
 * Cache writes by lifetime (Anthropic bills 5-minute and 1-hour cache writes differently). When a row
 * gives either part, the parts are the split: a missing part is 0 and cache_write_tokens is their sum
 * (given: it must equal it; not given: it is taken from it). A row without parts keeps its total alone.
 */
import { TokenError } from './tokenSemantics';

export interface CacheWrites {
  total: number | null;
  fiveMinutes: number | null;
  oneHour: number | null;
}

export interface CacheWriteColumns {
  total: string;
  fiveMinutes: string;
  oneHour: string;
}

export function resolveCacheWrites(given: CacheWrites, columns: CacheWriteColumns): CacheWrites {
  if (given.fiveMinutes === null && given.oneHour === null) return given;
  const fiveMinutes = given.fiveMinutes ?? 0;
  const oneHour = given.oneHour ?? 0;
  const sum = fiveMinutes + oneHour;
  if (given.total !== null && given.total !== sum) {
    throw new TokenError(
      [columns.total, columns.fiveMinutes, columns.oneHour],
      `"${columns.total}" is ${given.total} but "${columns.fiveMinutes}" ${given.fiveMinutes ?? 'empty'} + "${columns.oneHour}" ${given.oneHour ?? 'empty'} = ${sum}`,
    );
  }
  return { total: sum, fiveMinutes, oneHour };
}
