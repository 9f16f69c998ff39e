import { describe, expect, it } from 'vitest';
import type { RequestHandlers } from '../../src/extension/panel/webviewMessages';
import { isRequest, isRequestType, parseWebviewMessage, requests, type ReportResult, type RequestParams, type RequestResult } from '../../src/protocol';

const query = { report: 'agents', timeframe: 'last-30-days', filters: { agentType: 'single_task', includeSubOrgs: true }, search: 'bot', sort: { column: 'total_runs', direction: 'desc' } };

describe('W6 webview → host message validation', () => {
  it('accepts every well-formed message type and returns exactly the known fields', () => {
    expect(parseWebviewMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseWebviewMessage({ type: 'report/get', requestId: 'r1', query })).toEqual({ type: 'report/get', requestId: 'r1', query });
    expect(parseWebviewMessage({ type: 'export/request', requestId: 'r-2', query: { report: 'user-usage', timeframe: { day: '2026-11-03' } } })).toBeDefined();
    expect(parseWebviewMessage({ type: 'overview/get', requestId: 'r3', query, granularity: 'week', splitBy: 'model' })).toBeDefined();
    expect(parseWebviewMessage({ type: 'agentDetail/get', requestId: 'r4', agentId: 'agt_1', timeframe: { from: '2026-11-01', to: '2026-11-30' }, granularity: 'day' })).toBeDefined();
    expect(parseWebviewMessage({ type: 'action/run', action: 'loadSample' })).toEqual({ type: 'action/run', action: 'loadSample' });
  });

  it.each([
    ['unknown type', { type: 'shell/run', command: 'rm -rf /' }],
    ['a VS Code command id as action', { type: 'action/run', action: 'workbench.action.terminal.new' }],
    ['a command field smuggled in', { type: 'action/run', action: 'refresh', command: 'workbench.action.terminal.new' }],
    ['missing requestId', { type: 'report/get', query }],
    ['request id with odd characters', { type: 'report/get', requestId: '../../x', query }],
    ['wrong report id', { type: 'report/get', requestId: 'r', query: { ...query, report: 'secrets' } }],
    ['wrong timeframe', { type: 'report/get', requestId: 'r', query: { ...query, timeframe: 'last-9-days' } }],
    ['invalid calendar day shape', { type: 'report/get', requestId: 'r', query: { ...query, timeframe: { day: "2026-11-01'; DROP TABLE events;--" } } }],
    ['extra property on the query (e.g. sql)', { type: 'report/get', requestId: 'r', query: { ...query, sql: 'SELECT 1' } }],
    ['a path on an export request', { type: 'export/request', requestId: 'r', query, path: '/etc/passwd' }],
    ['unknown filter key', { type: 'report/get', requestId: 'r', query: { ...query, filters: { path: '/tmp' } } }],
    ['number where text is expected', { type: 'report/get', requestId: 'r', query: { ...query, search: 42 } }],
    ['oversized search (10 MB)', { type: 'report/get', requestId: 'r', query: { ...query, search: 'x'.repeat(10 * 1024 * 1024) } }],
    ['bad sort direction', { type: 'report/get', requestId: 'r', query: { ...query, sort: { column: 'total_runs', direction: 'sideways' } } }],
    ['bad granularity', { type: 'overview/get', requestId: 'r', query, granularity: 'minute' }],
    ['array instead of object', [{ type: 'ready' }]],
    ['null', null],
    ['string', 'ready'],
  ])('drops %s', (_name, message) => {
    expect(parseWebviewMessage(message)).toBeUndefined();
  });

  it('drops __proto__ keys and never touches Object.prototype', () => {
    const poisoned = JSON.parse('{"type":"report/get","requestId":"r","query":{"report":"agents","timeframe":"today","__proto__":{"polluted":1}}}');
    expect(parseWebviewMessage(poisoned)).toBeUndefined();
    const poisonedFilters = JSON.parse('{"type":"report/get","requestId":"r","query":{"report":"agents","timeframe":"today","filters":{"__proto__":{"polluted":1}}}}');
    expect(parseWebviewMessage(poisonedFilters)).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops objects with a prototype other than a plain object', () => {
    class Sneaky {
      type = 'ready';
    }
    expect(parseWebviewMessage(new Sneaky())).toBeUndefined();
  });
});

