/**
 * OpenAI `GET /v1/organization/usage/completions` → one canonical event per bucket and group.
 *
 * Token model: `input_tokens` includes cached and cache-write tokens, so uncached input is
 * `input_tokens − input_cached_tokens − input_cache_write_tokens`. Responses without
 * `input_cache_write_tokens` predate billed cache writes: cache writes are then unknown (null) and
 * uncached input is `input_tokens − input_cached_tokens`. Without `input_cached_tokens` the split is
 * unknown, so uncached input and cache reads are null. The API gives no reasoning split and no latency.
 *
 * `requests` is `num_model_requests`; a result without it is an error (a count is never invented).
 * Agent hint: `api_source` `agents_api` → agent 'openai-agents-api'; `unlabeled` (and absent) says
 * nothing about an agent, so the API key, when grouped, stands in for it ('openai-api-key:<id>').
 */
import { blankEvent } from '../../core/ingest/blankEvent';
import type { EventRecord } from '../../core/ingest/normalise';
import type { JsonGetter } from '../http/types';
import { fetchBuckets, type Bucket } from './adminPages';
import { agentFields } from './agentHint';
import { countOf, requiredCount, shapeError, textOf, type ResponseObject } from './responseFields';
import { splitWindow, type BucketWidth } from './window';

export const usageGroupBy = ['model', 'project_id', 'user_id', 'api_key_id', 'api_source'] as const;
export type UsageGroup = (typeof usageGroupBy)[number];

export const maxBucketsPerRequest: Record<BucketWidth, number> = { '1d': 31, '1h': 168, '1m': 1440 };

export interface UsageRequest {
  apiKey: string;
  /** Unix seconds on bucket boundaries; end exclusive */
  start: number;
  end: number;
  bucketWidth?: BucketWidth;
  groupBy?: readonly UsageGroup[];
  baseUrl?: string;
  signal?: AbortSignal;
}

function uncachedInput(input: number, cached: number | null, cacheWrite: number | null, place: string): number | null {
  if (cached === null) return null;
  const uncached = input - cached - (cacheWrite ?? 0);
  if (uncached < 0) {
    const parts = cacheWrite === null ? 'input_cached_tokens' : 'input_cached_tokens + input_cache_write_tokens';
    throw shapeError(place, `${parts} (${cached + (cacheWrite ?? 0)}) exceed input_tokens (${input})`);
  }
  return uncached;
}

export function usageEvent(bucket: Bucket, result: ResponseObject, place: string): EventRecord {
  const model = textOf(result, 'model', place), project = textOf(result, 'project_id', place);
  const user = textOf(result, 'user_id', place), apiKeyId = textOf(result, 'api_key_id', place);
  const apiSource = textOf(result, 'api_source', place);
  // every dimension in a fixed order, null where not grouped: the key does not depend on the request
  const groups = [model, project, user, apiKeyId, apiSource];
  const event = blankEvent(0, `openai-usage:${bucket.start}:${JSON.stringify(groups)}`, bucket.start * 1000);
  const input = requiredCount(result, 'input_tokens', place);
  const cached = countOf(result, 'input_cached_tokens', place);
  const cacheWrite = countOf(result, 'input_cache_write_tokens', place);
  return {
    ...event,
    ...agentFields(apiSource, apiKeyId),
    model, project, userId: user, provider: 'openai',
    requests: requiredCount(result, 'num_model_requests', place),
    inputTokens: uncachedInput(input, cached, cacheWrite, place),
    cacheReadTokens: cached,
    cacheWriteTokens: cacheWrite,
    outputTokens: requiredCount(result, 'output_tokens', place),
  };
}

export async function fetchCompletionsUsage(get: JsonGetter, request: UsageRequest): Promise<EventRecord[]> {
  const width = request.bucketWidth ?? '1d';
  const groupBy = request.groupBy ?? usageGroupBy;
  const events: EventRecord[] = [];
  for (const window of splitWindow(request.start, request.end, width, maxBucketsPerRequest[width])) {
    const params: [string, string][] = [
      ['start_time', String(window.start)], ['end_time', String(window.end)],
      ['bucket_width', width], ['limit', String(window.buckets)],
      ...groupBy.map((group): [string, string] => ['group_by', group]),
    ];
    const buckets = await fetchBuckets(get, { path: '/v1/organization/usage/completions', params, apiKey: request.apiKey, baseUrl: request.baseUrl }, request.signal);
    for (const bucket of buckets) {
      bucket.results.forEach((result, index) => events.push(usageEvent(bucket, result, `${bucket.place}, result ${index + 1}`)));
    }
  }
  return events;
}
