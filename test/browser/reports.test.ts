/** Handshake, the five reports as rendered tables, sorting, search, timeframes, export, errors. */
import { describe, expect, it } from 'vitest';
import { reportIds, type ReportId } from '../../src/protocol';
import { reportSpec } from '../../src/shared/reports';
import * as f from './fixtures';
import { choose, headerTexts, rowTexts, startPanel, useBrowser, view } from './harness';

const env = useBrowser();

const autoReplies = {
  'report/get': (m: { query: { report: ReportId } }) => f.report(m.query.report),
  'overview/get': () => f.overview(),
} as const;

/** Expected first-row texts per report (fixtures.ts row 0), formatted by column kind. */
const firstRows: Partial<Record<ReportId, string[]>> = {
  agents: ['Support Bot', 'agent-1', 'gpt-4o', 'single_task', '1,234,567', '321', '3.8456', '1,234.5679', '9,876,543', '123,456', '1,234 ms', '2,346 ms', '3.45 %'],
  users: ['ana@example.com', 'admin', 'user-1', '1,234,567', '3', '1,234.5', '1,000,000', '200,000'],
  'user-usage': ['Ana Lima', 'ana@example.com', 'user-1', '1,234,567', '1,000', '2,000', '3,000', '1:02:03', '2026-11-05 08:01:02', '2026-11-05 17:45:00'],
  models: ['gpt-4o', 'openai', '1,234,567', '12', '3', '9,876,543', '123,456', '5,000', '0', '0', '1,234.5', '56.789', '56.789', '50.1235', '950 ms', '2,100 ms', '3.45 %'],
  reconciliation: ['2026-11-10', 'claude-sonnet-4', 'anthropic', '1.2', '0.93', '1.35', '-0.27', '0.15', '77.5', '112.5', ''],
  orgs: ['Acme', 'org-root', '', '0', '12', '1,234,567', '1,234.5', '9,876,543', '123,456', '56.789', '1,238,888', '1,333', '9,996,543', '157,456', '58.289'],
};

describe('handshake', () => {
  it('posts ready first, then asks for the default tab with the host default timeframe', async () => {
    const host = await startPanel(env);
    expect(host.messages[0]).toEqual({ type: 'ready' });
    expect(await host.page.evaluate(() => window.__posted.length)).toBe(1); // nothing before init
    await host.push({ type: 'init', state: f.hostState({ defaultTimeframe: 'last-3-months' }) });
    const report = await host.next('report/get');
    const overview = await host.next('overview/get');
    expect(report.query).toEqual({ report: 'agents', timeframe: 'last-3-months', sort: { column: 'total_runs', direction: 'desc' } });
    expect(overview).toEqual({
      type: 'overview/get',
      requestId: overview.requestId,
      query: { report: 'agents', timeframe: 'last-3-months', sort: { column: 'total_runs', direction: 'desc' } },
      granularity: 'day',
    });
    expect(report.requestId).toMatch(/^[\w-]{1,64}$/);
    expect(overview.requestId).not.toBe(report.requestId);
    expect(host.pageErrors).toEqual([]); // the stub throws if acquireVsCodeApi is called twice
    await host.page.close();
  });
});

