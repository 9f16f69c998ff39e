/**
 * The CLI's `--fetch SOURCE...` (`anthropic`, `anthropic-cost`, `openai`, `openai-cost`) with
 * `--base-url URL`: keys from the environment, the report's window widened to whole UTC days, every
 * failure a message naming the source and the HTTP status (the key never printed).
 */
import { createJsonGetter } from './sources/http/client';
import { FetchError } from './sources/http/types';
import { fetchSourceById, fetchSources, type FetchSource } from './sources/fetchSources';
import type { StoreClient } from './store/client';
import type { FetchedSummary } from './store/fetched';
import { UsageError } from './cliErrors';

const dayMs = 86_400_000;

export function fetchRequests(ids: readonly string[] | undefined, env: Readonly<Record<string, string | undefined>>): { source: FetchSource; apiKey: string }[] {
  return (ids ?? []).map((id) => {
    const source = fetchSourceById(id);
    if (!source) throw new UsageError(`--fetch must be one of ${fetchSources.map((s) => s.id).join(', ')}; got "${id}"`);
    const apiKey = env[source.envKey]?.trim();
    if (!apiKey) throw new UsageError(`--fetch ${id} needs an admin key in the environment variable ${source.envKey}`);
    return { source, apiKey };
  });
}

/** The report's range as whole UTC days: the APIs bucket by UTC day. */
export function fetchWindow(range: { start: number; end: number }): { from: number; to: number } {
  if (range.start <= 0) throw new UsageError('--fetch needs a window (--timeframe other than all-time, or --from/--to)');
  return { from: Math.floor(range.start / dayMs) * dayMs, to: Math.ceil(range.end / dayMs) * dayMs };
}

export function baseUrlOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url is not a URL: "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--base-url must be http or https');
  return url.origin;
}

export async function runFetches(
  store: StoreClient,
  requests: readonly { source: FetchSource; apiKey: string }[],
  window: { from: number; to: number },
  baseUrl: string | undefined,
): Promise<(FetchedSummary & { label: string })[]> {
  const get = createJsonGetter();
  const summaries: (FetchedSummary & { label: string })[] = [];
  for (const { source, apiKey } of requests) {
    let events;
    try {
      events = await source.fetch({ get, apiKey, baseUrl, window });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new FetchError(`${source.id}: ${message}`, error instanceof FetchError ? error.status : null);
    }
    const summary = await store.call('importFetched', {
      sourceId: `fetch:${source.id}`, label: source.label, location: baseUrl ?? 'provider default', format: source.format, window, events,
    });
    summaries.push({ ...summary, label: source.label });
  }
  return summaries;
}
