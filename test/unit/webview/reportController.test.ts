import { describe, expect, it } from 'vitest';
import type { AgentDetailResult, HostState, OverviewResult, ReportId, ReportResult } from '../../../src/protocol';
import { HostChannel } from '../../../webview/hostChannel';
import { ReportController } from '../../../webview/reportController';
import type { DetailDisplay, ReportDisplay, ResultDisplay } from '../../../webview/reportDisplay';
import { UiStore } from '../../../webview/state';
import { FakeHost, hostState } from './fakeHost';

type Call = [string, ...unknown[]];

/** Records what the controller tells its views. */
class FakeDisplay implements ReportDisplay {
  readonly calls: Call[] = [];
  readonly detail: (DetailDisplay & { calls: Call[] }) | undefined;

  constructor(withDetail: boolean) {
    const record = (calls: Call[]) => (name: string) => (...args: unknown[]) => void calls.push([name, ...args]);
    const own = record(this.calls);
    Object.assign(this, {
      showControls: own('showControls'),
      showTimeframe: own('showTimeframe'),
      showFilters: own('showFilters'),
      showSearch: own('showSearch'),
      setExportEnabled: own('setExportEnabled'),
      showNoData: own('showNoData'),
      showOverviewArea: own('showOverviewArea'),
      showResult: own('showResult'),
      showOverview: own('showOverview'),
      clearKpis: own('clearKpis'),
      setChartMetric: own('setChartMetric'),
      showError: own('showError'),
      hideError: own('hideError'),
      setBusy: own('setBusy'),
      showExportStatus: own('showExportStatus'),
      focusTable: own('focusTable'),
    });
    if (withDetail) {
      const calls: Call[] = [];
      const detail = record(calls);
      this.detail = { calls, showLoading: detail('showLoading'), showResult: detail('showResult'), showError: detail('showError'), setMetric: detail('setMetric'), hide: detail('hide') };
    }
  }

  declare showControls: ReportDisplay['showControls'];
  declare showTimeframe: ReportDisplay['showTimeframe'];
  declare showFilters: ReportDisplay['showFilters'];
  declare showSearch: ReportDisplay['showSearch'];
  declare setExportEnabled: ReportDisplay['setExportEnabled'];
  declare showNoData: ReportDisplay['showNoData'];
  declare showOverviewArea: ReportDisplay['showOverviewArea'];
  declare showResult: ReportDisplay['showResult'];
  declare showOverview: ReportDisplay['showOverview'];
  declare clearKpis: ReportDisplay['clearKpis'];
  declare setChartMetric: ReportDisplay['setChartMetric'];
  declare showError: ReportDisplay['showError'];
  declare hideError: ReportDisplay['hideError'];
  declare setBusy: ReportDisplay['setBusy'];
  declare showExportStatus: ReportDisplay['showExportStatus'];
  declare focusTable: ReportDisplay['focusTable'];

  named(name: string): unknown[][] {
    return this.calls.filter((call) => call[0] === name).map((call) => call.slice(1));
  }

  results(): ResultDisplay[] {
    return this.named('showResult').map((args) => args[0] as ResultDisplay);
  }
}

const october = { start: Date.UTC(2026, 9, 7), end: Date.UTC(2026, 10, 6) };

function result(report: ReportId, rows: ReportResult['rows'], range = october): ReportResult {
  return { report, columns: ['agent_name', 'agent_id'], rows, range, cost: { mode: 'auto', coverage: null } };
}

const overview: OverviewResult = {
  kpis: { current: { runs: 3, tokens: 30, credits: 1, costUsd: 0.5, errorRate: 0 }, previous: null, cost: { mode: 'auto', coverage: null } },
  series: { granularity: 'day', bucketStarts: [october.start, october.start + 86_400_000], series: [] },
};

function setup(report: ReportId = 'agents', state: HostState = hostState()) {
  const host = new FakeHost();
  const channel = new HostChannel(host);
  const store = new UiStore(host);
  let current: HostState | undefined = state;
  const actions: string[] = [];
  const controller = new ReportController(report, {
    store,
    host: () => current,
    request: channel.request,
    runAction: (action) => actions.push(action),
  });
  const display = new FakeDisplay(report === 'agents');
  controller.attach(display);
  return { host, store, controller, display, actions, setHost: (next: HostState | undefined) => (current = next) };
}

