/** What a report tab's views show, as the controller hands it to them (no DOM types: the controller runs in Node tests). */
import type { AgentDetailResult, ColumnSpec, FilterOptions, Kpis, ReportFilters, ReportResult, SortSpec, TimeframeSpec, TimeSeries } from '../src/protocol';
import type { DataSpan } from './dataSpan';
import type { EmptyReason } from './emptyReason';
import type { ChartSettings, Metric } from './state';

export interface ControlValues {
  timeframe: TimeframeSpec;
  today: string | undefined;
  filters: ReportFilters;
  filterOptions: FilterOptions | undefined;
  search: string;
  chart: ChartSettings;
}

export interface ResultDisplay {
  columns: ColumnSpec[];
  rows: ReportResult['rows'];
  sort: SortSpec | null;
  /** same query as the last one shown (a refresh after a data change): keep the scroll position */
  keepScroll: boolean;
  rowCount: string;
  rangeNote: string;
  /** what to know about the figures' days ("Days are UTC days …", "UTC-day data: …"), one line each */
  notes: string[];
  empty: EmptyReason | null;
  /** the data's days when this result's range misses them and the empty state does not say so already */
  missedSpan: DataSpan | null;
}

/** What the controller asks of the tab's views. */
export interface ReportDisplay {
  showControls(values: ControlValues): void;
  showTimeframe(timeframe: TimeframeSpec, today: string | undefined): void;
  showFilters(filters: ReportFilters, options: FilterOptions | undefined): void;
  showSearch(text: string): void;
  setExportEnabled(enabled: boolean): void;
  /** no data imported: only the no-data empty state */
  showNoData(): void;
  /** there is data: the KPI cards and the chart are shown (their figures follow) */
  showOverviewArea(): void;
  showResult(result: ResultDisplay): void;
  showOverview(kpis: Kpis, series: TimeSeries, metric: Metric, timeZone: string | undefined): void;
  clearKpis(): void;
  setChartMetric(metric: Metric): void;
  showError(message: string): void;
  hideError(): void;
  setBusy(busy: boolean): void;
  showExportStatus(text: string, tone: 'progress' | 'done' | 'error'): void;
  focusTable(): void;
  /** only on Usage by Agent */
  readonly detail?: DetailDisplay;
}

export interface DetailDisplay {
  showLoading(title: string, subtitle: string): void;
  showResult(result: AgentDetailResult, metric: Metric, timeZone: string | undefined): void;
  showError(message: string): void;
  setMetric(metric: Metric): void;
  hide(): void;
}
