/** Empty states that say why the table is empty and offer the way out. */
import type { TimeframeSpec } from '../src/protocol';
import { createButton } from './controls';
import { spanTimeframe } from './dataSpan';
import { el, replaceChildren } from './dom';
import type { EmptyReason } from './emptyReason';
import { describeDays } from './timeframeText';

export interface EmptyActions {
  importData(): void;
  loadSample(): void;
  clearSearch(): void;
  clearFilters(): void;
  setTimeframe(to: TimeframeSpec): void;
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
      case 'no-data-in-timeframe': {
        const { span, wider } = reason;
        return {
          title: `No usage in ${reason.timeframe}.`,
          detail: reason.coverage,
          buttons: [
            span
              ? createButton(`Show ${describeDays(span.first, span.last)}`, () => a.setTimeframe(spanTimeframe(span)), { attrs: { 'data-testid': 'show-data-span' } })
              : null,
            createButton(wider === 'last-12-months' ? 'Show last 12 months' : 'Show all time', () => a.setTimeframe(wider), { secondary: span !== undefined }),
          ].filter((button) => button !== null),
        };
      }
    }
  }
}
