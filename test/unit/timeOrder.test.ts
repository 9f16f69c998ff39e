/**
 * The columnar index reads the table in rowid order and puts it in (ts, rowid) order itself: the order must
 * be what a stable sort by time gives, for rows that come as any number of time-sorted runs, with ties.
 */
import { describe, expect, it } from 'vitest';
import { reorder, timeOrder } from '../../src/store/timeOrder';
import { Rng } from '../../src/tools/sample/random';

/** Built-in Array sort is stable: positions by time, ties by position. */
const stableByTime = (ts: readonly number[]) => ts.map((_, position) => position).sort((a, b) => ts[a]! - ts[b]!);

/** `runs` time-sorted runs one after another, times from few distinct values so that ties are common. */
function runsOfTimes(rng: Rng, length: number, runs: number): number[] {
  const cuts = new Set([0, length]);
  while (cuts.size < Math.min(runs, length) + 1) cuts.add(rng.int(length));
  const bounds = [...cuts].sort((a, b) => a - b);
  const ts: number[] = [];
  for (let run = 0; run + 1 < bounds.length; run++) {
    const part = Array.from({ length: bounds[run + 1]! - bounds[run]! }, () => rng.int(40));
    ts.push(...part.sort((a, b) => a - b));
  }
  return ts;
}

describe('timeOrder', () => {
  it('is null for rows already in time order, ties included, and for no rows', () => {
    expect(timeOrder(new Float64Array([1, 2, 2, 2, 5, 9]), 6)).toBeNull();
    expect(timeOrder(new Float64Array(0), 0)).toBeNull();
    // only the first `length` values count
    expect(timeOrder(new Float64Array([1, 2, 0]), 2)).toBeNull();
  });

  it('gives a stable sort by time for one to many runs, an odd count of runs included', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 300; trial++) {
      const length = 1 + rng.int(300);
      const ts = runsOfTimes(rng, length, 1 + rng.int(12));
      const order = timeOrder(Float64Array.from(ts), length);
      const expected = stableByTime(ts);
      expect(order === null ? ts.map((_, position) => position) : [...order], `trial ${trial}`).toEqual(expected);
    }
  });

  it('sorts rows in reverse time order, each its own run', () => {
    const ts = Array.from({ length: 1001 }, (_, i) => 5000 - i * 5 + (i % 3));
    expect([...timeOrder(Float64Array.from(ts), ts.length)!]).toEqual(stableByTime(ts));
  });
});

describe('reorder', () => {
  it('puts a column in the order given, through a spare array longer than the column', () => {
    const ts = Float64Array.from([30, 10, 20, 10]);
    const order = timeOrder(ts, 4)!;
    const column = Int32Array.from([3, 1, 2, 4]);
    reorder(column, order, new Int32Array(10));
    expect([...column]).toEqual([1, 4, 2, 3]);
    reorder(ts, order, new Float64Array(4));
    expect([...ts]).toEqual([10, 10, 20, 30]);
  });
});
