/// <reference types="mocha" />
/**
 * Fetching from a provider API in the editor, end to end, against a loopback server that serves the
 * Anthropic usage report shape (written here from the documented fields): the key set through Set API
 * Key…, Fetch Usage… through its pickers, the Sources list, Refresh (only the late and new days), a 401,
 * cancel, and a fetch through VS Code's `http.proxy`. The clock is pinned to 2026-11-22 12:00 UTC by the
 * activation test. Takes out what it added, so the later tests see the figures they expect.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { readSourceConfig } from '../../../src/extension/fetch/fetchSettings';
import { fetchSourceById } from '../../../src/sources/fetchSources';
import { usagePage, usageResult } from '../anthropicUsageFixture.mjs';
import { activate, inject, state, waitFor } from './helpers';

const key = 'sk-ant-admin01-e2e-key-never-shown';
const wrongKey = 'sk-ant-admin01-e2e-wrong-key';
const nov = (d: number) => Date.UTC(2026, 10, d);

interface FetchState {
  prompts: string[];
  logLines: string[];
  confirmations: string[];
}
interface Summary {
  sourceId: string;
  imported: number;
  replaced: number;
  duplicates: number;
}

/** Each request's window, as the server saw it. */
const asked: { from: string; to: string; key: string | undefined }[] = [];
/** Requests for windows starting on this day never get an answer (the cancel test). */
const hangingDay = '2026-10-01T00:00:00Z';
const hanging: IncomingMessage[] = [];

/** One daily bucket per requested day with one result: 1000 uncached input, 300 output tokens. */
const dailyResult = () => [usageResult({ model: 'claude-sonnet-4-20250514', apiKeyId: 'apikey_e2e', uncached: 1000, output: 300 })];

