/**
 * Timeframe picker: the seed's nine presets plus Today and All time, a calendar day, or a range of
 * calendar days (native date inputs inside vscode-textfield). Emits a TimeframeSpec on every change.
 */
import { presetLabels, timeframePresets, type TimeframePreset, type TimeframeSpec } from '../src/protocol';
import { createSelect, createTextfield, setSelectValue, type VscodeSingleSelect, type VscodeTextfield } from './controls';
import { el } from './dom';
import { addDays } from './format';

const DAY = 'day';
const RANGE = 'range';

export class TimeframePicker {
  readonly element: HTMLDivElement;
  private readonly select: VscodeSingleSelect;
  private readonly day: VscodeTextfield;
  private readonly from: VscodeTextfield;
  private readonly to: VscodeTextfield;
  private readonly dayGroup: HTMLDivElement;
  private readonly rangeGroup: HTMLDivElement;
  private today = new Date().toISOString().slice(0, 10);
  private current: TimeframeSpec = 'last-30-days';

  constructor(private readonly onChange: (spec: TimeframeSpec) => void) {
    this.select = createSelect({
      label: 'Timeframe',
      className: 'timeframe-select',
      options: [
        ...timeframePresets.map((preset) => ({ value: preset, label: presetLabels[preset] })),
        { value: DAY, label: 'Calendar day…' },
        { value: RANGE, label: 'Date range…' },
      ],
      value: 'last-30-days',
      onChange: (value) => this.onSelect(value),
      attrs: { 'data-testid': 'timeframe' },
    });
    this.day = createTextfield({ type: 'date', label: 'Day', 'data-testid': 'timeframe-day' }, 'date-input');
    this.from = createTextfield({ type: 'date', label: 'From day', 'data-testid': 'timeframe-from' }, 'date-input');
    this.to = createTextfield({ type: 'date', label: 'To day', 'data-testid': 'timeframe-to' }, 'date-input');
    this.day.addEventListener('change', () => this.onDay());
    this.from.addEventListener('change', () => this.onRange());
    this.to.addEventListener('change', () => this.onRange());
    this.dayGroup = el('div', { class: 'date-group' }, [this.day]);
    this.rangeGroup = el('div', { class: 'date-group' }, [this.from, el('span', { class: 'date-sep', text: '–', attrs: { 'aria-hidden': 'true' } }), this.to]);
    this.element = el('div', { class: 'timeframe-picker', attrs: { role: 'group', 'aria-label': 'Timeframe' } }, [
      this.select,
      this.dayGroup,
      this.rangeGroup,
    ]);
    this.showMode('preset');
  }

  /** Shows `spec` without emitting; `today` (YYYY-MM-DD in the host's zone) seeds the calendar. */
  set(spec: TimeframeSpec, today: string | undefined): void {
    if (today) this.today = today;
    this.current = spec;
    if (typeof spec === 'string') {
      setSelectValue(this.select, spec);
      this.showMode('preset');
    } else if ('day' in spec) {
      setSelectValue(this.select, DAY);
      this.day.value = spec.day;
      this.showMode(DAY);
    } else {
      setSelectValue(this.select, RANGE);
      this.from.value = spec.from;
      this.to.value = spec.to;
      this.showMode(RANGE);
    }
  }

  private showMode(mode: 'preset' | typeof DAY | typeof RANGE): void {
    this.dayGroup.hidden = mode !== DAY;
    this.rangeGroup.hidden = mode !== RANGE;
  }

  private emit(spec: TimeframeSpec): void {
    this.current = spec;
    this.onChange(spec);
  }

  private onSelect(value: string): void {
    if (value === DAY) {
      const day = typeof this.current === 'object' && 'day' in this.current ? this.current.day : this.today;
      this.day.value = day;
      this.showMode(DAY);
      this.emit({ day });
      this.day.focus();
    } else if (value === RANGE) {
      const range = typeof this.current === 'object' && 'from' in this.current ? this.current : { from: addDays(this.today, -6), to: this.today };
      this.from.value = range.from;
      this.to.value = range.to;
      this.showMode(RANGE);
      this.emit({ from: range.from, to: range.to });
      this.from.focus();
    } else if ((timeframePresets as readonly string[]).includes(value)) {
      this.showMode('preset');
      if (this.current === value) return;
      this.emit(value as TimeframePreset);
    }
  }

  private onDay(): void {
    const day = this.day.value;
    if (/^\d{4}-\d{2}-\d{2}$/.test(day)) this.emit({ day });
  }

  private onRange(): void {
    let from = this.from.value;
    let to = this.to.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return;
    if (from > to) {
      [from, to] = [to, from];
      this.from.value = from;
      this.to.value = to;
    }
    this.emit({ from, to });
  }
}
