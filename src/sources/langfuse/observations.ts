/**
 * The fallback for a short window: page `GET /api/public/v2/observations` (GENERATION only, cursor
 * pagination) and keep one event per observation, with what an aggregate cannot give: latency
 * (endTime − startTime), level ERROR as an error, the session and user (v2 has them on the observation)
 * and the uncached / cache split of the tokens (`usageDetails.ts`). Every observation crosses the network,
 * so the window is limited to `maxObservationDays` whole days; longer windows use the daily metrics.
 * Cost as in `dailyMetrics.ts`: Langfuse's own figure, reported by the tool.
 */
import { blankEvent } from '../../core/ingest/blankEvent';
import type { EventRecord } from '../../core/ingest/normalise';
import { parseUsd } from '../../core/money';
import { parseText, parseTimestamp } from '../../core/values';
import { collectPages } from '../http/paginate';
import { FetchError, type JsonGetter } from '../http/types';
import { basicAuthHeader, dataRows, isRow, langfuseUrl, rowField, type LangfuseConfig, type ResponseRow } from './langfuseApi';
import { langfuseTokens } from './usageDetails';

export const observationsPath = '/api/public/v2/observations';
export const observationKeyPrefix = 'langfuse-observation';
export const maxObservationDays = 2;
export const observationPageSize = 100;
const dayMs = 86_400_000;

const utc = (raw: unknown) => parseTimestamp(raw, 'UTC');
const dollars = (raw: unknown) => parseUsd(raw, { unit: 'dollars' });

function reportedCost(row: ResponseRow, where: string): number | null {
  if (row.totalCost !== undefined && row.totalCost !== null) return rowField(row, 'totalCost', dollars, where);
  const details = row.costDetails;
  if (details === undefined || details === null) return null;
  if (!isRow(details)) throw new FetchError(`${where}: costDetails: expected an object`, null);
  return rowField(details, 'total', dollars, `${where}: costDetails`);
}

export function observationEvent(row: ResponseRow, where: string): EventRecord {
  const field = <T>(name: string, parse: (raw: unknown) => T) => rowField(row, name, parse, where);
  const id = field('id', parseText);
  if (id === null) throw new FetchError(`${where}: id is empty`, null);
  const start = field('startTime', utc);
  if (start === null) throw new FetchError(`${where}: startTime is empty`, null);
  const end = field('endTime', utc);
  if (end !== null && end < start) throw new FetchError(`${where}: endTime is before startTime`, null);
  const level = field('level', parseText);
  const traceName = field('traceName', parseText);
  const tokens = field('usageDetails', langfuseTokens);
  return {
    ...blankEvent(0, `${observationKeyPrefix}:${id}`, start),
    userId: field('userId', parseText),
    sessionId: field('sessionId', parseText),
    model: field('providedModelName', parseText) ?? field('model', parseText),
    agentId: traceName === null ? null : `langfuse-trace:${traceName}`, agentName: traceName, agentType: traceName === null ? null : 'langfuse_trace',
    inputTokens: tokens.input,
    cacheReadTokens: tokens.cacheRead,
    cacheWriteTokens: tokens.cacheWrite,
    outputTokens: tokens.output,
    reasoningTokens: tokens.reasoning,
    costReportedUsd: reportedCost(row, where),
    latencyMs: end === null ? null : end - start,
    status: level === 'ERROR' ? 'error' : 'ok',
    errorType: level === 'ERROR' ? 'ERROR' : null,
  };
}

function nextCursor(body: unknown, where: string): string | null {
  if (!isRow(body) || body.meta === undefined || body.meta === null) return null;
  if (!isRow(body.meta)) throw new FetchError(`${where}: "meta" is not an object`, null);
  const cursor = body.meta.cursor;
  if (cursor === undefined || cursor === null || cursor === '') return null;
  if (typeof cursor !== 'string') throw new FetchError(`${where}: meta.cursor is not text`, null);
  return cursor;
}

/** Every GENERATION observation that started in the window (at most `maxObservationDays` days). */
export async function fetchObservations(get: JsonGetter, config: LangfuseConfig, window: { from: number; to: number }, signal?: AbortSignal): Promise<EventRecord[]> {
  const days = (window.to - window.from) / dayMs;
  if (days > maxObservationDays) {
    throw new FetchError(`detail=observations pages every observation and takes at most ${maxObservationDays} days; this window has ${days} (use the daily metrics, the default, for longer windows)`, null);
  }
  const endpoint = `${observationsPath} ${new Date(window.from).toISOString()}..${new Date(window.to).toISOString()}`;
  const rows = await collectPages(
    endpoint,
    async (cursor, index) => {
      const url = langfuseUrl(config, observationsPath);
      url.searchParams.set('type', 'GENERATION');
      url.searchParams.set('fromStartTime', new Date(window.from).toISOString());
      url.searchParams.set('toStartTime', new Date(window.to).toISOString());
      url.searchParams.set('fields', 'core,basic,model,usage');
      url.searchParams.set('limit', String(observationPageSize));
      if (cursor !== null) url.searchParams.set('cursor', cursor);
      const where = `${endpoint} page ${index + 1}`;
      const body = await get({ url, headers: basicAuthHeader(config) }, signal);
      const items = dataRows(body, where).map((row, r) => ({ row, where: `${where}, observation ${r + 1}` }));
      return { items, next: nextCursor(body, where) };
    },
    { signal },
  );
  const events: EventRecord[] = [];
  const keys = new Set<string>();
  for (const { row, where } of rows) {
    const event = observationEvent(row, where);
    // toStartTime may be inclusive: an observation at the window's end belongs to the next window
    if (event.ts >= window.to) continue;
    if (event.ts < window.from) throw new FetchError(`${where}: startTime is before the window`, null);
    if (keys.has(event.eventKey)) throw new FetchError(`${where}: observation ${event.eventKey} came twice`, null);
    keys.add(event.eventKey);
    events.push(event);
  }
  return events;
}