function startApi(): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://api');
    const window = { from: url.searchParams.get('starting_at') ?? '', to: url.searchParams.get('ending_at') ?? '', key: request.headers['x-api-key'] as string | undefined };
    asked.push(window);
    if (window.from === hangingDay) {
      hanging.push(request);
      return;
    }
    if (window.key !== key) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(usagePage(url, dailyResult)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A forward proxy on loopback: absolute-URI requests and CONNECT tunnels, each recorded, all sent to the API server. */
function startProxy(apiPort: number, seen: string[]): Promise<Server> {
  const proxy = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const target = new URL(request.url!);
    const forwarded = httpRequest({ host: '127.0.0.1', port: apiPort, path: `${target.pathname}${target.search}`, method: request.method, headers: request.headers }, (upstream) => {
      response.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(response);
    });
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  proxy.on('connect', (request: IncomingMessage, socket, head: Buffer) => {
    seen.push(`CONNECT ${request.url}`);
    const upstream = connect(apiPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(proxy)));
}

const run = (command: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand(command, ...args));
const answer = async (...answers: (string | null)[]) => {
  for (const value of answers) await vscode.commands.executeCommand('agentUsage.__testAnswerPrompt', value);
};
const fetchState = async () => (await state()) as unknown as FetchState & Awaited<ReturnType<typeof state>>;
const lastNotification = async () => (await state()).notifications.at(-1);
const fetchSource = async () => {
  const reply = await inject({ type: 'sources/list', requestId: 'fetch-sources' });
  return (reply.posted[0]!.result as { id: string; kind: string; rows: number; fetched?: unknown; location: string[] }[]).find((source) => source.id === 'fetch:anthropic');
};
const settings = () => vscode.workspace.getConfiguration();
const closed = (server: Server | undefined) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

suite('fetching usage from a provider API', () => {
  let api: Server;
  let base = '';
  let eventsBefore = 0;

  suiteSetup(async () => {
    await activate();
    api = await startApi();
    base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    // the user's own setting (a workspace value would count only in a trusted workspace)
    await settings().update('agentUsage.fetch.anthropic.baseUrl', base, vscode.ConfigurationTarget.Global);
    eventsBefore = (await state()).eventCount;
  });

  suiteTeardown(async () => {
    for (const request of hanging) request.socket.destroy();
    await settings().update('agentUsage.fetch.anthropic.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('agentUsage.fetch.anthropic.baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('http.proxy', undefined, vscode.ConfigurationTarget.Global);
    await closed(api);
  });

  test('Set API Key… asks for the source, then the key in a password box', async () => {
    await answer('anthropic', key);
    assert.equal(await vscode.commands.executeCommand('agentUsage.setApiKey'), true);
    const s = await fetchState();
    assert.deepEqual(s.prompts.slice(-2), [
      // every source of the registry but the experimental one (Lyzr), in registry order
      'pick: Set the API key of… [Anthropic Admin API usage | Anthropic Admin API cost report | Anthropic Claude Code usage report | ' +
        'Anthropic Enterprise Analytics per-user cost | OpenAI Admin API usage (completions) | OpenAI Admin API costs | Langfuse | ' +
        'GitHub Copilot usage metrics (per user and day) | LiteLLM proxy usage]',
      'input: Anthropic Admin API usage: Anthropic Admin API key (sk-ant-admin…) (password)',
    ]);
    assert.equal(s.notifications.at(-1)?.message, "Anthropic Admin API usage: API key saved in VS Code's secret storage.");
  });

  test('Fetch Usage… with a typed window fetches those UTC days and stores one row a day', async () => {
    const before = asked.length;
    // a bad day is refused by the input box's validation, which ends the command without a fetch
    await answer('anthropic', 'Custom…', '2026-11-31');
    assert.equal(await vscode.commands.executeCommand('agentUsage.fetchUsage'), undefined);
    assert.equal((await fetchState()).prompts.at(-1), 'refused: 2026-11-31 is not a calendar day');
    assert.equal(asked.length, before);

    await answer('anthropic', 'Custom…', '2026-11-01', '2026-11-20');
    const summary = (await vscode.commands.executeCommand('agentUsage.fetchUsage')) as Summary;
    assert.deepEqual(summary, { sourceId: 'fetch:anthropic', imported: 20, replaced: 0, duplicates: 0 });
    assert.deepEqual(asked.slice(before), [{ from: '2026-11-01T00:00:00Z', to: '2026-11-21T00:00:00Z', key }]);
    assert.deepEqual(await lastNotification(), { severity: 'info', message: 'Anthropic Admin API usage: 20 rows for 2026-11-01..20 (UTC days)' });
    assert.equal((await state()).eventCount, eventsBefore + 20);
  });

  test('the Sources list shows the fetched source with its window', async () => {
    const source = await fetchSource();
    assert.deepEqual(source && { kind: source.kind, rows: source.rows, fetched: source.fetched, location: source.location }, {
      kind: 'fetch', rows: 20, fetched: { last: { from: nov(1), to: nov(21) }, through: nov(21) }, location: [base],
    });
  });

  test('Refresh fetches the 3 late days up to today (20–22 November) and nothing before', async () => {
    const before = asked.length;
    const reply = await inject({ type: 'sources/refresh', requestId: 'fetch-refresh', sourceId: 'fetch:anthropic' });
    assert.deepEqual(reply.posted, [{
      type: 'reply', requestId: 'fetch-refresh', ok: true,
      // 20 November was stored before and is replaced; 21 and 22 are new
      result: { done: true, message: 'Anthropic Admin API usage: 3 rows for 2026-11-20..22 (UTC days), 1 earlier row replaced' },
    }]);
    assert.deepEqual(asked.slice(before), [{ from: '2026-11-20T00:00:00Z', to: '2026-11-23T00:00:00Z', key }]);
    assert.equal((await fetchSource())?.rows, 22);
    assert.equal((await state()).eventCount, eventsBefore + 22);
  });

  test('a wrong key: the error names the source and the status, never the key; the store is unchanged', async () => {
    await answer('anthropic', wrongKey);
    await vscode.commands.executeCommand('agentUsage.setApiKey');
    const events = (await state()).eventCount;
    await assert.rejects(run('agentUsage.fetchUsage', { sourceId: 'anthropic', from: '2026-11-01', to: '2026-11-02' }), /401/);
    const error = await lastNotification();
    assert.equal(error?.severity, 'error');
    assert.match(error!.message, /^Anthropic Admin API usage: .*401/);
    assert.ok(!error!.message.includes(wrongKey));
    assert.equal((await state()).eventCount, events);
    assert.equal(asked.at(-1)?.key, wrongKey);
    await answer('anthropic', key);
    await vscode.commands.executeCommand('agentUsage.setApiKey');
  });

  test('Cancel stops a fetch within a second and stores nothing', async () => {
    const events = (await state()).eventCount;
    const controller = new AbortController();
    const running = run('agentUsage.fetchUsage', { sourceId: 'anthropic', from: '2026-10-01', to: '2026-10-05', signal: controller.signal });
    await waitFor('the request to reach the server', async () => hanging.length, (count) => count === 1);
    const cancelledAt = Date.now();
    controller.abort();
    await assert.rejects(running, /fetch cancelled, nothing stored/);
    assert.ok(Date.now() - cancelledAt < 1000, `cancel took ${Date.now() - cancelledAt} ms`);
    assert.deepEqual(await lastNotification(), { severity: 'info', message: 'Anthropic Admin API usage: fetch cancelled, nothing stored.' });
    assert.equal((await state()).eventCount, events);
    assert.deepEqual((await fetchSource())?.fetched, { last: { from: nov(20), to: nov(23) }, through: nov(23) });
  });

  test('in an untrusted workspace a workspace base URL is ignored; the user setting counts', async () => {
    const source = fetchSourceById('anthropic')!;
    await settings().update('agentUsage.fetch.anthropic.baseUrl', 'http://workspace.invalid:1', vscode.ConfigurationTarget.Workspace);
    try {
      assert.equal(readSourceConfig(source, false).baseUrl, base);
      assert.equal(readSourceConfig(source, true).baseUrl, 'http://workspace.invalid:1');
    } finally {
      await settings().update('agentUsage.fetch.anthropic.baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('http.proxy: the fetch goes through the proxy (a loopback target would bypass it: the base URL is a name only the proxy resolves)', async () => {
    const seen: string[] = [];
    const proxy = await startProxy((api.address() as AddressInfo).port, seen);
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const viaName = `http://usage-api.invalid:${(api.address() as AddressInfo).port}`;
    try {
      await settings().update('http.proxy', proxyUrl, vscode.ConfigurationTarget.Global);
      await settings().update('agentUsage.fetch.anthropic.baseUrl', viaName, vscode.ConfigurationTarget.Global);
      const summary = (await vscode.commands.executeCommand('agentUsage.fetchUsage', { sourceId: 'anthropic', from: '2026-11-22', to: '2026-11-22' })) as Summary;
      assert.deepEqual(summary, { sourceId: 'fetch:anthropic', imported: 1, replaced: 1, duplicates: 0 });
      assert.equal(seen.length, 1, `the proxy saw ${JSON.stringify(seen)}`);
      assert.match(seen[0]!, new RegExp(`^(CONNECT usage-api\\.invalid:${(api.address() as AddressInfo).port}|GET ${viaName.replaceAll('.', '\\.')}/v1/organizations/usage_report/messages\\?)`));
    } finally {
      await settings().update('http.proxy', undefined, vscode.ConfigurationTarget.Global);
      await settings().update('agentUsage.fetch.anthropic.baseUrl', base, vscode.ConfigurationTarget.Global);
      await closed(proxy);
    }
  });

  test('the key is nowhere: not in the snapshot, the output channel, notifications, the state or any webview message', async () => {
    await vscode.commands.executeCommand('agentUsage.openReports');
    await waitFor('the panel to be ready', state, (s) => s.panel.ready);
    await inject({ type: 'sources/list', requestId: 'fetch-sources-2' });
    const s = await waitFor('the snapshot to be written', state, (x) => !x.persistence.pending && x.persistence.saves > 0);
    const snapshot = readFileSync(s.persistence.snapshotPath).toString('latin1');
    assert.ok(snapshot.includes('fetch:anthropic'), 'the snapshot holds the fetched source');
    for (const secret of [key, wrongKey]) {
      assert.ok(!snapshot.includes(secret), 'a key in the snapshot');
      assert.ok(!JSON.stringify(s).includes(secret), 'a key in the test state (log lines, notifications, prompts)');
      assert.equal(await vscode.commands.executeCommand('agentUsage.__testPostedContains', secret), 0, 'a key in a webview message');
    }
    assert.ok((s as unknown as FetchState).logLines.some((line) => line.startsWith('Anthropic Admin API usage: 3 rows')), 'the log lines are recorded');
  });

  test('Clear API Key… removes it, and Fetch Usage… then offers to set one; removing the source takes its rows out', async () => {
    await answer('anthropic');
    assert.equal(await vscode.commands.executeCommand('agentUsage.clearApiKey'), true);
    await assert.rejects(run('agentUsage.fetchUsage', { sourceId: 'anthropic', from: '2026-11-01', to: '2026-11-01' }), /has no API key yet/);
    await vscode.commands.executeCommand('agentUsage.__testAnswerConfirm', true);
    const removed = await inject({ type: 'sources/remove', requestId: 'fetch-remove', sourceId: 'fetch:anthropic' });
    assert.deepEqual(removed.posted[0]?.result, { done: true, message: 'Removed Anthropic Admin API usage: 22 rows.' });
    assert.equal((await state()).eventCount, eventsBefore);
  });
});
