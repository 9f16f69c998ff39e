/**
 * KPI cards: runs, tokens, credits, cost (labelled with its cost mode) and error rate, with the change
 * against the previous period; under them, what the cost estimate could not price.
 */
import type { CostMode, Kpis } from '../src/protocol';
import { costLabel } from './costLabels';
import { el, replaceChildren } from './dom';
import { noChangeText } from './kpiChangeNote';
import { formatCount, formatDecimal, formatRatio, pointChange, relativeChange, type Change } from './format';

type FigureKey = 'runs' | 'tokens' | 'credits' | 'costUsd' | 'errorRate';

interface CardSpec {
  key: FigureKey;
  label: string | ((mode: CostMode) => string);
  format(value: number): string;
  change(current: number | null, previous: number | null): Change | null;
  /** an increase is bad news (error rate) */
  upIsBad?: boolean;
}

const cards: readonly CardSpec[] = [
  { key: 'runs', label: 'Runs', format: formatCount, change: relativeChange },
  { key: 'tokens', label: 'Tokens', format: formatCount, change: relativeChange },
  { key: 'credits', label: 'Credits', format: formatDecimal, change: relativeChange },
  { key: 'costUsd', label: (mode) => costLabel('Cost', mode), format: formatDecimal, change: relativeChange },
  { key: 'errorRate', label: 'Error rate', format: formatRatio, change: pointChange, upIsBad: true },
];

export class KpiCards {
  readonly element: HTMLDivElement;
  /** "3 models have no price: totals are a floor" when the cost uses estimates that miss something */
  readonly coverage: HTMLParagraphElement;

  constructor() {
    this.element = el('div', { class: 'kpis', attrs: { role: 'list', 'aria-label': 'Key figures' } });
    this.coverage = el('p', { class: 'kpi-coverage', attrs: { 'data-testid': 'cost-coverage' } });
    this.coverage.hidden = true;
  }

  set(kpis: Kpis | null): void {
    const sentence = kpis?.cost.coverage?.sentence ?? null;
    this.coverage.textContent = sentence ?? '';
    this.coverage.hidden = sentence === null;
    if (!kpis) {
      replaceChildren(this.element);
      return;
    }
    replaceChildren(this.element, cards.map((card) => this.card(card, kpis)));
  }

  private card(spec: CardSpec, kpis: Kpis): HTMLElement {
    const card = { ...spec, label: typeof spec.label === 'string' ? spec.label : spec.label(kpis.cost.mode) };
    const current = kpis.current[card.key];
    const previous = kpis.previous ? kpis.previous[card.key] : null;
    const value = current === null ? '—' : card.format(current);
    const change = kpis.previous ? card.change(current, previous) : null;
    const delta = el('div', { class: 'kpi-change' });
    let spoken = '';
    if (change) {
      // only the error rate has a good and a bad direction; more runs or credits is just more
      const tone = !card.upIsBad || change.direction === 'flat' ? 'neutral' : change.direction === 'up' ? 'bad' : 'good';
      delta.classList.add(tone);
      delta.append(
        el('span', { class: 'kpi-arrow', text: change.arrow, attrs: { 'aria-hidden': 'true' } }),
        el('span', { text: `${change.arrow ? ' ' : ''}${change.text}` }),
        el('span', { class: 'kpi-vs', text: ' vs previous period' }),
      );
      const word = change.direction === 'up' ? 'up' : change.direction === 'down' ? 'down' : 'unchanged,';
      spoken = `, ${word} ${change.text} against the previous period`;
    } else {
      delta.append(el('span', { class: 'kpi-vs', text: noChangeText(kpis.previous !== null, current) }));
    }
    return el('div', {
      class: `kpi kpi-${card.key}`,
      attrs: { role: 'listitem', 'aria-label': `${card.label}: ${value}${spoken}`, 'data-kpi': card.key },
    }, [
      el('div', { class: 'kpi-label', text: card.label, attrs: { 'aria-hidden': 'true' } }),
      el('div', { class: 'kpi-value', text: value, attrs: { 'aria-hidden': 'true' } }),
      el('div', { class: 'kpi-delta-wrap', attrs: { 'aria-hidden': 'true' } }, [delta]),
    ]);
  }
}
