/**
 * `--fetch litellm` against a loopback server serving the LiteLLM proxy's documented shapes
 * (`SpendAnalyticsPaginatedResponse` of `/user/daily/activity`, `LiteLLM_SpendLogs` rows of
 * `/spend/logs/v2`), written here by hand. Expected figures are worked out in the comments.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src/core/ingest/normalise';
import { fetchSourceById } from '../../../src/sources/fetchSources';
import { createJsonGetter } from '../../../src/sources/http/client';
import { FetchError } from '../../../src/sources/http/types';
import { fetchDailyActivity } from '../../../src/sources/litellm/dailyActivity';
import { fetchSpendLogs } from '../../../src/sources/litellm/spendLogs';

const key = 'sk-litellm-master-never-printed';
const nov = (day: number) => Date.UTC(2026, 10, day);

/** what the next request to a path is answered with, by `page` (1-based); absent pages are an error */
let routes: Record<string, (page: number, url: URL) => unknown> = {};
const seen: { url: URL; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://127.0.0.1');
    seen.push({ url, headers: request.headers });
    if (request.headers.authorization !== `Bearer ${key}`) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'Authentication Error, Invalid proxy server token passed.', type: 'auth_error', code: '401' } }));
      return;
    }
    const route = routes[url.pathname];
    const body = route?.(Number(url.searchParams.get('page') ?? '1'), url);
    if (body === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"detail":"Not Found"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  routes = {};
});

/** SpendMetrics as the proxy writes it (every field present, total = prompt + completion) */
function metrics(m: { spend: number; prompt: number; completion: number; read: number; write: number; requests: number; failed: number }) {
  return {
    spend: m.spend, flat_cost: 0, prompt_tokens: m.prompt, completion_tokens: m.completion, total_tokens: m.prompt + m.completion,
    cache_read_input_tokens: m.read, cache_creation_input_tokens: m.write, api_requests: m.requests,
    successful_requests: m.requests - m.failed, failed_requests: m.failed, total_response_time_ms: 0, timed_requests: 0,
  };
}

function page(number: number, totalPages: number, results: unknown[]) {
  return { results, metadata: { total_spend: 0, page: number, total_pages: totalPages, has_more: number < totalPages } };
}

const hk1 = { key_alias: 'ci-bot', team_id: 'team-a', user_id: 'u-ann', user_email: 'ann@example.com', key_exists: true };
const hk2 = { key_alias: 'nightly', team_id: 'team-b', user_id: 'u-bob', user_email: null, key_exists: true };

// Nov 2 comes in two parts (pages 1 and 2) for the same model and key; Nov 1 in two parts (pages 2 and 3)
// for two models, the second without a per-key split.
const claudeDay2a = { spend: 0.5, prompt: 1000, completion: 200, read: 300, write: 100, requests: 4, failed: 1 };
const claudeDay2b = { spend: 0.25, prompt: 500, completion: 100, read: 0, write: 0, requests: 2, failed: 0 };
const gptKey2 = { spend: 0.006, prompt: 500, completion: 30, read: 400, write: 0, requests: 3, failed: 0 };
const gptKey3 = { spend: 0.004, prompt: 300, completion: 20, read: 200, write: 0, requests: 2, failed: 0 };
const gptModel = { spend: 0.01, prompt: 800, completion: 50, read: 600, write: 0, requests: 5, failed: 0 };
const local = { spend: 0, prompt: 100, completion: 10, read: 0, write: 0, requests: 1, failed: 0 };

const dailyPages = [
  page(1, 3, [{
    date: '2026-11-02', metrics: metrics(claudeDay2a),
    breakdown: { models: { 'claude-sonnet-4-20250514': { metrics: metrics(claudeDay2a), metadata: {}, api_key_breakdown: { hk1: { metrics: metrics(claudeDay2a), metadata: hk1 } } } }, providers: {}, api_keys: {}, entities: {} },
  }]),
  page(2, 3, [
    {
      date: '2026-11-02', metrics: metrics(claudeDay2b),
      breakdown: { models: { 'claude-sonnet-4-20250514': { metrics: metrics(claudeDay2b), metadata: {}, api_key_breakdown: { hk1: { metrics: metrics(claudeDay2b), metadata: hk1 } } } } },
    },
    {
      date: '2026-11-01', metrics: metrics(gptModel),
      breakdown: { models: { 'gpt-4o': { metrics: metrics(gptModel), metadata: {}, api_key_breakdown: { hk2: { metrics: metrics(gptKey2), metadata: hk2 }, hk3: { metrics: metrics(gptKey3), metadata: {} } } } } },
    },
  ]),
  page(3, 3, [{
    date: '2026-11-01', metrics: metrics(local),
    breakdown: { models: { 'local/mistral-7b': { metrics: metrics(local), metadata: {} } } },
  }]),
];

