/**
 * A LiteLLM proxy listing paged by number (`page`, `page_size`; the response names `page` and
 * `total_pages`), walked through `collectPages` so its loop guard applies. The proxy must echo the page
 * it was asked for: a proxy that ignores `page` would otherwise return page 1 forever.
 */
import { collectPages } from '../http/paginate';
import type { JsonGetter } from '../http/types';
import { requiredCount, shapeError, type ResponseObject } from '../openai/responseFields';

/** What a LiteLLM fetch is asked for: the proxy, its key, and a window of whole UTC days. */
export interface LitellmRequest {
  apiKey: string;
  baseUrl: string;
  /** epoch ms on UTC midnights, end exclusive */
  from: number;
  to: number;
  pageSize?: number;
  signal?: AbortSignal;
}

export interface PagedEndpoint<T> {
  /** e.g. `/user/daily/activity` */
  path: string;
  /** query parameters other than `page` and `page_size` */
  params: readonly (readonly [string, string])[];
  apiKey: string;
  /** the proxy's origin: LiteLLM has no public one */
  baseUrl: string;
  pageSize: number;
  /** the items of one parsed page and the object that holds its `page` and `total_pages` */
  readPage(body: unknown, place: string): { items: readonly T[]; paging: ResponseObject };
}

export function bearer(apiKey: string): Record<string, string> {
  return { Authorization: `Bearer ${apiKey}` };
}

export function fetchAllPages<T>(get: JsonGetter, endpoint: PagedEndpoint<T>, signal?: AbortSignal): Promise<T[]> {
  const name = endpoint.path.replace(/^\//, '');
  return collectPages(
    name,
    async (cursor) => {
      const page = cursor === null ? 1 : Number(cursor);
      const url = new URL(endpoint.path, endpoint.baseUrl);
      for (const [key, value] of endpoint.params) url.searchParams.append(key, value);
      url.searchParams.set('page', String(page));
      url.searchParams.set('page_size', String(endpoint.pageSize));
      const place = `${name} page ${page}`;
      const { items, paging } = endpoint.readPage(await get({ url, headers: bearer(endpoint.apiKey) }, signal), place);
      const echoed = requiredCount(paging, 'page', place);
      if (echoed !== page) throw shapeError(place, `asked for page ${page}, the proxy answered page ${echoed}`);
      const totalPages = requiredCount(paging, 'total_pages', place);
      return { items, next: page < totalPages ? String(page + 1) : null };
    },
    { signal },
  );
}
