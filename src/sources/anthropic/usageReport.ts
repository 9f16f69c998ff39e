/**
 * Anthropic Admin API messages usage report → canonical events: one event per daily bucket and group
 * (model × API key × workspace). Input is `uncached_input_tokens` (the API keeps both kinds of cache
 * apart); cache writes come only from the nested `cache_creation` split by lifetime (5 m / 1 h).
 *
 * The report has no request count. We do not invent one: events carry `requests` null (unknown), as the
 * Console usage export does, so they add tokens but no runs (README "Aggregates"); a report of runs built
 * only from this source shows runs empty rather than a false figure.
 */
import { blankEvent } from '../../core/ingest/blankEvent';
import type { EventRecord } from '../../core/ingest/normalise';
import { parseCount, parseText, ValueError } from '../../core/values';
import type { JsonGetter } from '../http/types';
import { assertUniqueKeys, fetchDailyBuckets, resultField, type AnthropicAdminConfig, type FetchWindow, type ReportBucket } from './adminReport';

export const usageReportPath = '/v1/organizations/usage_report/messages';
export const usageGroupBy = ['model', 'api_key_id', 'workspace_id'] as const;
export const usageKeyPrefix = 'anthropic-usage';

function cacheCreation(raw: unknown): { fiveMinutes: number | null; oneHour: number | null } {
  if (raw === undefined || raw === null) return { fiveMinutes: null, oneHour: null };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ValueError('expected an object of ephemeral_5m/1h_input_tokens');
  const parts = raw as Record<string, unknown>;
  const fiveMinutes = parseCount(parts.ephemeral_5m_input_tokens);
  const oneHour = parseCount(parts.ephemeral_1h_input_tokens);
  return { fiveMinutes, oneHour };
}

export function usageEvent(bucket: ReportBucket, index: number, result: Record<string, unknown>): EventRecord {
  const field = <T>(name: string, parse: (raw: unknown) => T) => resultField(bucket, index, result, name, parse);
  const model = field('model', parseText);
  const apiKeyId = field('api_key_id', parseText);
  const workspaceId = field('workspace_id', parseText);
  const writes = field('cache_creation', cacheCreation);
  // as for the Console export: when either lifetime is given, a missing one is 0 and the total is their sum
  const split = writes.fiveMinutes === null && writes.oneHour === null ? null : { fiveMinutes: writes.fiveMinutes ?? 0, oneHour: writes.oneHour ?? 0 };
  const key = [usageKeyPrefix, bucket.startingAt, model ?? '', apiKeyId ?? '', workspaceId ?? ''].join(':');
  return {
    ...blankEvent(0, key, bucket.start),
    model,
    provider: 'anthropic',
    project: workspaceId,
    requests: null,
    inputTokens: field('uncached_input_tokens', parseCount),
    cacheReadTokens: field('cache_read_input_tokens', parseCount),
    cacheWriteTokens: split === null ? null : split.fiveMinutes + split.oneHour,
    cacheWrite5mTokens: split?.fiveMinutes ?? null,
    cacheWrite1hTokens: split?.oneHour ?? null,
    outputTokens: field('output_tokens', parseCount),
  };
}

/** Events for every bucket and group with usage in the window; empty buckets give none. */
export async function fetchUsageReport(get: JsonGetter, config: AnthropicAdminConfig, window: FetchWindow, signal?: AbortSignal): Promise<EventRecord[]> {
  const buckets = await fetchDailyBuckets(get, config, usageReportPath, usageGroupBy, window, signal);
  const events = buckets.flatMap((bucket) => bucket.results.map((result, index) => usageEvent(bucket, index, result)));
  assertUniqueKeys(events.map((event) => event.eventKey), usageReportPath);
  return events;
}
