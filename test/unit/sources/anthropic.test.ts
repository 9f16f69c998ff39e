/**
 * Anthropic Admin API usage and cost reports → canonical events, over a fake JsonGetter that serves
 * responses written by hand from the documented shapes (data-sources-and-anchors B4, real-exports §4).
 */
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src/core/ingest/normalise';
import { fetchCostReport } from '../../../src/sources/anthropic/costReport';
import { fetchUsageReport } from '../../../src/sources/anthropic/usageReport';
import { FetchError, type JsonGetter } from '../../../src/sources/http/types';

const config = { apiKey: 'sk-ant-admin01-test' };
const headers = { 'x-api-key': 'sk-ant-admin01-test', 'anthropic-version': '2023-06-01' };
const day = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));

interface Served {
  url: string;
  headers: Record<string, string>;
}

/** Serves `pages[starting_at + '|' + (page ?? '')]`, records every request; an unexpected request fails the test. */
function fakeGetter(pages: Record<string, unknown>): { get: JsonGetter; served: Served[] } {
  const served: Served[] = [];
  const get: JsonGetter = (request) => {
    served.push({ url: request.url.href, headers: { ...request.headers } });
    const key = `${request.url.searchParams.get('starting_at')}|${request.url.searchParams.get('page') ?? ''}`;
    if (!(key in pages)) return Promise.reject(new Error(`unexpected request ${key}`));
    return Promise.resolve(pages[key]);
  };
  return { get, served };
}

/** Every field unknown: what an API row leaves empty stays null (written out here, not taken from the code). */
function event(eventKey: string, ts: number, fields: Partial<EventRecord>): EventRecord {
  return {
    kind: 'events', line: 0, eventKey, ts,
    orgId: null, orgName: null, parentOrgId: null, userId: null, userEmail: null, userName: null, role: null,
    agentId: null, agentName: null, agentType: null, agentCreatedBy: null, sessionId: null, model: null, provider: 'anthropic',
    project: null, requests: null, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null,
    cacheWrite5mTokens: null, cacheWrite1hTokens: null, reasoningTokens: null, credits: null, costReportedUsd: null,
    latencyMs: null, status: 'ok', errorType: null,
    ...fields,
  };
}

const usageBase = 'https://api.anthropic.com/v1/organizations/usage_report/messages';
const usageGroups = 'group_by%5B%5D=model&group_by%5B%5D=api_key_id&group_by%5B%5D=workspace_id';

const usagePages = {
  '2025-08-01T00:00:00Z|': {
    data: [
      {
        starting_at: '2025-08-01T00:00:00Z',
        ending_at: '2025-08-02T00:00:00Z',
        results: [
          {
            api_key_id: 'apikey_01A', workspace_id: 'wrkspc_01W', model: 'claude-sonnet-4-20250514',
            service_tier: null, context_window: null,
            uncached_input_tokens: 1500, cache_creation: { ephemeral_1h_input_tokens: 1000, ephemeral_5m_input_tokens: 500 },
            cache_read_input_tokens: 200, output_tokens: 500, server_tool_use: { web_search_requests: 10 },
          },
          {
            // the default workspace has no id
            api_key_id: 'apikey_01B', workspace_id: null, model: 'claude-haiku-4-5-20251001',
            uncached_input_tokens: 40, cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 7 },
            cache_read_input_tokens: 0, output_tokens: 9,
          },
        ],
      },
    ],
    has_more: true,
    next_page: 'page_MjAyNS0w+/=',
  },
  '2025-08-01T00:00:00Z|page_MjAyNS0w+/=': {
    data: [
      { starting_at: '2025-08-02T00:00:00Z', ending_at: '2025-08-03T00:00:00Z', results: [] },
      {
        starting_at: '2025-08-03T00:00:00Z',
        ending_at: '2025-08-04T00:00:00Z',
        results: [
          {
            api_key_id: 'apikey_01A', workspace_id: 'wrkspc_01W', model: 'claude-sonnet-4-20250514',
            uncached_input_tokens: 3, cache_creation: { ephemeral_1h_input_tokens: 2000, ephemeral_5m_input_tokens: 0 },
            cache_read_input_tokens: 11, output_tokens: 4,
          },
        ],
      },
    ],
    has_more: false,
    next_page: null,
  },
};

