/**
 * A virtualised report table: fixed row height, only the visible rows plus an overscan in the DOM (a
 * recycled pool), a body sized for all rows so the scrollbar is true. Sorting is the host's job: a
 * header click (or Enter/Space on a focused header) calls `onSort` and the new result comes back
 * sorted. Rows can be activated (click, or ↑/↓ + Enter with aria-activedescendant on the grid).
 */
import type { ColumnKind, ColumnSpec, SortSpec } from '../src/protocol';
import { el, setAttrs, setText, uid } from './dom';
import { formatCell, isNumericKind } from './format';

export type Cell = string | number | null;

export interface TableOptions {
  /** accessible name of the table */
  label: string;
  /** makes headers sortable; called with the column name */
  onSort?: (column: string) => void;
  /** makes rows activatable */
  onActivate?: (row: readonly Cell[], index: number) => void;
  /** accessible description of an activatable row, e.g. "Open details of Agent X" */
  activateHint?: string;
  timeZone?: () => string | undefined;
  /** CSS class for sizing (e.g. 'vt-compact' for detail tables) */
  className?: string;
  /** fit the height to the rows, up to this many (small tables such as the agent detail) */
  maxVisibleRows?: number;
}

export const rowHeight = 22;
const overscan = 8;

interface RowElement {
  element: HTMLDivElement;
  cells: HTMLDivElement[];
  index: number;
}

let measureContext: CanvasRenderingContext2D | null | undefined;

function textWidth(text: string, font: string): number {
  if (measureContext === undefined) measureContext = document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * 7;
  measureContext.font = font;
  return measureContext.measureText(text.length > 80 ? text.slice(0, 80) : text).width;
}

const widthLimits: Record<ColumnKind, [number, number]> = {
  text: [64, 320],
  count: [56, 160],
  decimal: [64, 180],
  ratio: [64, 120],
  ms: [72, 140],
  duration: [72, 120],
  timestamp: [140, 180],
};

export class VirtualTable {
  readonly element: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly inner: HTMLDivElement;
  private readonly headRow: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly rowsLayer: HTMLDivElement;
  private readonly pool: RowElement[] = [];
  private readonly idPrefix = uid('vt');
  private columns: readonly ColumnSpec[] = [];
  private rows: readonly (readonly Cell[])[] = [];
  private sort: SortSpec | null = null;
  private baseWidths: number[] = [];
  private activeIndex = -1;
  private lastViewportWidth = 0;

  constructor(private readonly options: TableOptions) {
    this.headRow = el('div', { class: 'vt-row vt-header-row', attrs: { role: 'row', 'aria-rowindex': 1 } });
    this.rowsLayer = el('div', { class: 'vt-rows' });
    this.body = el('div', { class: 'vt-body', attrs: { role: 'rowgroup' } }, [this.rowsLayer]);
    this.inner = el('div', { class: 'vt-inner' }, [
      el('div', { class: 'vt-head', attrs: { role: 'rowgroup' } }, [this.headRow]),
      this.body,
    ]);
    // the scroller is the table (or grid) itself: it takes focus, so aria-activedescendant is valid on it
    this.scroller = el('div', {
      class: 'vt-scroll',
      attrs: {
        role: options.onActivate ? 'grid' : 'table',
        'aria-readonly': options.onActivate ? 'true' : undefined,
        'aria-label': options.label,
        'aria-description': options.activateHint,
        'aria-rowcount': 1,
        tabindex: 0,
      },
    }, [this.inner]);
    this.element = el('div', { class: `vt${options.className ? ` ${options.className}` : ''}${options.onActivate ? ' vt-activatable' : ''}` }, [this.scroller]);

    this.scroller.addEventListener('scroll', () => this.renderRows());
    this.scroller.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.rowsLayer.addEventListener('click', (event) => this.onRowClick(event));
    this.headRow.addEventListener('click', (event) => this.onHeaderEvent(event));
    this.headRow.addEventListener('keydown', (event) => this.onHeaderEvent(event));
    new ResizeObserver(() => {
      const width = this.scroller.clientWidth;
      if (width !== this.lastViewportWidth) {
        this.lastViewportWidth = width;
        this.applyWidths();
      }
      this.renderRows();
    }).observe(this.scroller);
  }

  get rowCount(): number {
    return this.rows.length;
  }

