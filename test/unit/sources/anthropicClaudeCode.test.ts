/**
 * Anthropic's Claude Code usage report → canonical events, over a fake JsonGetter serving responses
 * written by hand from the documented shape (data-sources-and-anchors B4, real-exports §4); then the CLI
 * against a loopback server: the report's figures, and a key without access exits 1 saying so.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src/core/ingest/normalise';
import { fetchClaudeCodeReport } from '../../../src/sources/anthropic/claudeCodeReport';
import { FetchError, type JsonGetter } from '../../../src/sources/http/types';

const apiKey = 'sk-ant-admin01-claude-code-test';
const config = { apiKey };
const headers = { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' };
const day = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const reportUrl = 'https://api.anthropic.com/v1/organizations/usage_report/claude_code';

/** Serves `pages[starting_at + '|' + (page ?? '')]`; records every request; anything else is rejected. */
function fakeGetter(pages: Record<string, unknown>): { get: JsonGetter; served: { url: string; headers: Record<string, string> }[] } {
  const served: { url: string; headers: Record<string, string> }[] = [];
  const get: JsonGetter = (request) => {
    served.push({ url: request.url.href, headers: { ...request.headers } });
    const key = `${request.url.searchParams.get('starting_at')}|${request.url.searchParams.get('page') ?? ''}`;
    if (!(key in pages)) return Promise.reject(new Error(`unexpected request ${key}`));
    const page = pages[key];
    return page instanceof Error ? Promise.reject(page) : Promise.resolve(page);
  };
  return { get, served };
}

/** Every field unknown except what the Claude Code report always fills (written out here, not taken from the code). */
function event(eventKey: string, ts: number, fields: Partial<EventRecord>): EventRecord {
  return {
    kind: 'events', line: 0, eventKey, ts,
    orgId: null, orgName: null, parentOrgId: null, userId: null, userEmail: null, userName: null, role: null,
    agentId: 'claude-code', agentName: 'Claude Code', agentType: 'claude-code', agentCreatedBy: null, sessionId: null, model: null, provider: 'anthropic',
    project: null, requests: null, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null,
    cacheWrite5mTokens: null, cacheWrite1hTokens: null, reasoningTokens: null, credits: null, costReportedUsd: null,
    latencyMs: null, status: 'ok', errorType: null,
    ...fields,
  };
}

const org = '12345678-1234-5678-1234-567812345678';
const coreMetrics = { num_sessions: 15, lines_of_code: { added: 342, removed: 128 }, commits_by_claude_code: 8, pull_requests_by_claude_code: 2 };
const toolActions = { edit_tool: { accepted: 25, rejected: 3 }, write_tool: { accepted: 8, rejected: 0 } };

const pages = {
  '2026-11-01|': {
    data: [{
      date: '2026-11-01T00:00:00Z',
      actor: { type: 'user_actor', email_address: 'Ana@Example.com' },
      organization_id: org, customer_type: 'api', subscription_type: 'enterprise', terminal_type: 'vscode',
      core_metrics: coreMetrics,
      model_breakdown: [
        { model: 'claude-sonnet-4-20250514', tokens: { input: 45230, output: 12450, cache_read: 8790, cache_creation: 2340 }, estimated_cost: { amount: 186, currency: 'USD' } },
        { model: 'claude-haiku-4-5-20251001', tokens: { input: 100, output: 50, cache_read: 0, cache_creation: 0 }, estimated_cost: { amount: 3, currency: 'USD' } },
      ],
      tool_actions: toolActions,
    }],
    has_more: true,
    next_page: 'page_MjAyNi0x+/=',
  },
  '2026-11-01|page_MjAyNi0x+/=': {
    data: [{
      date: '2026-11-01T00:00:00Z',
      actor: { type: 'api_actor', api_key_name: 'ci-bot' },
      organization_id: org, customer_type: 'api', subscription_type: null, terminal_type: null,
      core_metrics: coreMetrics,
      model_breakdown: [
        { model: 'claude-sonnet-4-20250514', tokens: { input: 10, output: 20, cache_read: 30, cache_creation: 40 }, estimated_cost: { amount: 12, currency: 'USD' } },
      ],
      tool_actions: toolActions,
    }],
    has_more: false,
    next_page: null,
  },
  '2026-11-02|': { data: [], has_more: false, next_page: null },
};

