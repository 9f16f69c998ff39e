/**
 * The provider APIs the CLI can fetch from, by name: what each fetches, the environment variable its key
 * comes from, and how a window becomes canonical events. Usage and billed cost are separate sources: both
 * describe the same spend (see README, cost modes).
 */
import type { EventRecord } from '../core/ingest/normalise';
import { fetchCostReport } from './anthropic/costReport';
import { fetchUsageReport } from './anthropic/usageReport';
import type { JsonGetter } from './http/types';
import { fetchCosts } from './openai/costs';
import { fetchCompletionsUsage } from './openai/usageCompletions';

export interface FetchContext {
  get: JsonGetter;
  apiKey: string;
  baseUrl?: string;
  /** half-open [from, to), epoch ms on UTC day boundaries */
  window: { from: number; to: number };
  signal?: AbortSignal;
}

export interface FetchSource {
  id: string;
  label: string;
  /** where the key comes from in the CLI */
  envKey: string;
  /** the events' `source` column */
  format: string;
  fetch(context: FetchContext): Promise<EventRecord[]>;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export const fetchSources: readonly FetchSource[] = [
  {
    id: 'anthropic', label: 'Anthropic Admin API usage', envKey: 'ANTHROPIC_ADMIN_KEY', format: 'anthropic-usage',
    fetch: ({ get, apiKey, baseUrl, window, signal }) => fetchUsageReport(get, { apiKey, baseUrl }, window, signal),
  },
  {
    id: 'anthropic-cost', label: 'Anthropic Admin API cost report', envKey: 'ANTHROPIC_ADMIN_KEY', format: 'anthropic-cost',
    fetch: ({ get, apiKey, baseUrl, window, signal }) => fetchCostReport(get, { apiKey, baseUrl }, window, signal),
  },
  {
    id: 'openai', label: 'OpenAI Admin API usage (completions)', envKey: 'OPENAI_ADMIN_KEY', format: 'openai-usage',
    fetch: ({ get, apiKey, baseUrl, window, signal }) => fetchCompletionsUsage(get, { apiKey, baseUrl, signal, start: seconds(window.from), end: seconds(window.to) }),
  },
  {
    id: 'openai-cost', label: 'OpenAI Admin API costs', envKey: 'OPENAI_ADMIN_KEY', format: 'openai-cost',
    fetch: ({ get, apiKey, baseUrl, window, signal }) => fetchCosts(get, { apiKey, baseUrl, signal, start: seconds(window.from), end: seconds(window.to) }),
  },
];

export function fetchSourceById(id: string): FetchSource | undefined {
  return fetchSources.find((source) => source.id === id);
}
