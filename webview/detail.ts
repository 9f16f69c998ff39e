/**
 * Agent detail view (Usage by Agent): the agent's time series, its models and its top users, in a side
 * section with a close button. The report controller fetches it and decides when it opens and closes.
 */
import type { AgentDetailResult } from '../src/protocol';
import { SeriesChart } from './chart';
import { createButton } from './controls';
import { el, replaceChildren } from './dom';
import { formatRowCount } from './format';
import type { DetailDisplay } from './reportDisplay';
import { columnSpecs } from './reportTable';
import type { Metric } from './state';
import { VirtualTable } from './table';

export class AgentDetail implements DetailDisplay {
  readonly element: HTMLElement;
  private readonly title: HTMLHeadingElement;
  private readonly subtitle: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private readonly chart = new SeriesChart(140, 'Agent usage over time');
  private readonly models: VirtualTable;
  private readonly users: VirtualTable;
  private readonly modelsCount: HTMLSpanElement;
  private readonly usersCount: HTMLSpanElement;
  private readonly content: HTMLDivElement;

  /** `onClose`: the Close button or Escape */
  constructor(onClose: () => void, timeZone: () => string | undefined) {
    this.title = el('h2', { class: 'detail-title', attrs: { id: 'agent-detail-title' } });
    this.subtitle = el('div', { class: 'detail-subtitle' });
    this.status = el('div', { class: 'detail-status', attrs: { role: 'status' } });
    this.models = new VirtualTable({ label: 'Models used by the agent', className: 'vt-compact', maxVisibleRows: 5, timeZone });
    this.users = new VirtualTable({ label: 'Top users of the agent', className: 'vt-compact', maxVisibleRows: 10, timeZone });
    this.modelsCount = el('span', { class: 'section-count' });
    this.usersCount = el('span', { class: 'section-count' });
    this.content = el('div', { class: 'detail-content' }, [
      this.chart.element,
      el('h3', { class: 'detail-section' }, [el('span', { text: 'Models' }), this.modelsCount]),
      this.models.element,
      el('h3', { class: 'detail-section' }, [el('span', { text: 'Top users' }), this.usersCount]),
      this.users.element,
    ]);
    const close = createButton('Close', onClose, { secondary: true, attrs: { 'aria-label': 'Close agent details', 'data-testid': 'detail-close' } });
    this.element = el('aside', {
      class: 'detail',
      attrs: { role: 'region', 'aria-labelledby': 'agent-detail-title', 'data-testid': 'agent-detail' },
    }, [
      el('div', { class: 'detail-header' }, [el('div', { class: 'detail-heading' }, [this.title, this.subtitle]), close]),
      this.status,
      this.content,
    ]);
    this.element.hidden = true;
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      }
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  showLoading(title: string, subtitle: string): void {
    this.element.hidden = false;
    this.title.textContent = title;
    this.subtitle.textContent = subtitle;
    this.status.textContent = 'Loading…';
    this.element.setAttribute('aria-busy', 'true');
    this.content.hidden = true;
  }

  showResult(result: AgentDetailResult, metric: Metric, timeZone: string | undefined): void {
    this.element.removeAttribute('aria-busy');
    this.status.textContent = '';
    this.content.hidden = false;
    this.chart.setData(result.series, metric, timeZone);
    this.models.setData(columnSpecs(result.models), result.models.rows, null);
    this.users.setData(columnSpecs(result.users), result.users.rows, null);
    this.modelsCount.textContent = formatRowCount(result.models.rows.length);
    this.usersCount.textContent = formatRowCount(result.users.rows.length);
  }

  showError(message: string): void {
    this.element.removeAttribute('aria-busy');
    replaceChildren(this.status, [el('span', { class: 'error-text', text: message })]);
  }

  setMetric(metric: Metric): void {
    if (this.isOpen) this.chart.setMetric(metric);
  }

  hide(): void {
    this.element.hidden = true;
  }
}
