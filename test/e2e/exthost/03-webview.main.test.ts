/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, inject, november, state, waitFor, workspaceUri } from './helpers';

suite('reports panel and webview messages', () => {
  suiteSetup(activate);

  // The message tests run before the panel opens, so the real webview's own requests cannot change the counters.
  test('invalid messages are dropped, counted and nothing runs', async () => {
    const before = await state();
    const files = async () => (await vscode.workspace.fs.readDirectory(workspaceUri())).length;
    const filesBefore = await files();
    const garbage: unknown[] = [
      null,
      'ready',
      [],
      42,
      { type: 'workbench.action.terminal.new' },
      { type: 'action/run', action: 'workbench.action.terminal.new' },
      { type: 'action/run', action: 'clear', extra: true },
      { type: 'export/request', requestId: 'r1', query: { report: 'agents', timeframe: 'all-time' }, path: '/tmp/evil.csv' },
      { type: 'export/request', requestId: 'r2', query: { report: 'agents', timeframe: 'all-time', path: '../../evil.csv' } },
      { type: 'report/get', requestId: 'r3', query: { report: 'agents', timeframe: 'last-30-days', sql: 'DROP TABLE events' } },
      { type: 'report/get', requestId: 'r4', query: { report: 'secrets', timeframe: 'last-30-days' } },
      { type: 'report/get', requestId: 'r5', query: { report: 'agents', timeframe: { from: '2026-11-01' } } },
      { type: 'report/get', requestId: 'x'.repeat(10_000_000), query: { report: 'agents', timeframe: 'today' } },
      { type: 'report/get', requestId: 'r6', query: { report: 'agents', timeframe: 'today', search: 's'.repeat(10_000_000) } },
      JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
      { type: 'ready', requestId: 'extra' },
    ];
    for (const message of garbage) {
      const result = await inject(message);
      assert.deepEqual(result, { accepted: false, posted: [] }, `accepted: ${JSON.stringify(message)?.slice(0, 120)}`);
    }
    const after = await state();
    assert.equal(after.droppedMessages - before.droppedMessages, garbage.length);
    assert.equal(after.handledMessages, before.handledMessages, 'no handler ran');
    assert.equal(after.eventCount, before.eventCount);
    assert.equal(after.dataVersion, before.dataVersion);
    assert.deepEqual(after.notifications, before.notifications);
    assert.equal(await files(), filesBefore);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('valid messages get replies with their request id', async () => {
    const report = await inject({ type: 'report/get', requestId: 'ok-1', query: { report: 'agents', timeframe: november } });
    assert.equal(report.accepted, true);
    assert.equal(report.posted.length, 1);
    const reply = report.posted[0]!;
    assert.equal(reply.type, 'reply');
    assert.equal(reply.requestId, 'ok-1');
    assert.equal(reply.ok, true);
    assert.equal((reply.result as { rows: unknown[] }).rows.length, 5);

    const bad = await inject({ type: 'report/get', requestId: 'bad-1', query: { report: 'agents', timeframe: november, sort: { column: 'nope', direction: 'asc' } } });
    assert.equal(bad.posted[0]!.ok, false);
    assert.match(bad.posted[0]!.error!, /unknown sort column "nope"/);
  });

  test("the webview's export request writes where the host decides", async () => {
    const reply = await inject({ type: 'export/request', requestId: 'exp-1', query: { report: 'models', timeframe: { day: '2026-11-22' } } });
    assert.equal(reply.posted[0]!.ok, true);
    assert.deepEqual(reply.posted[0]!.result, { fileName: 'usage-by-model_2026-11-22.csv', rows: 3 });
    const written = await vscode.workspace.fs.readFile(workspaceUri('usage-reports', 'usage-by-model_2026-11-22.csv'));
    assert.equal(Buffer.from(written).toString('utf8').split('\r\n').length, 5, 'header + 3 rows + final CRLF');
  });
  test('Open Reports shows the panel; the webview sends ready and gets init with the HostState', async () => {
    await vscode.commands.executeCommand('agentUsage.openReports');
    const s = await waitFor('the webview to be ready', state, (x) => x.panel.ready && x.panel.posted.includes('init'), 20_000);
    assert.equal(s.panel.open, true);
    assert.equal(s.panel.readyCount, 1);
    assert.equal(s.panel.posted[0], 'init', 'nothing is posted before init');
    const host = s.panel.lastHostState!;
    assert.equal(host.hasData, true);
    assert.equal(host.eventCount, 32);
    assert.equal(host.timeZone, 'UTC');
    assert.equal(host.weekStartsOn, 1);
    assert.equal(host.defaultTimeframe, 'last-30-days');
    assert.equal(host.today, '2026-11-22');
    assert.equal(host.dataVersion, s.dataVersion);
  });

  test('panel options and content security policy', async () => {
    const s = await state();
    const root = vscode.extensions.getExtension('agent-usage.agent-usage-reports')!.extensionUri;
    assert.deepEqual(s.panel.options, {
      enableScripts: true,
      enableForms: false,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist').toString(), vscode.Uri.joinPath(root, 'media').toString()],
    });
    // webview.cspSource is "'self' https://*.vscode-cdn.net" in VS Code 1.100
    const source = "(?:'self' )?https://\\*\\.vscode-cdn\\.net";
    assert.match(s.panel.csp!, new RegExp(`^default-src 'none'; script-src 'nonce-[A-Za-z0-9_-]{22,}'; style-src ${source}; img-src ${source} data:; font-src ${source};$`));
    assert.doesNotMatch(s.panel.csp!, /unsafe|connect-src|\*;/);
  });

  test('the webview asks for data itself (report/get and friends are handled)', async () => {
    const s = await waitFor('the webview to request data', state, (x) => x.handledTypes.some((type) => type !== 'ready'), 20_000);
    assert.ok(s.handledTypes.includes('ready'));
  });

  test('a data change pushes data/changed', async () => {
    const before = await state();
    await vscode.commands.executeCommand('agentUsage.importData', [workspaceUri('events.csv')]);
    const after = await waitFor('data/changed', state, (x) => x.panel.posted.filter((t) => t === 'data/changed').length > before.panel.posted.filter((t) => t === 'data/changed').length);
    assert.equal(after.panel.lastHostState!.dataVersion, after.dataVersion);
  });

  test('Show Agent opens the panel and posts focus/agent', async () => {
    await vscode.commands.executeCommand('agentUsage.showAgent', 'agt_triage');
    await waitFor('focus/agent', state, (x) => x.panel.posted.includes('focus/agent'));
  });

  test('Refresh pushes data/changed with a new data version', async () => {
    const before = await state();
    const count = (x: typeof before) => x.panel.posted.filter((t) => t === 'data/changed').length;
    await vscode.commands.executeCommand('agentUsage.refresh');
    const after = await waitFor('data/changed after refresh', state, (x) => count(x) > count(before));
    assert.equal(after.dataVersion, before.dataVersion + 1);
  });

  test('a reloaded webview sends ready again and gets a fresh init', async () => {
    const before = await state();
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    const after = await waitFor('a second ready', state, (x) => x.panel.ready && x.panel.readyCount === before.panel.readyCount + 1, 20_000);
    await waitFor('a second init', state, (x) => x.panel.posted.filter((t) => t === 'init').length === after.panel.readyCount);
    assert.equal(after.panel.renders, before.panel.renders, 'same page, reloaded by VS Code');
  });

  test('a new panel gets a new nonce', async () => {
    const first = (await state()).panel.csp;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel to close', state, (x) => !x.panel.open);
    await vscode.commands.executeCommand('agentUsage.openReports');
    const reopened = await waitFor('the new panel to be ready', state, (x) => x.panel.ready, 20_000);
    assert.notEqual(reopened.panel.csp, first);
  });

});
