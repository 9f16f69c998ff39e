/**
 * The results area: row count and timeframe, the data-span hint, the virtualised table or its empty
 * state, and (Usage by Agent) the agent detail beside them.
 */
import type { ReportId, TimeframeSpec } from '../src/protocol';
import { reportSpec } from '../src/shared/reports';
import { DataSpanHint } from './dataSpanHint';
import { AgentDetail } from './detail';
import { el } from './dom';
import { EmptyState, type EmptyActions } from './emptyState';
import type { ResultDisplay } from './reportDisplay';
import { VirtualTable, type Cell } from './table';

export interface ResultsHandlers extends EmptyActions {
  sortBy(column: string): void;
  /** Usage by Agent only */
  openAgentRow?(row: readonly Cell[]): void;
  closeDetail(): void;
}

export class ResultsView {
  readonly element: HTMLDivElement;
  readonly detail: AgentDetail | undefined;
  private readonly rowCount: HTMLSpanElement;
  private readonly rangeNote: HTMLSpanElement;
  private readonly notes: HTMLDivElement;
  private readonly spanHint: DataSpanHint;
  private readonly table: VirtualTable;
  private readonly empty: EmptyState;

  constructor(report: ReportId, handlers: ResultsHandlers, timeZone: () => string | undefined) {
    const spec = reportSpec(report);
    const openRow = handlers.openAgentRow;
    this.table = new VirtualTable({
      label: `${spec.title} table`,
      onSort: (column) => handlers.sortBy(column),
      onActivate: openRow ? (row) => openRow(row) : undefined,
      activateHint: openRow ? 'use the arrow keys and Enter to open an agent\u2019s details' : undefined,
      timeZone,
    });
    this.table.element.setAttribute('data-testid', 'report-table');
    this.empty = new EmptyState(handlers, spec.rowNoun);
    this.spanHint = new DataSpanHint((timeframe: TimeframeSpec) => handlers.setTimeframe(timeframe));
    if (openRow) this.detail = new AgentDetail(() => handlers.closeDetail(), timeZone);
    this.rowCount = el('span', { class: 'row-count', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'row-count' } });
    this.rangeNote = el('span', { class: 'range-note' });
    this.notes = el('div', { class: 'report-notes', attrs: { 'data-testid': 'report-notes' } });
    this.notes.hidden = true;
    const tableArea = el('div', { class: 'table-area' }, [this.table.element, this.empty.element]);
    this.element = el('div', { class: 'results' }, [
      el('div', { class: 'results-header' }, [this.rowCount, this.rangeNote]),
      this.notes,
      this.spanHint.element,
      el('div', { class: 'results-body' }, [tableArea, this.detail?.element]),
    ]);
  }

  showNoData(): void {
    this.table.element.hidden = true;
    this.rowCount.textContent = '';
    this.rangeNote.textContent = '';
    this.showNotes([]);
    this.spanHint.show(null);
    this.empty.show({ kind: 'no-data' });
  }

  show(result: ResultDisplay): void {
    this.table.setData(result.columns, result.rows, result.sort, result.keepScroll);
    this.rowCount.textContent = result.rowCount;
    this.rangeNote.textContent = result.rangeNote;
    this.showNotes(result.notes);
    this.spanHint.show(result.missedSpan);
    this.table.element.hidden = result.empty !== null;
    this.empty.show(result.empty);
  }

  private showNotes(notes: readonly string[]): void {
    this.notes.replaceChildren(...notes.map((note) => el('p', { class: 'report-note', text: note })));
    this.notes.hidden = notes.length === 0;
  }

  focusTable(): void {
    this.table.focus();
  }
}
