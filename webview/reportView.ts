/**
 * One tab: header (description, timeframe, filters, search, export), KPI cards, chart, and the
 * virtualised table with its empty states — plus, on Usage by Agent, the agent detail. Everything the
 * user changes goes into the persisted tab state and becomes a query for the host.
 */
import {
  type HostState,
  type OverviewResult,
  type ReportFilters,
  type ReportId,
  type ReportResult,
  type TimeframeSpec,
  type WebviewAction,
} from '../src/protocol';
import { ChartCard, type ChartSettings } from './chartCard';
import { createButton, labelled, type VscodeButton } from './controls';
import { AgentDetail, errorText } from './detail';
import { el, replaceChildren } from './dom';
import { EmptyState, type EmptyReason } from './emptyState';
import { FilterBar } from './filters';
import { formatCount, formatRowCount } from './format';
import { request } from './ipc';
import { KpiCards } from './kpis';
import { SearchBox } from './searchBox';
import { columnSpecs } from './reportTable';
import { buildQuery, effectiveSort, effectiveTimeframe, hasActiveFilters, maxTextLength, type UiStore } from './state';
import { reportSpec } from '../src/shared/reports';
import { VirtualTable } from './table';
import { describeTimeframe, TimeframePicker } from './timeframePicker';

export interface ViewContext {
  store: UiStore;
  host(): HostState | undefined;
  runAction(action: WebviewAction): void;
}

const exportStatusMs = 8000;

export class ReportView {
  readonly element: HTMLElement;
  private readonly picker: TimeframePicker;
  private readonly filters: FilterBar;
  private readonly search: SearchBox;
  private readonly exportButton: VscodeButton;
  private readonly exportStatus: HTMLDivElement;
  private readonly progress: HTMLElement;
  private readonly errorBanner: HTMLDivElement;
  private readonly overview: HTMLDivElement;
  private readonly kpis = new KpiCards();
  private readonly chartCard: ChartCard;
  private readonly results: HTMLDivElement;
  private readonly rowCount: HTMLSpanElement;
  private readonly rangeNote: HTMLSpanElement;
  private readonly table: VirtualTable;
  private readonly empty: EmptyState;
  private readonly detail: AgentDetail | undefined;
  private exportTimer: ReturnType<typeof setTimeout> | undefined;
  private reportSequence = 0;
  private overviewSequence = 0;
  private pending = 0;
  private stale = true;
  private lastQueryKey = '';
  private lastResult: ReportResult | undefined;
  private detailKey = '';

  constructor(readonly report: ReportId, private readonly ctx: ViewContext) {
    const tab = () => ctx.store.tab(report);
    const timeZone = () => ctx.host()?.timeZone;

    this.picker = new TimeframePicker((timeframe) => this.setTimeframe(timeframe));
    this.filters = new FilterBar(report, (filters) => this.setFilters(filters));
    this.search = new SearchBox(report, (text) => this.searchFor(text));
    this.exportButton = createButton('Export to CSV', () => void this.exportCsv(), { attrs: { 'data-testid': 'export' } });
    this.exportStatus = el('div', { class: 'export-status', attrs: { role: 'status', 'aria-live': 'polite' } });

    const header = el('div', { class: 'report-header' }, [
      el('p', { class: 'report-description', text: reportSpec(report).description }),
      el('div', { class: 'toolbar' }, [
        labelled('Timeframe', this.picker.element),
        this.filters.element,
        el('div', { class: 'toolbar-end' }, [
          labelled('Search', this.search.element, 'field-search'),
          el('div', { class: 'field field-button' }, [this.exportButton]),
        ]),
      ]),
      this.exportStatus,
    ]);

    this.progress = el('vscode-progress-bar', { class: 'progress', attrs: { indeterminate: true, 'aria-label': 'Loading report' } });
    this.progress.hidden = true;
    this.errorBanner = el('div', { class: 'error-banner', attrs: { role: 'alert' } });
    this.errorBanner.hidden = true;

    this.chartCard = new ChartCard(tab(), (change) => this.setChart(change));
    this.overview = el('div', { class: 'overview' }, [this.kpis.element, this.chartCard.element]);

    const isAgents = report === 'agents';
    this.table = new VirtualTable({
      label: `${reportSpec(report).title} table`,
      onSort: (column) => this.sortBy(column),
      onActivate: isAgents ? (row) => this.openAgentRow(row) : undefined,
      activateHint: isAgents ? 'use the arrow keys and Enter to open an agent\u2019s details' : undefined,
      timeZone,
    });
    this.table.element.setAttribute('data-testid', 'report-table');
    this.empty = new EmptyState({
      importData: () => ctx.runAction('import'),
      loadSample: () => ctx.runAction('loadSample'),
      clearSearch: () => this.search.clear(),
      clearFilters: () => this.setFilters({}),
      widenTimeframe: (timeframe) => this.setTimeframe(timeframe),
    }, reportSpec(report).rowNoun);
    if (isAgents) {
      this.detail = new AgentDetail(() => {
        ctx.store.update((state) => delete state.detailAgentId);
        this.table.focus();
      }, timeZone);
    }
    this.rowCount = el('span', { class: 'row-count', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'row-count' } });
    this.rangeNote = el('span', { class: 'range-note' });
    const tableArea = el('div', { class: 'table-area' }, [this.table.element, this.empty.element]);
    this.results = el('div', { class: 'results' }, [
      el('div', { class: 'results-header' }, [this.rowCount, this.rangeNote]),
      el('div', { class: 'results-body' }, [tableArea, this.detail?.element]),
    ]);

