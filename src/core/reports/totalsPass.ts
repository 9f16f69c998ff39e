/**
 * The one pass over the selected events that Usage by Agent, User, Model and Sub-Account make: each row is
 * `totalsColumns` in order, then the report's extra column when it asks for one. The row array may be
 * reused from one call to the next: read it, do not keep it.
 */
import type { PassScope, SqlRunner, SqlValue, TotalsExtra } from '../sql';
import { totalsColumns } from './groupTotals';
import { eventScope } from './query';

export function eachTotalsRow(db: SqlRunner, scope: PassScope, extra: TotalsExtra, onRow: (row: readonly SqlValue[]) => void): void {
  if (db.totalsPass) return db.totalsPass(scope, extra, onRow);
  const where = eventScope(scope.range, scope.filters, scope.search);
  db.each(`${where.with}SELECT ${totalsColumns}${extra === null ? '' : `, e.${extra}`} FROM events e WHERE ${where.where}`, where.params, onRow);
}
