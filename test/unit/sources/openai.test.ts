import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../src/core/ingest/jsonValue';
import type { EventRecord } from '../../../src/core/ingest/normalise';
import { fetchCosts } from '../../../src/sources/openai/costs';
import { fetchCompletionsUsage } from '../../../src/sources/openai/usageCompletions';
import type { JsonGetter, JsonRequest } from '../../../src/sources/http/types';

/** A getter that serves the given bodies in order and records what it was asked. */
function fakeApi(bodies: readonly unknown[]): { get: JsonGetter; requests: JsonRequest[] } {
  const requests: JsonRequest[] = [];
  const get: JsonGetter = (request) => {
    requests.push(request);
    if (requests.length > bodies.length) return Promise.reject(new Error(`unexpected request ${request.url.href}`));
    return Promise.resolve(bodies[requests.length - 1]);
  };
  return { get, requests };
}

/** every field of a canonical event, written out here rather than taken from blankEvent */
function event(fields: Partial<EventRecord> & Pick<EventRecord, 'eventKey' | 'ts'>): EventRecord {
  return {
    kind: 'events', line: 0,
    orgId: null, orgName: null, parentOrgId: null, userId: null, userEmail: null, userName: null, role: null,
    agentId: null, agentName: null, agentType: null, agentCreatedBy: null, sessionId: null, model: null, provider: 'openai',
    project: null, requests: 1, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null,
    cacheWrite5mTokens: null, cacheWrite1hTokens: null, reasoningTokens: null, credits: null, costReportedUsd: null,
    latencyMs: null, status: 'ok', errorType: null,
    ...fields,
  };
}

const key = 'sk-admin-test';
const day1 = Date.UTC(2024, 10, 1) / 1000; // 1730419200
const day2 = Date.UTC(2024, 10, 2) / 1000;
const day3 = Date.UTC(2024, 10, 3) / 1000;
const usageUrl = 'https://api.openai.com/v1/organization/usage/completions';
const allGroups = 'group_by=model&group_by=project_id&group_by=user_id&group_by=api_key_id&group_by=api_source';

function usageResult(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    object: 'organization.usage.completions.result', input_audio_tokens: 0, output_audio_tokens: 0,
    project_id: null, user_id: null, api_key_id: null, model: null, batch: null, api_source: null, ...fields,
  };
}

