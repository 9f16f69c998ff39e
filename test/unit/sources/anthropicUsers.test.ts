/**
 * Anthropic Enterprise Analytics per-user cost → canonical events, over a fake JsonGetter serving responses
 * written by hand from the documented shapes (`analytics/user_cost_report`, `analytics/cost_report`,
 * real-exports §4): per-user dollars and requests, the organisation's remainder kept as unattributed; then
 * the CLI against a loopback server.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src/core/ingest/normalise';
import { fetchUserCostReport } from '../../../src/sources/anthropic/userCostReport';
import type { JsonGetter } from '../../../src/sources/http/types';

const apiKey = 'sk-ant-admin01-analytics-test';
const headers = { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' };
const day = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const userUrl = 'https://api.anthropic.com/v1/organizations/analytics/user_cost_report';
const orgUrl = 'https://api.anthropic.com/v1/organizations/analytics/cost_report';
const unattributed = '(unattributed: API key)';

/** Serves `pages[path + '|' + (page ?? '')]`; records every request; anything else is rejected. */
function fakeGetter(pages: Record<string, unknown>): { get: JsonGetter; served: { url: string; headers: Record<string, string> }[] } {
  const served: { url: string; headers: Record<string, string> }[] = [];
  const get: JsonGetter = (request) => {
    served.push({ url: request.url.href, headers: { ...request.headers } });
    const key = `${request.url.pathname}|${request.url.searchParams.get('page') ?? ''}`;
    if (!(key in pages)) return Promise.reject(new Error(`unexpected request ${key}`));
    return Promise.resolve(pages[key]);
  };
  return { get, served };
}

function event(eventKey: string, ts: number, fields: Partial<EventRecord>): EventRecord {
  return {
    kind: 'events', line: 0, eventKey, ts,
    orgId: null, orgName: null, parentOrgId: null, userId: null, userEmail: null, userName: null, role: null,
    agentId: null, agentName: null, agentType: null, agentCreatedBy: null, sessionId: null, model: null, provider: 'anthropic',
    project: null, requests: 0, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null,
    cacheWrite5mTokens: null, cacheWrite1hTokens: null, reasoningTokens: null, credits: null, costReportedUsd: null,
    latencyMs: null, status: 'ok', errorType: null,
    ...fields,
  };
}

const jane = { type: 'user_actor', email: 'jane@example.com', name: 'Jane Smith', user_id: 'user_01J', deleted: false };
const bob = { type: 'user_actor', email: 'bob@example.com', name: 'Bob Lee', user_id: 'user_02B', deleted: true };
const day1 = { starting_at: '2026-03-01T00:00:00Z', ending_at: '2026-03-02T00:00:00Z' };
const day2 = { starting_at: '2026-03-02T00:00:00Z', ending_at: '2026-03-03T00:00:00Z' };
const opus = 'claude-opus-4-1-20250805';
const sonnet = 'claude-sonnet-4-5-20250929';
const haiku = 'claude-haiku-4-5-20251001';
const envelope = { data_refreshed_at: '2026-03-03T06:00:00Z', organization_id: 'org_01' };

const userPages = {
  '/v1/organizations/analytics/user_cost_report|': {
    ...envelope,
    data: [
      { actor: jane, ...day1, model: opus, amount: '41280.000000', list_amount: '51600.000000', currency: 'USD', requests: 128 },
      { actor: bob, ...day1, model: opus, amount: '0.100000', list_amount: '0.125000', currency: 'USD', requests: 2 },
    ],
    has_more: true,
    next_page: 'cur+1/=',
  },
  '/v1/organizations/analytics/user_cost_report|cur+1/=': {
    ...envelope,
    data: [{ actor: jane, ...day2, model: sonnet, amount: '200.5', list_amount: '200.5', currency: 'USD', requests: 10 }],
    has_more: false,
    next_page: null,
  },
};

const orgPage = (day1Results: object[]) => ({
  '/v1/organizations/analytics/cost_report|': {
    ...envelope,
    data: [
      { ...day1, results: day1Results },
      { ...day2, results: [{ model: sonnet, amount: '200.500000', list_amount: '200.5', currency: 'USD', requests: 10 }] },
    ],
    has_more: false,
    next_page: null,
  },
});

const window = { from: day('2026-03-01'), to: day('2026-03-03') };

