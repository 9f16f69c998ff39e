/**
 * Anthropic Admin API cost report → canonical cost-only events: one per daily bucket and group
 * (description × workspace). `amount` is a decimal string in cents, converted to dollars exactly;
 * the model is filled only because we group by `description`. Bill lines carry no tokens and
 * `requests` null (no count), so they add money but no runs.
 */
import { blankEvent } from '../../core/ingest/blankEvent';
import type { EventRecord } from '../../core/ingest/normalise';
import { parseUsd } from '../../core/money';
import { parseText, ValueError } from '../../core/values';
import type { JsonGetter } from '../http/types';
import { assertUniqueKeys, fetchDailyBuckets, resultField, type AnthropicAdminConfig, type FetchWindow, type ReportBucket } from './adminReport';

export const costReportPath = '/v1/organizations/cost_report';
export const costGroupBy = ['description', 'workspace_id'] as const;
export const costKeyPrefix = 'anthropic-cost';

function usdCurrency(raw: unknown): string | null {
  const currency = parseText(raw);
  if (currency !== null && currency !== 'USD') throw new ValueError(`expected USD, got "${currency}"`);
  return currency;
}

function requiredUsd(raw: unknown): number {
  const usd = parseUsd(raw, { unit: 'cents' });
  if (usd === null) throw new ValueError('required amount is empty');
  return usd;
}

export function costEvent(bucket: ReportBucket, index: number, result: Record<string, unknown>): EventRecord {
  const field = <T>(name: string, parse: (raw: unknown) => T) => resultField(bucket, index, result, name, parse);
  const description = field('description', parseText);
  const workspaceId = field('workspace_id', parseText);
  field('currency', usdCurrency);
  const key = [costKeyPrefix, bucket.startingAt, description ?? '', workspaceId ?? ''].join(':');
  return {
    ...blankEvent(0, key, bucket.start),
    model: field('model', parseText),
    provider: 'anthropic',
    project: workspaceId,
    requests: null,
    costReportedUsd: field('amount', requiredUsd),
  };
}

/** Cost events for every bucket and group billed in the window; empty buckets give none. */
export async function fetchCostReport(get: JsonGetter, config: AnthropicAdminConfig, window: FetchWindow, signal?: AbortSignal): Promise<EventRecord[]> {
  const buckets = await fetchDailyBuckets(get, config, costReportPath, costGroupBy, window, signal);
  const events = buckets.flatMap((bucket) => bucket.results.map((result, index) => costEvent(bucket, index, result)));
  assertUniqueKeys(events.map((event) => event.eventKey), costReportPath);
  return events;
}
