/**
 * One OpenAI Admin API listing (usage or costs) over one window: every page, followed by its opaque
 * `next_page` cursor while `has_more`, flattened to buckets. The cursor goes back as the `page`
 * parameter, URL-encoded by URLSearchParams (`+` and `=` included).
 */
import { collectPages, type Page } from '../http/paginate';
import type { JsonGetter } from '../http/types';
import { arrayOf, fieldOf, objectOf, requiredCount, shapeError, type ResponseObject } from './responseFields';

export const openaiBaseUrl = 'https://api.openai.com';

export interface AdminListing {
  /** e.g. `/v1/organization/costs` */
  path: string;
  /** query parameters other than `page`, in order; a repeated name is sent once per value */
  params: readonly (readonly [string, string])[];
  apiKey: string;
  /** replaces the origin (self-hosted proxies, tests); the path is kept */
  baseUrl?: string;
}

export interface Bucket {
  /** Unix seconds, inclusive */
  start: number;
  end: number;
  results: readonly ResponseObject[];
  /** "… page 2, bucket 1730419200", for errors about its results */
  place: string;
}

function listingUrl(listing: AdminListing, cursor: string | null): URL {
  const url = new URL(listing.path, listing.baseUrl ?? openaiBaseUrl);
  for (const [name, value] of listing.params) url.searchParams.append(name, value);
  if (cursor !== null) url.searchParams.append('page', cursor);
  return url;
}

/** `results` in the current spec; some generated clients of older specs name it `result` */
function bucketResults(bucket: ResponseObject, place: string): readonly ResponseObject[] {
  const results = fieldOf(bucket, 'results') ?? fieldOf(bucket, 'result');
  return arrayOf(results, place, 'results').map((result, index) => objectOf(result, `${place}, result ${index + 1}`, 'a result'));
}

function readPage(body: unknown, endpoint: string, index: number): Page<Bucket> {
  const place = `${endpoint} page ${index + 1}`;
  const page = objectOf(body, place, 'the response');
  const buckets = arrayOf(fieldOf(page, 'data'), place, 'data').map((raw, position) => {
    const bucket = objectOf(raw, `${place}, bucket ${position + 1}`, 'a bucket');
    const start = requiredCount(bucket, 'start_time', `${place}, bucket ${position + 1}`);
    const bucketPlace = `${place}, bucket ${start}`;
    return { start, end: requiredCount(bucket, 'end_time', bucketPlace), results: bucketResults(bucket, bucketPlace), place: bucketPlace };
  });
  const hasMore = fieldOf(page, 'has_more');
  if (typeof hasMore !== 'boolean') throw shapeError(place, 'has_more: expected true or false');
  if (!hasMore) return { items: buckets, next: null };
  const next = fieldOf(page, 'next_page');
  if (typeof next !== 'string' || next === '') throw shapeError(place, 'has_more is true but next_page is not a cursor');
  return { items: buckets, next };
}

export function fetchBuckets(get: JsonGetter, listing: AdminListing, signal?: AbortSignal): Promise<Bucket[]> {
  const endpoint = listing.path.replace(/^\/v1\/organization\//, '');
  const headers = { Authorization: `Bearer ${listing.apiKey}` };
  return collectPages(
    endpoint,
    async (cursor, index) => readPage(await get({ url: listingUrl(listing, cursor), headers }, signal), endpoint, index),
    { signal },
  );
}
