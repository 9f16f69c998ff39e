/** A tab's header: the report's description and the toolbar (timeframe, filters, search, export with its status). */
import type { FilterOptions, ReportFilters, ReportId, TimeframeSpec } from '../src/protocol';
import { reportSpec } from '../src/shared/reports';
import { createButton, labelled, type VscodeButton } from './controls';
import { el } from './dom';
import { FilterBar } from './filters';
import { SearchBox } from './searchBox';
import { TimeframePicker } from './timeframePicker';

export interface HeaderHandlers {
  timeframe(timeframe: TimeframeSpec): void;
  filters(filters: ReportFilters): void;
  search(text: string): void;
  exportCsv(): void;
}

/** how long a finished export's message stays */
export const exportStatusMs = 8000;

export class ReportHeader {
  readonly element: HTMLDivElement;
  readonly search: SearchBox;
  private readonly picker: TimeframePicker;
  private readonly filters: FilterBar;
  private readonly exportButton: VscodeButton;
  private readonly exportStatus: HTMLDivElement;
  private exportTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(report: ReportId, handlers: HeaderHandlers) {
    this.picker = new TimeframePicker(handlers.timeframe);
    this.filters = new FilterBar(report, handlers.filters);
    this.search = new SearchBox(report, handlers.search);
    this.exportButton = createButton('Export to CSV', handlers.exportCsv, { attrs: { 'data-testid': 'export' } });
    this.exportStatus = el('div', { class: 'export-status', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.element = el('div', { class: 'report-header' }, [
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
  }

  showTimeframe(timeframe: TimeframeSpec, today: string | undefined): void {
    this.picker.set(timeframe, today);
  }

  showFilters(filters: ReportFilters, options: FilterOptions | undefined): void {
    this.filters.set(filters, options);
  }

  setExportEnabled(enabled: boolean): void {
    this.exportButton.disabled = !enabled;
  }

  /** A progress message stays; a result (done or error) clears itself after `exportStatusMs`. */
  showExportStatus(text: string, tone: 'progress' | 'done' | 'error'): void {
    clearTimeout(this.exportTimer);
    this.exportStatus.classList.toggle('error-text', tone === 'error');
    this.exportStatus.textContent = text;
    if (tone === 'progress') return;
    this.exportTimer = setTimeout(() => {
      this.exportStatus.textContent = '';
      this.exportStatus.classList.remove('error-text');
    }, exportStatusMs);
  }
}
