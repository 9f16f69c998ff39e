import { describe, expect, it } from 'vitest';
import { presetChoices, validateDay, validateRangeEnd } from '../../../src/extension/export/timeframeChoices';

describe('timeframe choices', () => {
  it('every preset with its resolved days', () => {
    const choices = presetChoices({ now: Date.parse('2026-11-22T12:00:00Z'), timeZone: 'UTC', weekStartsOn: 1 });
    expect(choices.map((c) => [c.preset, c.label, c.detail])).toEqual([
      ['today', 'Today', '2026-11-22'],
      ['this-week', 'This week', '2026-11-16 – 2026-11-22'],
      ['this-month', 'This month', '2026-11-01 – 2026-11-22'],
      ['last-week', 'Last week', '2026-11-09 – 2026-11-15'],
      ['last-month', 'Last month', '2026-10-01 – 2026-10-31'],
      ['last-7-days', 'Last 7 days', '2026-11-16 – 2026-11-22'],
      ['last-30-days', 'Last 30 days', '2026-10-24 – 2026-11-22'],
      ['last-3-months', 'Last 3 months', '2026-08-23 – 2026-11-22'],
      ['last-6-months', 'Last 6 months', '2026-05-23 – 2026-11-22'],
      ['last-12-months', 'Last 12 months', '2025-11-23 – 2026-11-22'],
      ['all-time', 'All time', 'all data'],
    ]);
  });

  it('the week start moves "this week"', () => {
    const sunday = presetChoices({ now: Date.parse('2026-11-22T12:00:00Z'), timeZone: 'UTC', weekStartsOn: 0 });
    expect(sunday[1]!.detail).toBe('2026-11-22');
  });

  it('validates typed days', () => {
    expect(validateDay('2026-11-22')).toBeUndefined();
    expect(validateDay(' 2024-02-29 ')).toBeUndefined();
    expect(validateDay('2026-02-29')).toBe('2026-02-29 is not a calendar day');
    expect(validateDay('22.11.2026')).toBe('Enter a day as YYYY-MM-DD, e.g. 2026-11-22');
    expect(validateDay('')).toBe('Enter a day as YYYY-MM-DD, e.g. 2026-11-22');
  });

  it('a range ends on or after its first day', () => {
    expect(validateRangeEnd('2026-11-01', '2026-11-30')).toBeUndefined();
    expect(validateRangeEnd('2026-11-01', '2026-11-01')).toBeUndefined();
    expect(validateRangeEnd('2026-11-10', '2026-11-01')).toBe('The last day must not be before 2026-11-10');
    expect(validateRangeEnd('2026-11-10', '2026-13-01')).toBe('2026-13-01 is not a calendar day');
  });
});
