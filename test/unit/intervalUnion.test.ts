/** Usage time: the union of run intervals, swept in time order or sorted when runs come out of order. */
import { describe, expect, it } from 'vitest';
import { IntervalUnion } from '../../src/core/reports/userUsage';

/** The union's length by sorting every interval first, as the report did before it swept them. */
function sortedUnion(intervals: [number, number][]): number | null {
  if (intervals.length === 0) return null;
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [spanStart, spanEnd] = sorted[0]!;
  for (const [start, end] of sorted) {
    if (start > spanEnd) {
      total += spanEnd - spanStart;
      [spanStart, spanEnd] = [start, end];
    } else if (end > spanEnd) spanEnd = end;
  }
  return total + (spanEnd - spanStart);
}

describe('IntervalUnion', () => {
  it('gives the sorted union, in order and out of order, with overlaps, nesting, touching ends and fractions', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 200; round++) {
      const count = Math.floor(next() * 60);
      const intervals: [number, number][] = [];
      let start = 1_700_000_000_000;
      for (let i = 0; i < count; i++) {
        start += Math.floor(next() * 4000);
        intervals.push([start, start + (next() < 0.5 ? Math.floor(next() * 6000) : next() * 6000)]);
      }
      // a third of the rounds get one interval moved to the front (out of order)
      if (round % 3 === 0 && intervals.length > 2) intervals.unshift(intervals.splice(intervals.length - 1, 1)[0]!);
      const union = new IntervalUnion();
      for (const [from, to] of intervals) union.add(from, to);
      expect(union.length, `round ${round}`).toBe(sortedUnion(intervals));
    }
    const touching = new IntervalUnion();
    for (const [from, to] of [[0, 10], [10, 20], [5, 8], [30, 31]] as const) touching.add(from, to);
    expect(touching.length).toBe(21);
    expect(new IntervalUnion().length).toBeNull();
  });
});
