/** Rounding and ratio rules shared by the reports (written down in README). */

export function roundTo(value: number | null, decimals: number): number | null {
  if (value === null) return null;
  const factor = 10 ** decimals;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * factor) / factor;
}

/** credits and USD: 6 decimals, so float sums never show 0.30000000000000004 */
export const money = (value: number | null) => roundTo(value, 6);
/** averages of latency: 1 decimal of a millisecond */
export const avgMs = (value: number | null) => roundTo(value, 1);

/** errors / runs in [0, 1], 4 decimals; empty when there were no runs or their number is unknown */
export function ratio(part: number, whole: number | null): number | null {
  return whole !== null && whole > 0 ? roundTo(part / whole, 4) : null;
}

/** p95 by nearest rank: the value at rank ceil(0.95 · n) of the sorted latencies */
export function nearestRankP95(values: Float64Array): number | null {
  if (values.length === 0) return null;
  return kthSmallest(values, Math.ceil(0.95 * values.length) - 1);
}

/**
 * The k-th smallest value (0-based), as `values.sort()[k]` would give, found by selection (Hoare's FIND, as
 * Wirth writes it) in linear expected time: a p95 over a million latencies needs no full sort. Reorders `values`.
 */
export function kthSmallest(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[k]!;
    let i = left;
    let j = right;
    do {
      while (values[i]! < pivot) i++;
      while (pivot < values[j]!) j--;
      if (i <= j) {
        const swapped = values[i]!;
        values[i] = values[j]!;
        values[j] = swapped;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) left = i;
    if (k < i) right = j;
  }
  return values[k]!;
}

/** One rule for every figure: a sum over no rows is 0; over rows whose values are all unknown it is empty (null). */
export function sumOverRows(sum: number | null, rows: number): number | null {
  return rows === 0 ? 0 : sum;
}

export function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
