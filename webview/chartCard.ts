/** "Usage over time": the series chart with its metric, interval and split pickers. */
import type { Granularity } from '../src/protocol';
import { SeriesChart } from './chart';
import { createSelect, setSelectValue, type VscodeSingleSelect } from './controls';
import { el } from './dom';
import type { ChartSettings, Metric, Split } from './state';

export class ChartCard {
  readonly element: HTMLDivElement;
  readonly chart = new SeriesChart(170);
  private readonly metricSelect: VscodeSingleSelect;
  private readonly granularitySelect: VscodeSingleSelect;
  private readonly splitSelect: VscodeSingleSelect;

  constructor(settings: ChartSettings, onChange: (change: Partial<ChartSettings>) => void) {
    this.metricSelect = createSelect({
      label: 'Chart metric',
      options: [{ value: 'runs', label: 'Runs' }, { value: 'tokens', label: 'Tokens' }, { value: 'credits', label: 'Credits' }],
      value: settings.metric,
      onChange: (value) => onChange({ metric: value as Metric }),
      attrs: { 'data-testid': 'chart-metric' },
      className: 'compact-select',
    });
    this.granularitySelect = createSelect({
      label: 'Chart interval',
      options: [{ value: 'hour', label: 'Per hour' }, { value: 'day', label: 'Per day' }, { value: 'week', label: 'Per week' }, { value: 'month', label: 'Per month' }],
      value: settings.granularity,
      onChange: (value) => onChange({ granularity: value as Granularity }),
      attrs: { 'data-testid': 'chart-granularity' },
      className: 'compact-select',
    });
    this.splitSelect = createSelect({
      label: 'Chart split',
      options: [
        { value: 'none', label: 'Total' },
        { value: 'agent', label: 'By agent' },
        { value: 'user', label: 'By user' },
        { value: 'model', label: 'By model' },
      ],
      value: settings.split,
      onChange: (value) => onChange({ split: value as Split }),
      attrs: { 'data-testid': 'chart-split' },
      className: 'compact-select',
    });
    this.element = el('div', { class: 'chart-card' }, [
      el('div', { class: 'chart-toolbar' }, [
        el('span', { class: 'section-title', text: 'Usage over time' }),
        el('div', { class: 'toolbar-spacer' }),
        this.metricSelect,
        this.granularitySelect,
        this.splitSelect,
      ]),
      this.chart.element,
    ]);
  }

  set(settings: ChartSettings): void {
    setSelectValue(this.metricSelect, settings.metric);
    setSelectValue(this.granularitySelect, settings.granularity);
    setSelectValue(this.splitSelect, settings.split);
  }
}
