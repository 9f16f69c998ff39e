/**
 * Cursor pagination with a loop guard: follows `next` until the server says there is no more, and
 * refuses a cursor it has seen before or more pages than `maxPages` instead of looping forever.
 */
import { FetchError } from './types';

export interface Page<T> {
  items: readonly T[];
  /** the cursor of the next page; null when there is none */
  next: string | null;
}

export async function collectPages<T>(
  endpoint: string,
  fetchPage: (cursor: string | null, index: number) => Promise<Page<T>>,
  options: { maxPages?: number; signal?: AbortSignal } = {},
): Promise<T[]> {
  const maxPages = options.maxPages ?? 1000;
  const seen = new Set<string>();
  const items: T[] = [];
  let cursor: string | null = null;
  for (let index = 0; ; index++) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
    if (index >= maxPages) throw new FetchError(`${endpoint}: more than ${maxPages} pages; stopped (is the server repeating itself?)`, null);
    const page = await fetchPage(cursor, index);
    items.push(...page.items);
    if (page.next === null) return items;
    if (seen.has(page.next)) throw new FetchError(`${endpoint}: page ${index + 1} repeats an earlier cursor; stopped`, null);
    seen.add(page.next);
    cursor = page.next;
  }
}
