import { describe, expect, it } from 'vitest';
import { seriesTotal } from '../../../webview/chartTotals';
import { noChangeText } from '../../../webview/kpiChangeNote';

describe('chart series totals (empty vs zero)', () => {
  it('sums the known buckets, leaving empty ones out', () => {
    expect(seriesTotal([3, null, 4, 0])).toBe(7);
    expect(seriesTotal([0.5, null, 0.25])).toBe(0.75);
  });

  it('buckets without runs only: 0', () => {
    expect(seriesTotal([0, 0, 0])).toBe(0);
    expect(seriesTotal([])).toBe(0);
  });

  it('only empty buckets and buckets without runs: empty, not 0', () => {
    expect(seriesTotal([null, null])).toBe(null);
    expect(seriesTotal([0, null, 0])).toBe(null);
  });
});

describe('KPI card without a change', () => {
  it('says why: all time, an empty figure this period, or an empty previous figure', () => {
    expect(noChangeText(false, 12)).toBe('all time');
    expect(noChangeText(true, null)).toBe('nothing to compare');
    expect(noChangeText(true, 12)).toBe('no previous figure');
  });
});
