import { describe, expect, it } from 'vitest';
import { customWindow, presetWindow, refreshWindow, windowText } from '../../../src/extension/fetch/fetchWindows';

const at = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);
// 2026-11-22 23:30 UTC: still 22 November in UTC (it is 23 November in Berlin; fetch windows are UTC days)
const now = Date.UTC(2026, 10, 22, 23, 30);

describe('fetch windows', () => {
  it('presets are whole UTC days; the last N days end with today', () => {
    expect(presetWindow('last-7-days', now)).toEqual({ from: at(2026, 11, 16), to: at(2026, 11, 23) });
    expect(presetWindow('last-30-days', now)).toEqual({ from: at(2026, 10, 24), to: at(2026, 11, 23) });
    expect(presetWindow('this-month', now)).toEqual({ from: at(2026, 11, 1), to: at(2026, 11, 23) });
    expect(presetWindow('last-month', now)).toEqual({ from: at(2026, 10, 1), to: at(2026, 11, 1) });
    // across a year: last month of 2 January 2026 is December 2025
    expect(presetWindow('last-month', at(2026, 1, 2, 5))).toEqual({ from: at(2025, 12, 1), to: at(2026, 1, 1) });
  });

  it('custom days include both ends; bad days, a reversed range and a start in the future are refused', () => {
    expect(customWindow('2026-11-01', '2026-11-30', now)).toEqual({ from: at(2026, 11, 1), to: at(2026, 12, 1) });
    expect(customWindow(' 2026-11-05 ', '2026-11-05', now)).toEqual({ from: at(2026, 11, 5), to: at(2026, 11, 6) });
    expect(customWindow('2026-11-31', '2026-12-01', now)).toBe('2026-11-31 is not a calendar day');
    expect(customWindow('11/01/2026', '2026-12-01', now)).toBe('Enter a day as YYYY-MM-DD, e.g. 2026-11-22');
    expect(customWindow('2026-11-10', '2026-11-09', now)).toBe('The last day must not be before 2026-11-10');
    expect(customWindow('2026-11-23', '2026-11-24', now)).toBe('2026-11-23 is in the future (UTC)');
    expect(customWindow('2026-11-22', '2026-11-24', now)).toEqual({ from: at(2026, 11, 22), to: at(2026, 11, 25) });
  });

  it('Refresh: the late days up to today, reaching back to the end of what was fetched when that is earlier', () => {
    const fetchedThrough = (through: number) => ({ last: { from: at(2026, 11, 1), to: through }, through });
    // fetched through 20 November (exclusive end 21st): 3 late days are 20, 21, 22 → nothing skipped, nothing more
    expect(refreshWindow(now, 3, fetchedThrough(at(2026, 11, 21)))).toEqual({ from: at(2026, 11, 20), to: at(2026, 11, 23) });
    // fetched through 14 November: every day from the 15th up to today
    expect(refreshWindow(now, 3, fetchedThrough(at(2026, 11, 15)))).toEqual({ from: at(2026, 11, 15), to: at(2026, 11, 23) });
    // fetched up to today already: only the late days
    expect(refreshWindow(now, 3, fetchedThrough(at(2026, 11, 23)))).toEqual({ from: at(2026, 11, 20), to: at(2026, 11, 23) });
    expect(refreshWindow(now, 1, fetchedThrough(at(2026, 11, 23)))).toEqual({ from: at(2026, 11, 22), to: at(2026, 11, 23) });
    // nothing known: the late days
    expect(refreshWindow(now, 7, undefined)).toEqual({ from: at(2026, 11, 16), to: at(2026, 11, 23) });
  });

  it('as text: the days included, shortened within a month or a year', () => {
    expect(windowText({ from: at(2026, 11, 1), to: at(2026, 12, 1) })).toBe('2026-11-01..30');
    expect(windowText({ from: at(2026, 10, 28), to: at(2026, 11, 4) })).toBe('2026-10-28..11-03');
    expect(windowText({ from: at(2025, 12, 30), to: at(2026, 1, 3) })).toBe('2025-12-30..2026-01-02');
    expect(windowText({ from: at(2026, 11, 5), to: at(2026, 11, 6) })).toBe('2026-11-05');
  });
});
