/** Headline figures for a selection and the change against the previous period of equal length. */
import type { PriceOverrides } from '../pricing';
import type { EventColumn, SqlRunner } from '../sql';
import { chooseCost } from '../pricing/costMode';
import { previousPeriod, type TimeRange } from '../timeframe';
import { eachEvent } from './eventPass';
import { CompensatedSum, IntegerSum } from './groupTotals';
import { money, ratio, sumOverRows } from './numbers';
import { defaultCostMode, type CostMode, type KpiFigures, type Kpis, type SearchScope } from '../../shared/results';
import { costInfo } from './cost';
import { eventScope, type ReportFilters } from './query';
import { knownTokens } from './tokens';

export type { KpiFigures, Kpis } from '../../shared/results';

const kpiColumns: readonly EventColumn[] = ['requests', 'input_tokens', 'output_tokens', 'credits', 'cost_reported_usd', 'cost_estimated_usd', 'status'];

/** costUsd is in the cost mode, like the reports' cost_usd columns. */
function figures(db: SqlRunner, range: TimeRange, filters: ReportFilters | undefined, search: SearchScope | undefined, costMode: CostMode): KpiFigures {
  let rows = 0;
  let errors = 0;
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
  // runs: empty when no row in the period has a request count (only bill lines, say), 0 when there are no rows
  const knownRuns = sumOverRows(runs.value, rows);
  return {
    runs: knownRuns,
    tokens: sumOverRows(tokens.value, rows),
    credits: money(sumOverRows(credits.value, rows)),
    costUsd: money(sumOverRows(cost.value, rows)),
    errorRate: ratio(errors, knownRuns),
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
