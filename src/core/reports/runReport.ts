/**
 * Dispatches a report query to its compute function (registry.ts). The caller resolves the timeframe
 * once and passes the range; rows come back in the spec's default order, and a request's own sort is
 * applied once by `orderReport`.
 */
import { columnNames, reportSpec } from '../../shared/reports';
import type { ReportQuery, ReportResult, TimeRange } from '../../shared/results';
import type { PriceOverrides } from '../pricing';
import type { SqlRunner } from '../sql';
import { resolveTimeframe, type TimeContext } from '../timeframe';
import { costInfo, costModeOf } from './cost';
import { eventScope } from './query';
import { utcDays, utcDaysNote } from './reconciliation';
import { reportComputations } from './registry';
import { sortRows } from './sort';
import { utcDayDataNote } from './utcDayData';

/**
 * The report over `range` in its spec's default order; `query.sort` is not applied here. `overrides`
 * (the prices the store's estimates use) only name what the estimate could not price.
 */
export function computeReport(db: SqlRunner, query: ReportQuery, range: TimeRange, ctx: TimeContext, overrides?: PriceOverrides): ReportResult {
  const spec = reportSpec(query.report);
  const columns = columnNames(query.report);
  const rows = reportComputations[query.report](db, query, range, ctx, overrides);
  const scope = eventScope(spec.dayZone === 'UTC' ? utcDays(range) : range, query.filters, { target: spec.search.target, text: query.search });
  const cost = costInfo(db, scope, costModeOf(ctx), overrides);
  const notes = spec.dayZone === 'UTC' ? [utcDaysNote(range)] : [utcDayDataNote(db, scope, ctx.timeZone)].filter((note) => note !== null);
  return { report: query.report, columns, rows: sortRows(rows, columns, spec.defaultSort), range, cost, notes };
}

/** Applies the request's sort to a result in default order (no work when it asks for the default order). */
export function orderReport(result: ReportResult, sort: ReportQuery['sort']): ReportResult {
  const fallback = reportSpec(result.report).defaultSort;
  if (!sort || (fallback && sort.column === fallback.column && sort.direction === fallback.direction)) return result;
  if (!reportSpec(result.report).totalRow || result.rows.length === 0) return { ...result, rows: sortRows(result.rows, result.columns, sort) };
  return { ...result, rows: [...sortRows(result.rows.slice(0, -1), result.columns, sort), result.rows.at(-1)!] };
}

/** One query start to end: resolve the timeframe, compute, sort. */
export function runReport(db: SqlRunner, query: ReportQuery, ctx: TimeContext, overrides?: PriceOverrides): ReportResult {
  return orderReport(computeReport(db, query, resolveTimeframe(query.timeframe, ctx), ctx, overrides), query.sort);
}
