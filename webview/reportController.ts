/**
 * The logic of one report tab, without DOM: turns what the user changes into the persisted tab state
 * and queries for the host, drops replies that a newer request has overtaken, runs the export, and
 * tells its `ReportDisplay` what to show.
 */
import type { HostState, ReportFilters, ReportId, ReportResult, TimeframeSpec, WebviewAction } from '../src/protocol';
import { reportSpec } from '../src/shared/reports';
import { missedDataSpan } from './dataSpan';
import { emptyReason } from './emptyReason';
import { formatRowCount } from './format';
import { errorText, type Requester } from './hostChannel';
import { buildQuery, effectiveSort, effectiveTimeframe } from './query';
import type { DetailDisplay, ReportDisplay } from './reportDisplay';
import { columnSpecs } from './reportTable';
import { maxTextLength, type ChartSettings, type TabState, type UiStore } from './state';
import { describeTimeframe } from './timeframeText';

export interface ControllerContext {
  store: UiStore;
  host(): HostState | undefined;
  request: Requester;
  runAction(action: WebviewAction): void;
}

export class ReportController {
  private display: ReportDisplay | undefined;
  private reportSequence = 0;
  private overviewSequence = 0;
  private detailSequence = 0;
  private pending = 0;
  private stale = true;
  private lastQueryKey = '';
  private lastResult: ReportResult | undefined;
  private detailKey = '';
  /** the agent whose detail is shown (undefined: closed) */
  private detailAgent: string | undefined;

  constructor(readonly report: ReportId, private readonly ctx: ControllerContext) {}

  attach(display: ReportDisplay): void {
    this.display = display;
  }

  private get view(): ReportDisplay {
    if (!this.display) throw new Error(`the ${this.report} controller has no display`);
    return this.display;
  }

  get tab(): TabState {
    return this.ctx.store.tab(this.report);
  }

  get openAgentId(): string | undefined {
    return this.detailAgent;
  }

  runAction(action: WebviewAction): void {
    this.ctx.runAction(action);
  }

  /** The host's state changed (init or data/changed): refresh pickers; data is re-fetched on activation. */
  setHost(): void {
    this.stale = true;
    const host = this.ctx.host();
    const tab = this.tab;
    this.view.showControls({
      timeframe: effectiveTimeframe(this.report, tab, host),
      today: host?.today,
      filters: tab.filters,
      filterOptions: host?.filterOptions,
      search: tab.search,
      chart: { metric: tab.metric, granularity: tab.granularity, split: tab.split },
    });
  }

  /** Called when the tab becomes visible: fetch if anything changed since the last fetch. */
  activate(): void {
    if (this.stale) void this.refresh();
  }

  /** Re-reads the report and the overview for the current selection. */
  async refresh(): Promise<void> {
    const host = this.ctx.host();
    if (!host) return;
    this.stale = false;
    this.view.setExportEnabled(host.hasData);
    if (!host.hasData) {
      this.reportSequence += 1;
      this.overviewSequence += 1;
      this.view.showNoData();
      if (this.detailAgent !== undefined) this.closeDetail();
      return;
    }
    this.view.showOverviewArea();
    const query = buildQuery(this.report, this.tab, host);
    const key = JSON.stringify(query);
    const keepScroll = key === this.lastQueryKey;
    this.lastQueryKey = key;
    const sequence = ++this.reportSequence;
    this.busy(+1);
    // the table is the main content: its request goes out before the side panels' so it never queues behind them
    const reply = this.ctx.request({ type: 'report/get', query });
    void this.refreshOverview();
    if (this.view.detail) {
      const agent = this.detailAgent ?? this.ctx.store.state.detailAgentId;
      if (agent) this.openDetail(agent, undefined, false);
    }
    try {
      const result = await reply;
      if (sequence !== this.reportSequence) return;
      this.view.hideError();
      this.showResult(result, keepScroll);
    } catch (error) {
      if (sequence !== this.reportSequence) return;
      this.view.showError(`Could not load ${reportSpec(this.report).title}: ${errorText(error)}`);
    } finally {
      this.busy(-1);
    }
  }

