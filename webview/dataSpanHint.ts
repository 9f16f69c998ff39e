/**
 * "Data spans 2026-01-01 – 2026-10-31 [Show 2026-01-01 – 2026-10-31]": shown above a report whose
 * timeframe misses every day with data (e.g. after importing an older file), where the rows alone —
 * organisations or users listed with zeros — would not say why they are empty.
 */
import type { TimeframeSpec } from '../src/protocol';
import { createButton } from './controls';
import { spanTimeframe, type DataSpan } from './dataSpan';
import { el, replaceChildren } from './dom';
import { describeDays } from './timeframeText';

export class DataSpanHint {
  readonly element: HTMLDivElement;

  constructor(private readonly onShow: (timeframe: TimeframeSpec) => void) {
    this.element = el('div', { class: 'data-span-hint', attrs: { role: 'status', 'data-testid': 'data-span-hint' } });
    this.element.hidden = true;
  }

  show(span: DataSpan | null): void {
    this.element.hidden = span === null;
    if (!span) {
      replaceChildren(this.element);
      return;
    }
    const days = describeDays(span.first, span.last);
    replaceChildren(this.element, [
      el('span', { class: 'data-span-text', text: `Data spans ${days}.` }),
      createButton(`Show ${days}`, () => this.onShow(spanTimeframe(span)), { secondary: true }),
    ]);
  }
}
