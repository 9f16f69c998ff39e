/** The Sources tab in the built webview: the list, Refresh and Remove by id, the empty state, hostile labels as text. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src/protocol';
import * as f from './fixtures';
import { startPanel, useBrowser } from './harness';

const env = useBrowser();
const auto = { 'report/get': (m: { query: { report: Parameters<typeof f.report>[0] } }) => f.report(m.query.report), 'overview/get': () => f.overview() };

const logs: SourceInfo = {
  id: 'claude-code', kind: 'local-logs', label: 'Claude Code logs', location: ['/home/someone/.claude'], rows: 12_345,
  firstEventAt: Date.UTC(2026, 9, 31, 23, 30), lastEventAt: Date.UTC(2026, 10, 5, 1), lastRefreshAt: Date.UTC(2026, 10, 5, 9, 30),
};
const longPath = '/home/someone/Downloads/exports/openai/usage-2026-11-01-to-2026-11-30.csv';
const file: SourceInfo = {
  id: `file:${longPath}`, kind: 'file', label: 'OpenAI usage export', location: [longPath], rows: 31,
  firstEventAt: Date.UTC(2026, 10, 1), lastEventAt: Date.UTC(2026, 10, 30), lastRefreshAt: Date.UTC(2026, 10, 30, 18),
};
const untracked: SourceInfo = {
  id: 'untracked', kind: 'untracked', label: 'Imported before sources were kept', location: [], rows: 7, firstEventAt: Date.UTC(2026, 10, 2), lastEventAt: Date.UTC(2026, 10, 2), lastRefreshAt: null,
};

const sourcesPanel = (page: Page) => page.locator('vscode-tab-panel[data-tab="sources"]');

async function cells(page: Page): Promise<string[][]> {
  return sourcesPanel(page)
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td')).slice(0, 5).map((cell) => cell.textContent ?? '')));
}

describe('Sources tab', () => {
  it('lists each source with location, rows, days and last refresh (Berlin), full paths in the tooltip', async () => {
    const host = await startPanel(env, { host: f.hostState({ timeZone: 'Europe/Berlin' }), auto });
    await host.next('report/get');
    await host.page.locator('vscode-tab-header[data-tab="sources"]').click();
    const list = await host.next('sources/list');
    await host.reply(list, [logs, file, untracked]);
    await expect.poll(() => cells(host.page)).toEqual([
      ['Claude Code logs', '/home/someone/.claude', '12,345', '2026-11-01 – 2026-11-05', '2026-11-05 10:30'],
      ['OpenAI usage export', '…/openai/usage-2026-11-01-to-2026-11-30.csv', '31', '2026-11-01 – 2026-11-30', '2026-11-30 19:00'],
      ['Imported before sources were kept', '', '7', '2026-11-02', ''],
    ]);
    expect(await sourcesPanel(host.page).locator('thead th').allTextContents()).toEqual([
      'Source', 'Location', 'Rows', 'Time range (Europe/Berlin)', 'Last refresh (Europe/Berlin)', 'Actions',
    ]);
    const row = (id: string) => sourcesPanel(host.page).locator(`tr[data-source-id="${id}"]`);
    expect(await row(file.id).locator('.source-where').getAttribute('title')).toBe(longPath);
    expect(await row('untracked').locator('[data-action="refresh"]').evaluate((button) => (button as HTMLElement & { disabled: boolean }).disabled)).toBe(true);
    expect(await host.page.locator('vscode-tab-header[active]').getAttribute('data-tab')).toBe('sources');
    expect(host.pageErrors).toEqual([]);
    await host.page.close();
  });

  it('Refresh and Remove send the source id only and show what the host answered; a data change lists again', async () => {
    const host = await startPanel(env, { state: { version: 1, tab: 'sources', tabs: {} }, host: f.hostState() });
    await host.reply(await host.next('sources/list'), [logs, file]);
    const status = sourcesPanel(host.page).getByTestId('sources-status');
    await sourcesPanel(host.page).locator(`tr[data-source-id="${file.id}"] [data-action="refresh"]`).click();
    const refresh = await host.next('sources/refresh');
    expect(refresh).toEqual({ type: 'sources/refresh', requestId: refresh.requestId, sourceId: file.id });
    await expect.poll(() => status.textContent()).toBe('Reading the source again…');
    await host.reply(refresh, { done: true, message: 'Import finished. usage.csv: 0 events imported, 31 duplicates skipped.' });
    await expect.poll(() => status.textContent()).toBe('Import finished. usage.csv: 0 events imported, 31 duplicates skipped.');

    await sourcesPanel(host.page).locator('tr[data-source-id="claude-code"] [data-action="remove"]').click();
    const remove = await host.next('sources/remove');
    expect(remove).toEqual({ type: 'sources/remove', requestId: remove.requestId, sourceId: 'claude-code' });
    await host.reply(remove, { done: true, message: 'Removed Claude Code logs: 12,345 rows.' });
    await host.push({ type: 'data/changed', state: f.hostState({ dataVersion: 2 }) });
    await host.reply(await host.next('sources/list'), [file]);
    await expect.poll(async () => (await cells(host.page)).map((cell) => cell[0])).toEqual(['OpenAI usage export']);
    await expect.poll(() => status.textContent()).toBe('Removed Claude Code logs: 12,345 rows.');
    expect(host.count('report/get')).toBe(0);
    await host.page.close();
  });

  it('no sources: "No data yet" with the import buttons, which post enumerated actions', async () => {
    const host = await startPanel(env, { state: { version: 1, tab: 'sources', tabs: {} }, host: f.hostState({ hasData: false, eventCount: 0 }) });
    await host.reply(await host.next('sources/list'), []);
    const empty = sourcesPanel(host.page).getByTestId('sources-empty');
    await expect.poll(() => empty.isVisible()).toBe(true);
    expect(await empty.locator('.empty-title').textContent()).toBe('No data yet');
    expect(await sourcesPanel(host.page).getByTestId('sources-table').isHidden()).toBe(true);
    const actions: string[] = [];
    for (const name of ['Import Usage Data…', 'Import Claude Code Logs', 'Import Codex Logs', 'Import OpenTelemetry File…', 'Load Sample Data']) {
      await empty.getByRole('button', { name }).click();
      const posted = await host.next('action/run');
      actions.push(posted.action);
    }
    expect(actions).toEqual(['import', 'importClaudeCode', 'importCodex', 'importOtel', 'loadSample']);
    await host.page.close();
  });

  it('hostile labels and paths are inert text', async () => {
    const host = await startPanel(env, { state: { version: 1, tab: 'sources', tabs: {} }, host: f.hostState() });
    const hostile = f.xssPayloads.slice(0, 5).map((payload, i) => ({ ...file, id: `file:/x/${i}`, label: payload, location: [`/x/${payload}`] }));
    await host.reply(await host.next('sources/list'), hostile);
    await expect.poll(async () => (await cells(host.page)).map((cell) => cell[0])).toEqual(f.xssPayloads.slice(0, 5));
    expect(await host.page.evaluate(() => window.__xss)).toBeUndefined();
    expect(await sourcesPanel(host.page).locator('tbody img, tbody script, tbody b').count()).toBe(0);
    expect(await host.cspViolations()).toEqual([]);
    await host.page.close();
  });
});