/** every field of a canonical event, written out here rather than taken from blankEvent */
function event(fields: Partial<EventRecord> & Pick<EventRecord, 'eventKey' | 'ts'>): EventRecord {
  return {
    kind: 'events', line: 0,
    orgId: null, orgName: null, parentOrgId: null, userId: null, userEmail: null, userName: null, role: null,
    agentId: null, agentName: null, agentType: null, agentCreatedBy: null, sessionId: null, model: null, provider: null,
    project: null, requests: 1, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null,
    cacheWrite5mTokens: null, cacheWrite1hTokens: null, reasoningTokens: null, credits: null, costReportedUsd: null,
    latencyMs: null, status: 'ok', errorType: null,
    ...fields,
  };
}

const get = createJsonGetter({ maxAttempts: 1 });
const window = { from: nov(1), to: nov(3) };

describe('LiteLLM daily activity', () => {
  it('reads all three pages into one event per day × model × key, summing a group split over pages', async () => {
    routes['/user/daily/activity'] = (n) => dailyPages[n - 1];
    const events = await fetchDailyActivity(get, { apiKey: key, baseUrl: base, ...window });
    const owner1 = { userId: 'u-ann', userEmail: 'ann@example.com', orgId: 'team-a', agentId: 'litellm-key:hk1', agentName: 'ci-bot', agentType: 'api_key' };
    expect(events).toEqual([
      event({
        eventKey: 'litellm:2026-11-01:["gpt-4o","hk2"]', ts: nov(1), model: 'gpt-4o',
        userId: 'u-bob', orgId: 'team-b', agentId: 'litellm-key:hk2', agentName: 'nightly', agentType: 'api_key',
        requests: 3, inputTokens: 100, cacheReadTokens: 400, cacheWriteTokens: 0, outputTokens: 30, costReportedUsd: 0.006, // 500 − 400 − 0
      }),
      event({
        eventKey: 'litellm:2026-11-01:["gpt-4o","hk3"]', ts: nov(1), model: 'gpt-4o', agentId: 'litellm-key:hk3', agentType: 'api_key',
        requests: 2, inputTokens: 100, cacheReadTokens: 200, cacheWriteTokens: 0, outputTokens: 20, costReportedUsd: 0.004, // 300 − 200
      }),
      // no per-key split; spend 0 on 110 tokens is LiteLLM's "no price", so unknown
      event({
        eventKey: 'litellm:2026-11-01:["local/mistral-7b",null]', ts: nov(1), model: 'local/mistral-7b',
        requests: 1, inputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 10, costReportedUsd: null,
      }),
      // pages 1 + 2: prompt 1500, read 300, write 100, output 300, 6 requests of which 1 failed, spend 0.75
      event({
        eventKey: 'litellm:2026-11-02:["claude-sonnet-4-20250514","hk1"]', ts: nov(2), model: 'claude-sonnet-4-20250514', ...owner1,
        requests: 5, inputTokens: 1100, cacheReadTokens: 300, cacheWriteTokens: 100, outputTokens: 300, costReportedUsd: 0.75, // 1500 − 300 − 100
      }),
      event({
        eventKey: 'litellm:2026-11-02:["claude-sonnet-4-20250514","hk1"]:failed', ts: nov(2), model: 'claude-sonnet-4-20250514', ...owner1,
        requests: 1, status: 'error', errorType: 'failed_request',
      }),
    ]);
    expect(seen.map((r) => r.url.search)).toEqual([1, 2, 3].map((n) => `?start_date=2026-11-01&end_date=2026-11-02&page=${n}&page_size=1000`));
    for (const request of seen) expect(request.headers.authorization).toBe(`Bearer ${key}`);
  });

  it('gives the same keys on a second fetch, so storing it again replaces rather than adds', async () => {
    routes['/user/daily/activity'] = (n) => dailyPages[n - 1];
    const first = await fetchDailyActivity(get, { apiKey: key, baseUrl: base, ...window });
    const second = await fetchDailyActivity(get, { apiKey: key, baseUrl: base, ...window });
    expect(second.map((e) => e.eventKey)).toEqual(first.map((e) => e.eventKey));
    expect(new Set(first.map((e) => e.eventKey)).size).toBe(5);
  });

  it('keeps totals exact: a day whose models do not add up stays one row, a model whose keys do not add up has no key', async () => {
    // the day holds an MCP call (no model) with 1 request and $0.002 beyond its one model
    const model = { spend: 0.02, prompt: 40, completion: 4, read: 0, write: 0, requests: 2, failed: 0 };
    const day = { ...model, spend: 0.022, requests: 3 };
    // the proxy cut the key split to its top key: 1 of the model's 2 requests
    const cut = { ...model, spend: 0.01, prompt: 20, completion: 2, requests: 1 };
    routes['/user/daily/activity'] = () => page(1, 1, [
      { date: '2026-11-01', metrics: metrics(day), breakdown: { models: { 'gpt-4o': { metrics: metrics(model), api_key_breakdown: { hk2: { metrics: metrics(cut), metadata: hk2 } } } } } },
      { date: '2026-11-02', metrics: metrics(model), breakdown: { models: { 'gpt-4o': { metrics: metrics(model), api_key_breakdown: { hk2: { metrics: metrics(cut), metadata: hk2 } } } } } },
    ]);
    const events = await fetchDailyActivity(get, { apiKey: key, baseUrl: base, ...window });
    expect(events).toEqual([
      event({ eventKey: 'litellm:2026-11-01:[null,null]', ts: nov(1), requests: 3, inputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 4, costReportedUsd: 0.022 }),
      event({ eventKey: 'litellm:2026-11-02:["gpt-4o",null]', ts: nov(2), model: 'gpt-4o', requests: 2, inputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 4, costReportedUsd: 0.02 }),
    ]);
  });

  it('books provisioned-throughput flat cost as its own event per model, outside the key split', async () => {
    const used = { spend: 0.02, prompt: 40, completion: 4, read: 0, write: 0, requests: 2, failed: 0 };
    const withFlat = (m: typeof used, flat: number) => ({ ...metrics(m), flat_cost: flat });
    const none = { spend: 0, prompt: 0, completion: 0, read: 0, write: 0, requests: 0, failed: 0 };
    // the day: gpt-4o's usage plus $12.50 of its PTU, and a PTU deployment with only its $30 flat cost
    routes['/user/daily/activity'] = () => page(1, 1, [{
      date: '2026-11-01', metrics: withFlat(used, 42.5),
      breakdown: { models: {
        'gpt-4o': { metrics: withFlat(used, 12.5), api_key_breakdown: { hk2: { metrics: withFlat(used, 0), metadata: hk2 } } },
        'ptu-east': { metrics: withFlat(none, 30) },
      } },
    }]);
    const events = await fetchDailyActivity(get, { apiKey: key, baseUrl: base, ...window });
    expect(events).toEqual([
      event({
        eventKey: 'litellm:2026-11-01:["gpt-4o","hk2"]', ts: nov(1), model: 'gpt-4o', userId: 'u-bob', orgId: 'team-b', agentId: 'litellm-key:hk2', agentName: 'nightly', agentType: 'api_key',
        requests: 2, inputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 4, costReportedUsd: 0.02,
      }),
      event({ eventKey: 'litellm:2026-11-01:["gpt-4o",null]:flat-cost', ts: nov(1), model: 'gpt-4o', requests: null, costReportedUsd: 12.5 }),
      event({ eventKey: 'litellm:2026-11-01:["ptu-east",null]:flat-cost', ts: nov(1), model: 'ptu-east', requests: null, costReportedUsd: 30 }),
    ]);
  });

  it('reads the first shape (figures on the model entry, no cache fields) with the cache split unknown', async () => {
    routes['/user/daily/activity'] = () => ({
      results: [{
        date: '2026-11-01',
        metrics: { spend: 0.0177, prompt_tokens: 111, completion_tokens: 1711, total_tokens: 1822, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, api_requests: 11, successful_requests: 11, failed_requests: 0 },
        breakdown: { models: { 'gpt-4o-mini': { spend: 0.0177, prompt_tokens: 111, completion_tokens: 1711, total_tokens: 1822, api_requests: 11 } }, providers: {}, api_keys: {}, entities: {} },
      }],
      metadata: { total_spend: 0.0177, page: 1, total_pages: 1, has_more: false },
    });
    const events = await fetchDailyActivity(get, { apiKey: key, baseUrl: base, ...window });
    expect(events).toEqual([event({
      eventKey: 'litellm:2026-11-01:["gpt-4o-mini",null]', ts: nov(1), model: 'gpt-4o-mini',
      requests: 11, inputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, outputTokens: 1711, costReportedUsd: 0.0177,
    })]);
  });

  it('refuses a day outside the window, cache above the prompt, and a proxy that ignores the page asked for', async () => {
    routes['/user/daily/activity'] = () => page(1, 1, [{ date: '2026-10-31', metrics: metrics(local) }]);
    await expect(fetchDailyActivity(get, { apiKey: key, baseUrl: base, ...window })).rejects.toThrow(
      'user/daily/activity page 1, result 1: day 2026-10-31 is outside the asked window 2026-11-01 to 2026-11-02',
    );
    routes['/user/daily/activity'] = () => page(1, 1, [{ date: '2026-11-01', metrics: metrics({ ...local, read: 90, write: 20 }) }]);
    await expect(fetchDailyActivity(get, { apiKey: key, baseUrl: base, ...window })).rejects.toThrow(
      'user/daily/activity 2026-11-01: "prompt_tokens" (100) includes "cache_read_input_tokens" + "cache_creation_input_tokens" (110) for this source, so it cannot be smaller than them',
    );
    routes['/user/daily/activity'] = () => page(1, 2, []);
    await expect(fetchDailyActivity(get, { apiKey: key, baseUrl: base, ...window })).rejects.toThrow('user/daily/activity page 2: asked for page 2, the proxy answered page 1');
  });

  it('refuses a 200 whose body is not the documented shape, naming the endpoint and page', async () => {
    routes['/user/daily/activity'] = (n) => (n === 1 ? dailyPages[0] : { detail: 'ok' });
    await expect(fetchDailyActivity(get, { apiKey: key, baseUrl: base, ...window })).rejects.toThrow('user/daily/activity page 2: expected results to be an array');
  });

  it('Cancel during page 2 stops: the fetch rejects and page 3 is never asked for', async () => {
    const controller = new AbortController();
    routes['/user/daily/activity'] = (n) => {
      if (n === 2) controller.abort(new Error('cancelled by the user'));
      return dailyPages[n - 1];
    };
    await expect(fetchDailyActivity(get, { apiKey: key, baseUrl: base, ...window, signal: controller.signal })).rejects.toThrow('cancelled by the user');
    expect(seen.map((r) => r.url.searchParams.get('page'))).toEqual(['1', '2']);
  });

  it('a wrong key is a FetchError with the status, naming the endpoint and never the key', async () => {
    routes['/user/daily/activity'] = (n) => dailyPages[n - 1];
    const failure = await fetchDailyActivity(get, { apiKey: 'sk-wrong-key-123', baseUrl: base, ...window }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FetchError);
    expect((failure as FetchError).status).toBe(401);
    expect((failure as FetchError).message).toContain('/user/daily/activity: HTTP 401');
    expect((failure as FetchError).message).not.toContain('sk-wrong-key-123');
    expect(seen).toHaveLength(1);
  });
});

