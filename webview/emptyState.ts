/** Empty states that say why the table is empty and offer the way out. */
import { createButton } from './controls';
import { el, replaceChildren } from './dom';

export type EmptyReason =
  | { kind: 'no-data' }
  | { kind: 'no-match'; search: string }
  | { kind: 'filtered' }
  | { kind: 'no-data-in-timeframe'; timeframe: string; coverage?: string; wider: 'last-12-months' | 'all-time' };

export interface EmptyActions {
  importData(): void;
  loadSample(): void;
  clearSearch(): void;
  clearFilters(): void;
  widenTimeframe(to: 'last-12-months' | 'all-time'): void;
}

export class EmptyState {
  readonly element: HTMLDivElement;

  constructor(private readonly actions: EmptyActions, private readonly noun: string) {
    this.element = el('div', { class: 'empty-state', attrs: { role: 'status' } });
    this.element.hidden = true;
  }

  show(reason: EmptyReason | null): void {
    this.element.hidden = reason === null;
    if (!reason) {
      replaceChildren(this.element);
      this.element.removeAttribute('data-reason');
      return;
    }
    this.element.setAttribute('data-reason', reason.kind);
    const { title, detail, buttons } = this.describe(reason);
    replaceChildren(this.element, [
      el('div', { class: 'empty-title', text: title }),
      detail ? el('div', { class: 'empty-detail', text: detail }) : null,
      el('div', { class: 'empty-actions' }, buttons),
    ]);
  }

  private describe(reason: EmptyReason): { title: string; detail?: string; buttons: HTMLElement[] } {
    const a = this.actions;
    switch (reason.kind) {
      case 'no-data':
        return {
          title: 'No usage data imported yet.',
          detail: 'Import a usage export (CSV, JSON, JSONL, OpenTelemetry or agent logs), or load the sample data set to explore the reports.',
          buttons: [createButton('Import Usage Data…', a.importData), createButton('Load Sample Data', a.loadSample, { secondary: true })],
        };
      case 'no-match':
        return {
          title: `No ${this.noun} match “${reason.search}”.`,
          detail: 'The search looks at names, emails and ids within the selected timeframe and filters.',
          buttons: [createButton('Clear search', a.clearSearch)],
        };
      case 'filtered':
        return {
          title: `No ${this.noun} match the selected filters.`,
          buttons: [createButton('Clear filters', a.clearFilters)],
        };
      case 'no-data-in-timeframe':
        return {
          title: `No usage in ${reason.timeframe}.`,
          detail: reason.coverage,
          buttons: [
            createButton(reason.wider === 'last-12-months' ? 'Show last 12 months' : 'Show all time', () => a.widenTimeframe(reason.wider)),
          ],
        };
    }
  }
}
