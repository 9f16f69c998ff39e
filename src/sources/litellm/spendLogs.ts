/**
 * LiteLLM proxy `GET /spend/logs/v2` (rows of `LiteLLM_SpendLogs`) → one event per request, for the
 * request-level detail of a short window (`--litellm-detail requests`): latency, status, session, agent.
 *
 * - Window: `start_date`/`end_date` as `YYYY-MM-DD HH:MM:SS` UTC, from the window's first midnight to
 *   its end; a row starting at or after the end (the proxy's end bound may be inclusive) is left to the
 *   next window. At most `maxDetailDays` days: request rows are many, and the daily activity covers longer.
 * - Times: `startTime` with an offset, or without one read as UTC (the proxy stores UTC).
 *   Latency: `request_duration_ms`, else `endTime − startTime`.
 * - Tokens: `prompt_tokens`/`completion_tokens` on the row; the cache split from `metadata.usage_object`
 *   (`cache_read_input_tokens` or `prompt_tokens_details.cached_tokens`; `cache_creation_input_tokens` or
 *   `prompt_tokens_details.cache_creation_tokens`). Without both, uncached input and the cache stay unknown.
 *   See `usageFigures.ts` for the conversion and the spend.
 * - Agent: `agent_id` when the proxy ran an agent, else the hashed key as in the daily activity, named by
 *   `metadata.user_api_key_alias`. User `user`, organisation `team_id`, session `session_id`.
 * - `status` `failure` → an error event, its type `metadata.error_information.error_class` when given.
 */
import { blankEvent } from '../../core/ingest/blankEvent';
import type { EventRecord } from '../../core/ingest/normalise';
import type { JsonGetter } from '../http/types';
import { arrayOf, countOf, fieldOf, isResponseObject, objectOf, requiredCount, shapeError, textOf, type ResponseObject } from '../openai/responseFields';
import { utcDay } from './dailyActivity';
import { fetchAllPages, type LitellmRequest } from './pagedEndpoint';
import { figuresOf, spendOf, type Tally } from './usageFigures';

export const maxDetailDays = 7;
const dayMs = 86_400_000;
const isoTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function timeOf(row: ResponseObject, name: string, place: string, required: boolean): number | null {
  const text = textOf(row, name, place);
  if (text === null || text === '') {
    if (required) throw shapeError(place, `${name} is missing`);
    return null;
  }
  const match = isoTime.exec(text);
  const ms = match ? Date.parse(`${text.replace(' ', 'T')}${match[2] ? '' : 'Z'}`) : NaN;
  if (Number.isNaN(ms)) throw shapeError(place, `${name}: expected an ISO 8601 time, got ${JSON.stringify(text)}`);
  return ms;
}

function objectField(object: ResponseObject, name: string): ResponseObject | null {
  const value = fieldOf(object, name);
  return isResponseObject(value) ? value : null;
}

function cacheCounts(usage: ResponseObject | null, place: string): Pick<Tally, 'cacheRead' | 'cacheWrite'> {
  if (!usage) return { cacheRead: null, cacheWrite: null };
  const details = objectField(usage, 'prompt_tokens_details');
  return {
    cacheRead: countOf(usage, 'cache_read_input_tokens', place) ?? (details ? countOf(details, 'cached_tokens', place) : null),
    cacheWrite: countOf(usage, 'cache_creation_input_tokens', place) ?? (details ? countOf(details, 'cache_creation_tokens', place) : null),
  };
}

function nonEmpty(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}

export function spendLogEvent(row: ResponseObject, place: string): EventRecord {
  const requestId = nonEmpty(textOf(row, 'request_id', place));
  if (requestId === null) throw shapeError(place, 'request_id is missing');
  const start = timeOf(row, 'startTime', place, true)!;
  const end = timeOf(row, 'endTime', place, false);
  const metadata = objectField(row, 'metadata');
  const tally: Tally = {
    prompt: requiredCount(row, 'prompt_tokens', place),
    completion: requiredCount(row, 'completion_tokens', place),
    ...cacheCounts(metadata ? objectField(metadata, 'usage_object') : null, place),
    spend: spendOf(row, place),
    flatCost: 0,
    requests: 1,
    failed: 0,
  };
  const status = textOf(row, 'status', place);
  if (status !== null && status !== 'success' && status !== 'failure') throw shapeError(place, `status: expected success or failure, got ${JSON.stringify(status)}`);
  const errorInfo = metadata ? objectField(metadata, 'error_information') : null;
  const agentId = nonEmpty(textOf(row, 'agent_id', place));
  const apiKey = nonEmpty(textOf(row, 'api_key', place));
  const duration = countOf(row, 'request_duration_ms', place);
  return {
    ...blankEvent(0, `litellm-request:${requestId}`, start),
    ...figuresOf(tally, place),
    model: nonEmpty(textOf(row, 'model', place)),
    provider: nonEmpty(textOf(row, 'custom_llm_provider', place)),
    userId: nonEmpty(textOf(row, 'user', place)),
    orgId: nonEmpty(textOf(row, 'team_id', place)),
    sessionId: nonEmpty(textOf(row, 'session_id', place)),
    agentId: agentId ?? (apiKey === null ? null : `litellm-key:${apiKey}`),
    agentName: agentId === null && apiKey !== null && metadata ? nonEmpty(textOf(metadata, 'user_api_key_alias', place)) : null,
    agentType: agentId !== null ? 'agent' : apiKey !== null ? 'api_key' : null,
    latencyMs: duration ?? (end !== null && end >= start ? end - start : null),
    status: status === 'failure' ? 'error' : 'ok',
    errorType: status === 'failure' ? (errorInfo ? nonEmpty(textOf(errorInfo, 'error_class', place)) : null) ?? 'failure' : null,
  };
}

export async function fetchSpendLogs(get: JsonGetter, request: LitellmRequest): Promise<EventRecord[]> {
  const days = (request.to - request.from) / dayMs;
  if (days > maxDetailDays) {
    throw new RangeError(`request-level detail covers at most ${maxDetailDays} days (asked for ${days}); use the daily activity for longer windows`);
  }
  const rows = await fetchAllPages(get, {
    path: '/spend/logs/v2',
    params: [['start_date', `${utcDay(request.from)} 00:00:00`], ['end_date', `${utcDay(request.to)} 00:00:00`]],
    apiKey: request.apiKey,
    baseUrl: request.baseUrl,
    pageSize: request.pageSize ?? 100,
    readPage: (body, place) => {
      const page = objectOf(body, place, 'the response');
      const items = arrayOf(fieldOf(page, 'data'), place, 'data').map((raw, index) => spendLogEvent(objectOf(raw, `${place}, row ${index + 1}`, 'a row'), `${place}, row ${index + 1}`));
      return { items, paging: page };
    },
  }, request.signal);
  // offset pages can shift while requests arrive: a request seen twice is kept once
  const byKey = new Map(rows.filter((event) => event.ts >= request.from && event.ts < request.to).map((event) => [event.eventKey, event]));
  return [...byKey.values()];
}
