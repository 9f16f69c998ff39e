/** Agent detail: opened from a row (mouse or keyboard) and by the host's focus/agent push. */
import { describe, expect, it } from 'vitest';
import type { ReportId } from '../../src/protocol';
import * as f from './fixtures';
import { rowTexts, startPanel, useBrowser, view } from './harness';

const env = useBrowser();
const auto = {
  'report/get': (m: { query: { report: ReportId } }) => f.report(m.query.report),
  'overview/get': () => f.overview(),
};

describe('agent detail', () => {
  it('clicking an agent row asks for its detail and renders the chart, models and top users', async () => {
    const host = await startPanel(env, { host: f.hostState(), auto });
    const agents = view(host.page, 'agents');
    await expect.poll(() => agents.getByTestId('row-count').textContent()).toBe('2 rows');
    await agents.getByTestId('report-table').locator('.vt-row', { hasText: 'Code Reviewer' }).click();
    const request = await host.next('agentDetail/get');
    expect(request).toEqual({ type: 'agentDetail/get', requestId: request.requestId, agentId: 'agent-2', timeframe: 'last-30-days', granularity: 'day' });
    const detail = agents.getByTestId('agent-detail');
    await expect.poll(() => detail.isVisible()).toBe(true);
    expect(await detail.locator('.detail-title').textContent()).toBe('Code Reviewer');
    expect(await detail.locator('.detail-subtitle').textContent()).toBe('agent-2');
    await host.reply(request, f.agentDetail('agent-2'));
    await expect.poll(() => detail.locator('.chart canvas').count()).toBeGreaterThan(0);
    const [models, users] = [detail.locator('.vt').nth(0), detail.locator('.vt').nth(1)];
    await expect.poll(() => rowTexts(models)).toEqual([['gpt-4o', 'openai', '1,200', '3', '1', '90,000', '12,000', '0', '0', '0', '12.5', '0.8', '0.8', '0.35', '900 ms', '1,800 ms', '1.00 %']]);
    expect((await rowTexts(users)).map((row) => row[0])).toEqual(['ana@example.com', 'ben@example.com']);
    expect(await detail.locator('.section-count').allTextContents()).toEqual(['1 row', '2 rows']);

    await detail.getByTestId('detail-close').click();
    await expect.poll(() => detail.isHidden()).toBe(true);

    // keyboard: focus the table; the clicked row (2nd) is active, ↑ moves to the first, Enter opens it
    host.drain();
    await agents.getByTestId('report-table').locator('.vt-scroll').focus();
    await host.page.keyboard.press('ArrowUp');
    expect(await agents.getByTestId('report-table').locator('.vt-row.active').getAttribute('aria-rowindex')).toBe('2');
    await host.page.keyboard.press('Enter');
    expect((await host.next('agentDetail/get')).agentId).toBe('agent-1');
    await expect.poll(() => detail.locator('.detail-title').textContent()).toBe('Support Bot');
    await host.page.close();
  });

  it('focus/agent switches to Usage by Agent, filters the search to the agent and opens its detail', async () => {
    const host = await startPanel(env, {
      state: { version: 1, tab: 'models', tabs: {} },
      host: f.hostState(),
      auto: { ...auto, 'agentDetail/get': (m) => f.agentDetail(m.agentId) },
    });
    expect((await host.next('report/get')).query.report).toBe('models');
    await host.push({ type: 'focus/agent', agentId: 'agent-2' });
    const detailRequest = await host.next('agentDetail/get');
    expect(detailRequest.agentId).toBe('agent-2');
    const report = await host.waitFor((m) => m.type === 'report/get' && m.query.report === 'agents');
    expect(report.type === 'report/get' && report.query).toEqual({
      report: 'agents',
      timeframe: 'last-30-days',
      search: 'agent-2',
      sort: { column: 'total_runs', direction: 'desc' },
    });
    expect(await host.page.locator('vscode-tab-header[active]').getAttribute('data-report')).toBe('agents');
    const agents = view(host.page, 'agents');
    expect(await agents.getByTestId('search').evaluate((el) => (el as HTMLElement & { value: string }).value)).toBe('agent-2');
    const detail = agents.getByTestId('agent-detail');
    await expect.poll(() => detail.isVisible()).toBe(true);
    expect(await detail.locator('.detail-title').textContent()).toBe('Code Reviewer');
    await expect.poll(() => rowTexts(detail.locator('.vt').nth(1)).then((rows) => rows.length)).toBe(2);
    // exactly one detail request (the report refresh does not ask again)
    await expect.poll(() => agents.getByTestId('row-count').textContent()).toBe('2 rows');
    expect(host.count('agentDetail/get')).toBe(1);
    await host.page.close();
  });
});
