/** Headline figures for a selection and the change against the previous period of equal length. */
import type { PriceOverrides } from '../pricing';
import type { SqlRunner } from '../sql';
import { previousPeriod, type TimeRange } from '../timeframe';
import { money, num, ratio, sumOverRows } from './numbers';
import { defaultCostMode, type CostMode, type KpiFigures, type Kpis, type SearchScope } from '../../shared/results';
import { costInfo, costSql } from './cost';
import { eventScope, type ReportFilters } from './query';
import { knownTokens } from './tokens';

export type { KpiFigures, Kpis } from '../../shared/results';

/** costUsd is in the cost mode, like the reports' cost_usd columns. */
function figures(db: SqlRunner, range: TimeRange, filters: ReportFilters | undefined, search: SearchScope | undefined, costMode: CostMode): KpiFigures {
  const scope = eventScope(range, filters, search);
  const [[rows, runs, tokens, credits, cost, errors] = []] = db.all(
    `${scope.with}SELECT COUNT(*), SUM(e.requests), SUM(${knownTokens}),
       SUM(e.credits), SUM(${costSql(costMode)}), COALESCE(SUM(CASE WHEN e.status = 'error' THEN e.requests ELSE 0 END), 0)
     FROM events e WHERE ${scope.where}`,
    scope.params,
  );
  // runs: empty when no row in the period has a request count (only bill lines, say), 0 when there are no rows
  const knownRuns = sumOverRows(num(runs), Number(rows));
  return {
    runs: knownRuns,
    tokens: sumOverRows(num(tokens), Number(rows)),
    credits: money(sumOverRows(num(credits), Number(rows))),
    costUsd: money(sumOverRows(num(cost), Number(rows))),
    errorRate: ratio(Number(errors), knownRuns),
  };
}

export function kpis(
  db: SqlRunner,
  range: TimeRange,
  filters?: ReportFilters,
  search?: SearchScope,
  costMode: CostMode = defaultCostMode,
  overrides?: PriceOverrides,
): Kpis {
  const previous = previousPeriod(range);
  return {
    current: figures(db, range, filters, search, costMode),
    previous: previous ? figures(db, previous, filters, search, costMode) : null,
    cost: costInfo(db, eventScope(range, filters, search), costMode, overrides),
  };
}
