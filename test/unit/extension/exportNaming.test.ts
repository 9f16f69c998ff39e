import { describe, expect, it } from 'vitest';
import { resolveTimeframe } from '../../../src/core/timeframe';
import { exportFileName, firstFreeFileName, numberedFileName, rangeDays, temporaryFileName } from '../../../src/extension/export/exportNaming';

const ctx = { now: Date.parse('2026-11-22T12:00:00Z'), timeZone: 'UTC', weekStartsOn: 1 as const };

describe('export file names', () => {
  it('carry the report and the inclusive days of the range', () => {
    expect(exportFileName('agents', resolveTimeframe('last-30-days', ctx), 'UTC')).toBe('usage-by-agent_2026-10-24_to_2026-11-22.csv');
    expect(exportFileName('users', resolveTimeframe({ from: '2026-11-01', to: '2026-11-30' }, ctx), 'UTC')).toBe('usage-by-user_2026-11-01_to_2026-11-30.csv');
    expect(exportFileName('models', resolveTimeframe('last-month', ctx), 'UTC')).toBe('usage-by-model_2026-10-01_to_2026-10-31.csv');
    expect(exportFileName('orgs', resolveTimeframe('this-week', ctx), 'UTC')).toBe('usage-by-sub-account_2026-11-16_to_2026-11-22.csv');
  });

  it('use one date for a single day', () => {
    expect(exportFileName('user-usage', resolveTimeframe('today', ctx), 'UTC')).toBe('user-usage_2026-11-22.csv');
    expect(exportFileName('user-usage', resolveTimeframe({ day: '2026-03-29' }, { ...ctx, timeZone: 'Europe/Berlin' }), 'Europe/Berlin')).toBe(
      'user-usage_2026-03-29.csv',
    );
  });

  it('name all time without dates', () => {
    expect(exportFileName('agents', resolveTimeframe('all-time', ctx), 'UTC')).toBe('usage-by-agent_all-time.csv');
    expect(rangeDays(resolveTimeframe('all-time', ctx), 'UTC')).toBeUndefined();
  });

  it('take the days in the report zone (a range ending at local midnight)', () => {
    const tokyo = { ...ctx, timeZone: 'Asia/Tokyo' };
    expect(rangeDays(resolveTimeframe('today', tokyo), 'Asia/Tokyo')).toEqual({ first: '2026-11-22', last: '2026-11-22' });
    expect(exportFileName('agents', resolveTimeframe('last-7-days', tokyo), 'Asia/Tokyo')).toBe('usage-by-agent_2026-11-16_to_2026-11-22.csv');
  });
});

describe('numbered names (never overwrite)', () => {
  it('adds " (n)" before the extension', () => {
    expect(numberedFileName('usage-by-agent_2026-11-22.csv', 1)).toBe('usage-by-agent_2026-11-22.csv');
    expect(numberedFileName('usage-by-agent_2026-11-22.csv', 2)).toBe('usage-by-agent_2026-11-22 (2).csv');
    expect(numberedFileName('report', 3)).toBe('report (3)');
  });

  it('picks the first name that does not exist', async () => {
    const taken = new Set(['a.csv', 'a (2).csv', 'a (4).csv']);
    const exists = async (name: string) => taken.has(name);
    expect(await firstFreeFileName('a.csv', exists)).toBe('a (3).csv');
    expect(await firstFreeFileName('b.csv', exists)).toBe('b.csv');
    expect(await firstFreeFileName('a.csv', exists, 4)).toBe('a (5).csv');
  });

  it('gives up after 1000 names', async () => {
    await expect(firstFreeFileName('a.csv', async () => true)).rejects.toThrow('no free file name: a (2).csv … a (1000).csv all exist');
  });

  it('temporary files are hidden siblings', () => {
    expect(temporaryFileName('x.csv', 'abc123')).toBe('.x.csv.abc123.tmp');
  });
});
