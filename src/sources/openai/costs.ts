/**
 * OpenAI `GET /v1/organization/costs` → cost-only events (requests unknown, no tokens), one per bucket and
 * group. `amount.value` is dollars written as a high-precision JSON number: it is read from its text
 * (exactly, when the getter keeps number text), and only `usd` is accepted. The costs API names no
 * model or user; the model comes from a line item of the `<model>, <kind>` shape, else stays null.
 */
import { blankEvent } from '../../core/ingest/blankEvent';
import { modelFromLineItem } from '../../core/ingest/formats/openaiLineItem';
import type { EventRecord } from '../../core/ingest/normalise';
import { parseUsd } from '../../core/money';
import { ValueError } from '../../core/values';
import type { JsonGetter } from '../http/types';
import { fetchBuckets, type Bucket } from './adminPages';
import { agentFields } from './agentHint';
import { fieldOf, objectOf, shapeError, textOf, type ResponseObject } from './responseFields';
import { splitWindow } from './window';

export const costGroupBy = ['project_id', 'line_item', 'api_key_id'] as const;
export type CostGroup = (typeof costGroupBy)[number];
export const maxCostBuckets = 180;

export interface CostRequest {
  apiKey: string;
  /** Unix seconds on UTC day boundaries; end exclusive */
  start: number;
  end: number;
  groupBy?: readonly CostGroup[];
  baseUrl?: string;
  signal?: AbortSignal;
}

function dollars(result: ResponseObject, place: string): number {
  const amount = objectOf(fieldOf(result, 'amount'), place, 'amount');
  const currency = textOf(amount, 'currency', place);
  if (currency?.toLowerCase() !== 'usd') throw shapeError(place, `amount.currency: expected usd, got ${JSON.stringify(currency)}`);
  try {
    const value = parseUsd(fieldOf(amount, 'value') ?? null, { unit: 'dollars' });
    if (value === null) throw shapeError(place, 'amount.value is missing');
    return value;
  } catch (error) {
    if (error instanceof ValueError) throw shapeError(place, `amount.value: ${error.message}`);
    throw error;
  }
}

export function costEvent(bucket: Bucket, result: ResponseObject, place: string): EventRecord {
  const project = textOf(result, 'project_id', place), lineItem = textOf(result, 'line_item', place);
  const apiKeyId = textOf(result, 'api_key_id', place);
  const groups = [project, lineItem, apiKeyId];
  const event = blankEvent(0, `openai-cost:${bucket.start}:${JSON.stringify(groups)}`, bucket.start * 1000);
  return {
    ...event,
    ...agentFields(null, apiKeyId),
    model: modelFromLineItem(lineItem), project, provider: 'openai',
    requests: null,
    costReportedUsd: dollars(result, place),
  };
}

export async function fetchCosts(get: JsonGetter, request: CostRequest): Promise<EventRecord[]> {
  const groupBy = request.groupBy ?? costGroupBy;
  const events: EventRecord[] = [];
  for (const window of splitWindow(request.start, request.end, '1d', maxCostBuckets)) {
    const params: [string, string][] = [
      ['start_time', String(window.start)], ['end_time', String(window.end)],
      ['bucket_width', '1d'], ['limit', String(window.buckets)],
      ...groupBy.map((group): [string, string] => ['group_by', group]),
    ];
    const buckets = await fetchBuckets(get, { path: '/v1/organization/costs', params, apiKey: request.apiKey, baseUrl: request.baseUrl }, request.signal);
    for (const bucket of buckets) {
      bucket.results.forEach((result, index) => events.push(costEvent(bucket, result, `${bucket.place}, result ${index + 1}`)));
    }
  }
  return events;
}
