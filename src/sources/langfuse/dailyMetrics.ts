/**
 * Langfuse Metrics API (`GET /api/public/metrics`, the observations view) → one aggregate event per UTC
 * day × user × model × trace name (the trace name is the agent). Langfuse aggregates on its own
 * ClickHouse and returns only those rows, so an organisation with hundreds of millions of observations
 * sends the editor report rows, not events. We use v1: v2 (`/api/public/v2/metrics`) needs Langfuse Cloud
 * or a self-hosted v4+, and this query needs nothing v2 adds. Langfuse buckets by UTC day only.
 *
 * Tokens: Langfuse keeps the keys of an observation's `usage_details` disjoint (it moves cached and
 * reasoning parts out of `input` / `output` at ingestion), and the `inputTokens` measure sums every key
 * whose name contains "input" — uncached input, cache reads and cache writes together — with no way to
 * split them in an aggregate. Canonical input is uncached only, so aggregate rows leave input and the
 * cache columns empty (unknown) rather than misstate them; `outputTokens` (every output key: output
 * including reasoning) is output. Page observations (`detail=observations`) for the split.
 *
 * Cost: `totalCost` is the cost Langfuse holds for each observation — the one the application ingested,
 * else Langfuse's own computation from its model price table. It is what the tool reports, not our
 * estimate, so it is `costReportedUsd` (our estimate is computed apart, from the tokens). A sum of 0 over
 * observations that used tokens is Langfuse having no price for them (unpriced models and known $0 bugs),
 * not a free call: it is empty, never $0.
 */
import { blankEvent } from '../../core/ingest/blankEvent';
import type { EventRecord } from '../../core/ingest/normalise';
import { parseUsd } from '../../core/money';
import { parseCount, parseText, parseTimestamp } from '../../core/values';
import { FetchError, type JsonGetter } from '../http/types';
import { basicAuthHeader, dataRows, langfuseUrl, rowField, type LangfuseConfig, type ResponseRow } from './langfuseApi';

export const metricsPath = '/api/public/metrics';
export const metricsKeyPrefix = 'langfuse-metrics';
const dayMs = 86_400_000;

/** The query object, as the API documents it; response keys are `<aggregation>_<measure>`. */
export function metricsQuery(window: { from: number; to: number }): object {
  return {
    view: 'observations',
    dimensions: [{ field: 'userId' }, { field: 'providedModelName' }, { field: 'traceName' }],
    metrics: [
      { measure: 'count', aggregation: 'count' },
      { measure: 'outputTokens', aggregation: 'sum' },
      { measure: 'totalCost', aggregation: 'sum' },
    ],
    filters: [{ column: 'type', operator: '=', value: 'GENERATION', type: 'string' }],
    timeDimension: { granularity: 'day' },
    fromTimestamp: new Date(window.from).toISOString(),
    toTimestamp: new Date(window.to).toISOString(),
  };
}

const dollars = (raw: unknown) => parseUsd(raw, { unit: 'dollars' });
const utc = (raw: unknown) => parseTimestamp(raw, 'UTC');

/** One metrics row → an event; null for a row that counts no observation (no usage to report). */
export function metricsEvent(row: ResponseRow, where: string): EventRecord | null {
  const field = <T>(name: string, parse: (raw: unknown) => T) => rowField(row, name, parse, where);
  const day = field('time_dimension', utc);
  if (day === null) throw new FetchError(`${where}: time_dimension is empty`, null);
  if (day % dayMs !== 0) throw new FetchError(`${where}: time_dimension ${String(row.time_dimension)} is not the start of a UTC day`, null);
  const requests = field('count_count', parseCount) ?? 0;
  if (requests === 0) return null;
  const userId = field('userId', parseText);
  const model = field('providedModelName', parseText);
  const traceName = field('traceName', parseText);
  const output = field('sum_outputTokens', parseCount);
  const cost = field('sum_totalCost', dollars);
  const key = [metricsKeyPrefix, new Date(day).toISOString().slice(0, 10), JSON.stringify([userId, model, traceName])].join(':');
  return {
    ...blankEvent(0, key, day),
    userId, model,
    agentId: traceName === null ? null : `langfuse-trace:${traceName}`, agentName: traceName, agentType: traceName === null ? null : 'langfuse_trace',
    requests,
    outputTokens: output,
    costReportedUsd: cost === 0 && (output ?? 0) > 0 ? null : cost,
  };
}

/** Events for every day and group with observations in the window (half-open, whole UTC days). */
export async function fetchDailyMetrics(get: JsonGetter, config: LangfuseConfig, window: { from: number; to: number }, signal?: AbortSignal): Promise<EventRecord[]> {
  const url = langfuseUrl(config, metricsPath);
  url.searchParams.set('query', JSON.stringify(metricsQuery(window)));
  const where = `${metricsPath} ${new Date(window.from).toISOString().slice(0, 10)}..${new Date(window.to).toISOString().slice(0, 10)}`;
  const rows = dataRows(await get({ url, headers: basicAuthHeader(config) }, signal), where);
  const events: EventRecord[] = [];
  const keys = new Set<string>();
  rows.forEach((row, index) => {
    const event = metricsEvent(row, `${where}, row ${index + 1}`);
    if (event === null) return;
    // an observation at the window's end instant (if the server's end is inclusive) is the next window's
    if (event.ts >= window.to) return;
    if (event.ts < window.from) throw new FetchError(`${where}, row ${index + 1}: day ${new Date(event.ts).toISOString().slice(0, 10)} is outside the window`, null);
    if (keys.has(event.eventKey)) throw new FetchError(`${where}, row ${index + 1}: a second row for the same day and group; refusing to keep only one`, null);
    keys.add(event.eventKey);
    events.push(event);
  });
  return events;
}
