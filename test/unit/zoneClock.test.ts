/** offsetAt remembers the offset of each UTC day without a change: every answer is still Intl's for that very instant. */
import { tzOffset } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, offsetAt } from '../../src/core/zoneClock';

const intl = (ms: number, zone: string) => Math.round(tzOffset(zone, new Date(ms)) * 60_000);

/** A small deterministic generator, so a failure names a reproducible instant. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// half-hour and 45-minute offsets, a half-hour DST shift (Lord Howe), a skipped calendar day (Apia, 2011-12-30),
// southern-hemisphere DST, and zones without any change
const zones = ['Europe/Berlin', 'America/New_York', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'America/Santiago', 'UTC', 'Asia/Tokyo'];

describe('offsetAt', () => {
  it('gives Intl\'s offset at every instant, on days with a change (each minute around it) and without', () => {
    const next = random(11);
    for (const zone of zones) {
      // the offset changes found by scanning 2019–2027 four hours at a time, then every minute from half an hour before to half an hour after
      const instants: number[] = [];
      const from = Date.UTC(2019, 0, 1);
      const to = Date.UTC(2027, 0, 1);
      const step = 4 * HOUR_MS;
      for (let ms = from; ms < to; ms += step) {
        if (intl(ms, zone) !== intl(ms + step, zone)) for (let minute = -30; minute <= 270; minute++) instants.push(ms + minute * 60_000);
      }
      if (!['UTC', 'Asia/Tokyo', 'Asia/Kathmandu'].includes(zone)) expect(instants.length, zone).toBeGreaterThan(1000);
      for (let i = 0; i < 3000; i++) instants.push(from + Math.floor(next() * (to - from)));
      // in an order that meets a day's later instants before its earlier ones
      instants.sort(() => next() - 0.5);
      for (const ms of instants) expect(offsetAt(ms, zone), `${zone} at ${new Date(ms).toISOString()}`).toBe(intl(ms, zone));
    }
  });

  it('knows the Apia day that was skipped and the Lord Howe half hour', () => {
    // 2011-12-29 23:59:59 local (UTC-10) was followed by 2011-12-31 00:00 local (UTC+14)
    expect(offsetAt(Date.UTC(2011, 11, 30, 9, 59), 'Pacific/Apia')).toBe(-10 * HOUR_MS);
    expect(offsetAt(Date.UTC(2011, 11, 30, 10, 0), 'Pacific/Apia')).toBe(14 * HOUR_MS);
    expect(offsetAt(Date.UTC(2026, 0, 15), 'Australia/Lord_Howe')).toBe(11 * HOUR_MS);
    expect(offsetAt(Date.UTC(2026, 6, 15), 'Australia/Lord_Howe')).toBe(10.5 * HOUR_MS);
  });

  it('throws for an unknown zone every time, and answers at the last instant a Date holds', () => {
    expect(() => offsetAt(0, 'Mars/Olympus')).toThrow(/Unknown time zone "Mars\/Olympus"/);
    expect(() => offsetAt(DAY_MS / 2, 'Mars/Olympus')).toThrow(/Unknown time zone/);
    expect(offsetAt(8.64e15, 'Europe/Berlin')).toBe(intl(8.64e15, 'Europe/Berlin'));
    expect(offsetAt(-8.64e15, 'America/New_York')).toBe(intl(-8.64e15, 'America/New_York'));
  });
});