describe('Claude Code usage report', () => {
  it('gives one event per day × actor × terminal × model, following the cursor; the empty day gives none', async () => {
    const { get, served } = fakeGetter(pages);
    const events = await fetchClaudeCodeReport(get, config, { from: day('2026-11-01'), to: day('2026-11-03') });
    expect(events).toEqual([
      event('anthropic-claude-code:2026-11-01:user:ana@example.com:vscode:claude-sonnet-4-20250514', day('2026-11-01'), {
        orgId: org, userId: 'ana@example.com', userEmail: 'Ana@Example.com', model: 'claude-sonnet-4-20250514',
        // 186 cents of Anthropic's estimate
        inputTokens: 45230, outputTokens: 12450, cacheReadTokens: 8790, cacheWriteTokens: 2340, costReportedUsd: 1.86,
      }),
      event('anthropic-claude-code:2026-11-01:user:ana@example.com:vscode:claude-haiku-4-5-20251001', day('2026-11-01'), {
        orgId: org, userId: 'ana@example.com', userEmail: 'Ana@Example.com', model: 'claude-haiku-4-5-20251001',
        inputTokens: 100, outputTokens: 50, cacheReadTokens: 0, cacheWriteTokens: 0, costReportedUsd: 0.03,
      }),
      // an API key is a user named after the key, marked so
      event('anthropic-claude-code:2026-11-01:api_key:ci-bot::claude-sonnet-4-20250514', day('2026-11-01'), {
        orgId: org, userId: '(API key) ci-bot', userName: 'ci-bot (API key)', model: 'claude-sonnet-4-20250514',
        inputTokens: 10, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 40, costReportedUsd: 0.12,
      }),
    ]);
    expect(served).toEqual([
      { url: `${reportUrl}?starting_at=2026-11-01&limit=1000`, headers },
      // the cursor goes back exactly as given, URL-encoded
      { url: `${reportUrl}?starting_at=2026-11-01&limit=1000&page=page_MjAyNi0x%2B%2F%3D`, headers },
      { url: `${reportUrl}?starting_at=2026-11-02&limit=1000`, headers },
    ]);
  });

  it('leaves a cost the record does not give unknown, never $0', async () => {
    const { get } = fakeGetter({
      '2026-11-01|': {
        data: [{ date: '2026-11-01T00:00:00Z', actor: { type: 'user_actor', email_address: 'a@b.c' }, model_breakdown: [{ model: 'm', tokens: { input: 1, output: 2 } }] }],
        has_more: false, next_page: null,
      },
    });
    expect(await fetchClaudeCodeReport(get, config, { from: day('2026-11-01'), to: day('2026-11-02') })).toEqual([
      event('anthropic-claude-code:2026-11-01:user:a@b.c::m', day('2026-11-01'), { userId: 'a@b.c', userEmail: 'a@b.c', model: 'm', inputTokens: 1, outputTokens: 2 }),
    ]);
  });

  it('a bad token count is an error naming the day, the record, the model entry and the field', async () => {
    const { get } = fakeGetter({
      '2026-11-01|': {
        data: [{ date: '2026-11-01T00:00:00Z', actor: { type: 'user_actor', email_address: 'a@b.c' }, model_breakdown: [{ model: 'm', tokens: { input: -5 } }] }],
        has_more: false, next_page: null,
      },
    });
    await expect(fetchClaudeCodeReport(get, config, { from: day('2026-11-01'), to: day('2026-11-02') })).rejects.toThrow(
      '/v1/organizations/usage_report/claude_code 2026-11-01 page 1, record 1, model_breakdown 1, tokens: input: expected a non-negative integer',
    );
  });

  it('an unknown actor type is an error, not a dropped row', async () => {
    const { get } = fakeGetter({
      '2026-11-01|': { data: [{ date: '2026-11-01T00:00:00Z', actor: { type: 'robot' }, model_breakdown: [] }], has_more: false, next_page: null },
    });
    await expect(fetchClaudeCodeReport(get, config, { from: day('2026-11-01'), to: day('2026-11-02') })).rejects.toThrow(/record 1: actor: expected type user_actor or api_actor/);
  });

  it.each([403, 404])('HTTP %i says plainly that the key has no access to the report', async (status) => {
    const { get } = fakeGetter({ '2026-11-01|': new FetchError(`/v1/organizations/usage_report/claude_code: HTTP ${status}`, status) });
    const failure = fetchClaudeCodeReport(get, config, { from: day('2026-11-01'), to: day('2026-11-02') });
    await expect(failure).rejects.toThrow(`this key has no access to the Claude Code usage report (HTTP ${status})`);
    await expect(failure).rejects.toMatchObject({ status });
  });
});