  /** Replaces the data; `keepScroll` keeps the scroll position (a refresh of the same query). */
  setData(columns: readonly ColumnSpec[], rows: readonly (readonly Cell[])[], sort: SortSpec | null, keepScroll = false): void {
    // a label changes with the cost mode ("Cost (USD, auto)"), the name does not
    const columnsChanged =
      columns.length !== this.columns.length || columns.some((column, i) => column.name !== this.columns[i]?.name || column.label !== this.columns[i]?.label);
    this.columns = columns;
    this.rows = rows;
    this.sort = sort;
    this.activeIndex = -1;
    this.scroller.removeAttribute('aria-activedescendant');
    this.scroller.setAttribute('aria-rowcount', String(rows.length + 1));
    if (columnsChanged) this.buildHeader();
    this.updateSortIndicators();
    this.measure();
    this.body.style.height = `${rows.length * rowHeight}px`;
    if (this.options.maxVisibleRows) {
      const visible = Math.max(1, Math.min(rows.length, this.options.maxVisibleRows));
      // header (24 + 1 border) + rows + table border (2) + room for a horizontal scrollbar
      this.element.style.height = `${27 + visible * rowHeight + 12}px`;
    }
    if (!keepScroll) this.scroller.scrollTop = 0;
    this.renderRows(true);
  }

  focus(): void {
    this.scroller.focus();
  }

  private buildHeader(): void {
    this.headRow.replaceChildren();
    for (const pool of this.pool.splice(0)) pool.element.remove();
    this.columns.forEach((column, i) => {
      const numeric = isNumericKind(column.kind);
      const header = el('div', {
        class: `vt-cell vt-header${numeric ? ' num' : ''}`,
        attrs: { role: 'columnheader', 'aria-colindex': i + 1, 'data-column': column.name, title: column.name },
      }, [
        el('span', { class: 'vt-label', text: column.label }),
        el('span', { class: 'vt-sort', attrs: { 'aria-hidden': 'true' } }),
      ]);
      if (this.options.onSort) setAttrs(header, { tabindex: 0, class: `${header.className} sortable` });
      this.headRow.appendChild(header);
    });
  }

