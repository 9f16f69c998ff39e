/** Headline figures for a selection and the change against the previous period of equal length. */
import type { PriceOverrides } from '../pricing';
import type { EventColumn, SqlRunner } from '../sql';
import { chooseCost } from '../pricing/costMode';
import { previousPeriod, type TimeRange } from '../timeframe';
import { eachEvent } from './eventPass';
import { groupEvents } from './eventGroups';
import { CompensatedSum, IntegerSum } from './groupTotals';
import { money, num, ratio, sumOverRows } from './numbers';
import { defaultCostMode, type CostMode, type KpiFigures, type Kpis, type SearchScope } from '../../shared/results';
import { costInfo, costSql } from './cost';
import { eventScope, type ReportFilters } from './query';
import { knownTokens, knownTokensSql } from './tokens';

export type { KpiFigures, Kpis } from '../../shared/results';

const kpiColumns: readonly EventColumn[] = ['requests', 'input_tokens', 'output_tokens', 'credits', 'cost_reported_usd', 'cost_estimated_usd', 'status'];

/** The period's sums: added up by SQLite over the table, or from one pass over the store's columnar index. */
interface Sums {
  rows: number;
  runs: number | null;
  tokens: number | null;
  credits: number | null;
  cost: number | null;
  errors: number;
}

function sumsInSql(db: SqlRunner, range: TimeRange, filters: ReportFilters | undefined, search: SearchScope | undefined, costMode: CostMode): Sums {
  const scope = eventScope(range, filters, search);
  const [[rows, runs, tokens, credits, cost, errors] = []] = db.all(
    // in (ts, rowid) order, as the passes read the rows
    `${scope.with}SELECT COUNT(*), SUM(requests), SUM(tokens), SUM(credits), SUM(cost), COALESCE(SUM(CASE WHEN status = 'error' THEN requests ELSE 0 END), 0)
     FROM (SELECT e.requests AS requests, ${knownTokensSql} AS tokens, e.credits AS credits, ${costSql(costMode)} AS cost, e.status AS status
       FROM events e WHERE ${scope.where} ORDER BY e.ts, e.rowid)`,
    scope.params,
  );
  return { rows: Number(rows), runs: num(runs), tokens: num(tokens), credits: num(credits), cost: num(cost), errors: Number(errors) };
}

/** The same sums as `sumsInSql`, in the same order and with the same compensated summation as SQLite's SUM. */
function sumsInPass(db: SqlRunner, range: TimeRange, filters: ReportFilters | undefined, search: SearchScope | undefined, costMode: CostMode): Sums {
  let [rows, errors] = [0, 0];
  const [runs, tokens] = [new IntegerSum(), new IntegerSum()];
  const [credits, cost] = [new CompensatedSum(), new CompensatedSum()];
  eachEvent(db, { range, filters, search }, kpiColumns, (row) => {
    const [requests, input, output, credit, reported, estimated, status] = row as [number | null, number | null, number | null, number | null, number | null, number | null, string];
    rows++;
    runs.add(requests);
    tokens.add(knownTokens(input, output));
    credits.add(credit);
    cost.add(chooseCost(costMode, reported, estimated));
    if (status === 'error' && requests !== null) errors += requests;
  });
  return { rows, runs: runs.value, tokens: tokens.value, credits: credits.value, cost: cost.value, errors };
}

/** The same sums from the group pass, every event in one group: the figures are summed alike (`groupEvents`). */
function sumsInGroupPass(db: SqlRunner, range: TimeRange, filters: ReportFilters | undefined, search: SearchScope | undefined, costMode: CostMode): Sums {
  const all = groupEvents(db, { range, filters, search }, 'all', costMode).get(null);
  if (!all) return { rows: 0, runs: null, tokens: null, credits: null, cost: null, errors: 0 };
  return { rows: all.rows, runs: all.runs.value, tokens: all.tokens.value, credits: all.credits.value, cost: all.cost.value, errors: all.errorRuns };
}

/** costUsd is in the cost mode, like the reports' cost_usd columns. */
function figures(db: SqlRunner, range: TimeRange, filters: ReportFilters | undefined, search: SearchScope | undefined, costMode: CostMode): KpiFigures {
  const sums = (db.groupPass ? sumsInGroupPass : db.eventPass ? sumsInPass : sumsInSql)(db, range, filters, search, costMode);
  // runs: empty when no row in the period has a request count (only bill lines, say), 0 when there are no rows
  const knownRuns = sumOverRows(sums.runs, sums.rows);
  return {
    runs: knownRuns,
    tokens: sumOverRows(sums.tokens, sums.rows),
    credits: money(sumOverRows(sums.credits, sums.rows)),
    costUsd: money(sumOverRows(sums.cost, sums.rows)),
    errorRate: ratio(sums.errors, knownRuns),
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