describe('reports', () => {
  it('renders each report: header labels in column order, formatted cells, right-aligned numbers, row count', async () => {
    const host = await startPanel(env, { host: f.hostState(), auto: autoReplies });
    const { page } = host;
    for (const id of reportIds) {
      await page.locator(`vscode-tab-header[data-report="${id}"]`).click();
      const request = await host.waitFor((m) => m.type === 'report/get' && m.query.report === id);
      if (id === 'user-usage') expect(request.type === 'report/get' && request.query.timeframe).toBe('today');
      else expect(request.type === 'report/get' && request.query.timeframe).toBe('last-30-days');
      const section = view(page, id);
      await expect.poll(() => section.getByTestId('row-count').textContent()).toBe('2 rows');
      await expect(section.locator('.report-description').isVisible()).resolves.toBe(true);
      // the fixture's results are in auto cost mode: cost columns say so
      expect(await headerTexts(section.getByTestId('report-table'))).toEqual(reportSpec(id).columns.map((c) => (c.costMode ? `${c.label} (USD, auto)` : c.label)));
      const rows = await rowTexts(section.getByTestId('report-table'));
      expect(rows).toHaveLength(2);
      expect(rows[0]).toHaveLength(reportSpec(id).columns.length);
      if (firstRows[id]) expect(rows[0]).toEqual(firstRows[id]);
      const alignments = await section.locator('.vt-rows .vt-row').first().evaluate((row) =>
        Array.from(row.children).map((cell) => getComputedStyle(cell).textAlign),
      );
      reportSpec(id).columns.forEach((column, i) => {
        const numeric = column.kind !== 'text' && column.kind !== 'timestamp';
        expect(alignments[i], `${id}.${column.name}`).toBe(numeric ? 'right' : 'start');
      });
      expect(await page.locator('vscode-tab-header[active]').textContent()).toBe(reportSpec(id).title);
    }
    // the p95 that a source cannot give is a dash, not 0
    expect((await rowTexts(view(page, 'agents').getByTestId('report-table')))[1]![11]).toBe('\u2014');
    // Reconciliation names its zone: UTC days, in the column and in the note above the table
    const reconciliation = view(page, 'reconciliation');
    expect((await headerTexts(reconciliation.getByTestId('report-table')))[0]).toBe('Day (UTC)');
    expect(await reconciliation.getByTestId('report-notes').textContent()).toBe(f.reconciliationNote);
    expect(await reconciliation.getByTestId('report-notes').isVisible()).toBe(true);
    expect((await rowTexts(reconciliation.getByTestId('report-table')))[1]).toEqual([
      'Total', '', '', '1.65', '\u2014', '1.35', '\u2014', '-0.3', '\u2014', '81.82', 'mystery-llm-9: no price',
    ]);
    // a report without notes shows none
    expect(await view(page, 'agents').getByTestId('report-notes').isVisible()).toBe(false);
    expect(host.pageErrors).toEqual([]);
    await page.close();
  });

  it('shows KPI cards with the change against the previous period, none for all time', async () => {
    const host = await startPanel(env, { host: f.hostState(), auto: { 'report/get': (m) => f.report(m.query.report) } });
    const overview = await host.next('overview/get');
    await host.reply(overview, f.overview());
    const runs = view(host.page, 'agents').locator('[data-kpi=runs]');
    await expect.poll(() => runs.locator('.kpi-value').textContent()).toBe('1,238,888');
    expect(await runs.locator('.kpi-change').textContent()).toBe('▲ 12.6 % vs previous period');
    expect(await view(host.page, 'agents').locator('[data-kpi=tokens] .kpi-change').textContent()).toBe('▼ 7.7 % vs previous period');
    expect(await view(host.page, 'agents').locator('[data-kpi=errorRate] .kpi-value').textContent()).toBe('3.45 %');
    expect(await view(host.page, 'agents').locator('[data-kpi=errorRate] .kpi-change').textContent()).toBe('▲ 1.45 pp vs previous period');
    expect(await runs.getAttribute('aria-label')).toBe('Runs: 1,238,888, up 12.6 % against the previous period');
    host.auto({ 'overview/get': () => f.overview(false) });
    await choose(view(host.page, 'agents').getByTestId('timeframe'), 'All time');
    await expect.poll(() => runs.locator('.kpi-change').textContent()).toBe('all time');
    await host.page.close();
  });

  it('shows runs a source cannot count as — in the KPI cards and the table, never 0', async () => {
    // Usage by Model of bill lines only: runs and error rate empty, the money known
    const billOnly = ['claude-opus-4', 'anthropic', null, 0, 0, null, null, null, null, null, null, 1.25, 1.25, null, null, null, null];
    const host = await startPanel(env, { host: f.hostState(), auto: { 'report/get': (m) => (m.query.report === 'models' ? f.report('models', [billOnly]) : f.report(m.query.report)) } });
    const noCount = { runs: null, tokens: null, credits: null, costUsd: 1.25, errorRate: null };
    const billOverview = () => ({ ...f.overview(), kpis: { current: noCount, previous: { ...noCount, runs: 0, costUsd: 0 }, cost: { mode: 'auto' as const, coverage: null } } });
    host.auto({ 'overview/get': billOverview });
    await host.page.locator('vscode-tab-header[data-report="models"]').click();
    const models = view(host.page, 'models');
    await expect.poll(() => rowTexts(models.getByTestId('report-table')).then((rows) => rows[0]?.slice(0, 3))).toEqual(['claude-opus-4', 'anthropic', '\u2014']);
    expect((await rowTexts(models.getByTestId('report-table')))[0]!.at(-1)).toBe('\u2014');
    await expect.poll(() => models.locator('[data-kpi=runs] .kpi-value').textContent()).toBe('\u2014');
    expect(await models.locator('[data-kpi=runs] .kpi-change').textContent()).toBe('nothing to compare');
    expect(await models.locator('[data-kpi=errorRate] .kpi-value').textContent()).toBe('\u2014');
    expect(await models.locator('[data-kpi=costUsd] .kpi-value').textContent()).toBe('1.25');
    expect(host.pageErrors).toEqual([]);
    await host.page.close();
  });

  it('labels the cost card and cost columns with the cost mode and shows what the estimate misses under the cards', async () => {
    const coverage = { unpricedModels: ['a', 'b', 'c'], unpricedTokenKinds: [], sentence: '3 models have no price: totals are a floor' };
    const estimated = (id: ReportId) => ({ ...f.report(id), cost: { mode: 'estimated' as const, coverage } });
    const host = await startPanel(env, { host: f.hostState(), auto: { 'report/get': (m) => estimated(m.query.report) } });
    await host.reply(await host.next('overview/get'), f.overview(true, { mode: 'estimated', coverage }));
    const agents = view(host.page, 'agents');
    const cost = agents.locator('[data-kpi=costUsd]');
    await expect.poll(() => cost.locator('.kpi-label').textContent()).toBe('Cost (USD, estimated)');
    expect(await cost.locator('.kpi-value').textContent()).toBe('58.289');
    expect(await cost.getAttribute('aria-label')).toBe('Cost (USD, estimated): 58.289, up 16.6 % against the previous period');
    expect(await agents.getByTestId('cost-coverage').textContent()).toBe('3 models have no price: totals are a floor');
    expect(await agents.getByTestId('cost-coverage').isVisible()).toBe(true);

    host.auto({ 'report/get': (m) => estimated(m.query.report), 'overview/get': () => f.overview() });
    await host.page.locator('vscode-tab-header[data-report="models"]').click();
    const models = view(host.page, 'models');
    await expect.poll(() => headerTexts(models.getByTestId('report-table'))).toContain('Cost (USD, estimated)');
    expect((await headerTexts(models.getByTestId('report-table'))).slice(11, 14)).toEqual(['Cost (USD, estimated)', 'Reported cost (USD)', 'Estimated cost (USD)']);
    // auto mode, nothing missing: the card says auto and the line is gone
    await expect.poll(() => models.locator('[data-kpi=costUsd] .kpi-label').textContent()).toBe('Cost (USD, auto)');
    expect(await models.getByTestId('cost-coverage').isVisible()).toBe(false);
    await host.page.close();
  });

  it('sorts on the host: a header click sends desc, the second asc; Enter/Space on a header sorts too', async () => {
    const host = await startPanel(env, { host: f.hostState(), auto: autoReplies });
    const table = view(host.page, 'agents').getByTestId('report-table');
    await expect.poll(() => rowTexts(table).then((rows) => rows.length)).toBe(2);
    host.drain();
    const sessions = table.locator('.vt-header[data-column=total_sessions]');
    expect(await sessions.getAttribute('aria-sort')).toBe('none');
    expect(await table.locator('.vt-header[data-column=total_runs]').getAttribute('aria-sort')).toBe('descending');
    await sessions.click();
    expect((await host.next('report/get')).query.sort).toEqual({ column: 'total_sessions', direction: 'desc' });
    await expect.poll(() => sessions.getAttribute('aria-sort')).toBe('descending');
    await sessions.click();
    expect((await host.next('report/get')).query.sort).toEqual({ column: 'total_sessions', direction: 'asc' });
    await expect.poll(() => sessions.getAttribute('aria-sort')).toBe('ascending');
    // keyboard: text columns start ascending
    const model = table.locator('.vt-header[data-column=model_used]');
    await model.focus();
    await host.page.keyboard.press('Enter');
    expect((await host.next('report/get')).query.sort).toEqual({ column: 'model_used', direction: 'asc' });
    await host.page.keyboard.press(' ');
    expect((await host.next('report/get')).query.sort).toEqual({ column: 'model_used', direction: 'desc' });
    // the overview follows the same query (search/filters), and the export uses the sort too
    await host.page.close();
  });

  it('debounces the search: typing sends one report/get with the search', async () => {
    const host = await startPanel(env, { host: f.hostState(), auto: autoReplies });
    await host.next('report/get');
    await host.next('overview/get'); // the initial load's side request follows the table's
    host.drain();
    const before = host.count('report/get');
    const input = view(host.page, 'users').getByTestId('search').locator('input');
    await host.page.locator('vscode-tab-header[data-report="users"]').click();
    await host.next('report/get');
    await host.next('overview/get'); // the initial load's side request follows the table's
    host.drain();
    const afterTab = host.count('report/get');
    expect(afterTab).toBe(before + 1);
    await input.pressSequentially('ana@exa', { delay: 40 });
    await host.page.waitForTimeout(700); // the debounce check: well past 250 ms after the last key
    const searches = host.messages.slice().filter((m) => m.type === 'report/get').slice(afterTab);
    expect(searches).toHaveLength(1);
    expect(searches[0]!.type === 'report/get' && searches[0]!.query).toEqual({
      report: 'users',
      timeframe: 'last-30-days',
      search: 'ana@exa',
      sort: { column: 'total_runs', direction: 'desc' },
    });
    const overview = await host.waitFor((m) => m.type === 'overview/get' && m.query.search === 'ana@exa');
    expect(overview).toBeTruthy();
    await host.page.close();
  });

  it('sends the chosen timeframe: a preset, a calendar day, a range; User Usage defaults to today', async () => {
    const host = await startPanel(env, { host: f.hostState(), auto: autoReplies });
    await host.next('report/get');
    await host.next('overview/get'); // the initial load's side request follows the table's
    host.drain();
    const section = view(host.page, 'agents');
    await choose(section.getByTestId('timeframe'), 'Last 7 days');
    expect((await host.next('report/get')).query.timeframe).toBe('last-7-days');
    expect((await host.next('overview/get')).query.timeframe).toBe('last-7-days');
    await choose(section.getByTestId('timeframe'), 'Calendar day…');
    expect((await host.next('report/get')).query.timeframe).toEqual({ day: f.today });
    await section.getByTestId('timeframe-day').locator('input').fill('2026-11-03');
    expect((await host.next('report/get')).query.timeframe).toEqual({ day: '2026-11-03' });
    await choose(section.getByTestId('timeframe'), 'Date range…');
    expect((await host.next('report/get')).query.timeframe).toEqual({ from: '2026-10-30', to: f.today });
    await section.getByTestId('timeframe-from').locator('input').fill('2026-10-01');
    expect((await host.next('report/get')).query.timeframe).toEqual({ from: '2026-10-01', to: f.today });

    await host.page.locator('vscode-tab-header[data-report="user-usage"]').click();
    const userUsage = await host.next('report/get');
    expect(userUsage.query).toEqual({ report: 'user-usage', timeframe: 'today', sort: { column: 'total_tokens', direction: 'desc' } });
    expect(await view(host.page, 'user-usage').getByTestId('timeframe').evaluate((el) => (el as HTMLElement & { value: string }).value)).toBe('today');
    await host.page.close();
  });

  it('sends the report filters from HostState.filterOptions', async () => {
    const host = await startPanel(env, { host: f.hostState(), auto: autoReplies });
    await host.next('report/get');
    await host.next('overview/get'); // the initial load's side request follows the table's
    host.drain();
    const agents = view(host.page, 'agents');
    await choose(agents.locator('[data-filter=agentType]'), 'multi_step');
    expect((await host.next('report/get')).query.filters).toEqual({ agentType: 'multi_step' });
    await choose(agents.locator('[data-filter=createdBy]'), 'ben@example.com');
    expect((await host.next('report/get')).query.filters).toEqual({ agentType: 'multi_step', createdBy: 'user-2' });
    await choose(agents.locator('[data-filter=orgId]'), 'All organisations');
    await choose(agents.locator('[data-filter=agentType]'), 'All agent types');
    expect((await host.next('report/get')).query.filters).toEqual({ createdBy: 'user-2' });

    await host.page.locator('vscode-tab-header[data-report="orgs"]').click();
    await host.next('report/get');
    const orgs = view(host.page, 'orgs');
    expect(await orgs.locator('[data-filter=agentType]').count()).toBe(0);
    await orgs.locator('[data-filter=includeSubOrgs]').click();
    expect((await host.next('report/get')).query.filters).toEqual({ includeSubOrgs: true });
    await choose(orgs.locator('[data-filter=orgId]'), '› Acme EU');
    expect((await host.next('report/get')).query.filters).toEqual({ orgId: 'org-eu', includeSubOrgs: true });
    await host.page.close();
  });

  it('exports the current query and shows the file name', async () => {
    const host = await startPanel(env, { host: f.hostState(), auto: autoReplies });
    await host.next('report/get');
    await choose(view(host.page, 'agents').getByTestId('timeframe'), 'Last month');
    await host.waitFor((m) => m.type === 'report/get' && m.query.timeframe === 'last-month');
    await view(host.page, 'agents').getByTestId('export').click();
    const exportRequest = await host.next('export/request');
    expect(exportRequest.query).toEqual({ report: 'agents', timeframe: 'last-month', sort: { column: 'total_runs', direction: 'desc' } });
    await host.reply(exportRequest, { fileName: 'usage-by-agent-2026-10.csv', rows: 1234 });
    await expect.poll(() => view(host.page, 'agents').locator('.export-status').textContent()).toBe('Exported 1,234 rows to usage-by-agent-2026-10.csv');
    await host.page.close();
  });

  it('shows an error reply as text with a Retry that asks again', async () => {
    const host = await startPanel(env, { host: f.hostState(), auto: { 'overview/get': () => f.overview() } });
    await host.fail(await host.next('report/get'), 'database is locked');
    const banner = view(host.page, 'agents').locator('.error-banner');
    await expect.poll(() => banner.locator('.error-text').textContent()).toBe('Could not load Usage by Agent: database is locked');
    await banner.getByRole('button', { name: 'Retry' }).click();
    await host.reply(await host.next('report/get'), f.report('agents'));
    await expect.poll(() => banner.isHidden()).toBe(true);
    await host.page.close();
  });

  it('rejects a request the host never answers after 30 s and says so', async () => {
    const host = await startPanel(env, { host: f.hostState(), fakeClock: true, auto: { 'overview/get': () => f.overview() } });
    await host.next('report/get');
    const banner = view(host.page, 'agents').locator('.error-banner');
    await host.page.clock.runFor(29_000);
    expect(await banner.isHidden()).toBe(true);
    await host.page.clock.runFor(1_500);
    await expect.poll(() => banner.locator('.error-text').textContent()).toBe('Could not load Usage by Agent: The extension did not answer within 30 s.');
    await host.page.close();
  });

  it('re-fetches the current tab on data/changed', async () => {
    const host = await startPanel(env, { host: f.hostState(), auto: autoReplies });
    await host.next('report/get');
    await host.next('overview/get'); // the initial load's side request follows the table's
    host.drain();
    await host.push({ type: 'data/changed', state: f.hostState({ dataVersion: 2 }) });
    expect((await host.next('report/get')).query.report).toBe('agents');
    await host.page.close();
  });
});