describe('OpenAI usage/completions', () => {
  // three pages; the cursors hold + / = which must come back percent-encoded
  const cursor1 = 'AAAAAGdGxdEi+JdKO/AAAA==';
  const cursor2 = 'b+c=d';
  const pages = [
    {
      object: 'page', has_more: true, next_page: cursor1,
      data: [{
        object: 'bucket', start_time: day1, end_time: day2,
        results: [usageResult({
          input_tokens: 1000, input_cached_tokens: 600, input_cache_write_tokens: 150, output_tokens: 500,
          num_model_requests: 5, model: 'gpt-5.6', project_id: 'proj_a', user_id: 'user_1', api_key_id: 'key_1', api_source: 'agents_api',
        })],
      }],
    },
    {
      object: 'page', has_more: true, next_page: cursor2,
      data: [{
        object: 'bucket', start_time: day1, end_time: day2,
        // an older generated client's name for the array
        result: [usageResult({
          input_tokens: 400, input_cached_tokens: 0, input_cache_write_tokens: 0, output_tokens: 90,
          num_model_requests: 2, model: 'gpt-4o-mini', project_id: 'proj_a', user_id: 'user_2', api_key_id: 'key_2', api_source: 'unlabeled',
        })],
      }],
    },
    {
      object: 'page', has_more: false, next_page: null,
      data: [
        { object: 'bucket', start_time: day2, end_time: day3, results: [] },
        // the documented 2024 shape: no cache-write field, no dimension grouped
        { object: 'bucket', start_time: day2, end_time: day3, results: [usageResult({ input_tokens: 1000, output_tokens: 500, input_cached_tokens: 800, num_model_requests: 5 })] },
      ],
    },
  ];

  it('turns every page into one event per bucket and group, with uncached input apart from cache reads and writes', async () => {
    const { get, requests } = fakeApi(pages);
    const events = await fetchCompletionsUsage(get, { apiKey: key, start: day1, end: day3 });
    expect(events).toEqual([
      event({
        eventKey: `openai-usage:1730419200:["gpt-5.6","proj_a","user_1","key_1","agents_api"]`, ts: 1730419200000,
        model: 'gpt-5.6', project: 'proj_a', userId: 'user_1', agentId: 'openai-agents-api', agentName: 'OpenAI Agents API', agentType: 'agents_api',
        requests: 5, inputTokens: 250, cacheReadTokens: 600, cacheWriteTokens: 150, outputTokens: 500, // 1000 − 600 − 150
      }),
      event({
        eventKey: `openai-usage:1730419200:["gpt-4o-mini","proj_a","user_2","key_2","unlabeled"]`, ts: 1730419200000,
        model: 'gpt-4o-mini', project: 'proj_a', userId: 'user_2', agentId: 'openai-api-key:key_2', agentType: 'api_key',
        requests: 2, inputTokens: 400, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 90,
      }),
      event({
        eventKey: 'openai-usage:1730505600:[null,null,null,null,null]', ts: 1730505600000,
        requests: 5, inputTokens: 200, cacheReadTokens: 800, cacheWriteTokens: null, outputTokens: 500, // 1000 − 800
      }),
    ]);
    const query = `start_time=1730419200&end_time=1730592000&bucket_width=1d&limit=2&${allGroups}`;
    expect(requests.map((r) => r.url.href)).toEqual([
      `${usageUrl}?${query}`,
      `${usageUrl}?${query}&page=AAAAAGdGxdEi%2BJdKO%2FAAAA%3D%3D`,
      `${usageUrl}?${query}&page=b%2Bc%3Dd`,
    ]);
    expect(requests.map((r) => r.url.searchParams.get('page'))).toEqual([null, cursor1, cursor2]);
    for (const request of requests) expect(request.headers).toEqual({ Authorization: 'Bearer sk-admin-test' });
  });

  it('gives the same keys when an overlapping window is fetched again, so a re-fetch replaces rather than adds', async () => {
    const first = await fetchCompletionsUsage(fakeApi(pages).get, { apiKey: key, start: day1, end: day3 });
    const second = await fetchCompletionsUsage(fakeApi(pages).get, { apiKey: key, start: day1, end: day3 });
    expect(second.map((e) => e.eventKey)).toEqual(first.map((e) => e.eventKey));
    expect(new Set(first.map((e) => e.eventKey)).size).toBe(3);
  });

  it('reads JSON parsed with exact numbers (Maps and JsonNumbers) the same way', async () => {
    const { get } = fakeApi([parseJson(JSON.stringify(pages[2]))]);
    const [only] = await fetchCompletionsUsage(get, { apiKey: key, start: day2, end: day3 });
    expect(only).toEqual(event({
      eventKey: 'openai-usage:1730505600:[null,null,null,null,null]', ts: 1730505600000,
      requests: 5, inputTokens: 200, cacheReadTokens: 800, cacheWriteTokens: null, outputTokens: 500,
    }));
  });

  it('leaves uncached input and cache reads empty when the cached count is not given', async () => {
    const { get } = fakeApi([{ has_more: false, data: [{ start_time: day1, end_time: day2, results: [usageResult({ input_tokens: 70, output_tokens: 3, num_model_requests: 1 })] }] }]);
    const [only] = await fetchCompletionsUsage(get, { apiKey: key, start: day1, end: day2 });
    expect([only?.inputTokens, only?.cacheReadTokens, only?.cacheWriteTokens, only?.outputTokens]).toEqual([null, null, null, 3]);
  });

  it('refuses cached + cache-write tokens above input_tokens, naming the fields and the bucket', async () => {
    const { get } = fakeApi([{ has_more: false, data: [{ start_time: day1, end_time: day2, results: [usageResult({
      input_tokens: 100, input_cached_tokens: 80, input_cache_write_tokens: 30, output_tokens: 1, num_model_requests: 1,
    })] }] }]);
    await expect(fetchCompletionsUsage(get, { apiKey: key, start: day1, end: day2 })).rejects.toThrow(
      'usage/completions page 1, bucket 1730419200, result 1: input_cached_tokens + input_cache_write_tokens (110) exceed input_tokens (100)',
    );
  });

  it('refuses a result without a request count or with a fractional token count', async () => {
    const noRequests = fakeApi([{ has_more: false, data: [{ start_time: day1, end_time: day2, results: [usageResult({ input_tokens: 1, input_cached_tokens: 0, output_tokens: 1 })] }] }]);
    await expect(fetchCompletionsUsage(noRequests.get, { apiKey: key, start: day1, end: day2 })).rejects.toThrow('result 1: num_model_requests is missing');
    const fraction = fakeApi([{ has_more: false, data: [{ start_time: day1, end_time: day2, results: [usageResult({ input_tokens: 1.5, input_cached_tokens: 0, output_tokens: 1, num_model_requests: 1 })] }] }]);
    await expect(fetchCompletionsUsage(fraction.get, { apiKey: key, start: day1, end: day2 })).rejects.toThrow('input_tokens: expected an integer, got fraction 1.5');
  });

  it('refuses has_more without a cursor and a cursor the server already gave', async () => {
    const noCursor = fakeApi([{ has_more: true, next_page: null, data: [] }]);
    await expect(fetchCompletionsUsage(noCursor.get, { apiKey: key, start: day1, end: day2 })).rejects.toThrow('usage/completions page 1: has_more is true but next_page is not a cursor');
    const loop = fakeApi([{ has_more: true, next_page: 'x', data: [] }, { has_more: true, next_page: 'x', data: [] }]);
    await expect(fetchCompletionsUsage(loop.get, { apiKey: key, start: day1, end: day2 })).rejects.toThrow('repeats an earlier cursor');
    expect(loop.requests).toHaveLength(2);
  });

  it('splits 40 days into 31 + 9 daily buckets, end exclusive, so no day is asked twice or missed', async () => {
    const start = Date.UTC(2026, 0, 1) / 1000;
    const split = Date.UTC(2026, 1, 1) / 1000; // 31 days later
    const end = Date.UTC(2026, 1, 10) / 1000; // 9 more
    const { get, requests } = fakeApi([{ has_more: false, data: [] }, { has_more: false, data: [] }]);
    await fetchCompletionsUsage(get, { apiKey: key, start, end, groupBy: ['model'] });
    expect(requests.map((r) => r.url.href)).toEqual([
      `${usageUrl}?start_time=1767225600&end_time=1769904000&bucket_width=1d&limit=31&group_by=model`,
      `${usageUrl}?start_time=1769904000&end_time=1770681600&bucket_width=1d&limit=9&group_by=model`,
    ]);
    expect([start, split, end]).toEqual([1767225600, 1769904000, 1770681600]);
  });

  it('splits hourly windows at 168 buckets', async () => {
    const start = Date.UTC(2026, 0, 1) / 1000;
    const { get, requests } = fakeApi([{ has_more: false, data: [] }, { has_more: false, data: [] }]);
    await fetchCompletionsUsage(get, { apiKey: key, start, end: start + 200 * 3600, bucketWidth: '1h', groupBy: [] });
    expect(requests.map((r) => [r.url.searchParams.get('start_time'), r.url.searchParams.get('end_time'), r.url.searchParams.get('limit')])).toEqual([
      ['1767225600', String(1767225600 + 168 * 3600), '168'],
      [String(1767225600 + 168 * 3600), String(1767225600 + 200 * 3600), '32'],
    ]);
  });

  it('refuses a window that does not start on a UTC day and asks nothing', async () => {
    const { get, requests } = fakeApi([]);
    await expect(fetchCompletionsUsage(get, { apiKey: key, start: day1 + 3600, end: day3 })).rejects.toThrow('window start 1730422800 is not on a 1d bucket boundary (UTC)');
    expect(requests).toHaveLength(0);
  });

  it('sends the request to a replaced origin with the same path', async () => {
    const { get, requests } = fakeApi([{ has_more: false, data: [] }]);
    await fetchCompletionsUsage(get, { apiKey: key, start: day1, end: day2, groupBy: [], baseUrl: 'http://127.0.0.1:8123' });
    expect(requests[0]?.url.href).toBe('http://127.0.0.1:8123/v1/organization/usage/completions?start_time=1730419200&end_time=1730505600&bucket_width=1d&limit=1');
  });
});

