import { describe, expect, it } from 'vitest';
import type { ReportResult } from '../../../src/protocol';
import { missedDataSpan, rangeOverlapsSpan, spanTimeframe } from '../../../webview/dataSpan';
import { hostState } from './fakeHost';

const span = { first: '2026-01-01', last: '2026-03-31' };

function result(range: ReportResult['range']): ReportResult {
  return { report: 'orgs', columns: [], rows: [], range, cost: { mode: 'auto', coverage: null } };
}

describe('webview data span', () => {
  it('a range overlaps the span when they share a day, including its first and last', () => {
    expect(rangeOverlapsSpan({ start: Date.UTC(2026, 2, 31), end: Date.UTC(2026, 3, 7) }, span, 'UTC')).toBe(true);
    expect(rangeOverlapsSpan({ start: Date.UTC(2025, 11, 1), end: Date.UTC(2026, 0, 2) }, span, 'UTC')).toBe(true);
    // [Apr 1, Apr 8) and [Dec 1, Jan 1): end is exclusive
    expect(rangeOverlapsSpan({ start: Date.UTC(2026, 3, 1), end: Date.UTC(2026, 3, 8) }, span, 'UTC')).toBe(false);
    expect(rangeOverlapsSpan({ start: Date.UTC(2025, 11, 1), end: Date.UTC(2026, 0, 1) }, span, 'UTC')).toBe(false);
  });

  it('reads the range\u2019s days in the report zone', () => {
    // last 7 days in Europe/Berlin ending at local midnight of April 1 = 22:00 UTC on March 31
    const berlinWeek = { start: Date.UTC(2026, 2, 24, 23), end: Date.UTC(2026, 2, 31, 22) };
    expect(rangeOverlapsSpan(berlinWeek, span, 'Europe/Berlin')).toBe(true);
    // the week starting at Berlin's April 1: in UTC it begins on March 31 at 22:00, yet has no day of the span
    const nextBerlinWeek = { start: Date.UTC(2026, 2, 31, 22), end: Date.UTC(2026, 3, 7, 22) };
    expect(rangeOverlapsSpan(nextBerlinWeek, span, 'Europe/Berlin')).toBe(false);
    expect(rangeOverlapsSpan(nextBerlinWeek, span, 'UTC')).toBe(true);
  });

  it('all time always covers the data', () => {
    expect(rangeOverlapsSpan({ start: 0, end: 8_640_000_000_000_000 }, span, 'UTC')).toBe(true);
    expect(rangeOverlapsSpan({ start: 0, end: 8_640_000_000_000_000 }, { first: '2099-12-01', last: '2099-12-31' }, 'Pacific/Kiritimati')).toBe(true);
  });

  it('reports the span only when the result misses it and there is data', () => {
    const october = { start: Date.UTC(2026, 9, 1), end: Date.UTC(2026, 10, 1) };
    expect(missedDataSpan(result(october), hostState({ dataSpan: span }))).toEqual(span);
    expect(missedDataSpan(result(october), hostState({ dataSpan: { first: '2026-10-31', last: '2026-11-05' } }))).toBeNull();
    expect(missedDataSpan(result(october), hostState({ dataSpan: null }))).toBeNull();
    expect(missedDataSpan(result(october), undefined)).toBeNull();
    expect(spanTimeframe(span)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });
});
