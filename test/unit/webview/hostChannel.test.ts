import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostChannel, parsePush, type PushMessage } from '../../../webview/hostChannel';
import { FakeHost, hostState } from './fakeHost';

afterEach(() => {
  vi.useRealTimers();
});

describe('webview host channel', () => {
  it('posts ready on connect and nothing before', () => {
    const host = new FakeHost();
    const channel = new HostChannel(host);
    expect(host.posted).toEqual([]);
    channel.connect(() => undefined);
    expect(host.posted).toEqual([{ type: 'ready' }]);
  });

  it('gives each request its own id and resolves it with its own reply, in any order', async () => {
    const host = new FakeHost();
    const channel = new HostChannel(host);
    const first = channel.request({ type: 'export/request', query: { report: 'agents', timeframe: 'today' } });
    const second = channel.request({ type: 'export/request', query: { report: 'users', timeframe: 'today' } });
    const [a, b] = host.requests('export/request');
    expect(a!.requestId).toMatch(/^[\w-]{1,64}$/);
    expect(b!.requestId).not.toBe(a!.requestId);
    host.reply(b!, { fileName: 'users.csv', rows: 2 });
    host.reply(a!, { fileName: 'agents.csv', rows: 1 });
    await expect(first).resolves.toEqual({ fileName: 'agents.csv', rows: 1 });
    await expect(second).resolves.toEqual({ fileName: 'users.csv', rows: 2 });
  });

  it('rejects on an error reply with the host\u2019s text; a second reply for the same id changes nothing', async () => {
    const host = new FakeHost();
    const channel = new HostChannel(host);
    const pending = channel.request({ type: 'report/get', query: { report: 'agents', timeframe: 'today' } });
    const [request] = host.requests('report/get');
    host.fail(request!, 'database is locked');
    host.reply(request!, { report: 'agents', columns: [], rows: [], range: { start: 0, end: 1 } });
    await expect(pending).rejects.toThrow('database is locked');
  });

  it('rejects a request the host never answers after 30 s', async () => {
    vi.useFakeTimers();
    const host = new FakeHost();
    const channel = new HostChannel(host);
    const pending = channel.request({ type: 'report/get', query: { report: 'agents', timeframe: 'today' } });
    const outcome = pending.then(() => 'resolved', (error: Error) => error.message);
    await vi.advanceTimersByTimeAsync(29_999);
    host.deliver({ type: 'noise' });
    await vi.advanceTimersByTimeAsync(1);
    await expect(outcome).resolves.toBe('The extension did not answer within 30 s.');
  });

  it('a request sent without a time limit waits for its reply however long it takes', async () => {
    vi.useFakeTimers();
    const host = new FakeHost();
    const channel = new HostChannel(host);
    const pending = channel.request({ type: 'sources/remove', sourceId: 'codex' }, { timeoutMs: null });
    const outcome = pending.then((result) => result.message, (error: Error) => `rejected: ${error.message}`);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    host.reply(host.requests('sources/remove')[0]!, { done: true, message: 'Removed Codex CLI logs: 3 rows.' });
    await expect(outcome).resolves.toBe('Removed Codex CLI logs: 3 rows.');
  });

  it('passes on only well-formed pushes', () => {
    const host = new FakeHost();
    const channel = new HostChannel(host);
    const received: PushMessage[] = [];
    channel.connect((message) => received.push(message));
    const state = hostState();
    host.deliver({ type: 'init', state });
    host.deliver({ type: 'data/changed', state: { ...state, hasData: 'yes' } });
    host.deliver({ type: 'data/changed', state: { ...state, dataSpan: '2026' } });
    host.deliver({ type: 'focus/agent', agentId: 7 });
    host.deliver({ type: 'focus/agent', agentId: 'agent-1' });
    host.deliver({ type: 'reply', requestId: 'nobody-asked', ok: true, result: 1 });
    host.deliver('init');
    host.deliver(null);
    expect(received).toEqual([{ type: 'init', state }, { type: 'focus/agent', agentId: 'agent-1' }]);
  });

  it('keeps only the known fields of a push', () => {
    expect(parsePush({ type: 'focus/agent', agentId: 'a', command: 'workbench.action.terminal.new' })).toEqual({ type: 'focus/agent', agentId: 'a' });
    expect(parsePush({ type: 'init' })).toBeUndefined();
  });
});