  private async refreshOverview(): Promise<void> {
    const host = this.ctx.host();
    if (!host?.hasData) return;
    const tab = this.tab;
    const query = buildQuery(this.report, tab, host);
    const sequence = ++this.overviewSequence;
    this.busy(+1);
    try {
      const result = await this.ctx.request({
        type: 'overview/get',
        query,
        granularity: tab.granularity,
        ...(tab.split === 'none' ? {} : { splitBy: tab.split }),
      });
      if (sequence !== this.overviewSequence) return;
      this.view.showOverview(result.kpis, result.series, this.tab.metric, host.timeZone);
    } catch (error) {
      if (sequence !== this.overviewSequence) return;
      this.view.clearKpis();
      this.view.showError(`Could not load the overview: ${errorText(error)}`);
    } finally {
      this.busy(-1);
    }
  }

  private showResult(result: ReportResult, keepScroll: boolean): void {
    this.lastResult = result;
    const host = this.ctx.host();
    const tab = this.tab;
    const empty = emptyReason(this.report, tab, host, result);
    this.view.showResult({
      columns: columnSpecs(result),
      rows: result.rows,
      sort: effectiveSort(this.report, tab),
      keepScroll,
      rowCount: formatRowCount(result.rows.length),
      rangeNote: describeTimeframe(effectiveTimeframe(this.report, tab, host)),
      notes: result.notes ?? [],
      empty,
      missedSpan: empty?.kind === 'no-data-in-timeframe' ? null : missedDataSpan(result, host),
    });
  }

  private busy(delta: number): void {
    this.pending = Math.max(0, this.pending + delta);
    this.view.setBusy(this.pending > 0);
  }

  // ---- user intents -----------------------------------------------------------------------------

  setTimeframe(timeframe: TimeframeSpec): void {
    this.ctx.store.updateTab(this.report, (tab) => (tab.timeframe = timeframe));
    this.view.showTimeframe(timeframe, this.ctx.host()?.today);
    void this.refresh();
  }

  setFilters(filters: ReportFilters): void {
    this.ctx.store.updateTab(this.report, (tab) => (tab.filters = { ...filters }));
    this.view.showFilters(this.tab.filters, this.ctx.host()?.filterOptions);
    void this.refresh();
  }

  /** Sets the search box and the query at once (used by focus/agent); does not fetch. */
  setSearch(text: string): void {
    this.view.showSearch(text);
    this.ctx.store.updateTab(this.report, (tab) => (tab.search = text.slice(0, maxTextLength)));
  }

  /** The search box's text: fetches only when the trimmed text changed. */
  searchFor(text: string): void {
    if (text.trim() === this.tab.search.trim()) {
      if (text !== this.tab.search) this.ctx.store.updateTab(this.report, (tab) => (tab.search = text));
      return;
    }
    this.ctx.store.updateTab(this.report, (tab) => (tab.search = text));
    void this.refresh();
  }

  /** A header click: a new column starts descending (text ascending), the same column flips. */
  sortBy(column: string): void {
    const spec = reportSpec(this.report).columns.find((item) => item.name === column);
    const current = effectiveSort(this.report, this.tab);
    const direction =
      current?.column === column ? (current.direction === 'desc' ? 'asc' : 'desc') : spec?.kind === 'text' ? 'asc' : 'desc';
    this.ctx.store.updateTab(this.report, (tab) => (tab.sort = { column, direction }));
    void this.refresh();
  }

