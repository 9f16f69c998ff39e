/**
 * What the Anthropic Admin API's usage and cost reports share: the auth headers, daily windows of at
 * most 31 buckets, `page` = `next_page` while `has_more`, and the checked shape of each page. A page
 * that is not the documented shape is a FetchError naming the endpoint, the window and the page.
 */
import { parseTimestamp, ValueError } from '../../core/values';
import { collectPages } from '../http/paginate';
import { FetchError, type JsonGetter } from '../http/types';

export interface AnthropicAdminConfig {
  /** an Admin API key (`sk-ant-admin…`), sent as `x-api-key` */
  apiKey: string;
  /** replaces https://api.anthropic.com (self-hosted gateways, tests) */
  baseUrl?: string;
}

/** Half-open [from, to) in epoch ms; widened to whole UTC days, as the API snaps daily buckets. */
export interface FetchWindow {
  from: number;
  to: number;
}

export interface ReportBucket {
  /** the bucket's `starting_at` as the API wrote it (used in event keys) */
  startingAt: string;
  /** the same instant in epoch ms */
  start: number;
  results: readonly Record<string, unknown>[];
  /** where the bucket came from, for error messages */
  where: string;
}

export const anthropicVersion = '2023-06-01';
const defaultBaseUrl = 'https://api.anthropic.com';
export const dayMs = 86_400_000;
/** the documented maximum of daily buckets per page */
export const maxDailyBuckets = 31;

/** RFC 3339 in UTC, whole seconds: 2025-08-01T00:00:00Z */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The URL of an Admin API path on the configured origin, and the headers that authenticate it. */
export function adminRequest(config: AnthropicAdminConfig, path: string): { url: URL; headers: Record<string, string> } {
  return { url: new URL(path, config.baseUrl ?? defaultBaseUrl), headers: { 'x-api-key': config.apiKey, 'anthropic-version': anthropicVersion } };
}

/** The window as whole UTC days, cut into pieces of at most `maxDailyBuckets` days. */
export function dailyWindows(window: FetchWindow): FetchWindow[] {
  if (!Number.isFinite(window.from) || !Number.isFinite(window.to) || window.to <= window.from) {
    throw new RangeError(`fetch window must end after it starts (${window.from}..${window.to})`);
  }
  const first = Math.floor(window.from / dayMs) * dayMs;
  const end = Math.ceil(window.to / dayMs) * dayMs;
  const pieces: FetchWindow[] = [];
  for (let from = first; from < end; from += maxDailyBuckets * dayMs) {
    pieces.push({ from, to: Math.min(end, from + maxDailyBuckets * dayMs) });
  }
  return pieces;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The envelope every Admin API report shares: `data`, `has_more` and, while there is more, `next_page`. */
export function readEnvelope(body: unknown, where: string): { data: unknown[]; next: string | null } {
  if (!isObject(body) || !Array.isArray(body.data)) throw new FetchError(`${where}: response has no "data" list`, null);
  if (typeof body.has_more !== 'boolean') throw new FetchError(`${where}: response has no boolean "has_more"`, null);
  let next: string | null = null;
  if (body.has_more) {
    if (typeof body.next_page !== 'string' || body.next_page === '') throw new FetchError(`${where}: "has_more" is true but "next_page" is missing`, null);
    next = body.next_page;
  }
  return { data: body.data, next };
}

function readPage(body: unknown, where: string): { buckets: ReportBucket[]; next: string | null } {
  const { data, next } = readEnvelope(body, where);
  const buckets = data.map((bucket: unknown, index): ReportBucket => {
    const at = `${where}, bucket ${index + 1}`;
    if (!isObject(bucket) || typeof bucket.starting_at !== 'string' || !Array.isArray(bucket.results)) {
      throw new FetchError(`${at}: expected { starting_at, results: [] }`, null);
    }
    let start: number | null;
    try {
      start = parseTimestamp(bucket.starting_at);
    } catch (error) {
      if (error instanceof ValueError) throw new FetchError(`${at}: starting_at: ${error.message}`, null);
      throw error;
    }
    if (start === null) throw new FetchError(`${at}: starting_at is empty`, null);
    const results = bucket.results.map((result: unknown, r) => {
      if (!isObject(result)) throw new FetchError(`${at}, result ${r + 1}: expected an object`, null);
      return result;
    });
    return { startingAt: bucket.starting_at, start, results, where: `${where}, bucket ${bucket.starting_at}` };
  });
  return { buckets, next };
}

/** How one daily report is asked for and its pages read. */
export interface DailyReportQuery<T> {
  path: string;
  groupBy: readonly string[];
  /** rows (or buckets) per page */
  limit: number;
  /** a page's JSON as items; `where` names the endpoint, window and page for errors */
  readPage(body: unknown, where: string): { items: T[]; next: string | null };
}

/**
 * Every page of a daily report over the window: one request sequence per piece of ≤ 31 days, each
 * following `next_page` (opaque, passed back exactly) until `has_more` is false.
 */
export async function fetchDailyPages<T>(get: JsonGetter, config: AnthropicAdminConfig, query: DailyReportQuery<T>, window: FetchWindow, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  for (const piece of dailyWindows(window)) {
    const endpoint = `${query.path} ${rfc3339(piece.from)}..${rfc3339(piece.to)}`;
    const pages = await collectPages(
      endpoint,
      async (cursor, index) => {
        const { url, headers } = adminRequest(config, query.path);
        url.searchParams.set('starting_at', rfc3339(piece.from));
        url.searchParams.set('ending_at', rfc3339(piece.to));
        url.searchParams.set('bucket_width', '1d');
        url.searchParams.set('limit', String(query.limit));
        for (const dimension of query.groupBy) url.searchParams.append('group_by[]', dimension);
        if (cursor !== null) url.searchParams.set('page', cursor);
        return query.readPage(await get({ url, headers }, signal), `${endpoint} page ${index + 1}`);
      },
      { signal },
    );
    items.push(...pages);
  }
  return items;
}

/** Every daily bucket of `path` over the window. */
export function fetchDailyBuckets(
  get: JsonGetter,
  config: AnthropicAdminConfig,
  path: string,
  groupBy: readonly string[],
  window: FetchWindow,
  signal?: AbortSignal,
): Promise<ReportBucket[]> {
  const readBuckets = (body: unknown, where: string) => {
    const page = readPage(body, where);
    return { items: page.buckets, next: page.next };
  };
  return fetchDailyPages(get, config, { path, groupBy, limit: maxDailyBuckets, readPage: readBuckets }, window, signal);
}

/** A result's field through a strict parser; a bad value is a FetchError naming bucket, result and field. */
export function resultField<T>(bucket: ReportBucket, index: number, result: Record<string, unknown>, name: string, parse: (raw: unknown) => T): T {
  try {
    return parse(result[name]);
  } catch (error) {
    if (error instanceof ValueError) throw new FetchError(`${bucket.where}, result ${index + 1}: ${name}: ${error.message}`, null);
    throw error;
  }
}

/** Keys must be unique per fetch: two results for one bucket and group would replace each other in the store. */
export function assertUniqueKeys(keys: readonly string[], endpoint: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new FetchError(`${endpoint}: two results for the same bucket and group (${key}); refusing to keep only one`, null);
    seen.add(key);
  }
}