    this.element = el('section', { class: 'report', attrs: { 'data-report': report, 'aria-label': reportSpec(report).title } }, [
      header,
      this.progress,
      this.errorBanner,
      this.overview,
      this.results,
    ]);
  }

  /** The host's state changed (init or data/changed): refresh pickers; data is re-fetched on activation. */
  setHost(): void {
    this.stale = true;
    this.syncControls();
  }

  /** Called when the tab becomes visible: fetch if anything changed since the last fetch. */
  activate(): void {
    if (this.stale) void this.refresh();
  }

  private get tab() {
    return this.ctx.store.tab(this.report);
  }

  private syncControls(): void {
    const host = this.ctx.host();
    const tab = this.tab;
    this.picker.set(effectiveTimeframe(this.report, tab, host), host?.today);
    this.filters.set(tab.filters, host?.filterOptions);
    this.search.text = tab.search;
    this.chartCard.set(tab);
  }

  /** Re-reads the report and the overview for the current selection. */
  async refresh(): Promise<void> {
    const host = this.ctx.host();
    if (!host) return;
    this.stale = false;
    this.exportButton.disabled = !host.hasData;
    if (!host.hasData) {
      this.reportSequence += 1;
      this.overviewSequence += 1;
      this.overview.hidden = true;
      this.table.element.hidden = true;
      this.rowCount.textContent = '';
      this.rangeNote.textContent = '';
      this.errorBanner.hidden = true;
      this.empty.show({ kind: 'no-data' });
      if (this.detail?.isOpen) this.detail.close();
      return;
    }
    this.overview.hidden = false;
    const query = buildQuery(this.report, this.tab, host);
    const key = JSON.stringify(query);
    const keepScroll = key === this.lastQueryKey;
    this.lastQueryKey = key;
    void this.refreshOverview();
    const detailAgent = this.detail && (this.detail.isOpen ? this.detail.agentId : this.ctx.store.state.detailAgentId);
    if (detailAgent) this.openDetail(detailAgent, undefined, false);
    const sequence = ++this.reportSequence;
    this.busy(+1);
    try {
      const result = await request({ type: 'report/get', query });
      if (sequence !== this.reportSequence) return;
      this.errorBanner.hidden = true;
      this.showResult(result, keepScroll);
    } catch (error) {
      if (sequence !== this.reportSequence) return;
      this.showError(`Could not load ${reportSpec(this.report).title}: ${errorText(error)}`);
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
      const result: OverviewResult = await request({
        type: 'overview/get',
        query,
        granularity: tab.granularity,
        ...(tab.split === 'none' ? {} : { splitBy: tab.split }),
      });
      if (sequence !== this.overviewSequence) return;
      this.kpis.set(result.kpis);
      this.chartCard.chart.setData(result.series, this.tab.metric, host.timeZone);
    } catch (error) {
      if (sequence !== this.overviewSequence) return;
      this.kpis.set(null);
      this.showError(`Could not load the overview: ${errorText(error)}`);
    } finally {
      this.busy(-1);
    }
  }

  private showResult(result: ReportResult, keepScroll: boolean): void {
    this.lastResult = result;
    const host = this.ctx.host();
    const tab = this.tab;
    this.table.setData(columnSpecs(result), result.rows, effectiveSort(this.report, tab), keepScroll);
    this.rowCount.textContent = formatRowCount(result.rows.length);
    this.rangeNote.textContent = describeTimeframe(effectiveTimeframe(this.report, tab, host));
    const reason = this.emptyReason(result);
    this.table.element.hidden = reason !== null;
    this.empty.show(reason);
  }

  private emptyReason(result: ReportResult): EmptyReason | null {
    if (result.rows.length > 0) return null;
    const tab = this.tab;
    const host = this.ctx.host();
    if (tab.search.trim()) return { kind: 'no-match', search: tab.search.trim() };
    if (hasActiveFilters(this.report, tab)) return { kind: 'filtered' };
    const timeframe = effectiveTimeframe(this.report, tab, host);
    const options = host?.filterOptions;
    const coverage =
      options?.firstEventAt != null && options.lastEventAt != null
        ? `The imported data (${formatCount(options.eventCount)} events) covers ${dayIn(options.firstEventAt, host?.timeZone)} – ${dayIn(options.lastEventAt, host?.timeZone)}.`
        : undefined;
    return {
      kind: 'no-data-in-timeframe',
      timeframe: typeof timeframe === 'string' ? describeTimeframe(timeframe).toLowerCase() : describeTimeframe(timeframe),
      coverage,
      wider: timeframe === 'last-12-months' ? 'all-time' : 'last-12-months',
    };
  }

  private showError(message: string): void {
    const retry = createButton('Retry', () => void this.refresh(), { secondary: true });
    replaceChildren(this.errorBanner, [el('span', { class: 'error-text', text: message }), retry]);
    this.errorBanner.hidden = false;
  }

  private busy(delta: number): void {
    this.pending = Math.max(0, this.pending + delta);
    this.progress.hidden = this.pending === 0;
    this.element.setAttribute('aria-busy', this.pending > 0 ? 'true' : 'false');
  }

  // ---- user intents -----------------------------------------------------------------------------

  setTimeframe(timeframe: TimeframeSpec): void {
    this.ctx.store.updateTab(this.report, (tab) => (tab.timeframe = timeframe));
    this.picker.set(timeframe, this.ctx.host()?.today);
    void this.refresh();
  }

  private setFilters(filters: ReportFilters): void {
    this.ctx.store.updateTab(this.report, (tab) => (tab.filters = { ...filters }));
    this.filters.set(this.tab.filters, this.ctx.host()?.filterOptions);
    void this.refresh();
  }

  /** Sets the search box and the query at once (used by focus/agent). */
  setSearch(text: string): void {
    this.search.text = text;
    this.ctx.store.updateTab(this.report, (tab) => (tab.search = text.slice(0, maxTextLength)));
  }

  private searchFor(text: string): void {
    if (text.trim() === this.tab.search.trim()) {
      if (text !== this.tab.search) this.ctx.store.updateTab(this.report, (tab) => (tab.search = text));
      return;
    }
    this.ctx.store.updateTab(this.report, (tab) => (tab.search = text));
    void this.refresh();
  }

  private sortBy(column: string): void {
    const spec = reportSpec(this.report).columns.find((item) => item.name === column);
    const current = effectiveSort(this.report, this.tab);
    const direction =
      current?.column === column ? (current.direction === 'desc' ? 'asc' : 'desc') : spec?.kind === 'text' ? 'asc' : 'desc';
    this.ctx.store.updateTab(this.report, (tab) => (tab.sort = { column, direction }));
    void this.refresh();
  }

  private setChart(change: Partial<ChartSettings>): void {
    this.ctx.store.updateTab(this.report, (tab) => Object.assign(tab, change));
    if (change.metric) {
      this.chartCard.chart.setMetric(change.metric);
      this.detail?.setMetric(change.metric);
    }
    if (change.granularity || change.split) void this.refreshOverview();
    if (change.granularity && this.detail?.isOpen && this.detail.agentId) this.openDetail(this.detail.agentId, undefined, false);
  }

  private async exportCsv(): Promise<void> {
    const host = this.ctx.host();
    if (!host) return;
    clearTimeout(this.exportTimer);
    this.exportButton.disabled = true;
    this.exportStatus.classList.remove('error-text');
    this.exportStatus.textContent = 'Exporting…';
    try {
      const result = await request({ type: 'export/request', query: buildQuery(this.report, this.tab, host) });
      this.exportStatus.textContent = `Exported ${formatRowCount(result.rows)} to ${result.fileName}`;
    } catch (error) {
      this.exportStatus.classList.add('error-text');
      this.exportStatus.textContent = `Export failed: ${errorText(error)}`;
    } finally {
      this.exportButton.disabled = !this.ctx.host()?.hasData;
      this.exportTimer = setTimeout(() => {
        this.exportStatus.textContent = '';
        this.exportStatus.classList.remove('error-text');
      }, exportStatusMs);
    }
  }

  // ---- agent detail -----------------------------------------------------------------------------

  private openAgentRow(row: readonly (string | number | null)[]): void {
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
    if (!this.detail) return;
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
    if (!force && this.detail.isOpen && key === this.detailKey) return;
    this.detailKey = key;
    if (this.ctx.store.state.detailAgentId !== agentId) this.ctx.store.update((state) => (state.detailAgentId = agentId));
    const label = name ?? this.agentName(agentId);
    void this.detail.open(agentId, label, timeframe, tab.granularity, tab.metric, filters);
  }

  private agentName(agentId: string): string | undefined {
    return this.ctx.host()?.filterOptions.agents.find((agent) => agent.value === agentId)?.label;
  }
}

function dayIn(ms: number, timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}