describe('LiteLLM spend logs (request-level detail)', () => {
  /** a LiteLLM_SpendLogs row with the columns of schema.prisma */
  function row(fields: Record<string, unknown>) {
    return {
      request_id: 'chatcmpl-1', call_type: 'acompletion', api_key: 'hk1', spend: 0.00123, total_tokens: 150, prompt_tokens: 100, completion_tokens: 50,
      startTime: '2026-11-01T10:00:00Z', endTime: '2026-11-01T10:00:00.812Z', completionStartTime: '2026-11-01T10:00:00.300Z',
      model: 'gpt-4o', model_id: 'm1', model_group: 'gpt-4o', custom_llm_provider: 'openai', api_base: 'https://api.openai.com',
      user: 'u-ann', end_user: '', team_id: 'team-a', organization_id: null, agent_id: null, session_id: null, status: 'success',
      metadata: { user_api_key_alias: 'ci-bot' }, request_tags: [], cache_hit: 'False', cache_key: '', requester_ip_address: '',
      ...fields,
    };
  }
  const spendPage = (n: number, total: number, data: unknown[]) => ({ data, total: 4, page: n, page_size: 100, total_pages: total });

  it('turns every page into one event per request with latency, status, session and the cache split', async () => {
    routes['/spend/logs/v2'] = (n) => [
      spendPage(1, 2, [
        row({ metadata: { user_api_key_alias: 'ci-bot', usage_object: { prompt_tokens: 100, completion_tokens: 50, prompt_tokens_details: { cached_tokens: 60 } } } }),
        row({
          request_id: 'msg-2', startTime: '2026-11-02T23:59:59.5', endTime: '2026-11-03T00:00:01.0', request_duration_ms: null,
          model: 'claude-sonnet-4-20250514', custom_llm_provider: 'anthropic', agent_id: 'agent-7', session_id: 'sess-9', spend: 0.02,
          prompt_tokens: 1000, completion_tokens: 10, metadata: { usage_object: { cache_read_input_tokens: 700, cache_creation_input_tokens: 200 } },
        }),
      ]),
      spendPage(2, 2, [
        row({ request_id: 'err-3', status: 'failure', spend: 0, prompt_tokens: 0, completion_tokens: 0, request_duration_ms: 120, metadata: { error_information: { error_class: 'RateLimitError' } } }),
        // the proxy's end bound is inclusive: a request at the window's end belongs to the next window
        row({ request_id: 'next-day', startTime: '2026-11-03T00:00:00Z' }),
      ]),
    ][n - 1];
    const events = await fetchSpendLogs(get, { apiKey: key, baseUrl: base, ...window });
    expect(events).toEqual([
      // cached_tokens given, cache writes not: the split is unknown
      event({
        eventKey: 'litellm-request:chatcmpl-1', ts: Date.UTC(2026, 10, 1, 10), model: 'gpt-4o', provider: 'openai', userId: 'u-ann', orgId: 'team-a',
        agentId: 'litellm-key:hk1', agentName: 'ci-bot', agentType: 'api_key', outputTokens: 50, costReportedUsd: 0.00123, latencyMs: 812, // 10:00:00.812 − 10:00:00
      }),
      event({
        eventKey: 'litellm-request:msg-2', ts: Date.UTC(2026, 10, 2, 23, 59, 59, 500), model: 'claude-sonnet-4-20250514', provider: 'anthropic', userId: 'u-ann', orgId: 'team-a',
        agentId: 'agent-7', agentType: 'agent', sessionId: 'sess-9',
        inputTokens: 100, cacheReadTokens: 700, cacheWriteTokens: 200, outputTokens: 10, costReportedUsd: 0.02, latencyMs: 1500, // 1000 − 700 − 200; 00:00:01.0 − 23:59:59.5
      }),
      event({
        eventKey: 'litellm-request:err-3', ts: Date.UTC(2026, 10, 1, 10), model: 'gpt-4o', provider: 'openai', userId: 'u-ann', orgId: 'team-a',
        agentId: 'litellm-key:hk1', agentType: 'api_key', outputTokens: 0, costReportedUsd: 0, latencyMs: 120, status: 'error', errorType: 'RateLimitError',
      }),
    ]);
    expect(seen.map((r) => [r.url.searchParams.get('start_date'), r.url.searchParams.get('end_date'), r.url.searchParams.get('page')])).toEqual([
      ['2026-11-01 00:00:00', '2026-11-03 00:00:00', '1'],
      ['2026-11-01 00:00:00', '2026-11-03 00:00:00', '2'],
    ]);
    for (const request of seen) expect(request.headers.authorization).toBe(`Bearer ${key}`);
  });

  it('refuses more than 7 days and asks nothing', async () => {
    await expect(fetchSpendLogs(get, { apiKey: key, baseUrl: base, from: nov(1), to: nov(9) })).rejects.toThrow('request-level detail covers at most 7 days (asked for 8)');
    expect(seen).toHaveLength(0);
  });

  it('is chosen by the source option detail=requests; any other detail is refused', async () => {
    routes['/spend/logs/v2'] = () => spendPage(1, 1, [row({})]);
    const source = fetchSourceById('litellm')!;
    expect(source.defaultBaseUrl).toBeUndefined();
    expect(source.credentials.map((c) => c.env)).toEqual(['LITELLM_API_KEY']);
    const events = await source.fetch({ get, secrets: { apiKey: key }, options: { detail: 'requests' }, baseUrl: base, window });
    expect(events.map((e) => e.eventKey)).toEqual(['litellm-request:chatcmpl-1']);
    await expect(source.fetch({ get, secrets: { apiKey: key }, options: { detail: 'hourly' }, baseUrl: base, window })).rejects.toThrow('the LiteLLM detail must be daily or requests; got "hourly"');
  });
});