describe('OpenAI costs', () => {
  const costsUrl = 'https://api.openai.com/v1/organization/costs';
  const body = `{"object":"page","has_more":false,"next_page":null,"data":[
    {"object":"bucket","start_time":1730419200,"end_time":1730505600,"results":[
      {"object":"organization.costs.result","amount":{"value":0.06,"currency":"usd"},"line_item":"Image models","project_id":"proj_abc","api_key_id":null},
      {"object":"organization.costs.result","amount":{"value":12.3456789012345678901,"currency":"usd"},"line_item":"gpt-4o-2024-08-06, input","project_id":"proj_abc","api_key_id":"key_9"}
    ]}]}`;

  it('turns each bucket and group into a cost-only event with exact dollars and the model of a <model>, <kind> line item', async () => {
    const { get, requests } = fakeApi([parseJson(body)]);
    const events = await fetchCosts(get, { apiKey: key, start: day1, end: day2 });
    expect(events).toEqual([
      event({
        eventKey: 'openai-cost:1730419200:["proj_abc","Image models",null]', ts: 1730419200000,
        project: 'proj_abc', requests: null, costReportedUsd: 0.06,
      }),
      event({
        eventKey: 'openai-cost:1730419200:["proj_abc","gpt-4o-2024-08-06, input","key_9"]', ts: 1730419200000,
        project: 'proj_abc', model: 'gpt-4o-2024-08-06', agentId: 'openai-api-key:key_9', agentType: 'api_key',
        requests: null, costReportedUsd: 12.345678901234567, // the double nearest the 21 written digits
      }),
    ]);
    expect(requests.map((r) => r.url.href)).toEqual([
      `${costsUrl}?start_time=1730419200&end_time=1730505600&bucket_width=1d&limit=1&group_by=project_id&group_by=line_item&group_by=api_key_id`,
    ]);
    expect(requests[0]?.headers).toEqual({ Authorization: 'Bearer sk-admin-test' });
  });

  it('refuses a currency other than usd and an amount that is not a number', async () => {
    const euro = fakeApi([{ has_more: false, data: [{ start_time: day1, end_time: day2, results: [{ amount: { value: 1, currency: 'eur' }, line_item: null, project_id: null }] }] }]);
    await expect(fetchCosts(euro.get, { apiKey: key, start: day1, end: day2 })).rejects.toThrow('costs page 1, bucket 1730419200, result 1: amount.currency: expected usd, got "eur"');
    const text = fakeApi([{ has_more: false, data: [{ start_time: day1, end_time: day2, results: [{ amount: { value: 'NaN', currency: 'usd' } }] }] }]);
    await expect(fetchCosts(text.get, { apiKey: key, start: day1, end: day2 })).rejects.toThrow('costs page 1, bucket 1730419200, result 1: amount.value: expected an amount in dollars, got "NaN"');
  });

  it('splits 200 days into 180 + 20 daily buckets', async () => {
    const start = Date.UTC(2026, 0, 1) / 1000;
    const { get, requests } = fakeApi([{ has_more: false, data: [] }, { has_more: false, data: [] }]);
    await fetchCosts(get, { apiKey: key, start, end: start + 200 * 86_400, groupBy: [] });
    expect(requests.map((r) => r.url.href)).toEqual([
      `${costsUrl}?start_time=1767225600&end_time=${1767225600 + 180 * 86_400}&bucket_width=1d&limit=180`,
      `${costsUrl}?start_time=${1767225600 + 180 * 86_400}&end_time=${1767225600 + 200 * 86_400}&bucket_width=1d&limit=20`,
    ]);
  });
});