describe('agent-usage --fetch anthropic-claude-code', () => {
  const noAccessKey = 'sk-ant-admin01-no-claude-code-access';
  let server: Server;
  let base: string;
  const seen: { url: string; key: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const key = request.headers['x-api-key'] as string | undefined;
      seen.push({ url: request.url!, key });
      if (key !== apiKey) {
        response.writeHead(403, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ type: 'error', error: { type: 'permission_error', message: 'not allowed' } }));
        return;
      }
      const date = new URL(request.url!, 'http://x').searchParams.get('starting_at')!;
      // each day: Ana on one model, 1000 input, 300 output, 200 cache read, 75 cache write, 250 cents
      const record = {
        date: `${date}T00:00:00Z`, actor: { type: 'user_actor', email_address: 'ana@example.com' }, organization_id: org, terminal_type: 'vscode',
        core_metrics: coreMetrics, tool_actions: toolActions,
        model_breakdown: [{ model: 'claude-sonnet-4-20250514', tokens: { input: 1000, output: 300, cache_read: 200, cache_creation: 75 }, estimated_cost: { amount: 250, currency: 'USD' } }],
      };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: [record], has_more: false, next_page: null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function cli(key: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), ...args], { env: { ...process.env, ANTHROPIC_ADMIN_KEY: key } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }
  const window = ['--from', '2026-11-01', '--to', '2026-11-03', '--tz', 'UTC', '--format', 'json'];

  it('reports three days of Claude Code usage per model with Anthropic\'s estimate as the reported cost', async () => {
    const run = await cli(apiKey, 'report', 'models', '--fetch', 'anthropic-claude-code', '--base-url', base, ...window, '--cost-mode', 'reported');
    expect(run.stderr).toContain('Anthropic Claude Code usage report: 3 rows fetched');
    expect(run.code).toBe(0);
    const [row] = (JSON.parse(run.stdout) as { rows: Record<string, unknown>[] }).rows;
    // 3 days × (1000, 300, 200, 75 tokens, 250 cents); no request count in the report: runs and error rate empty
    expect(row).toMatchObject({
      model: 'claude-sonnet-4-20250514', total_runs: null, error_rate: null, users: 1,
      input_tokens_total: 3000, output_tokens_total: 900, cache_read_tokens_total: 600, cache_write_tokens_total: 225, cost_reported_usd: 7.5, cost_usd: 7.5,
    });
    expect(seen.filter((s) => s.key === apiKey).map((s) => new URL(s.url, base).searchParams.get('starting_at'))).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
  });

  it('a key without access exits 1 naming the source, the status and the missing access, never the key', async () => {
    const run = await cli(noAccessKey, 'report', 'models', '--fetch', 'anthropic-claude-code', '--base-url', base, ...window);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^agent-usage: anthropic-claude-code: .*HTTP 403.*this key has no access to the Claude Code usage report/);
    expect(run.stderr).not.toContain(noAccessKey);
  });
});
