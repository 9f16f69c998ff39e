import { describe, expect, it } from 'vitest';
import type { HostState, SourceInfo } from '../../../src/protocol';
import { HostChannel } from '../../../webview/hostChannel';
import type { SourceRowView } from '../../../webview/sourceRows';
import { SourcesController, type SourcesDisplay } from '../../../webview/sourcesController';
import { FakeHost, hostState } from './fakeHost';

type Call = [string, ...unknown[]];

class FakeSourcesDisplay implements SourcesDisplay {
  readonly calls: Call[] = [];
  setBusy = (busy: boolean) => void this.calls.push(['setBusy', busy]);
  showSources = (rows: SourceRowView[]) => void this.calls.push(['showSources', rows]);
  showEmpty = () => void this.calls.push(['showEmpty']);
  showError = (message: string) => void this.calls.push(['showError', message]);
  hideError = () => void this.calls.push(['hideError']);
  showStatus = (text: string, tone: string) => void this.calls.push(['showStatus', text, tone]);
  setRowBusy = (id: string, busy: boolean) => void this.calls.push(['setRowBusy', id, busy]);

  named(name: string): unknown[][] {
    return this.calls.filter((call) => call[0] === name).map((call) => call.slice(1));
  }
}

const claude: SourceInfo = {
  id: 'claude-code', kind: 'local-logs', label: 'Claude Code logs', location: ['/home/me/.claude'], rows: 3,
  firstEventAt: Date.UTC(2026, 10, 1, 23, 30), lastEventAt: Date.UTC(2026, 10, 2, 8), lastRefreshAt: Date.UTC(2026, 10, 22, 9, 0),
};

/** `null`: no `init` from the host yet. */
function setup(state: HostState | null = hostState()) {
  const host = new FakeHost();
  const channel = new HostChannel(host);
  const actions: string[] = [];
  let current = state ?? undefined;
  const controller = new SourcesController({ host: () => current, request: channel.request, runAction: (action) => actions.push(action) });
  const display = new FakeSourcesDisplay();
  controller.attach(display);
  return { host, controller, display, actions, setHost: (next: HostState | undefined) => (current = next) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('webview Sources controller', () => {
  it('lists the sources as rows in the panel time zone', async () => {
    const { host, controller, display } = setup(hostState({ timeZone: 'Asia/Kolkata' }));
    controller.activate();
    const [request] = host.requests('sources/list');
    expect(request).toEqual({ type: 'sources/list', requestId: request!.requestId });
    host.reply(request!, [claude]);
    await settle();
    const [[rows]] = display.named('showSources') as [[SourceRowView[]]];
    // 2026-11-01 23:30 UTC is 2 November 05:00 in Kolkata; 09:00 UTC is 14:30
    expect(rows.map((row) => [row.label, row.rows, row.timeRange, row.lastRefresh])).toEqual([['Claude Code logs', '3', '2026-11-02', '2026-11-22 14:30']]);
    expect(display.named('setBusy')).toEqual([[true], [false]]);
  });

  it('an empty list shows "No data yet"; its buttons run the import actions', async () => {
    const { host, controller, display, actions } = setup(hostState({ hasData: false, eventCount: 0 }));
    void controller.refresh();
    host.reply(host.requests('sources/list')[0]!, []);
    await settle();
    expect(display.named('showEmpty')).toEqual([[]]);
    expect(display.named('showSources')).toEqual([]);
    controller.importData('importClaudeCode');
    controller.importData('importOtel');
    expect(actions).toEqual(['importClaudeCode', 'importOtel']);
  });

  it('lists again only after a data change, and only when shown', async () => {
    const { host, controller } = setup();
    controller.activate();
    host.reply(host.requests('sources/list')[0]!, [claude]);
    await settle();
    controller.activate();
    expect(host.requests('sources/list')).toHaveLength(1);
    controller.setHost();
    expect(host.requests('sources/list')).toHaveLength(1);
    controller.activate();
    expect(host.requests('sources/list')).toHaveLength(2);
  });

  it('drops a list reply that a newer request has overtaken, and its error too', async () => {
    const { host, controller, display } = setup();
    void controller.refresh();
    void controller.refresh();
    const [older, newer] = host.requests('sources/list');
    host.reply(newer!, [claude]);
    await settle();
    host.fail(older!, 'stale failure');
    await settle();
    expect(display.named('showSources')).toHaveLength(1);
    expect(display.named('showError')).toEqual([]);
  });

  it('a failed list shows the error with the host text', async () => {
    const { host, controller, display } = setup();
    void controller.refresh();
    host.fail(host.requests('sources/list')[0]!, 'store worker exited with code 1');
    await settle();
    expect(display.named('showError')).toEqual([['Could not list the sources: store worker exited with code 1']]);
  });

  it('does nothing before the host state arrived', () => {
    const { host, controller } = setup(null);
    controller.activate();
    expect(host.posted).toEqual([]);
  });

  it('Refresh and Remove send only the source id, mark the row busy, and show the host answer', async () => {
    const { host, controller, display } = setup();
    void controller.refreshSource('claude-code');
    void controller.refreshSource('claude-code');
    const refreshes = host.requests('sources/refresh');
    expect(refreshes).toEqual([{ type: 'sources/refresh', requestId: refreshes[0]!.requestId, sourceId: 'claude-code' }]);
    host.reply(refreshes[0]!, { done: true, message: 'Claude Code logs: 1 new request from 1 file.' });
    await settle();
    void controller.removeSource('file:/data/usage.csv');
    const [remove] = host.requests('sources/remove');
    expect(remove).toEqual({ type: 'sources/remove', requestId: remove!.requestId, sourceId: 'file:/data/usage.csv' });
    host.fail(remove!, 'That source is not in the store any more; the list was out of date.');
    await settle();
    expect(display.named('setRowBusy')).toEqual([['claude-code', true], ['claude-code', false], ['file:/data/usage.csv', true], ['file:/data/usage.csv', false]]);
    expect(display.named('showStatus')).toEqual([
      ['Reading the source again…', 'progress'],
      ['Claude Code logs: 1 new request from 1 file.', 'done'],
      ['Waiting for the confirmation…', 'progress'],
      ['Remove failed: That source is not in the store any more; the list was out of date.', 'error'],
    ]);
  });
});
