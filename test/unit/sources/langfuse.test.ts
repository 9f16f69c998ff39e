/**
 * Langfuse: the Metrics API (daily aggregates per user × model × trace name) and the observations
 * fallback, against a real HTTP server on 127.0.0.1 serving responses written by hand from the documented
 * shapes (data-sources-and-anchors B5; Langfuse's metrics and observations v2 references). Covers the
 * Basic header, the query sent, exact figures, cursor pagination, the short-window rule, a 401, and one
 * CLI run (needs `npm run build`).
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJsonGetter } from '../../../src/sources/http/client';
import { FetchError } from '../../../src/sources/http/types';
import { fetchDailyMetrics } from '../../../src/sources/langfuse/dailyMetrics';
import { fetchObservations } from '../../../src/sources/langfuse/observations';

const publicKey = 'pk-lf-test-public';
const secretKey = 'sk-lf-test-secret-never-printed';
// RFC 7617: base64 of "user:password"
const basic = `Basic ${Buffer.from('pk-lf-test-public:sk-lf-test-secret-never-printed').toString('base64')}`;
const day = (d: number) => Date.UTC(2026, 10, d);

let server: Server;
let base: string;
const seen: { path: string; params: URLSearchParams; authorization: string | undefined }[] = [];

/** Metrics rows for 2026-11-01 and 11-02 (values as Langfuse writes them: counts may be strings, cost a decimal). */
const metricsRows = [
  { time_dimension: '2026-11-01T00:00:00.000Z', userId: 'alice', providedModelName: 'gpt-4o', traceName: 'support-bot', count_count: '12', sum_outputTokens: '3400', sum_totalCost: 0.0415 },
  { time_dimension: '2026-11-01T00:00:00.000Z', userId: null, providedModelName: 'claude-sonnet-4-20250514', traceName: 'triage', count_count: 3, sum_outputTokens: 900, sum_totalCost: '0.012' },
  // Langfuse has no price for this model: a 0 sum over used tokens is unknown, not free
  { time_dimension: '2026-11-02T00:00:00.000Z', userId: 'bob', providedModelName: 'my-finetune', traceName: 'support-bot', count_count: 5, sum_outputTokens: 700, sum_totalCost: 0 },
  // a zero-activity group: no event
  { time_dimension: '2026-11-02T00:00:00.000Z', userId: 'carol', providedModelName: 'gpt-4o', traceName: 'support-bot', count_count: 0, sum_outputTokens: 0, sum_totalCost: 0 },
];

/** Three pages of GENERATION observations joined by opaque cursors (with characters that need encoding). */
const observationPages: Record<string, object> = {
  '': {
    data: [{
      id: 'obs-1', traceId: 't-1', type: 'GENERATION', startTime: '2026-11-01T10:00:00.000Z', endTime: '2026-11-01T10:00:02.350Z',
      level: 'DEFAULT', userId: 'alice', sessionId: 'sess-9', providedModelName: 'gpt-4o',
      usageDetails: { input: 800, input_cached_tokens: 200, output: 150, output_reasoning_tokens: 50, total: 1200 },
      costDetails: { input: 0.002, output: 0.0015, total: 0.0035 },
    }],
    meta: { cursor: 'eyJwIjoxfQ==/+' },
  },
  'eyJwIjoxfQ==/+': {
    data: [{
      id: 'obs-2', traceId: 't-2', type: 'GENERATION', startTime: '2026-11-01T11:00:00Z', endTime: null,
      level: 'ERROR', statusMessage: 'upstream 500', userId: null, sessionId: null, providedModelName: 'claude-sonnet-4-20250514',
      usageDetails: { input: 40, cache_read_input_tokens: 1000, cache_creation_input_tokens: 300, output: 10, total: 1350 },
      totalCost: 0.00123,
    }],
    meta: { cursor: 'eyJwIjoyfQ==' },
  },
  'eyJwIjoyfQ==': {
    data: [{ id: 'obs-3', traceId: 't-3', type: 'GENERATION', startTime: '2026-11-02T23:59:59.999Z', endTime: '2026-11-03T00:00:00.499Z', level: 'WARNING', providedModelName: 'gpt-4o' }],
    meta: {},
  },
};