describe('usage report', () => {
  it('turns two pages into one event per bucket and group; the empty bucket gives none', async () => {
    const { get, served } = fakeGetter(usagePages);
    const events = await fetchUsageReport(get, config, { from: day('2025-08-01'), to: day('2025-08-04') });
    expect(events).toEqual([
      event('anthropic-usage:2025-08-01T00:00:00Z:claude-sonnet-4-20250514:apikey_01A:wrkspc_01W', day('2025-08-01'), {
        model: 'claude-sonnet-4-20250514', project: 'wrkspc_01W',
        inputTokens: 1500, cacheReadTokens: 200, cacheWriteTokens: 1500, cacheWrite5mTokens: 500, cacheWrite1hTokens: 1000, outputTokens: 500,
      }),
      event('anthropic-usage:2025-08-01T00:00:00Z:claude-haiku-4-5-20251001:apikey_01B:', day('2025-08-01'), {
        model: 'claude-haiku-4-5-20251001', project: null,
        inputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 7, cacheWrite5mTokens: 7, cacheWrite1hTokens: 0, outputTokens: 9,
      }),
      event('anthropic-usage:2025-08-03T00:00:00Z:claude-sonnet-4-20250514:apikey_01A:wrkspc_01W', day('2025-08-03'), {
        model: 'claude-sonnet-4-20250514', project: 'wrkspc_01W',
        inputTokens: 3, cacheReadTokens: 11, cacheWriteTokens: 2000, cacheWrite5mTokens: 0, cacheWrite1hTokens: 2000, outputTokens: 4,
      }),
    ]);
    const query = `starting_at=2025-08-01T00%3A00%3A00Z&ending_at=2025-08-04T00%3A00%3A00Z&bucket_width=1d&limit=31&${usageGroups}`;
    expect(served).toEqual([
      { url: `${usageBase}?${query}`, headers },
      // the cursor goes back exactly as given, URL-encoded
      { url: `${usageBase}?${query}&page=page_MjAyNS0w%2B%2F%3D`, headers },
    ]);
  });

  it('leaves cache writes unknown when a result has no cache_creation, and the request count unknown (null, not 0)', async () => {
    const { get } = fakeGetter({
      '2025-08-01T00:00:00Z|': {
        data: [{ starting_at: '2025-08-01T00:00:00Z', ending_at: '2025-08-02T00:00:00Z', results: [{ model: 'm', api_key_id: 'k', workspace_id: 'w', uncached_input_tokens: 5, cache_read_input_tokens: 6, output_tokens: 7 }] }],
        has_more: false, next_page: null,
      },
    });
    const [only] = await fetchUsageReport(get, config, { from: day('2025-08-01'), to: day('2025-08-02') });
    expect(only).toEqual(event('anthropic-usage:2025-08-01T00:00:00Z:m:k:w', day('2025-08-01'), {
      model: 'm', project: 'w', inputTokens: 5, cacheReadTokens: 6, outputTokens: 7,
    }));
  });

  it('re-fetching an overlapping window gives the same keys for the same buckets', async () => {
    const first = await fetchUsageReport(fakeGetter(usagePages).get, config, { from: day('2025-08-01'), to: day('2025-08-04') });
    const again = await fetchUsageReport(fakeGetter(usagePages).get, config, { from: day('2025-08-01'), to: day('2025-08-04') });
    expect(again.map((e) => e.eventKey)).toEqual(first.map((e) => e.eventKey));
    expect(new Set(first.map((e) => e.eventKey)).size).toBe(3);
  });

  it('splits a 63-day window into pieces of at most 31 daily buckets', async () => {
    const empty = { data: [], has_more: false, next_page: null };
    const { get, served } = fakeGetter({
      '2025-01-01T00:00:00Z|': empty,
      '2025-02-01T00:00:00Z|': empty,
      '2025-03-04T00:00:00Z|': empty,
    });
    // 2025-01-01 .. 2025-03-05 is 31 + 28 + 4 = 63 days: 31, 31, then 1
    expect(await fetchUsageReport(get, config, { from: day('2025-01-01'), to: day('2025-03-05') })).toEqual([]);
    expect(served.map((s) => s.url)).toEqual([
      `${usageBase}?starting_at=2025-01-01T00%3A00%3A00Z&ending_at=2025-02-01T00%3A00%3A00Z&bucket_width=1d&limit=31&${usageGroups}`,
      `${usageBase}?starting_at=2025-02-01T00%3A00%3A00Z&ending_at=2025-03-04T00%3A00%3A00Z&bucket_width=1d&limit=31&${usageGroups}`,
      `${usageBase}?starting_at=2025-03-04T00%3A00%3A00Z&ending_at=2025-03-05T00%3A00%3A00Z&bucket_width=1d&limit=31&${usageGroups}`,
    ]);
  });

  it('widens a window that does not start or end at UTC midnight to whole UTC days', async () => {
    const { get, served } = fakeGetter({ '2025-08-01T00:00:00Z|': { data: [], has_more: false, next_page: null } });
    await fetchUsageReport(get, config, { from: day('2025-08-01') + 10 * 3_600_000, to: day('2025-08-02') + 5 * 3_600_000 });
    expect(served.map((s) => new URL(s.url).searchParams.get('ending_at'))).toEqual(['2025-08-03T00:00:00Z']);
  });

  it('a bad token count is an error naming the bucket, the result and the field', async () => {
    const { get } = fakeGetter({
      '2025-08-01T00:00:00Z|': {
        data: [{ starting_at: '2025-08-01T00:00:00Z', ending_at: '2025-08-02T00:00:00Z', results: [{ model: 'm', uncached_input_tokens: 1.5 }] }],
        has_more: false, next_page: null,
      },
    });
    const failure = fetchUsageReport(get, config, { from: day('2025-08-01'), to: day('2025-08-02') });
    await expect(failure).rejects.toThrow(FetchError);
    await expect(failure).rejects.toThrow(
      '/v1/organizations/usage_report/messages 2025-08-01T00:00:00Z..2025-08-02T00:00:00Z page 1, bucket 2025-08-01T00:00:00Z, result 1: uncached_input_tokens: expected an integer, got fraction 1.5',
    );
  });

  it('a page without "data" or a "has_more" without "next_page" is an error naming the page', async () => {
    const window = { from: day('2025-08-01'), to: day('2025-08-02') };
    await expect(fetchUsageReport(fakeGetter({ '2025-08-01T00:00:00Z|': { error: 'x' } }).get, config, window)).rejects.toThrow(
      '/v1/organizations/usage_report/messages 2025-08-01T00:00:00Z..2025-08-02T00:00:00Z page 1: response has no "data" list',
    );
    await expect(fetchUsageReport(fakeGetter({ '2025-08-01T00:00:00Z|': { data: [], has_more: true, next_page: null } }).get, config, window)).rejects.toThrow(
      'page 1: "has_more" is true but "next_page" is missing',
    );
  });

  it('sends to the configured base URL, and a cancel during page 1 stops before page 2', async () => {
    const controller = new AbortController();
    const served: string[] = [];
    const get: JsonGetter = (request, signal) => {
      served.push(request.url.href);
      expect(signal).toBe(controller.signal);
      controller.abort(new Error('cancelled by test'));
      return Promise.resolve(usagePages['2025-08-01T00:00:00Z|']);
    };
    const window = { from: day('2025-08-01'), to: day('2025-08-04') };
    await expect(fetchUsageReport(get, { ...config, baseUrl: 'http://127.0.0.1:8123' }, window, controller.signal)).rejects.toThrow('cancelled by test');
    expect(served).toEqual([
      `http://127.0.0.1:8123/v1/organizations/usage_report/messages?starting_at=2025-08-01T00%3A00%3A00Z&ending_at=2025-08-04T00%3A00%3A00Z&bucket_width=1d&limit=31&${usageGroups}`,
    ]);
  });

  it('two results for one bucket and group are refused, not silently collapsed', async () => {
    const result = { model: 'm', api_key_id: 'k', workspace_id: 'w', uncached_input_tokens: 1, cache_read_input_tokens: 0, output_tokens: 1 };
    const { get } = fakeGetter({
      '2025-08-01T00:00:00Z|': { data: [{ starting_at: '2025-08-01T00:00:00Z', ending_at: '2025-08-02T00:00:00Z', results: [result, result] }], has_more: false, next_page: null },
    });
    await expect(fetchUsageReport(get, config, { from: day('2025-08-01'), to: day('2025-08-02') })).rejects.toThrow('two results for the same bucket and group');
  });
});

