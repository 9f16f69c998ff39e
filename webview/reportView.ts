/**
 * One tab's DOM: header (description, timeframe, filters, search, export), loading bar and error
 * banner, overview (KPI cards, chart) and results (table, empty states, agent detail). It shows what
 * its ReportController tells it and hands every user intent to the controller.
 */
import type { FilterOptions, Kpis, ReportFilters, TimeframeSpec, TimeSeries } from '../src/protocol';
import { reportSpec } from '../src/shared/reports';
import { el } from './dom';
import { LoadStatus } from './loadStatus';
import { Overview } from './overview';
import { ReportHeader } from './reportHeader';
import type { ReportController } from './reportController';
import type { ControlValues, ReportDisplay, ResultDisplay } from './reportDisplay';
import { ResultsView } from './resultsView';
import type { Metric } from './state';

export class ReportView implements ReportDisplay {
  readonly element: HTMLElement;
  private readonly header: ReportHeader;
  private readonly status: LoadStatus;
  private readonly overview: Overview;
  private readonly results: ResultsView;

  constructor(private readonly controller: ReportController, timeZone: () => string | undefined) {
    const { report } = controller;
    this.header = new ReportHeader(report, {
      timeframe: (timeframe) => controller.setTimeframe(timeframe),
      filters: (filters) => controller.setFilters(filters),
      search: (text) => controller.searchFor(text),
      exportCsv: () => void controller.exportCsv(),
    });
    this.status = new LoadStatus(() => void controller.refresh());
    this.overview = new Overview(controller.tab, (change) => controller.setChart(change));
    this.results = new ResultsView(
      report,
      {
        importData: () => controller.runAction('import'),
        loadSample: () => controller.runAction('loadSample'),
        clearSearch: () => this.header.search.clear(),
        clearFilters: () => controller.setFilters({}),
        setTimeframe: (timeframe) => controller.setTimeframe(timeframe),
        sortBy: (column) => controller.sortBy(column),
        openAgentRow: report === 'agents' ? (row) => controller.openAgentRow(row) : undefined,
        closeDetail: () => controller.closeDetail(),
      },
      timeZone,
    );
    this.element = el('section', { class: 'report', attrs: { 'data-report': report, 'aria-label': reportSpec(report).title } }, [
      this.header.element,
      this.status.progress,
      this.status.errorBanner,
      this.overview.element,
      this.results.element,
    ]);
    controller.attach(this);
  }

  get detail() {
    return this.results.detail;
  }

  showControls(values: ControlValues): void {
    this.header.showTimeframe(values.timeframe, values.today);
    this.header.showFilters(values.filters, values.filterOptions);
    this.header.search.text = values.search;
    this.overview.showSettings(values.chart);
  }

  showTimeframe(timeframe: TimeframeSpec, today: string | undefined): void {
    this.header.showTimeframe(timeframe, today);
  }

  showFilters(filters: ReportFilters, options: FilterOptions | undefined): void {
    this.header.showFilters(filters, options);
  }

  showSearch(text: string): void {
    this.header.search.text = text;
  }

  setExportEnabled(enabled: boolean): void {
    this.header.setExportEnabled(enabled);
  }

  showNoData(): void {
    this.overview.element.hidden = true;
    this.status.hideError();
    this.results.showNoData();
  }

  showOverviewArea(): void {
    this.overview.element.hidden = false;
  }

  showResult(result: ResultDisplay): void {
    this.results.show(result);
  }

  showOverview(kpis: Kpis, series: TimeSeries, metric: Metric, timeZone: string | undefined): void {
    this.overview.show(kpis, series, metric, timeZone);
  }

  clearKpis(): void {
    this.overview.clearKpis();
  }

  setChartMetric(metric: Metric): void {
    this.overview.setMetric(metric);
  }

  showError(message: string): void {
    this.status.showError(message);
  }

  hideError(): void {
    this.status.hideError();
  }

  setBusy(busy: boolean): void {
    this.status.setBusy(busy);
    this.element.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  showExportStatus(text: string, tone: 'progress' | 'done' | 'error'): void {
    this.header.showExportStatus(text, tone);
  }

  focusTable(): void {
    this.results.focusTable();
  }
}
