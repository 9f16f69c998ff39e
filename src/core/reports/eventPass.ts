/**
 * The one pass over the selected events that a report makes: each row holds the asked columns in the
 * asked order. The row array may be reused from one call to the next: read it, do not keep it. Rows come
 * in (ts, rowid) order, the columnar index's, so sums past what a double holds exactly add up alike on both.
 */
import type { EventColumn, PassScope, SqlRunner, SqlValue } from '../sql';
import { eventScope } from './query';

export function eachEvent(db: SqlRunner, scope: PassScope, columns: readonly EventColumn[], onRow: (row: readonly SqlValue[]) => void): void {
  if (db.eventPass) return db.eventPass(scope, columns, onRow);
  const where = eventScope(scope.range, scope.filters, scope.search);
  db.each(`${where.with}SELECT ${columns.map((column) => `e.${column}`).join(', ')} FROM events e WHERE ${where.where} ORDER BY e.ts, e.rowid`, where.params, onRow);
}
