/**
 * The time-series chart (uPlot): runs, tokens or credits per bucket, one series or a split (top agents,
 * users or models + "Other"). Colours come from the theme's --vscode-charts-* variables and the chart is
 * rebuilt when the theme changes; width follows the container.
 */
import uPlot from 'uplot';
import type { TimeSeries } from '../src/protocol';
import { seriesTotal } from './chartTotals';
import { el, replaceChildren } from './dom';
import { formatCompact, formatCount, formatDecimal } from './format';
import type { Metric } from './state';
import { onThemeChange, readChartTheme, type ChartTheme } from './theme';

export const metricLabels: Record<Metric, string> = { runs: 'Runs', tokens: 'Tokens', credits: 'Credits' };
const granularityLabels = { hour: 'hour', day: 'day', week: 'week', month: 'month' } as const;

export class SeriesChart {
  readonly element: HTMLDivElement;
  private readonly plotHost: HTMLDivElement;
  private readonly emptyNote: HTMLDivElement;
  private plot: uPlot | undefined;
  private data: TimeSeries | undefined;
  private metric: Metric = 'runs';
  private timeZone: string | undefined;

  constructor(private readonly height = 180, label = 'Usage over time') {
    this.plotHost = el('div', { class: 'chart-plot' });
    this.emptyNote = el('div', { class: 'chart-empty', text: 'No usage in this period.' });
    this.emptyNote.hidden = true;
    this.element = el('div', { class: 'chart', attrs: { role: 'figure', 'aria-label': label } }, [this.plotHost, this.emptyNote]);
    onThemeChange(() => this.rebuild());
    new ResizeObserver(() => {
      const width = this.plotHost.clientWidth;
      if (this.plot && width > 0 && Math.abs(width - this.plot.width) > 1) this.plot.setSize({ width, height: this.height });
      else if (!this.plot && width > 0 && this.data) this.rebuild();
    }).observe(this.plotHost);
  }

  setData(series: TimeSeries, metric: Metric, timeZone: string | undefined): void {
    this.data = series;
    this.metric = metric;
    this.timeZone = timeZone;
    this.rebuild();
  }

  setMetric(metric: Metric): void {
    this.metric = metric;
    this.rebuild();
  }

  private rebuild(): void {
    this.plot?.destroy();
    this.plot = undefined;
    replaceChildren(this.plotHost);
    const data = this.data;
    if (!data) return;
    const buckets = Math.max(0, data.bucketStarts.length - 1);
    const empty = buckets === 0 || data.series.length === 0;
    this.emptyNote.hidden = !empty;
    this.plotHost.hidden = empty;
    const summary = this.summary(data);
    this.element.setAttribute('aria-label', summary);
    const width = this.plotHost.clientWidth;
    if (empty || width === 0) return;

    const theme = readChartTheme();
    const xs = data.bucketStarts.slice(0, buckets).map((ms) => ms / 1000);
    const ys = data.series.map((series) => series[this.metric].slice(0, buckets).map((value) => value ?? null));
    const single = data.series.length === 1;
    const zone = this.timeZone;
    // an explicit x range, half a bucket either side: uPlot's auto range spans years for a single bucket
    const half = (data.bucketStarts[1]! - data.bucketStarts[0]!) / 2000;
    const xRange: [number, number] = [xs[0]! - half, xs[xs.length - 1]! + half];
    const opts: uPlot.Options = {
      width,
      height: this.height,
      tzDate: zone ? (seconds) => safeTzDate(seconds, zone) : undefined,
      // the legend is the key; hovering shows the bucket's values, otherwise each series' total
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: { x: { time: true, range: () => xRange }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
      axes: [
        axis(theme, { space: 60 }),
        axis(theme, { size: 56, values: (_u, splits) => splits.map((value) => formatCompact(value)) }),
      ],
      series: [
        { label: 'Time', value: (_u, seconds, _s, idx) => (idx === null || seconds === null ? 'Total' : bucketLabel(seconds, zone, data.granularity === 'hour')) },
        ...data.series.map((series, i) => seriesOptions(series.label, i, theme, single, this.metric, seriesTotal(ys[i]!))),
      ],
    };
    this.plot = new uPlot(opts, [xs, ...ys] as uPlot.AlignedData, this.plotHost);
  }

  private summary(data: TimeSeries): string {
    const buckets = Math.max(0, data.bucketStarts.length - 1);
    const total = seriesTotal(data.series.flatMap((series) => series[this.metric].slice(0, buckets)));
    const per = granularityLabels[data.granularity];
    const figure = total === null ? '—' : this.metric === 'credits' ? formatDecimal(total) : formatCount(total);
    return `${metricLabels[this.metric]} per ${per}: ${buckets} ${per}s, total ${figure}${data.series.length > 1 ? `, ${data.series.length} series` : ''}`;
  }
}

function safeTzDate(seconds: number, zone: string): Date {
  try {
    return uPlot.tzDate(new Date(seconds * 1000), zone);
  } catch {
    return new Date(seconds * 1000);
  }
}

function bucketLabel(seconds: number, zone: string | undefined, withTime: boolean): string {
  const time: Intl.DateTimeFormatOptions = withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {};
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', ...time }).format(seconds * 1000);
  } catch {
    return new Date(seconds * 1000).toISOString().slice(0, withTime ? 16 : 10);
  }
}

function axis(theme: ChartTheme, extra: uPlot.Axis): uPlot.Axis {
  return {
    stroke: theme.foreground,
    font: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
    ...extra,
  };
}

const maxLegendLabel = 60;

function seriesOptions(fullLabel: string, index: number, theme: ChartTheme, single: boolean, metric: Metric, sum: number | null): uPlot.Series {
  // uPlot writes the label with textContent; long names are shortened so the legend stays one line
  const label = fullLabel.length > maxLegendLabel ? `${fullLabel.slice(0, maxLegendLabel - 1)}…` : fullLabel;
  const color = theme.series[index % theme.series.length]!;
  const dash = index >= theme.series.length ? [4, 3] : undefined;
  const figure = (raw: number) => (metric === 'credits' ? formatDecimal(raw) : formatCount(raw));
  const shown = (raw: number | null) => (raw === null ? '—' : figure(raw));
  const value = (_u: uPlot, raw: number | null, _series: number, idx: number | null) => shown(idx === null ? sum : raw);
  if (single) {
    return {
      label: label === 'All' ? metricLabels[metric] : label,
      stroke: color,
      fill: color,
      width: theme.highContrast ? 2 : 1,
      paths: uPlot.paths.bars!({ size: [0.7, 48], gap: 1 }),
      points: { show: false },
      value,
    };
  }
  return { label, stroke: color, width: theme.highContrast ? 2.5 : 1.5, dash, points: { show: false }, value, spanGaps: false };
}
