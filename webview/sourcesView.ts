/**
 * The Sources tab's DOM: a description, the status of the last Refresh or Remove, a loading bar and
 * error banner, and a table with one line per source (Refresh and Remove on each), or "No data yet"
 * with the import buttons. Everything from the host is set as text or attribute values.
 */
import { createButton, type VscodeButton } from './controls';
import { el, replaceChildren } from './dom';
import { LoadStatus } from './loadStatus';
import type { SourceRowView } from './sourceRows';
import type { SourcesController, SourcesDisplay, SourcesImportAction } from './sourcesController';

const columns = [
  { label: 'Source', className: '', zoned: false },
  { label: 'Location', className: '', zoned: false },
  { label: 'Rows', className: 'num', zoned: false },
  { label: 'Time range', className: '', zoned: true },
  { label: 'Last refresh', className: '', zoned: true },
  { label: 'Actions', className: 'actions', zoned: false },
] as const;

const importButtons: readonly [string, SourcesImportAction][] = [
  ['Import Usage Data…', 'import'],
  ['Import Claude Code Logs', 'importClaudeCode'],
  ['Import Codex Logs', 'importCodex'],
  ['Import OpenTelemetry File…', 'importOtel'],
  ['Load Sample Data', 'loadSample'],
];

/** how long the message of a finished Refresh or Remove stays */
export const sourcesStatusMs = 10_000;

export class SourcesView implements SourcesDisplay {
  readonly element: HTMLElement;
  private readonly status: LoadStatus;
  private readonly message: HTMLDivElement;
  private readonly body: HTMLTableSectionElement;
  private readonly table: HTMLTableElement;
  private readonly empty: HTMLDivElement;
  private readonly buttons = new Map<string, VscodeButton[]>();
  private messageTimer: ReturnType<typeof setTimeout> | undefined;
  /** the headers of the columns whose days and times are in the panel's zone, with their plain labels */
  private readonly zonedHeaders: (readonly [HTMLTableCellElement, string])[];

  constructor(private readonly controller: SourcesController) {
    this.status = new LoadStatus(() => void controller.refresh());
    this.message = el('div', { class: 'sources-status', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'sources-status' } });
    this.body = el('tbody');
    const headers = columns.map((column) => el('th', { class: column.className, text: column.label, attrs: { scope: 'col' } }));
    this.zonedHeaders = columns.flatMap((column, index) => (column.zoned ? [[headers[index]!, column.label] as const] : []));
    this.table = el('table', { class: 'sources-table', attrs: { 'data-testid': 'sources-table' } }, [el('thead', {}, [el('tr', {}, headers)]), this.body]);
    this.table.hidden = true;
    this.empty = el('div', { class: 'empty-state', attrs: { role: 'status', 'data-testid': 'sources-empty' } }, [
      el('div', { class: 'empty-title', text: 'No data yet' }),
      el('div', {
        class: 'empty-detail',
        text: 'Import exports of your AI consoles and tools, read the logs Claude Code, Codex or OpenTelemetry-instrumented agents write on this machine, or load the sample data.',
      }),
      el(
        'div',
        { class: 'empty-actions' },
        importButtons.map(([text, action], index) => createButton(text, () => controller.importData(action), { secondary: index > 0 })),
      ),
    ]);
    this.empty.hidden = true;
    this.element = el('section', { class: 'sources', attrs: { 'aria-label': 'Sources' } }, [
      el('p', {
        class: 'report-description',
        text: 'Where the data in the reports comes from. Refresh reads a source again (only what is new); Remove takes its rows out of the reports and leaves every other source as it is.',
      }),
      this.message,
      this.status.progress,
      this.status.errorBanner,
      el('div', { class: 'sources-table-wrap' }, [this.table]),
      this.empty,
    ]);
    controller.attach(this);
  }

  setBusy(busy: boolean): void {
    this.status.setBusy(busy);
    this.element.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  showSources(rows: SourceRowView[], timeZone: string): void {
    for (const [header, label] of this.zonedHeaders) header.textContent = `${label} (${timeZone})`;
    this.buttons.clear();
    replaceChildren(this.body, rows.map((row) => this.line(row)));
    this.table.hidden = false;
    this.empty.hidden = true;
  }

  showEmpty(): void {
    this.buttons.clear();
    replaceChildren(this.body);
    this.table.hidden = true;
    this.empty.hidden = false;
  }

  showError(message: string): void {
    this.status.showError(message);
  }

  hideError(): void {
    this.status.hideError();
  }

  /** A progress message stays; a result clears itself after `sourcesStatusMs`. */
  showStatus(text: string, tone: 'progress' | 'done' | 'error'): void {
    clearTimeout(this.messageTimer);
    this.message.classList.toggle('error-text', tone === 'error');
    this.message.textContent = text;
    if (tone === 'progress') return;
    this.messageTimer = setTimeout(() => {
      this.message.textContent = '';
      this.message.classList.remove('error-text');
    }, sourcesStatusMs);
  }

  setRowBusy(id: string, busy: boolean): void {
    for (const button of this.buttons.get(id) ?? []) button.disabled = busy || button.dataset.unavailable === 'true';
  }

  private line(row: SourceRowView): HTMLTableRowElement {
    const refresh = createButton('Refresh', () => void this.controller.refreshSource(row.id), {
      secondary: true,
      attrs: { title: row.refreshTitle, 'data-action': 'refresh', 'aria-label': `Refresh ${row.label}` },
    });
    if (!row.canRefresh) {
      refresh.disabled = true;
      refresh.dataset.unavailable = 'true';
    }
    const remove = createButton('Remove', () => void this.controller.removeSource(row.id), {
      secondary: true,
      attrs: { title: `Remove the rows of ${row.label} (you are asked first)`, 'data-action': 'remove', 'aria-label': `Remove ${row.label}` },
    });
    this.buttons.set(row.id, [refresh, remove]);
    return el('tr', { attrs: { 'data-source-id': row.id } }, [
      el('td', { class: 'source-label', text: row.label }),
      el('td', { class: 'source-where', text: row.where, attrs: { title: row.whereTitle || null } }),
      el('td', { class: 'num', text: row.rows }),
      el('td', { text: row.timeRange }),
      el('td', { text: row.lastRefresh }),
      el('td', { class: 'actions' }, [el('div', { class: 'source-actions' }, [refresh, remove])]),
    ]);
  }
}
