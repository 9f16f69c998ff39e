/** Totals of a chart series under the empty-vs-zero rule (README, "Definitions and the rules we chose"). */

/**
 * The sum of the known bucket values; empty (null) when some bucket is empty and none has a figure
 * other than 0. A bucket of 0 almost always has no runs, so "0 plus unknown" would claim a 0 the data
 * never gave — the chart cannot tell it from runs that report exactly 0, and errs towards "unknown".
 */
export function seriesTotal(values: Iterable<number | null>): number | null {
  let sum = 0;
  let anyUnknown = false;
  let anyNonZero = false;
  for (const value of values) {
    if (value === null) anyUnknown = true;
    else {
      sum += value;
      if (value !== 0) anyNonZero = true;
    }
  }
  return anyUnknown && !anyNonZero ? null : sum;
}
