/**
 * The time series' sums (`SeriesPass`) on the columnar index: every (series, bucket) pair is a cell, each
 * figure is added up per cell in a pass of its own over the selected rows, in time order as the row-by-row
 * pass adds them, so the sums are the same. The rows come sorted by time, so each row's bucket is found by
 * walking the bucket bounds alongside, not by a search per row.
 */
import type { Database } from 'sql.js';
import type { PassScope, SeriesPass } from '../core/sql';
import type { SeriesSplitColumn, SeriesSums } from '../core/reports/timeseries';
import type { CostMode } from '../shared/results';
import { runOfRows, type EventIndex, type NumberColumn } from './eventIndex';
import { columnSums, denseGroups, oneGroup, selectedValues, type Grouping, type PerGroup } from './indexSums';
import { overwrittenFloat64, overwrittenInt32 } from './scratch';

export function seriesPassOn(index: EventIndex, db: Database): SeriesPass {
  return (scope, starts, splitColumn, costMode, detailed) => seriesSums(index, db, scope, starts, splitColumn, costMode, detailed);
}

function seriesSums(index: EventIndex, db: Database, scope: PassScope, starts: readonly number[], splitColumn: SeriesSplitColumn | null,
  costMode: CostMode, detailed: boolean): Map<number | null, SeriesSums> {
  const bucketCount = starts.length - 1;
  // the rows in the buckets only (the row-by-row pass skips the others): a part of the time-sorted selection
  const range = { start: Math.max(scope.range.start, starts[0]!), end: Math.min(scope.range.end, starts[bucketCount]!) };
  const selected = range.end > range.start ? index.select(db, { ...scope, range }) : runOfRows(0, 0);
  const series = splitColumn ? denseGroups(selected, index.keys[splitColumn], index.largestKey(splitColumn)) : oneGroup(selected);
  const column = (values: Float64Array) => selectedValues(values, series);
  const ts = column(index.numbers.ts);
  const requests = column(index.numbers.requests);
  const cells = cellsOf(series, ts, starts);
  const { numbers } = index;
  // a derived column (known tokens, the chosen cost) has no facts: it gets the loop that checks every value
  const sumOf = (values: Float64Array, name: NumberColumn | null, compensate: boolean) =>
    columnSums(values, name === null ? { complete: false, wholeNumbers: false } : index.facts(name), compensate, cells);
  const figures = {
    runs: sumOf(requests, 'requests', false),
    tokens: sumOf(column(index.knownTokens()), null, false),
    credits: sumOf(column(numbers.credits), 'credits', true),
  };
  const detail = detailed
    ? {
        tokens: [
          sumOf(column(numbers.input_tokens), 'input_tokens', false),
          sumOf(column(numbers.output_tokens), 'output_tokens', false),
          sumOf(column(numbers.cache_read_tokens), 'cache_read_tokens', false),
          sumOf(column(numbers.cache_write_tokens), 'cache_write_tokens', false),
          sumOf(column(numbers.reasoning_tokens), 'reasoning_tokens', false),
        ],
        cost: sumOf(chosenCosts(costMode, column(numbers.cost_reported_usd), column(numbers.cost_estimated_usd)), null, true),
      }
    : null;
  const totals = runTotals(requests, series);

  const result = new Map<number | null, SeriesSums>();
  series.keyOfGroup.forEach((key, group) => {
    const first = group * bucketCount;
    // a cell without rows has no value, as a sum nothing was added to
    const values = ({ sums, seen }: PerGroup) =>
      Array.from({ length: bucketCount }, (_, bucket) => (cells.rows[first + bucket] === 0 || (seen !== null && seen[first + bucket] === 0) ? null : sums[first + bucket]!));
    result.set(key === -1 ? null : key, {
      rows: Array.from(cells.rows.subarray(first, first + bucketCount)),
      runs: values(figures.runs),
      tokens: values(figures.tokens),
      credits: values(figures.credits),
      total: totals[group]!,
      detail: detail && { tokens: detail.tokens.map(values), cost: values(detail.cost) },
    });
  });
  return result;
}

/** Each row's cell (its series × the bucket count + its bucket) and each cell's row count. */
function cellsOf({ groupOfRow, keyOfGroup }: Grouping, ts: Float64Array, starts: readonly number[]) {
  const bucketCount = starts.length - 1;
  const cellOfRow = overwrittenInt32(groupOfRow.length);
  const rows = new Int32Array(keyOfGroup.length * bucketCount);
  let bucket = 0;
  for (let s = 0; s < groupOfRow.length; s++) {
    while (ts[s]! >= starts[bucket + 1]!) bucket++;
    const cell = groupOfRow[s]! * bucketCount + bucket;
    cellOfRow[s] = cell;
    rows[cell]!++;
  }
  return { groupOfRow: cellOfRow, rows };
}

/** chooseCost per row, NaN for none. */
function chosenCosts(costMode: CostMode, reported: Float64Array, estimated: Float64Array): Float64Array {
  if (costMode === 'reported') return reported;
  if (costMode === 'estimated') return estimated;
  const chosen = overwrittenFloat64(reported.length);
  for (let s = 0; s < chosen.length; s++) chosen[s] = reported[s] === reported[s] ? reported[s]! : estimated[s]!;
  return chosen;
}

/** Each series' known runs over the window, added in time order (its rank among the series). */
function runTotals(requests: Float64Array, { groupOfRow, keyOfGroup }: Grouping): Float64Array {
  const totals = new Float64Array(keyOfGroup.length);
  for (let s = 0; s < groupOfRow.length; s++) {
    const runs = requests[s]!;
    totals[groupOfRow[s]!]! += runs === runs ? runs : 0;
  }
  return totals;
}
