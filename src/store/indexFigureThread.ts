/**
 * The columnar index's side of the figure thread (figureThread.ts): the columns it hands the thread, once per
 * index, and a pass's share of figures sent to it.
 */
import type { EventIndex } from './eventIndex';
import { handColumns, sendFigures, type SentFigures } from './figureThread';
import { summedThreadFigures, type FigureColumns, type ThreadFigure } from './figureTask';
import type { Grouping } from './indexSums';

/** The index's columns and facts the figure thread reads. */
function figureColumns(index: EventIndex): FigureColumns {
  const { session_id: sessions, status } = index.texts;
  const { numbers } = index;
  return {
    ts: numbers.ts, latencies: numbers.latency_ms, latenciesComplete: index.facts('latency_ms').complete, requests: numbers.requests,
    sessions: sessions.codes, sessionValues: sessions.values.length, statuses: status.codes, errorCode: status.values.indexOf('error'),
    users: index.keys.user_key, largestUser: index.largestKey('user_key'), agents: index.keys.agent_key, largestAgent: index.largestKey('agent_key'),
    money: Object.fromEntries(Object.entries(summedThreadFigures).map(([figure, column]) => [figure, { values: numbers[column], facts: index.facts(column) }])) as FigureColumns['money'],
  };
}

/** Hands the figure thread a new index's columns now, so that the first report over it does not wait for them. */
export function handIndexToFigureThread(index: EventIndex): void {
  handColumns(index, () => figureColumns(index));
}

/** Whether a pass over `grouping` is large enough to share with the thread (`fromRows`: see figureThreadFromRows; null: never). */
export function sharesWithFigureThread(grouping: Grouping, fromRows: number | null): boolean {
  return fromRows !== null && grouping.count >= fromRows && grouping.keyOfGroup.length > 0;
}

/** Sends the thread `figures` of a pass over `grouping`; null when there are none or no thread to take them. */
export function sendToFigureThread(index: EventIndex, figures: ThreadFigure[], grouping: Grouping): SentFigures | null {
  if (figures.length === 0) return null;
  const columnsId = handColumns(index, () => figureColumns(index));
  return columnsId === null ? null : sendFigures(figures, grouping, columnsId);
}