describe('virtualised table', () => {
  it('keeps far fewer than 100,000 rows in the DOM and shows the last row after scrolling to the bottom', async () => {
    const big = f.manyAgents(100_000);
    const host = await startPanel(env, { host: f.hostState(), auto: { 'overview/get': () => f.overview() } });
    const request = await host.next('report/get');
    await host.reply(request, big);
    const section = view(host.page, 'agents');
    await expect.poll(() => section.getByTestId('row-count').textContent(), { timeout: 20_000 }).toBe('100,000 rows');
    const domRows = () => section.getByTestId('report-table').locator('.vt-rows .vt-row').count();
    expect(await domRows()).toBeLessThan(200);
    expect((await rowTexts(section.getByTestId('report-table')))[0]![0]).toBe('Agent 0');
    const scroller = section.getByTestId('report-table').locator('.vt-scroll');
    // scroll in steps like a user (each step re-renders only the visible window), then jump to the end
    const frameTimes = await scroller.evaluate(async (element) => {
      const times: number[] = [];
      for (let i = 1; i <= 20; i++) {
        const start = performance.now();
        element.scrollTop = (element.scrollHeight * i) / 40;
        element.dispatchEvent(new Event('scroll'));
        times.push(performance.now() - start);
        await new Promise(requestAnimationFrame);
      }
      element.scrollTop = element.scrollHeight;
      return times;
    });
    await expect.poll(async () => (await rowTexts(section.getByTestId('report-table'))).some((row) => row[0] === 'Agent 99999')).toBe(true);
    await expect(section.getByTestId('report-table').locator('.vt-row', { hasText: 'Agent 99999' }).isVisible()).resolves.toBe(true);
    expect(await domRows()).toBeLessThan(200);
    // a scroll step re-renders well within a frame (median; the max only guards against a full render)
    const sorted = [...frameTimes].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(16);
    expect(sorted[sorted.length - 1]).toBeLessThan(150);
    await host.page.close();
  });
});

