import { beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  formatCell,
  formatCompact,
  formatCount,
  formatDecimal,
  formatDuration,
  formatMs,
  formatRatio,
  formatRowCount,
  formatTimestamp,
  pointChange,
  relativeChange,
} from '../../../webview/format';

beforeAll(() => {
  // the panel formats in the UI language; these expectations are written for English
  expect(new Intl.NumberFormat().resolvedOptions().locale, 'run the unit tests with an English locale (LANG=C.UTF-8 or en_US)').toMatch(/^en/);
});

describe('webview number formatting', () => {
  it('counts: thousands separators, rounded to an integer', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(2.5)).toBe('3');
    expect(formatRowCount(1)).toBe('1 row');
    expect(formatRowCount(0)).toBe('0 rows');
    expect(formatRowCount(1234)).toBe('1,234 rows');
  });

  it('decimals: at most four fraction digits, no trailing zeros', () => {
    expect(formatDecimal(1234.56789)).toBe('1,234.5679');
    expect(formatDecimal(2)).toBe('2');
    expect(formatDecimal(0.1)).toBe('0.1');
    expect(formatDecimal(0.00004)).toBe('0');
  });

  it('ratios as percentages with two decimals, latencies in whole ms', () => {
    expect(formatRatio(0.0345)).toBe('3.45 %');
    expect(formatRatio(0)).toBe('0.00 %');
    expect(formatRatio(1)).toBe('100.00 %');
    expect(formatMs(1234.4)).toBe('1,234 ms');
    expect(formatMs(2345.6)).toBe('2,346 ms');
  });

  it('durations as h:mm:ss with unbounded hours', () => {
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(59_000)).toBe('0:00:59');
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(100 * 3_600_000 + 500)).toBe('100:00:01');
    expect(formatDuration(-5)).toBe('0:00:00');
  });

  it('compact figures for cards and axes', () => {
    expect(formatCompact(1234)).toBe('1,234');
    expect(formatCompact(12.345)).toBe('12.35');
    expect(formatCompact(1_234_567)).toBe('1.23M');
  });
});

describe('webview timestamps', () => {
  it('keeps the wall time of a report timestamp, whatever its offset', () => {
    expect(formatTimestamp('2026-11-05T08:01:02.000+01:00')).toBe('2026-11-05 08:01:02');
    expect(formatTimestamp('2026-03-29T23:30:00-07:00')).toBe('2026-03-29 23:30:00');
    expect(formatTimestamp('2026-11-05T08:01+01:00')).toBe('2026-11-05 08:01:00');
    expect(formatTimestamp('not a time')).toBe('not a time');
  });

  it('shows epoch ms in the given zone', () => {
    const instant = Date.UTC(2026, 10, 5, 23, 30, 0); // 2026-11-05T23:30:00Z
    expect(formatTimestamp(instant, 'UTC')).toBe('2026-11-05 23:30:00');
    expect(formatTimestamp(instant, 'Europe/Berlin')).toBe('2026-11-06 00:30:00');
    expect(formatTimestamp(instant, 'America/Los_Angeles')).toBe('2026-11-05 15:30:00');
    expect(formatTimestamp(Number.NaN, 'UTC')).toBe('');
  });
});

describe('webview cells by column kind', () => {
  it('formats numbers by kind and shows an unknown figure as a dash, never 0', () => {
    expect(formatCell(1234567, 'count')).toBe('1,234,567');
    expect(formatCell('1234567', 'count')).toBe('1,234,567');
    expect(formatCell(3.8456, 'decimal')).toBe('3.8456');
    expect(formatCell(0.1, 'ratio')).toBe('10.00 %');
    expect(formatCell(812, 'ms')).toBe('812 ms');
    expect(formatCell(59_000, 'duration')).toBe('0:00:59');
    for (const kind of ['count', 'decimal', 'ratio', 'ms', 'duration'] as const) expect(formatCell(null, kind)).toBe('\u2014');
    expect(formatCell(undefined, 'ms')).toBe('\u2014');
    // missing text (an agent without a type) stays blank
    expect(formatCell(null, 'text')).toBe('');
    expect(formatCell(null, 'timestamp')).toBe('');
    expect(formatCell('n/a', 'count')).toBe('n/a');
  });

  it('keeps text as it is (ids that look like numbers are not reformatted)', () => {
    expect(formatCell('00123', 'text')).toBe('00123');
    expect(formatCell(1234, 'text')).toBe('1234');
    expect(formatCell('2026-11-05T09:00:59.000+01:00', 'timestamp')).toBe('2026-11-05 09:00:59');
  });
});

describe('webview changes against the previous period', () => {
  it('relative change with arrow and direction; "new" after zero', () => {
    expect(relativeChange(1238888, 1100000)).toEqual({ arrow: '▲', text: '12.6 %', direction: 'up' });
    expect(relativeChange(90, 100)).toEqual({ arrow: '▼', text: '10.0 %', direction: 'down' });
    expect(relativeChange(5, 0)).toEqual({ arrow: '▲', text: 'new', direction: 'up' });
    expect(relativeChange(0, 0)).toEqual({ arrow: '', text: '0 %', direction: 'flat' });
    expect(relativeChange(null, 3)).toBeNull();
  });

  it('a ratio changes in percentage points', () => {
    expect(pointChange(0.062, 0.05)).toEqual({ arrow: '▲', text: '1.20 pp', direction: 'up' });
    expect(pointChange(0.05, 0.05)).toEqual({ arrow: '', text: '0.00 pp', direction: 'flat' });
    expect(pointChange(0.01, null)).toBeNull();
  });

  it('calendar arithmetic on days crosses months, years and leap days', () => {
    expect(addDays('2026-11-05', -6)).toBe('2026-10-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
