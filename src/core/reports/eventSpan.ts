/** How many events a time range holds and when the first and last of them happened. */
import type { TimeRange } from '../../shared/timeframes';
import type { EventSpan, SqlRunner } from '../sql';

export type { EventSpan };

/** Every event's when `range` is absent: from the store's columnar index when it has one, else from the table (a scan). */
export function eventSpan(db: SqlRunner, range?: TimeRange): EventSpan {
  if (db.eventSpan) return db.eventSpan(range);
  const [[count, first, last] = []] = range
    ? db.all('SELECT COUNT(*), MIN(ts), MAX(ts) FROM events WHERE ts >= ? AND ts < ?', [range.start, range.end])
    : db.all('SELECT COUNT(*), MIN(ts), MAX(ts) FROM events');
  return {
    count: Number(count ?? 0),
    first: first === null || first === undefined ? null : Number(first),
    last: last === null || last === undefined ? null : Number(last),
  };
}