  private updateSortIndicators(): void {
    for (const header of Array.from(this.headRow.children) as HTMLElement[]) {
      const column = header.dataset.column;
      const sorted = this.sort && this.sort.column === column ? this.sort.direction : null;
      if (this.options.onSort) {
        header.setAttribute('aria-sort', sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none');
      }
      header.classList.toggle('sorted', sorted !== null);
      setText(header.querySelector('.vt-sort')!, sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '');
    }
  }

  /** Column widths from the header labels and a sample of formatted cells, measured with the real font. */
  private measure(): void {
    const style = getComputedStyle(this.scroller);
    const font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const headFont = `600 ${style.fontSize} ${style.fontFamily}`;
    const sample = this.sampleRows(400);
    const zone = this.options.timeZone?.();
    this.baseWidths = this.columns.map((column, i) => {
      let widest = textWidth(column.label, headFont) + 14;
      for (const row of sample) widest = Math.max(widest, textWidth(formatCell(row[i] ?? null, column.kind, zone), font));
      const [min, max] = widthLimits[column.kind];
      return Math.ceil(Math.min(max, Math.max(min, widest + 16 + 6)));
    });
    this.applyWidths();
  }

  private sampleRows(limit: number): (readonly Cell[])[] {
    if (this.rows.length <= limit) return this.rows.slice();
    const step = this.rows.length / limit;
    const sample: (readonly Cell[])[] = [];
    for (let i = 0; i < limit; i++) sample.push(this.rows[Math.floor(i * step)]!);
    return sample;
  }

  /** Widens the text columns (or all) to fill the viewport; narrower viewports scroll horizontally. */
  private applyWidths(): void {
    if (this.baseWidths.length === 0) return;
    const total = this.baseWidths.reduce((sum, width) => sum + width, 0);
    const available = this.scroller.clientWidth;
    let widths = this.baseWidths;
    if (available > total) {
      const grow = this.columns.map((column) => column.kind === 'text');
      const growable = grow.some(Boolean) ? grow : grow.map(() => true);
      const growTotal = widths.reduce((sum, width, i) => sum + (growable[i] ? width : 0), 0);
      const extra = available - total;
      widths = widths.map((width, i) => (growable[i] ? Math.floor(width + (extra * width) / growTotal) : width));
    }
    this.inner.style.setProperty('--vt-columns', widths.map((width) => `${width}px`).join(' '));
    this.inner.style.width = `${widths.reduce((sum, width) => sum + width, 0)}px`;
  }

  private createRow(): RowElement {
    const element = el('div', { class: 'vt-row', attrs: { role: 'row' } });
    const cells = this.columns.map((column, i) => {
      const cell = el('div', {
        class: `vt-cell${isNumericKind(column.kind) ? ' num' : ''}`,
        attrs: { role: this.options.onActivate ? 'gridcell' : 'cell', 'aria-colindex': i + 1 },
      });
      element.appendChild(cell);
      return cell;
    });
    return { element, cells, index: -1 };
  }

  private renderRows(force = false): void {
    // never more rows than two screens, even if a layout bug let the scroller grow with its content
    const viewport = Math.min(this.scroller.clientHeight || 600, Math.max(window.innerHeight, 600) * 2);
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / rowHeight) - overscan);
    const last = Math.min(this.rows.length, Math.ceil((this.scroller.scrollTop + viewport) / rowHeight) + overscan);
    const count = Math.max(0, last - first);
    while (this.pool.length < count) {
      const row = this.createRow();
      this.pool.push(row);
      this.rowsLayer.appendChild(row.element);
    }
    while (this.pool.length > count) this.pool.pop()!.element.remove();
    this.rowsLayer.style.transform = `translateY(${first * rowHeight}px)`;
    const zone = this.options.timeZone?.();
    for (let p = 0; p < count; p++) {
      const index = first + p;
      const row = this.pool[p]!;
      if (row.index === index && !force) {
        this.markActive(row);
        continue;
      }
      row.index = index;
      const data = this.rows[index]!;
      row.element.setAttribute('aria-rowindex', String(index + 2));
      row.element.dataset.index = String(index);
      row.element.classList.toggle('odd', index % 2 === 1);
      this.columns.forEach((column, i) => {
        const cell = row.cells[i]!;
        const value = data[i] ?? null;
        const text = formatCell(value, column.kind, zone);
        setText(cell, text);
        const title = column.kind === 'timestamp' && value !== null ? String(value) : column.kind === 'text' ? text : '';
        if (cell.title !== title) cell.title = title;
      });
      this.markActive(row);
    }
  }

  private markActive(row: RowElement): void {
    const active = row.index === this.activeIndex;
    row.element.classList.toggle('active', active);
    if (active) row.element.id = `${this.idPrefix}-active`;
    else if (row.element.id) row.element.removeAttribute('id');
    if (this.options.onActivate) row.element.setAttribute('aria-selected', active ? 'true' : 'false');
  }

  private setActive(index: number, scroll: boolean): void {
    if (this.rows.length === 0) return;
    this.activeIndex = Math.max(0, Math.min(this.rows.length - 1, index));
    if (scroll) {
      const top = this.activeIndex * rowHeight;
      const headHeight = this.headRow.offsetHeight;
      const visible = this.scroller.clientHeight - headHeight;
      if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
      else if (top + rowHeight > this.scroller.scrollTop + visible) this.scroller.scrollTop = top + rowHeight - visible;
    }
    this.renderRows();
    this.scroller.setAttribute('aria-activedescendant', `${this.idPrefix}-active`);
  }

  private onRowClick(event: MouseEvent): void {
    if (!this.options.onActivate) return;
    const rowElement = (event.target as Element).closest<HTMLElement>('.vt-row');
    const index = Number(rowElement?.dataset.index);
    if (!rowElement || !Number.isInteger(index) || !this.rows[index]) return;
    this.setActive(index, false);
    this.options.onActivate(this.rows[index]!, index);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (!this.options.onActivate || event.target !== this.scroller || this.rows.length === 0) return;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / rowHeight) - 2);
    const moves: Record<string, number> = {
      ArrowDown: this.activeIndex + 1,
      ArrowUp: this.activeIndex - 1,
      PageDown: this.activeIndex + page,
      PageUp: this.activeIndex - page,
      Home: 0,
      End: this.rows.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      this.setActive(moves[event.key]!, true);
    } else if ((event.key === 'Enter' || event.key === ' ') && this.activeIndex >= 0) {
      event.preventDefault();
      this.options.onActivate(this.rows[this.activeIndex]!, this.activeIndex);
    }
  }

  private onHeaderEvent(event: MouseEvent | KeyboardEvent): void {
    if (!this.options.onSort) return;
    if (event instanceof KeyboardEvent && event.key !== 'Enter' && event.key !== ' ') return;
    const header = (event.target as Element).closest<HTMLElement>('.vt-header');
    const column = header?.dataset.column;
    if (!column) return;
    event.preventDefault();
    this.options.onSort(column);
  }
}
