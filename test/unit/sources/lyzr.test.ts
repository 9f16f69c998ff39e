/**
 * Lyzr (experimental, undocumented `GET /v3/traces/dashboard`) against a loopback server serving the shape
 * Lyzr Studio's frontend reads. Figures below are worked out by hand from the fixture.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJsonGetter } from '../../../src/sources/http/client';
import { fetchLyzrDashboard } from '../../../src/sources/lyzr/tracesDashboard';

const key = 'lyzr-test-key-0123456789';
const day = (d: number) => Date.UTC(2026, 10, d);

function metric(date: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { date, avg_latency_ms: 812.5, p95_latency_ms: 2400, p99_latency_ms: 3900, total_spans: 40, ...fields };
}

let body: unknown;
let server: Server;
let base: string;
const seen: { path: string; key?: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ path: request.url!, key: request.headers['x-api-key'] as string | undefined });
    response.writeHead(request.headers['x-api-key'] === key ? 200 : 401, { 'content-type': 'application/json' });
    response.end(JSON.stringify(request.headers['x-api-key'] === key ? body : { detail: 'Invalid API key' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  body = {
    total_credits_consumed: 4050, total_traces: 30,
    daily_metrics: [
      // the server also answers the day after the window: it is cut off
      metric('2026-11-01', { credits_consumed: 1250, total_traces: 20, success_count: 18, error_count: 2, error_rate: 10, total_input_tokens: 9000, total_output_tokens: 3000, total_tokens: 12000 }),
      // no error_count: 25 % of 8 traces = 2 errors
      metric('2026-11-02', { credits_consumed: 2800, total_traces: 8, error_rate: 25, total_input_tokens: 100, total_output_tokens: 50, total_tokens: 150 }),
      metric('2026-11-03', { credits_consumed: 999, total_traces: 1, error_count: 0, error_rate: 0, total_input_tokens: 1, total_output_tokens: 1, total_tokens: 2 }),
    ],
  };
});

const get = createJsonGetter({ maxAttempts: 1 });
const fetchWindow = (options: { usdPerCredit?: number; creditsDivisor?: number; apiKey?: string } = {}) =>
  fetchLyzrDashboard(get, { apiKey: key, baseUrl: base, window: { from: day(1), to: day(3) }, ...options });

describe('Lyzr traces/dashboard (experimental)', () => {
  it('maps each day to a success and a failure event; credits are centi-credits ÷ 100; no rate, no cost', async () => {
    const events = await fetchWindow();
    expect(events.map((e) => [e.eventKey, e.ts, e.status, e.requests, e.inputTokens, e.outputTokens, e.credits, e.costReportedUsd, e.latencyMs])).toEqual([
      ['lyzr:2026-11-01:ok', day(1), 'ok', 18, 9000, 3000, 12.5, null, null],
      ['lyzr:2026-11-01:failed', day(1), 'error', 2, null, null, null, null, null],
      ['lyzr:2026-11-02:ok', day(2), 'ok', 6, 100, 50, 28, null, null],
      ['lyzr:2026-11-02:failed', day(2), 'error', 2, null, null, null, null, null],
    ]);
    expect(seen).toEqual([{ path: '/v3/traces/dashboard?start_time=2026-11-01&end_time=2026-11-02', key }]);
  });

  it('a USD-per-credit rate and a divisor turn credits into cost', async () => {
    const events = await fetchWindow({ usdPerCredit: 0.01, creditsDivisor: 10 });
    // day 1: 1250 ÷ 10 = 125 credits × $0.01 = $1.25; day 2: 280 credits = $2.80
    expect(events.filter((e) => e.status === 'ok').map((e) => [e.credits, e.costReportedUsd])).toEqual([[125, 1.25], [280, 2.8]]);
  });

  it('refuses figures it cannot trust: more errors than traces, a rate over 100 %, a day twice, a bad date', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [metric('2026-11-01', { total_traces: 2, error_count: 3 }), 'error_count (3) exceeds total_traces (2)'],
      [metric('2026-11-01', { total_traces: 2, error_rate: 150 }), 'error_rate 150 is not a percent'],
      [metric('2026-11-31', { total_traces: 2, error_count: 0 }), 'date: 2026-11-31 is not a calendar day'],
      [metric('2026-11-01', { total_traces: 2.5, error_count: 0 }), 'traces/dashboard, daily_metrics 1: total_traces'],
    ];
    for (const [row, message] of cases) {
      body = { daily_metrics: [row] };
      await expect(fetchWindow()).rejects.toThrow(message);
    }
    body = { daily_metrics: [metric('2026-11-01', { total_traces: 1, error_count: 0 }), metric('2026-11-01', { total_traces: 1, error_count: 0 })] };
    await expect(fetchWindow()).rejects.toThrow('the day 2026-11-01 appears twice');
  });

  it('a wrong key (401) fails with the status, never the key', async () => {
    const failure = fetchWindow({ apiKey: 'lyzr-wrong-key' });
    await expect(failure).rejects.toMatchObject({ status: 401 });
    await expect(fetchWindow({ apiKey: 'lyzr-wrong-key' })).rejects.not.toThrow('lyzr-wrong-key');
  });
});

function cli(env: Record<string, string | undefined>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), ...args], { env: { ...process.env, LYZR_API_KEY: undefined, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('agent-usage --fetch lyzr', () => {
  const args = ['report', 'models', '--fetch', 'lyzr', '--base-url', '', '--from', '2026-11-01', '--to', '2026-11-02', '--tz', 'UTC', '--format', 'json'];
  const withBase = () => args.map((arg) => (arg === '' ? base : arg));

  it('is refused without --experimental (bad usage)', async () => {
    const run = await cli({ LYZR_API_KEY: key }, ...withBase());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('agent-usage: --fetch lyzr calls undocumented endpoints that may change or break; add --experimental to use it\n');
    expect(seen).toEqual([]);
  });

  it('with --experimental reports runs, errors and credits; cost only with a rate', async () => {
    const run = await cli({ LYZR_API_KEY: key }, ...withBase(), '--experimental', '--lyzr-usd-per-credit', '0.02');
    expect(run.code).toBe(0);
    const [row] = (JSON.parse(run.stdout) as { rows: Record<string, unknown>[] }).rows;
    // runs 18 + 2 + 6 + 2 = 28, errors 2 + 2 = 4 → 4 / 28 = 0.142857… shown to 4 places; credits 12.5 + 28 = 40.5 × $0.02 = $0.81
    expect(row).toMatchObject({
      total_runs: 28, error_rate: 0.1429, credits_consumed: 40.5, cost_reported_usd: 0.81, cost_estimated_usd: null,
      input_tokens_total: 9100, output_tokens_total: 3050, cache_read_tokens_total: null, avg_latency_ms: null,
    });
  });
});