  setChart(change: Partial<ChartSettings>): void {
    this.ctx.store.updateTab(this.report, (tab) => Object.assign(tab, change));
    if (change.metric) {
      this.view.setChartMetric(change.metric);
      if (this.detailAgent !== undefined) this.view.detail?.setMetric(change.metric);
    }
    if (change.granularity || change.split) void this.refreshOverview();
    if (change.granularity && this.detailAgent !== undefined) this.openDetail(this.detailAgent, undefined, false);
  }

  async exportCsv(): Promise<void> {
    const host = this.ctx.host();
    if (!host) return;
    this.view.setExportEnabled(false);
    this.view.showExportStatus('Exporting…', 'progress');
    try {
      const result = await this.ctx.request({ type: 'export/request', query: buildQuery(this.report, this.tab, host) });
      this.view.showExportStatus(`Exported ${formatRowCount(result.rows)} to ${result.fileName}`, 'done');
    } catch (error) {
      this.view.showExportStatus(`Export failed: ${errorText(error)}`, 'error');
    } finally {
      this.view.setExportEnabled(this.ctx.host()?.hasData === true);
    }
  }

  // ---- agent detail -----------------------------------------------------------------------------

  /** A row of Usage by Agent was activated: opens that agent's detail. */
  openAgentRow(row: readonly (string | number | null)[]): void {
    const columns = this.lastResult?.columns ?? [];
    const id = row[columns.indexOf('agent_id')];
    const name = row[columns.indexOf('agent_name')];
    if (typeof id !== 'string' || id === '') return;
    this.openDetail(id, typeof name === 'string' ? name : undefined);
  }

  /**
   * Opens the agent's detail for the current timeframe and granularity; unless `force`, does nothing
   * when it already shows exactly that (same agent, timeframe, granularity and data version).
   */
  openDetail(agentId: string, name: string | undefined, force = true): void {
    const detail = this.view.detail;
    if (!detail) return;
    const host = this.ctx.host();
    if (!host) {
      // before `init`: remember it, the first refresh opens it
      this.ctx.store.update((state) => (state.detailAgentId = agentId));
      return;
    }
    const tab = this.tab;
    const timeframe = effectiveTimeframe(this.report, tab, host);
    const { filters } = buildQuery(this.report, tab, host);
    const key = JSON.stringify([agentId, timeframe, tab.granularity, filters, host.dataVersion]);
    if (!force && this.detailAgent !== undefined && key === this.detailKey) return;
    this.detailKey = key;
    if (this.ctx.store.state.detailAgentId !== agentId) this.ctx.store.update((state) => (state.detailAgentId = agentId));
    const label = name ?? this.agentName(agentId);
    void this.loadDetail(detail, agentId, label, timeframe, tab.granularity, filters);
  }

  private async loadDetail(
    detail: DetailDisplay,
    agentId: string,
    name: string | undefined,
    timeframe: TimeframeSpec,
    granularity: TabState['granularity'],
    filters: ReportFilters | undefined,
  ): Promise<void> {
    const sequence = ++this.detailSequence;
    this.detailAgent = agentId;
    detail.showLoading(name || agentId, name && name !== agentId ? agentId : '');
    try {
      const result = await this.ctx.request({ type: 'agentDetail/get', agentId, timeframe, granularity, ...(filters ? { filters } : {}) });
      if (sequence !== this.detailSequence) return;
      detail.showResult(result, this.tab.metric, this.ctx.host()?.timeZone);
    } catch (error) {
      if (sequence !== this.detailSequence) return;
      detail.showError(`Could not load the agent's details: ${errorText(error)}`);
    }
  }

  /** Closes the detail (its Close button, Escape, or the data went away) and returns focus to the table. */
  closeDetail(): void {
    this.detailSequence += 1;
    this.detailAgent = undefined;
    this.view.detail?.hide();
    this.ctx.store.update((state) => delete state.detailAgentId);
    this.view.focusTable();
  }

  private agentName(agentId: string): string | undefined {
    return this.ctx.host()?.filterOptions.agents.find((agent) => agent.value === agentId)?.label;
  }
}
