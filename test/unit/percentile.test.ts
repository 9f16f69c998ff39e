/** p95 by selection gives what sorting gives: every rank, duplicates, sorted and reversed input, ranges sampled first (past 600 values). */
import { describe, expect, it } from 'vitest';
import { kthSmallest, nearestRankP95 } from '../../src/core/reports/numbers';

function sortedCopy(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

describe('kthSmallest and nearestRankP95', () => {
  it('equal the sorted array at every rank', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const shapes: [string, (n: number) => number[]][] = [
      ['random', (n) => Array.from({ length: n }, () => Math.floor(next() * 5000) / 4)],
      ['few distinct', (n) => Array.from({ length: n }, () => Math.floor(next() * 3))],
      ['sorted', (n) => Array.from({ length: n }, (_, i) => i * 1.5)],
      ['reversed', (n) => Array.from({ length: n }, (_, i) => n - i)],
      ['all equal', (n) => new Array<number>(n).fill(42)],
    ];
    for (const [shape, make] of shapes) {
      for (const n of [1, 2, 3, 5, 20, 21, 100, 601, 602, 999, 5000, 20011]) {
        const values = make(n);
        const sorted = sortedCopy(values);
        for (let k = 0; k < n; k += Math.max(1, Math.floor(n / 37))) {
          expect(kthSmallest(Float64Array.from(values), k), `${shape} n=${n} k=${k}`).toBe(sorted[k]);
        }
        expect(nearestRankP95(Float64Array.from(values)), `${shape} n=${n}`).toBe(sorted[Math.ceil(0.95 * n) - 1]);
      }
    }
    expect(nearestRankP95(new Float64Array(0))).toBeNull();
  });
});