const costBase = 'https://api.anthropic.com/v1/organizations/cost_report';

describe('cost report', () => {
  it('turns cents strings into exact dollars, one cost-only event per bucket and group', async () => {
    const { get, served } = fakeGetter({
      '2025-08-01T00:00:00Z|': {
        data: [
          {
            starting_at: '2025-08-01T00:00:00Z',
            ending_at: '2025-08-02T00:00:00Z',
            results: [
              {
                amount: '1234.5678', currency: 'USD', cost_type: 'tokens', description: 'Claude Sonnet 4 Usage - Input Tokens',
                model: 'claude-sonnet-4-20250514', service_tier: 'standard', context_window: '0-200k', token_type: 'uncached_input_tokens',
                workspace_id: 'wrkspc_01W',
              },
              {
                amount: '123.78912', currency: 'USD', cost_type: 'web_search', description: 'Web Search',
                model: null, service_tier: null, context_window: null, token_type: null, workspace_id: null,
              },
            ],
          },
          { starting_at: '2025-08-02T00:00:00Z', ending_at: '2025-08-03T00:00:00Z', results: [] },
        ],
        has_more: false,
        next_page: null,
      },
    });
    const events = await fetchCostReport(get, config, { from: day('2025-08-01'), to: day('2025-08-03') });
    expect(events).toEqual([
      event('anthropic-cost:2025-08-01T00:00:00Z:Claude Sonnet 4 Usage - Input Tokens:wrkspc_01W', day('2025-08-01'), {
        model: 'claude-sonnet-4-20250514', project: 'wrkspc_01W', costReportedUsd: 12.345678,
      }),
      event('anthropic-cost:2025-08-01T00:00:00Z:Web Search:', day('2025-08-01'), { costReportedUsd: 1.2378912 }),
    ]);
    expect(served).toEqual([
      {
        url: `${costBase}?starting_at=2025-08-01T00%3A00%3A00Z&ending_at=2025-08-03T00%3A00%3A00Z&bucket_width=1d&limit=31&group_by%5B%5D=description&group_by%5B%5D=workspace_id`,
        headers,
      },
    ]);
  });

  it('an amount that is not cents, or another currency, is an error naming the field', async () => {
    const serve = (result: object) =>
      fakeGetter({ '2025-08-01T00:00:00Z|': { data: [{ starting_at: '2025-08-01T00:00:00Z', ending_at: '2025-08-02T00:00:00Z', results: [result] }], has_more: false, next_page: null } }).get;
    const window = { from: day('2025-08-01'), to: day('2025-08-02') };
    await expect(fetchCostReport(serve({ amount: '12,5', currency: 'USD', description: 'd' }), config, window)).rejects.toThrow(
      'bucket 2025-08-01T00:00:00Z, result 1: amount: expected an amount in cents, got "12,5"',
    );
    await expect(fetchCostReport(serve({ amount: null, currency: 'USD', description: 'd' }), config, window)).rejects.toThrow('result 1: amount: required amount is empty');
    await expect(fetchCostReport(serve({ amount: '1', currency: 'EUR', description: 'd' }), config, window)).rejects.toThrow('result 1: currency: expected USD, got "EUR"');
  });

  it('a server that repeats its cursor is stopped by the loop guard', async () => {
    const repeating = { data: [], has_more: true, next_page: 'same' };
    const { get, served } = fakeGetter({ '2025-08-01T00:00:00Z|': repeating, '2025-08-01T00:00:00Z|same': repeating });
    await expect(fetchCostReport(get, config, { from: day('2025-08-01'), to: day('2025-08-02') })).rejects.toThrow('repeats an earlier cursor');
    expect(served).toHaveLength(2);
  });
});
