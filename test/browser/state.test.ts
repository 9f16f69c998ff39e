/** UI state survives a reload through getState/setState (VS Code keeps it; no retainContextWhenHidden). */
import { describe, expect, it } from 'vitest';
import type { ReportId } from '../../src/protocol';
import * as f from './fixtures';
import { choose, startPanel, useBrowser, view } from './harness';

const env = useBrowser();
const auto = {
  'report/get': (m: { query: { report: ReportId } }) => f.report(m.query.report),
  'overview/get': () => f.overview(),
};

describe('persisted state', () => {
  it('restores tab, timeframe, search, sort and chart settings after a reload, and the first query carries them', async () => {
    const host = await startPanel(env, { host: f.hostState(), auto });
    const { page } = host;
    await host.next('report/get');
    await page.locator('vscode-tab-header[data-report="users"]').click();
    const users = view(page, 'users');
    await choose(users.getByTestId('timeframe'), 'Last 7 days');
    await users.getByTestId('search').locator('input').fill('ana');
    await host.waitFor((m) => m.type === 'report/get' && m.query.report === 'users' && m.query.search === 'ana');
    await users.getByTestId('report-table').locator('.vt-header[data-column=credits_consumed]').click();
    await host.waitFor((m) => m.type === 'report/get' && m.query.sort?.column === 'credits_consumed');
    await choose(users.getByTestId('chart-granularity'), 'Per week');
    await host.waitFor((m) => m.type === 'overview/get' && m.granularity === 'week');
    await choose(users.getByTestId('chart-metric'), 'Tokens');

    const before = host.messages.length;
    await page.reload();
    const ready = await host.waitFor((m) => m.type === 'ready', 10_000, before);
    expect(ready).toEqual({ type: 'ready' });
    await host.push({ type: 'init', state: f.hostState() });
    const first = await host.waitFor((m) => m.type === 'report/get', 10_000, before);
    expect(first.type === 'report/get' && first.query).toEqual({
      report: 'users',
      timeframe: 'last-7-days',
      search: 'ana',
      sort: { column: 'credits_consumed', direction: 'desc' },
    });
    const overview = await host.waitFor((m) => m.type === 'overview/get', 10_000, before);
    expect(overview.type === 'overview/get' && overview.granularity).toBe('week');

    const restored = view(page, 'users');
    expect(await page.locator('vscode-tab-header[active]').getAttribute('data-report')).toBe('users');
    await expect.poll(() => restored.getByTestId('search').evaluate((el) => (el as HTMLElement & { value: string }).value)).toBe('ana');
    expect(await restored.getByTestId('timeframe').evaluate((el) => (el as HTMLElement & { value: string }).value)).toBe('last-7-days');
    expect(await restored.getByTestId('chart-metric').evaluate((el) => (el as HTMLElement & { value: string }).value)).toBe('tokens');
    await expect.poll(() => restored.locator('.vt-header[data-column=credits_consumed]').getAttribute('aria-sort')).toBe('descending');
    // other tabs kept their own defaults
    host.drain();
    await page.locator('vscode-tab-header[data-report="agents"]').click();
    expect((await host.next('report/get')).query).toEqual({ report: 'agents', timeframe: 'last-30-days', sort: { column: 'total_runs', direction: 'desc' } });
    await page.close();
  });

  it('ignores a malformed stored state', async () => {
    const host = await startPanel(env, {
      state: { version: 1, tab: 'nope', tabs: { agents: { timeframe: { day: 'yesterday' }, search: 42, sort: { column: 'DROP TABLE', direction: 'up' }, filters: { orgId: 7 } } } },
      host: f.hostState(),
      auto,
    });
    expect((await host.next('report/get')).query).toEqual({ report: 'agents', timeframe: 'last-30-days', sort: { column: 'total_runs', direction: 'desc' } });
    expect(host.pageErrors).toEqual([]);
    await host.page.close();
  });
});