describe('Enterprise Analytics per-user cost', () => {
  it('gives each user\'s billed dollars and requests per day and model, and keeps what no user accounts for', async () => {
    const { get, served } = fakeGetter({
      ...userPages,
      ...orgPage([
        { model: opus, amount: '41500.200000', list_amount: '51900', currency: 'USD', requests: 140 },
        // API-key traffic only: no seat user used haiku
        { model: haiku, amount: '3.3', list_amount: '3.3', currency: 'USD', requests: 4 },
      ]),
    });
    const events = await fetchUserCostReport(get, { apiKey }, window);
    expect(events).toEqual([
      // amounts are cents after discount: 41280 ¢ = $412.80 (the list amount is not kept)
      event(`anthropic-users:2026-03-01T00:00:00Z:user_01J:${opus}`, day('2026-03-01'), {
        userId: 'user_01J', userEmail: 'jane@example.com', userName: 'Jane Smith', model: opus, requests: 128, costReportedUsd: 412.8,
      }),
      event(`anthropic-users:2026-03-01T00:00:00Z:user_02B:${opus}`, day('2026-03-01'), {
        userId: 'user_02B', userEmail: 'bob@example.com', userName: 'Bob Lee', model: opus, requests: 2, costReportedUsd: 0.001,
      }),
      event(`anthropic-users:2026-03-02T00:00:00Z:user_01J:${sonnet}`, day('2026-03-02'), {
        userId: 'user_01J', userEmail: 'jane@example.com', userName: 'Jane Smith', model: sonnet, requests: 10, costReportedUsd: 2.005,
      }),
      // 41500.2 − 41280 − 0.1 = 220.1 ¢ and 140 − 128 − 2 = 10 requests
      event(`anthropic-users:2026-03-01T00:00:00Z:${unattributed}:${opus}`, day('2026-03-01'), {
        userId: unattributed, model: opus, requests: 10, costReportedUsd: 2.201,
      }),
      event(`anthropic-users:2026-03-01T00:00:00Z:${unattributed}:${haiku}`, day('2026-03-01'), {
        userId: unattributed, model: haiku, requests: 4, costReportedUsd: 0.033,
      }),
      // day 2: the users account for all of sonnet's 200.5 ¢ and 10 requests, so no unattributed row
    ]);
    const userQuery = 'starting_at=2026-03-01T00%3A00%3A00Z&ending_at=2026-03-03T00%3A00%3A00Z&bucket_width=1d&limit=1000&group_by%5B%5D=model';
    expect(served).toEqual([
      { url: `${userUrl}?${userQuery}`, headers },
      { url: `${userUrl}?${userQuery}&page=cur%2B1%2F%3D`, headers },
      { url: `${orgUrl}?starting_at=2026-03-01T00%3A00%3A00Z&ending_at=2026-03-03T00%3A00%3A00Z&bucket_width=1d&limit=31&group_by%5B%5D=model`, headers },
    ]);
  });

  it('refuses seat-user spend larger than the organisation\'s instead of clamping it', async () => {
    const { get } = fakeGetter({ ...userPages, ...orgPage([{ model: opus, amount: '41280.05', currency: 'USD', requests: 140 }]) });
    await expect(fetchUserCostReport(get, { apiKey }, window)).rejects.toThrow(
      `/v1/organizations/analytics/cost_report: on 2026-03-01T00:00:00Z (model ${opus}) the seat users' 41280.1 cents / 130 requests exceed the organisation's 41280.05 cents / 140 requests`,
    );
  });

  it('refuses seat-user spend on a day and model the organisation\'s report lacks', async () => {
    const { get } = fakeGetter({ ...userPages, ...orgPage([]) });
    await expect(fetchUserCostReport(get, { apiKey }, window)).rejects.toThrow(`seat users spent on 2026-03-01T00:00:00Z (model ${opus}) but the organisation's report has no such day and model`);
  });

  it('a user row without a request count is an error naming the page, row and field', async () => {
    const { get } = fakeGetter({
      '/v1/organizations/analytics/user_cost_report|': { data: [{ actor: jane, ...day1, model: opus, amount: '1', currency: 'USD' }], has_more: false, next_page: null },
    });
    await expect(fetchUserCostReport(get, { apiKey }, window)).rejects.toThrow(
      '/v1/organizations/analytics/user_cost_report 2026-03-01T00:00:00Z..2026-03-03T00:00:00Z page 1, row 1: requests: required count is empty',
    );
  });
});

describe('agent-usage --fetch anthropic-users', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.headers['x-api-key'] !== apiKey) {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }));
        return;
      }
      const url = new URL(request.url!, 'http://x');
      const from = Date.parse(url.searchParams.get('starting_at')!);
      const to = Date.parse(url.searchParams.get('ending_at')!);
      const days: { starting_at: string; ending_at: string }[] = [];
      for (let d = from; d < to; d += 86_400_000) {
        days.push({ starting_at: new Date(d).toISOString().replace('.000Z', 'Z'), ending_at: new Date(d + 86_400_000).toISOString().replace('.000Z', 'Z') });
      }
      // each day: Jane 150 ¢ over 3 requests; the organisation 400 ¢ over 8 requests on the same model
      const body = url.pathname.endsWith('/user_cost_report')
        ? { data: days.map((d) => ({ actor: jane, ...d, model: opus, amount: '150', currency: 'USD', requests: 3 })), has_more: false, next_page: null }
        : { data: days.map((d) => ({ ...d, results: [{ model: opus, amount: '400', currency: 'USD', requests: 8 }] })), has_more: false, next_page: null };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), ...args], { env: { ...process.env, ANTHROPIC_ADMIN_KEY: apiKey } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }
  const args = () => ['--fetch', 'anthropic-users', '--base-url', base, '--from', '2026-03-01', '--to', '2026-03-02', '--tz', 'UTC', '--format', 'json'];

  it('Usage by User lists the seat user and the unattributed API-key traffic with their requests', async () => {
    const run = await cli('report', 'users', ...args());
    expect(run.stderr).toContain('Anthropic Enterprise Analytics per-user cost: 4 rows fetched');
    expect(run.code).toBe(0);
    const rows = (JSON.parse(run.stdout) as { rows: Record<string, unknown>[] }).rows;
    // 2 days: Jane 2 × 3 requests; unattributed 2 × (8 − 3)
    expect(rows.map((r) => [r.user_id, r.user_email, r.total_runs])).toEqual([
      [unattributed, null, 10],
      ['user_01J', 'jane@example.com', 6],
    ]);
  });

  it('Usage by Model reports the organisation\'s whole bill: users plus unattributed', async () => {
    const run = await cli('report', 'models', ...args(), '--cost-mode', 'reported');
    expect(run.code).toBe(0);
    const [row] = (JSON.parse(run.stdout) as { rows: Record<string, unknown>[] }).rows;
    // 2 days × 400 ¢ = $8.00, 2 × 8 requests
    expect(row).toMatchObject({ model: opus, total_runs: 16, users: 2, cost_reported_usd: 8, cost_usd: 8 });
  });
});