function cli(env: Record<string, string | undefined>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), ...args], { env: { ...process.env, LITELLM_API_KEY: undefined, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('agent-usage --fetch litellm', () => {
  const args = ['report', 'models', '--fetch', 'litellm', '--from', '2026-11-01', '--to', '2026-11-02', '--tz', 'UTC', '--format', 'json'];

  it('reports the fetched days per model', async () => {
    routes['/user/daily/activity'] = (n) => dailyPages[n - 1];
    const run = await cli({ LITELLM_API_KEY: key }, ...args, '--base-url', base);
    expect(run.stderr).toBe('LiteLLM proxy usage: 5 rows fetched\n');
    expect(run.code).toBe(0);
    const rows = (JSON.parse(run.stdout) as { rows: Record<string, unknown>[] }).rows;
    const byModel = Object.fromEntries(rows.map((r) => [r.model, r]));
    expect(Object.keys(byModel).sort()).toEqual(['claude-sonnet-4-20250514', 'gpt-4o', 'local/mistral-7b']);
    // 5 ok + 1 failed request; error rate 1/6
    expect(byModel['claude-sonnet-4-20250514']).toMatchObject({
      total_runs: 6, users: 1, agents: 1, input_tokens_total: 1100, output_tokens_total: 300, cache_read_tokens_total: 300, cache_write_tokens_total: 100,
      cost_reported_usd: 0.75, cost_usd: 0.75, error_rate: 0.1667, avg_latency_ms: null, p95_latency_ms: null,
    });
    // keys hk2 + hk3: 3 + 2 requests, input 100 + 100, reads 400 + 200, output 30 + 20, $0.006 + $0.004
    expect(byModel['gpt-4o']).toMatchObject({
      total_runs: 5, agents: 2, input_tokens_total: 200, output_tokens_total: 50, cache_read_tokens_total: 600, cache_write_tokens_total: 0,
      cost_reported_usd: 0.01, cost_usd: 0.01, error_rate: 0,
    });
    expect(byModel['local/mistral-7b']).toMatchObject({ total_runs: 1, input_tokens_total: 100, output_tokens_total: 10, cost_reported_usd: null });
    expect(new URL(seen[0]!.url.href).searchParams.get('end_date')).toBe('2026-11-02');
  });

  it('--litellm-detail requests reads the spend logs: latency per request', async () => {
    routes['/spend/logs/v2'] = () => ({
      data: [
        { request_id: 'r1', api_key: 'hk1', spend: 0.001, prompt_tokens: 10, completion_tokens: 5, startTime: '2026-11-01T10:00:00Z', endTime: '2026-11-01T10:00:00.800Z', model: 'gpt-4o', status: 'success' },
        { request_id: 'r2', api_key: 'hk1', spend: 0.003, prompt_tokens: 30, completion_tokens: 5, startTime: '2026-11-02T10:00:00Z', request_duration_ms: 400, model: 'gpt-4o', status: 'failure' },
      ],
      total: 2, page: 1, page_size: 100, total_pages: 1,
    });
    const run = await cli({ LITELLM_API_KEY: key }, ...args, '--base-url', base, '--litellm-detail', 'requests');
    expect(run.stderr).toBe('LiteLLM proxy usage: 2 rows fetched\n');
    const [row] = (JSON.parse(run.stdout) as { rows: Record<string, unknown>[] }).rows;
    // latencies 800 and 400: mean 600; nearest-rank p95 of 2 is the 2nd; 1 error of 2 runs; $0.001 + $0.003
    expect(row).toMatchObject({ model: 'gpt-4o', total_runs: 2, output_tokens_total: 10, avg_latency_ms: 600, p95_latency_ms: 800, error_rate: 0.5, cost_reported_usd: 0.004 });
    expect(seen.map((r) => r.url.pathname)).toEqual(['/spend/logs/v2']);
  });

  it('a wrong key exits 1 naming the source and the status, never the key; a missing base URL is bad usage', async () => {
    const wrong = await cli({ LITELLM_API_KEY: 'sk-wrong-litellm-key' }, ...args, '--base-url', base);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^agent-usage: litellm: .*401/);
    expect(wrong.stderr).not.toContain('sk-wrong-litellm-key');
    const noBase = await cli({ LITELLM_API_KEY: key }, ...args);
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toBe("agent-usage: --fetch litellm needs --base-url (the server's address)\n");
    const badDetail = await cli({ LITELLM_API_KEY: key }, ...args, '--base-url', base, '--litellm-detail', 'hourly');
    expect(badDetail.code).toBe(2);
    expect(badDetail.stderr).toBe('agent-usage: --litellm-detail must be one of daily, requests; got "hourly"\n');
  });
});