function reply(request: IncomingMessage): { status: number; body: unknown } {
  const url = new URL(request.url!, 'http://127.0.0.1');
  if (request.headers.authorization !== basic) return { status: 401, body: { message: 'Invalid credentials' } };
  if (url.pathname === '/api/public/metrics') return { status: 200, body: { data: metricsRows } };
  if (url.pathname === '/api/public/v2/observations') {
    const page = observationPages[url.searchParams.get('cursor') ?? ''];
    return page ? { status: 200, body: page } : { status: 400, body: { message: 'bad cursor' } };
  }
  return { status: 404, body: { message: 'not found' } };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://127.0.0.1');
    seen.push({ path: url.pathname, params: url.searchParams, authorization: request.headers.authorization });
    const { status, body } = reply(request);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
});

const config = () => ({ publicKey, secretKey, baseUrl: base });
const get = createJsonGetter({ maxAttempts: 1 });

describe('Langfuse daily metrics', () => {
  it('asks for daily observation metrics per user, model and trace name with the Basic header', async () => {
    await fetchDailyMetrics(get, config(), { from: day(1), to: day(3) });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe('/api/public/metrics');
    expect(seen[0]!.authorization).toBe(basic);
    expect(JSON.parse(seen[0]!.params.get('query')!)).toEqual({
      view: 'observations',
      dimensions: [{ field: 'userId' }, { field: 'providedModelName' }, { field: 'traceName' }],
      metrics: [{ measure: 'count', aggregation: 'count' }, { measure: 'outputTokens', aggregation: 'sum' }, { measure: 'totalCost', aggregation: 'sum' }],
      filters: [{ column: 'type', operator: '=', value: 'GENERATION', type: 'string' }],
      timeDimension: { granularity: 'day' },
      fromTimestamp: '2026-11-01T00:00:00.000Z',
      toTimestamp: '2026-11-03T00:00:00.000Z',
    });
  });

  it('maps each row to one aggregate event: requests = count, output, Langfuse cost as reported; input unknown', async () => {
    const events = await fetchDailyMetrics(get, config(), { from: day(1), to: day(3) });
    expect(events.map((e) => [e.eventKey, e.ts, e.userId, e.model, e.agentId, e.agentName, e.requests, e.inputTokens, e.cacheReadTokens, e.outputTokens, e.costReportedUsd, e.latencyMs])).toEqual([
      ['langfuse-metrics:2026-11-01:["alice","gpt-4o","support-bot"]', day(1), 'alice', 'gpt-4o', 'langfuse-trace:support-bot', 'support-bot', 12, null, null, 3400, 0.0415, null],
      ['langfuse-metrics:2026-11-01:[null,"claude-sonnet-4-20250514","triage"]', day(1), null, 'claude-sonnet-4-20250514', 'langfuse-trace:triage', 'triage', 3, null, null, 900, 0.012, null],
      ['langfuse-metrics:2026-11-02:["bob","my-finetune","support-bot"]', day(2), 'bob', 'my-finetune', 'langfuse-trace:support-bot', 'support-bot', 5, null, null, 700, null, null],
    ]);
  });

  it('a wrong key is a 401 FetchError that never shows the secret', async () => {
    const error = await fetchDailyMetrics(get, { ...config(), secretKey: 'sk-lf-wrong' }, { from: day(1), to: day(3) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).status).toBe(401);
    expect((error as FetchError).message).not.toContain('sk-lf-wrong');
    expect(seen).toHaveLength(1);
  });
});