describe('empty states', () => {
  it('no data imported: Import / Load Sample buttons post actions, and nothing is queried', async () => {
    const host = await startPanel(env, { host: f.hostState({ hasData: false, eventCount: 0 }) });
    const empty = view(host.page, 'agents').locator('.empty-state');
    await expect.poll(() => empty.getAttribute('data-reason')).toBe('no-data');
    expect(await empty.locator('.empty-title').textContent()).toBe('No usage data imported yet.');
    await empty.getByRole('button', { name: 'Load Sample Data' }).click();
    expect(await host.next('action/run')).toEqual({ type: 'action/run', action: 'loadSample' });
    await empty.getByRole('button', { name: 'Import Usage Data…' }).click();
    expect(await host.next('action/run')).toEqual({ type: 'action/run', action: 'import' });
    expect(host.count('report/get')).toBe(0);
    expect(await view(host.page, 'agents').getByTestId('report-table').isHidden()).toBe(true);
    // the sample arrives: data/changed with data → the report is fetched and the empty state goes
    host.auto(autoReplies);
    await host.push({ type: 'data/changed', state: f.hostState({ dataVersion: 2 }) });
    await host.next('report/get');
    await expect.poll(() => empty.isHidden()).toBe(true);
    await host.page.close();
  });

  it('nothing in this timeframe: offers the last 12 months', async () => {
    const host = await startPanel(env, {
      host: f.hostState(),
      auto: { 'overview/get': () => f.overview(), 'report/get': (m) => f.report(m.query.report, m.query.timeframe === 'last-12-months' ? undefined : []) },
    });
    const empty = view(host.page, 'agents').locator('.empty-state');
    await expect.poll(() => empty.getAttribute('data-reason')).toBe('no-data-in-timeframe');
    expect(await empty.locator('.empty-title').textContent()).toBe('No usage in last 30 days.');
    expect(await empty.locator('.empty-detail').textContent()).toBe('The imported data (123,456 events) covers 2026-10-07 – 2026-11-05.');
    host.drain();
    await empty.getByRole('button', { name: 'Show last 12 months' }).click();
    expect((await host.next('report/get')).query.timeframe).toBe('last-12-months');
    await expect.poll(() => empty.isHidden()).toBe(true);
    expect(await view(host.page, 'agents').getByTestId('row-count').textContent()).toBe('2 rows');
    await host.page.close();
  });

  it('a timeframe that misses the data: the almost empty report says where the data is and switches to it', async () => {
    // after importing an older file: every organisation is listed (with zeros), but no day of last 30 days has data
    const olderSpan = { first: '2026-01-01', last: '2026-03-31' };
    const spanRange = { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 3, 1) };
    const host = await startPanel(env, {
      state: { version: 1, tab: 'orgs', tabs: {} },
      host: f.hostState({ dataSpan: olderSpan }),
      auto: {
        'overview/get': () => f.overview(),
        'report/get': (m) => (typeof m.query.timeframe === 'object' ? { ...f.report(m.query.report), range: spanRange } : f.report(m.query.report)),
      },
    });
    const section = view(host.page, 'orgs');
    const hint = section.getByTestId('data-span-hint');
    await expect.poll(() => section.getByTestId('row-count').textContent()).toBe('2 rows');
    await expect.poll(() => hint.isVisible()).toBe(true);
    expect(await hint.locator('.data-span-text').textContent()).toBe('Data spans 2026-01-01 – 2026-03-31.');
    host.drain();
    await hint.getByRole('button', { name: 'Show 2026-01-01 – 2026-03-31' }).click();
    expect((await host.next('report/get')).query.timeframe).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect((await host.next('overview/get')).query.timeframe).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    await expect.poll(() => hint.isHidden()).toBe(true);
    expect(await section.getByTestId('timeframe').evaluate((el) => (el as HTMLElement & { value: string }).value)).toBe('range');
    expect(await section.getByTestId('timeframe-from').evaluate((el) => (el as HTMLElement & { value: string }).value)).toBe('2026-01-01');
    expect(await section.getByTestId('timeframe-to').evaluate((el) => (el as HTMLElement & { value: string }).value)).toBe('2026-03-31');
    // the choice is the tab's own: it survives in the persisted state
    expect(await host.page.evaluate(() => JSON.parse(sessionStorage.getItem('__vscodeWebviewState')!).tabs.orgs.timeframe)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    await host.page.close();
  });

  it('an empty report offers the days that hold data as one click', async () => {
    const host = await startPanel(env, {
      host: f.hostState({ dataSpan: { first: '2026-01-01', last: '2026-03-31' } }),
      auto: { 'overview/get': () => f.overview(), 'report/get': (m) => f.report(m.query.report, typeof m.query.timeframe === 'object' ? undefined : []) },
    });
    const section = view(host.page, 'agents');
    const empty = section.locator('.empty-state');
    await expect.poll(() => empty.getAttribute('data-reason')).toBe('no-data-in-timeframe');
    expect(await empty.locator('.empty-detail').textContent()).toBe('The imported data (123,456 events) covers 2026-01-01 – 2026-03-31.');
    // the empty state already says it: no second banner
    expect(await section.getByTestId('data-span-hint').isHidden()).toBe(true);
    host.drain();
    await empty.getByRole('button', { name: 'Show 2026-01-01 – 2026-03-31' }).click();
    expect((await host.next('report/get')).query.timeframe).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    await expect.poll(() => empty.isHidden()).toBe(true);
    expect(await section.getByTestId('row-count').textContent()).toBe('2 rows');
    await host.page.close();
  });

  it('no match for the search: Clear search', async () => {
    const host = await startPanel(env, {
      host: f.hostState(),
      auto: { 'overview/get': () => f.overview(), 'report/get': (m) => f.report(m.query.report, m.query.search ? [] : undefined) },
    });
    const section = view(host.page, 'agents');
    await host.next('report/get');
    await section.getByTestId('search').locator('input').fill('zzz');
    const empty = section.locator('.empty-state');
    await expect.poll(() => empty.getAttribute('data-reason')).toBe('no-match');
    expect(await empty.locator('.empty-title').textContent()).toBe('No agents match “zzz”.');
    host.drain();
    await empty.getByRole('button', { name: 'Clear search' }).click();
    expect((await host.next('report/get')).query.search).toBeUndefined();
    expect(await section.getByTestId('search').evaluate((el) => (el as HTMLElement & { value: string }).value)).toBe('');
    await expect.poll(() => empty.isHidden()).toBe(true);
    await host.page.close();
  });
});
