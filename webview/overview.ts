/** The overview above the table: KPI cards and the usage chart with its pickers. */
import type { Kpis, TimeSeries } from '../src/protocol';
import { ChartCard } from './chartCard';
import { el } from './dom';
import { KpiCards } from './kpis';
import type { ChartSettings, Metric } from './state';

export class Overview {
  readonly element: HTMLDivElement;
  private readonly kpis = new KpiCards();
  private readonly chartCard: ChartCard;

  constructor(settings: ChartSettings, onChartChange: (change: Partial<ChartSettings>) => void) {
    this.chartCard = new ChartCard(settings, onChartChange);
    this.element = el('div', { class: 'overview' }, [this.kpis.element, this.kpis.coverage, this.chartCard.element]);
  }

  showSettings(settings: ChartSettings): void {
    this.chartCard.set(settings);
  }

  show(kpis: Kpis, series: TimeSeries, metric: Metric, timeZone: string | undefined): void {
    this.kpis.set(kpis);
    this.chartCard.chart.setData(series, metric, timeZone);
  }

  clearKpis(): void {
    this.kpis.set(null);
  }

  setMetric(metric: Metric): void {
    this.chartCard.chart.setMetric(metric);
  }
}