/** Lets the controller's awaits run after replies were delivered. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('webview report controller', () => {
  it('drops a report reply that a newer request has overtaken', async () => {
    const { host, controller, display } = setup();
    void controller.refresh();
    controller.setTimeframe('last-7-days');
    const [older, newer] = host.requests('report/get');
    expect(older!.query.timeframe).toBe('last-30-days');
    expect(newer!.query.timeframe).toBe('last-7-days');
    host.reply(newer!, result('agents', [['Newer', 'agent-2']]));
    await settle();
    host.reply(older!, result('agents', [['Older', 'agent-1']]));
    await settle();
    expect(display.results().map((shown) => shown.rows)).toEqual([[['Newer', 'agent-2']]]);
    expect(display.results()[0]!.rangeNote).toBe('Last 7 days');
  });

  it('asks for the table before the KPIs and chart, and before an open agent detail', () => {
    const { host, controller, store } = setup();
    store.update((state) => {
      state.detailAgentId = 'agent-1';
    });
    void controller.refresh();
    expect(host.posted.map((message) => message.type)).toEqual(['report/get', 'overview/get', 'agentDetail/get']);
  });

  it('drops a stale error too, and a stale overview', async () => {
    const { host, controller, display } = setup();
    void controller.refresh();
    void controller.refresh();
    const [older, newer] = host.requests('report/get');
    const [olderOverview, newerOverview] = host.requests('overview/get');
    host.fail(older!, 'database is locked');
    host.reply(olderOverview!, { ...overview, kpis: { ...overview.kpis, current: { ...overview.kpis.current, runs: 999 } } });
    host.reply(newer!, result('agents', [['A', 'agent-1']]));
    host.reply(newerOverview!, overview);
    await settle();
    expect(display.named('showError')).toEqual([]);
    expect(display.named('showOverview')).toEqual([[overview.kpis, overview.series, 'runs', 'UTC']]);
    expect(display.results()).toHaveLength(1);
  });

  it('shows the current error with the report\u2019s title, and busy while anything is pending', async () => {
    const { host, controller, display } = setup('users');
    void controller.refresh();
    expect(display.named('setBusy').at(-1)).toEqual([true]);
    host.fail(host.requests('report/get')[0]!, 'database is locked');
    await settle();
    expect(display.named('showError')).toEqual([['Could not load Usage by User: database is locked']]);
    expect(display.named('setBusy').at(-1)).toEqual([true]); // the overview is still out
    host.reply(host.requests('overview/get')[0]!, overview);
    await settle();
    expect(display.named('setBusy').at(-1)).toEqual([false]);
  });

  it('fetches once per data change: stale after the host state changes, not again when nothing changed', async () => {
    const { host, controller } = setup();
    controller.setHost();
    controller.activate();
    expect(host.requests('report/get')).toHaveLength(1);
    controller.activate();
    expect(host.requests('report/get')).toHaveLength(1);
    controller.setHost(); // data/changed
    controller.activate();
    expect(host.requests('report/get')).toHaveLength(2);
  });

  it('without data: the no-data state, no request, export off', () => {
    const { host, controller, display } = setup('agents', hostState({ hasData: false, dataSpan: null }));
    void controller.refresh();
    expect(host.posted).toEqual([]);
    expect(display.named('showNoData')).toHaveLength(1);
    expect(display.named('setExportEnabled')).toEqual([[false]]);
  });

  it('exports the current query and reports the file, then turns the button back on', async () => {
    const { host, controller, display, store } = setup('models');
    store.updateTab('models', (tab) => (tab.search = ' gpt '));
    const done = controller.exportCsv();
    expect(display.named('showExportStatus')).toEqual([['Exporting…', 'progress']]);
    expect(display.named('setExportEnabled')).toEqual([[false]]);
    const [request] = host.requests('export/request');
    expect(request!.query).toEqual({ report: 'models', timeframe: 'last-30-days', search: 'gpt', sort: { column: 'total_runs', direction: 'desc' } });
    host.reply(request!, { fileName: 'usage-by-model.csv', rows: 1234 });
    await done;
    expect(display.named('showExportStatus').at(-1)).toEqual(['Exported 1,234 rows to usage-by-model.csv', 'done']);
    expect(display.named('setExportEnabled').at(-1)).toEqual([true]);
  });

  it('a failed export says why', async () => {
    const { host, controller, display } = setup('orgs');
    const done = controller.exportCsv();
    host.fail(host.requests('export/request')[0]!, 'disk full');
    await done;
    expect(display.named('showExportStatus').at(-1)).toEqual(['Export failed: disk full', 'error']);
  });

  it('sorting: a new column starts descending (text ascending), the same column flips', () => {
    const { host, controller, store } = setup('agents');
    controller.sortBy('total_sessions');
    controller.sortBy('total_sessions');
    controller.sortBy('agent_name');
    expect(host.requests('report/get').map((request) => request.query.sort)).toEqual([
      { column: 'total_sessions', direction: 'desc' },
      { column: 'total_sessions', direction: 'asc' },
      { column: 'agent_name', direction: 'asc' },
    ]);
    expect(store.tab('agents').sort).toEqual({ column: 'agent_name', direction: 'asc' });
  });

  it('search: fetches when the trimmed text changes, not for spaces', () => {
    const { host, controller, store } = setup('users');
    controller.searchFor('ana');
    controller.searchFor('ana ');
    expect(host.requests('report/get').map((request) => request.query.search)).toEqual(['ana']);
    expect(store.tab('users').search).toBe('ana ');
  });

  it('a result whose timeframe misses the data carries the data\u2019s days; an empty one says so itself', async () => {
    const span = { first: '2026-01-01', last: '2026-03-31' };
    const { host, controller, display } = setup('orgs', hostState({ dataSpan: span }));
    void controller.refresh();
    host.reply(host.requests('report/get')[0]!, { ...result('orgs', [['Acme', 'org-1']]), columns: ['org_name', 'org_id'] });
    await settle();
    expect(display.results()[0]).toMatchObject({ empty: null, missedSpan: span, rowCount: '1 row', rangeNote: 'Last 30 days' });

    void controller.refresh();
    host.reply(host.requests('report/get')[1]!, result('orgs', []));
    await settle();
    expect(display.results()[1]).toMatchObject({
      missedSpan: null,
      empty: {
        kind: 'no-data-in-timeframe',
        timeframe: 'last 30 days',
        coverage: 'The imported data (10 events) covers 2026-01-01 – 2026-03-31.',
        wider: 'last-12-months',
        span,
      },
    });

    controller.setTimeframe({ from: '2026-01-01', to: '2026-03-31' });
    expect(host.requests('report/get')[2]!.query.timeframe).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(display.named('showTimeframe').at(-1)).toEqual([{ from: '2026-01-01', to: '2026-03-31' }, '2026-11-05']);
  });

  it('agent detail: opens from a row, drops a stale detail reply, closes and forgets the agent', async () => {
    const { host, controller, display, store } = setup('agents');
    void controller.refresh();
    host.reply(host.requests('report/get')[0]!, result('agents', [['Support Bot', 'agent-1'], ['Code Reviewer', 'agent-2']]));
    await settle();
    controller.openAgentRow(['Support Bot', 'agent-1']);
    controller.openAgentRow(['Code Reviewer', 'agent-2']);
    const [first, second] = host.requests('agentDetail/get');
    expect(second).toMatchObject({ agentId: 'agent-2', timeframe: 'last-30-days', granularity: 'day' });
    expect(display.detail!.calls.filter((call) => call[0] === 'showLoading')).toEqual([
      ['showLoading', 'Support Bot', 'agent-1'],
      ['showLoading', 'Code Reviewer', 'agent-2'],
    ]);
    const detail = (agentId: string): AgentDetailResult => ({ agentId, series: overview.series, models: result('models', []), users: result('users', []) });
    host.reply(second!, detail('agent-2'));
    host.reply(first!, detail('agent-1'));
    await settle();
    const shown = display.detail!.calls.filter((call) => call[0] === 'showResult');
    expect(shown.map((call) => (call[1] as AgentDetailResult).agentId)).toEqual(['agent-2']);
    expect(store.state.detailAgentId).toBe('agent-2');
    expect(controller.openAgentId).toBe('agent-2');

    controller.closeDetail();
    expect(store.state.detailAgentId).toBeUndefined();
    expect(controller.openAgentId).toBeUndefined();
    expect(display.named('focusTable')).toHaveLength(1);
  });

  it('an agent asked for before init opens with the first refresh', () => {
    const { host, controller, setHost, store } = setup('agents');
    setHost(undefined);
    controller.openDetail('agent-1', undefined);
    expect(store.state.detailAgentId).toBe('agent-1');
    expect(host.posted).toEqual([]);
    setHost(hostState());
    void controller.refresh();
    expect(host.requests('agentDetail/get').map((request) => request.agentId)).toEqual(['agent-1']);
  });

  it('passes on the empty state\u2019s actions', () => {
    const { controller, actions } = setup('users');
    controller.runAction('loadSample');
    expect(actions).toEqual(['loadSample']);
  });
});