describe('request descriptors', () => {
  it('every request type is parsed through its descriptor and carries exactly its fields', () => {
    expect(Object.keys(requests).sort()).toEqual(['agentDetail/get', 'export/request', 'overview/get', 'report/get', 'sources/list', 'sources/refresh', 'sources/remove']);
    const overview = parseWebviewMessage({ type: 'overview/get', requestId: 'o1', query, granularity: 'day' });
    expect(overview).toEqual({ type: 'overview/get', requestId: 'o1', query, granularity: 'day' });
    const detail = parseWebviewMessage({ type: 'agentDetail/get', requestId: 'd1', agentId: 'a', timeframe: 'today', granularity: 'hour', filters: { orgId: 'o' } });
    expect(detail).toEqual({ type: 'agentDetail/get', requestId: 'd1', agentId: 'a', timeframe: 'today', granularity: 'hour', filters: { orgId: 'o' } });
    expect(parseWebviewMessage({ type: 'overview/get', requestId: 'o2', query, granularity: 'day', agentId: 'a' })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'agentDetail/get', requestId: 'd2', agentId: 'a', timeframe: 'today', granularity: 'hour', query })).toBeUndefined();
  });

  it('tells requests (which get a reply) from the other messages', () => {
    expect(Object.keys(requests).every((type) => isRequestType(type))).toBe(true);
    expect(['ready', 'action/run', 'reply', 'toString', '__proto__'].some((type) => isRequestType(type))).toBe(false);
    expect(isRequest({ type: 'report/get', requestId: 'r', query: { report: 'agents', timeframe: 'today' } })).toBe(true);
    expect(isRequest({ type: 'action/run', action: 'refresh' })).toBe(false);
  });

  it('binds params and result types per request (checked by tsc)', () => {
    const report: ReportResult = { report: 'agents', columns: [], rows: [], range: { start: 0, end: 1 }, cost: { mode: 'auto', coverage: null } };
    const handlers: RequestHandlers = {
      'report/get': async (params) => ({ ...report, report: params.query.report }),
      'overview/get': async () => ({ kpis: { current: { runs: 0, tokens: 0, credits: null, costUsd: null, errorRate: null }, previous: null, cost: { mode: 'reported', coverage: null } }, series: { granularity: 'day', bucketStarts: [], series: [] } }),
      'agentDetail/get': async (params) => ({ agentId: params.agentId, series: { granularity: params.granularity, bucketStarts: [], series: [] }, models: report, users: report }),
      'export/request': async () => ({ fileName: 'x.csv', rows: 0 }),
      'sources/list': async () => [],
      'sources/refresh': async (params) => ({ done: true, message: params.sourceId }),
      'sources/remove': async () => ({ done: false, message: 'kept' }),
    };
    // @ts-expect-error a report handler must answer a ReportResult
    const wrongResult: RequestHandlers['report/get'] = async () => ({ fileName: 'x.csv', rows: 0 });
    // @ts-expect-error overview params have no agentId
    const wrongParams: RequestHandlers['overview/get'] = async (params) => ({ agentId: params.agentId });
    // @ts-expect-error every request type needs a handler
    const missing: RequestHandlers = { 'report/get': handlers['report/get'] };
    const result: RequestResult<'export/request'> = { fileName: 'a.csv', rows: 1 };
    const params: RequestParams<'report/get'> = { query: { report: 'users', timeframe: 'today' } };
    expect([wrongResult, wrongParams, missing, result.rows, params.query.report]).toHaveLength(5);
  });
});

describe('Sources list messages', () => {
  it('accepts a list request without parameters and refresh/remove with a source id of a known shape', () => {
    expect(parseWebviewMessage({ type: 'sources/list', requestId: 's1' })).toEqual({ type: 'sources/list', requestId: 's1' });
    for (const sourceId of ['claude-code', 'codex', 'sample', 'untracked', 'file:/home/me/usage.csv', 'otel:/tmp/a.jsonl|/tmp/b.json', 'file:C:\\data\\usage.csv', 'fetch:anthropic', 'fetch:anthropic-cost']) {
      expect(parseWebviewMessage({ type: 'sources/refresh', requestId: 's2', sourceId })).toEqual({ type: 'sources/refresh', requestId: 's2', sourceId });
      expect(parseWebviewMessage({ type: 'sources/remove', requestId: 's3', sourceId })).toEqual({ type: 'sources/remove', requestId: 's3', sourceId });
    }
  });

  it.each([
    ['a list request with a parameter', { type: 'sources/list', requestId: 's', sourceId: 'codex' }],
    ['a list request with a path', { type: 'sources/list', requestId: 's', path: '/etc' }],
    ['a refresh without an id', { type: 'sources/refresh', requestId: 's' }],
    ['a refresh without a request id', { type: 'sources/refresh', sourceId: 'codex' }],
    ['an id of no known kind', { type: 'sources/refresh', requestId: 's', sourceId: 'shell:rm -rf /' }],
    ['a bare path as id', { type: 'sources/remove', requestId: 's', sourceId: '/home/me/.claude/projects' }],
    ['an empty id', { type: 'sources/remove', requestId: 's', sourceId: '' }],
    ['a kind prefix without a path', { type: 'sources/remove', requestId: 's', sourceId: 'file:' }],
    ['a fetch prefix without a source', { type: 'sources/refresh', requestId: 's', sourceId: 'fetch:' }],
    ['a fetch id that is not a registry name', { type: 'sources/refresh', requestId: 's', sourceId: 'fetch:https://evil.example' }],
    ['a fetch id with a trailing dash', { type: 'sources/refresh', requestId: 's', sourceId: 'fetch:anthropic-' }],
    ['a known id with a suffix', { type: 'sources/remove', requestId: 's', sourceId: 'codex/../x' }],
    ['a control character in the id', { type: 'sources/remove', requestId: 's', sourceId: 'file:/tmp/a\u0000b' }],
    ['an oversized id', { type: 'sources/remove', requestId: 's', sourceId: `file:/${'x'.repeat(20_000)}` }],
    ['a number as id', { type: 'sources/remove', requestId: 's', sourceId: 7 }],
    ['an extra field (a path next to the id)', { type: 'sources/refresh', requestId: 's', sourceId: 'codex', roots: ['/etc'] }],
  ])('drops %s', (_name, message) => {
    expect(parseWebviewMessage(message)).toBeUndefined();
  });

  it('the import actions of the empty Sources list are enumerated actions, not command ids', () => {
    for (const action of ['importClaudeCode', 'importCodex', 'importOtel']) {
      expect(parseWebviewMessage({ type: 'action/run', action })).toEqual({ type: 'action/run', action });
    }
    expect(parseWebviewMessage({ type: 'action/run', action: 'agentUsage.importClaudeCodeLogs' })).toBeUndefined();
  });
});