describe('Langfuse observations (short windows)', () => {
  it('follows the cursor over three pages, passing each back exactly', async () => {
    const events = await fetchObservations(get, config(), { from: day(1), to: day(3) });
    expect(seen.map((s) => s.params.get('cursor'))).toEqual([null, 'eyJwIjoxfQ==/+', 'eyJwIjoyfQ==']);
    expect(seen.every((s) => s.authorization === basic && s.params.get('type') === 'GENERATION')).toBe(true);
    expect(seen[0]!.params.get('fromStartTime')).toBe('2026-11-01T00:00:00.000Z');
    expect(seen[0]!.params.get('toStartTime')).toBe('2026-11-03T00:00:00.000Z');
    expect(events.map((e) => e.eventKey)).toEqual(['langfuse-observation:obs-1', 'langfuse-observation:obs-2', 'langfuse-observation:obs-3']);
  });

  it('one event per observation: uncached input, cache split, output incl. reasoning, latency, ERROR, session', async () => {
    const [first, second, third] = await fetchObservations(get, config(), { from: day(1), to: day(3) });
    // obs-1: input 800 is already uncached (Langfuse moved the 200 cached out); output 150 + reasoning 50
    expect(first).toMatchObject({
      ts: Date.UTC(2026, 10, 1, 10), userId: 'alice', sessionId: 'sess-9', model: 'gpt-4o', requests: 1,
      inputTokens: 800, cacheReadTokens: 200, cacheWriteTokens: null, outputTokens: 200, reasoningTokens: 50,
      costReportedUsd: 0.0035, latencyMs: 2350, status: 'ok', errorType: null,
    });
    expect(second).toMatchObject({
      inputTokens: 40, cacheReadTokens: 1000, cacheWriteTokens: 300, outputTokens: 10, reasoningTokens: null,
      costReportedUsd: 0.00123, latencyMs: null, status: 'error', errorType: 'ERROR', sessionId: null,
    });
    // no usage, no cost: unknown, not 0; 23:59:59.999 → 00:00:00.499 is 500 ms
    expect(third).toMatchObject({ inputTokens: null, outputTokens: null, costReportedUsd: null, latencyMs: 500, status: 'ok' });
  });

  it('refuses a window longer than two days before any request', async () => {
    const error = await fetchObservations(get, config(), { from: day(1), to: day(4) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toContain('at most 2 days; this window has 3');
    expect(seen).toHaveLength(0);
  });
});

function cli(env: Record<string, string | undefined>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const clean = { ...process.env, LANGFUSE_PUBLIC_KEY: undefined, LANGFUSE_SECRET_KEY: undefined, LANGFUSE_HOST: undefined };
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), ...args], { env: { ...clean, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('agent-usage report agents --fetch langfuse', () => {
  const args = ['report', 'agents', '--fetch', 'langfuse', '--from', '2026-11-01', '--to', '2026-11-02', '--tz', 'UTC', '--format', 'json'];

  it('reports the fetched daily rows per agent (trace name)', async () => {
    const run = await cli({ LANGFUSE_PUBLIC_KEY: publicKey, LANGFUSE_SECRET_KEY: secretKey }, ...args, '--base-url', base);
    expect(run.stderr).toContain('Langfuse: 3 rows fetched');
    expect(run.code).toBe(0);
    const rows = (JSON.parse(run.stdout) as { rows: Record<string, unknown>[] }).rows;
    const byAgent = Object.fromEntries(rows.map((row) => [row.agent_id, row]));
    // support-bot: 12 + 5 observations, 3400 + 700 output; triage: 3 and 900; input unknown in aggregates
    expect(byAgent['langfuse-trace:support-bot']).toMatchObject({ agent_name: 'support-bot', total_runs: 17, output_tokens_total: 4100 });
    expect(byAgent['langfuse-trace:triage']).toMatchObject({ agent_name: 'triage', total_runs: 3, output_tokens_total: 900 });
    expect(rows).toHaveLength(2);
    expect(seen.at(-1)!.authorization).toBe(basic);
  });

  it('takes the host from LANGFUSE_HOST; a wrong secret exits 1 naming the source and 401, never the secret', async () => {
    const wrong = await cli({ LANGFUSE_PUBLIC_KEY: publicKey, LANGFUSE_SECRET_KEY: 'sk-lf-wrong-secret', LANGFUSE_HOST: base }, ...args);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^agent-usage: langfuse: .*401/);
    expect(wrong.stderr).not.toContain('sk-lf-wrong-secret');
    expect(seen).toHaveLength(1);
  });
});
