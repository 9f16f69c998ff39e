import { describe, expect, it } from 'vitest';
import { parseWebviewMessage } from '../../src/protocol';

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
