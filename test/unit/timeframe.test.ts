import { describe, it, expect } from 'vitest';
import {
  ALL_TIME,
  bucketStarts,
  describeTimeframe,
  formatDay,
  isoWithOffset,
  parseTimeframeSpec,
  previousPeriod,
  resolveTimeframe,
  timeframePresets,
  todayIn,
  type TimeContext,
  type TimeframePreset,
  type TimeframeSpec,
  type WeekStart,
} from '../../src/core/timeframe';
import { onEveryMachine } from './helpers/machineZone';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_MS = 8_640_000_000_000_000;

const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad literal ${iso}`);
  return ms;
};
const span = (start: string, end: string) => ({ start: at(start), end: at(end) });
const ctx = (now: string, timeZone: string, weekStartsOn: WeekStart = 1): TimeContext => ({
  now: at(now),
  timeZone,
  weekStartsOn,
});

type PresetTable = Record<TimeframePreset, [string, string]>;

// now = Wednesday 2026-11-18 15:00Z. Berlin/New York are both back on standard time (since Oct 25 / Nov 1).
const NOW = '2026-11-18T15:00:00Z';
const presetsByZone: Record<string, PresetTable> = {
  UTC: {
    today: ['2026-11-18T00:00:00Z', '2026-11-19T00:00:00Z'],
    'this-week': ['2026-11-16T00:00:00Z', '2026-11-19T00:00:00Z'],
    'this-month': ['2026-11-01T00:00:00Z', '2026-11-19T00:00:00Z'],
    'last-week': ['2026-11-09T00:00:00Z', '2026-11-16T00:00:00Z'],
    'last-month': ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'],
    'last-7-days': ['2026-11-12T00:00:00Z', '2026-11-19T00:00:00Z'],
    'last-30-days': ['2026-10-20T00:00:00Z', '2026-11-19T00:00:00Z'],
    'last-3-months': ['2026-08-19T00:00:00Z', '2026-11-19T00:00:00Z'],
    'last-6-months': ['2026-05-19T00:00:00Z', '2026-11-19T00:00:00Z'],
    'last-12-months': ['2025-11-19T00:00:00Z', '2026-11-19T00:00:00Z'],
    'all-time': ['1970-01-01T00:00:00Z', '+275760-09-13T00:00:00Z'],
  },
  'Europe/Berlin': {
    today: ['2026-11-18T00:00:00+01:00', '2026-11-19T00:00:00+01:00'],
    'this-week': ['2026-11-16T00:00:00+01:00', '2026-11-19T00:00:00+01:00'],
    'this-month': ['2026-11-01T00:00:00+01:00', '2026-11-19T00:00:00+01:00'],
    'last-week': ['2026-11-09T00:00:00+01:00', '2026-11-16T00:00:00+01:00'],
    'last-month': ['2026-10-01T00:00:00+02:00', '2026-11-01T00:00:00+01:00'],
    'last-7-days': ['2026-11-12T00:00:00+01:00', '2026-11-19T00:00:00+01:00'],
    'last-30-days': ['2026-10-20T00:00:00+02:00', '2026-11-19T00:00:00+01:00'],
    'last-3-months': ['2026-08-19T00:00:00+02:00', '2026-11-19T00:00:00+01:00'],
    'last-6-months': ['2026-05-19T00:00:00+02:00', '2026-11-19T00:00:00+01:00'],
    'last-12-months': ['2025-11-19T00:00:00+01:00', '2026-11-19T00:00:00+01:00'],
    'all-time': ['1970-01-01T00:00:00Z', '+275760-09-13T00:00:00Z'],
  },
  'America/New_York': {
    today: ['2026-11-18T00:00:00-05:00', '2026-11-19T00:00:00-05:00'],
    'this-week': ['2026-11-16T00:00:00-05:00', '2026-11-19T00:00:00-05:00'],
    'this-month': ['2026-11-01T00:00:00-04:00', '2026-11-19T00:00:00-05:00'],
    'last-week': ['2026-11-09T00:00:00-05:00', '2026-11-16T00:00:00-05:00'],
    'last-month': ['2026-10-01T00:00:00-04:00', '2026-11-01T00:00:00-04:00'],
    'last-7-days': ['2026-11-12T00:00:00-05:00', '2026-11-19T00:00:00-05:00'],
    'last-30-days': ['2026-10-20T00:00:00-04:00', '2026-11-19T00:00:00-05:00'],
    'last-3-months': ['2026-08-19T00:00:00-04:00', '2026-11-19T00:00:00-05:00'],
    'last-6-months': ['2026-05-19T00:00:00-04:00', '2026-11-19T00:00:00-05:00'],
    'last-12-months': ['2025-11-19T00:00:00-05:00', '2026-11-19T00:00:00-05:00'],
    'all-time': ['1970-01-01T00:00:00Z', '+275760-09-13T00:00:00Z'],
  },
};

describe('resolveTimeframe presets', () => {
  for (const [zone, table] of Object.entries(presetsByZone)) {
    describe(zone, () => {
      it('covers every preset', () => {
        expect(Object.keys(table).sort()).toEqual([...timeframePresets].sort());
      });
      for (const preset of timeframePresets) {
        it(preset, () => {
          const [start, end] = table[preset];
          expect(resolveTimeframe(preset, ctx(NOW, zone))).toEqual(span(start, end));
        });
      }
    });
  }

  it('all-time is [0, max Date ms) and matches ALL_TIME', () => {
    expect(resolveTimeframe('all-time', ctx(NOW, 'UTC'))).toEqual({ start: 0, end: MAX_MS });
    expect(ALL_TIME).toEqual({ start: 0, end: MAX_MS });
  });
});

describe('week start', () => {
  it('Sunday start moves this-week and last-week back one day', () => {
    const sunday = ctx(NOW, 'UTC', 0);
    expect(resolveTimeframe('this-week', sunday)).toEqual(span('2026-11-15T00:00:00Z', '2026-11-19T00:00:00Z'));
    expect(resolveTimeframe('last-week', sunday)).toEqual(span('2026-11-08T00:00:00Z', '2026-11-15T00:00:00Z'));
  });

  it('Monday start in Berlin', () => {
    const monday = ctx(NOW, 'Europe/Berlin', 1);
    expect(resolveTimeframe('this-week', monday)).toEqual(
      span('2026-11-16T00:00:00+01:00', '2026-11-19T00:00:00+01:00'),
    );
  });

  it('on the first day of the week, this-week is just today', () => {
    const monday = ctx('2026-11-16T08:00:00Z', 'UTC', 1);
    expect(resolveTimeframe('this-week', monday)).toEqual(span('2026-11-16T00:00:00Z', '2026-11-17T00:00:00Z'));
    expect(resolveTimeframe('last-week', monday)).toEqual(span('2026-11-09T00:00:00Z', '2026-11-16T00:00:00Z'));
  });

  it('a last-week spanning the autumn DST change is 7 days + 1 hour', () => {
    const r = resolveTimeframe('last-week', ctx('2026-10-28T12:00:00Z', 'Europe/Berlin', 1));
    expect(r).toEqual(span('2026-10-19T00:00:00+02:00', '2026-10-26T00:00:00+01:00'));
    expect(r.end - r.start).toBe(7 * DAY + HOUR);
  });
});

describe('month ends', () => {
  const march31 = '2026-03-31T12:00:00Z';

  it('now = Mar 31: last-3-months starts Jan 1', () => {
    expect(resolveTimeframe('last-3-months', ctx(march31, 'UTC'))).toEqual(
      span('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z'),
    );
    expect(resolveTimeframe('last-3-months', ctx(march31, 'Europe/Berlin'))).toEqual(
      span('2026-01-01T00:00:00+01:00', '2026-04-01T00:00:00+02:00'),
    );
  });

  it('now = Mar 31: last-6-months clamps Sep 31 to Sep 30, then starts Oct 1', () => {
    expect(resolveTimeframe('last-6-months', ctx(march31, 'UTC'))).toEqual(
      span('2025-10-01T00:00:00Z', '2026-04-01T00:00:00Z'),
    );
  });

  it('now = Mar 31: last-12-months starts Apr 1 of last year', () => {
    expect(resolveTimeframe('last-12-months', ctx(march31, 'UTC'))).toEqual(
      span('2025-04-01T00:00:00Z', '2026-04-01T00:00:00Z'),
    );
  });

  it('now = Mar 31: last-month is February', () => {
    expect(resolveTimeframe('last-month', ctx(march31, 'UTC'))).toEqual(
      span('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'),
    );
    expect(resolveTimeframe('last-month', ctx(march31, 'America/New_York'))).toEqual(
      span('2026-02-01T00:00:00-05:00', '2026-03-01T00:00:00-05:00'),
    );
  });

  it('now = Jan 15: last-month is December of the previous year', () => {
    expect(resolveTimeframe('last-month', ctx('2026-01-15T12:00:00Z', 'UTC'))).toEqual(
      span('2025-12-01T00:00:00Z', '2026-01-01T00:00:00Z'),
    );
    expect(resolveTimeframe('last-month', ctx('2026-01-15T12:00:00Z', 'Europe/Berlin'))).toEqual(
      span('2025-12-01T00:00:00+01:00', '2026-01-01T00:00:00+01:00'),
    );
  });

  it('now = May 31: last-3-months clamps to Feb 28, then starts Mar 1', () => {
    expect(resolveTimeframe('last-3-months', ctx('2026-05-31T12:00:00Z', 'UTC'))).toEqual(
      span('2026-03-01T00:00:00Z', '2026-06-01T00:00:00Z'),
    );
  });

  it('now = May 28 of a leap year: last-3-months starts on Feb 29', () => {
    expect(resolveTimeframe('last-3-months', ctx('2028-05-28T12:00:00Z', 'UTC'))).toEqual(
      span('2028-02-29T00:00:00Z', '2028-05-29T00:00:00Z'),
    );
  });
});

describe('leap day', () => {
  const leap = '2028-02-29T12:00:00Z';

  it('last-12-months from Feb 29 starts Mar 1 of the previous year', () => {
    expect(resolveTimeframe('last-12-months', ctx(leap, 'UTC'))).toEqual(
      span('2027-03-01T00:00:00Z', '2028-03-01T00:00:00Z'),
    );
  });

  it('today, this-month and last-7-days on Feb 29', () => {
    const c = ctx(leap, 'UTC');
    expect(resolveTimeframe('today', c)).toEqual(span('2028-02-29T00:00:00Z', '2028-03-01T00:00:00Z'));
    expect(resolveTimeframe('this-month', c)).toEqual(span('2028-02-01T00:00:00Z', '2028-03-01T00:00:00Z'));
    expect(resolveTimeframe('last-7-days', c)).toEqual(span('2028-02-23T00:00:00Z', '2028-03-01T00:00:00Z'));
  });

  it('{ day: 2028-02-29 } is a valid day', () => {
    expect(resolveTimeframe({ day: '2028-02-29' }, ctx(leap, 'Europe/Berlin'))).toEqual(
      span('2028-02-29T00:00:00+01:00', '2028-03-01T00:00:00+01:00'),
    );
  });

  it('2027-02-29 is rejected', () => {
    expect(() => resolveTimeframe({ day: '2027-02-29' }, ctx(leap, 'UTC'))).toThrow(/2027-02-29/);
    expect(() => resolveTimeframe({ from: '2027-02-01', to: '2027-02-29' }, ctx(leap, 'UTC'))).toThrow(
      /2027-02-29/,
    );
    expect(() => parseTimeframeSpec('2027-02-29')).toThrow(/2027-02-29/);
  });
});

describe('DST days', () => {
  const now = '2026-06-01T12:00:00Z';
  const cases: [string, string, string, string, number][] = [
    ['Europe/Berlin', '2026-03-29', '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 23],
    ['Europe/Berlin', '2026-10-25', '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 25],
    ['America/New_York', '2026-03-08', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 23],
    ['America/New_York', '2026-11-01', '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', 25],
    ['Europe/Berlin', '2026-03-28', '2026-03-28T00:00:00+01:00', '2026-03-29T00:00:00+01:00', 24],
  ];
  for (const [zone, day, start, end, hours] of cases) {
    it(`${zone} ${day} is ${hours}h long`, () => {
      const r = resolveTimeframe({ day }, ctx(now, zone));
      expect(r).toEqual(span(start, end));
      expect(r.end - r.start).toBe(hours * HOUR);
    });
  }

  it('today on the spring-forward day in Berlin is 23h', () => {
    const r = resolveTimeframe('today', ctx('2026-03-29T10:00:00Z', 'Europe/Berlin'));
    expect(r).toEqual(span('2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'));
    expect(r.end - r.start).toBe(23 * HOUR);
  });

  it('last-7-days across the spring change in Berlin is 7 days − 1 hour', () => {
    const r = resolveTimeframe('last-7-days', ctx('2026-03-30T10:00:00Z', 'Europe/Berlin'));
    expect(r).toEqual(span('2026-03-24T00:00:00+01:00', '2026-03-31T00:00:00+02:00'));
    expect(r.end - r.start).toBe(7 * DAY - HOUR);
  });

  it('a zone whose midnight is skipped starts the day at its first instant (Santiago 2026-09-06 01:00)', () => {
    const r = resolveTimeframe({ day: '2026-09-06' }, ctx(now, 'America/Santiago'));
    expect(r).toEqual(span('2026-09-06T01:00:00-03:00', '2026-09-07T00:00:00-03:00'));
    expect(r.end - r.start).toBe(23 * HOUR);
  });
});

describe('local date differs from UTC date', () => {
  const now = '2026-11-22T23:30:00Z';

  it('Tokyo is already on Nov 23', () => {
    const c = ctx(now, 'Asia/Tokyo');
    expect(resolveTimeframe('today', c)).toEqual(span('2026-11-23T00:00:00+09:00', '2026-11-24T00:00:00+09:00'));
    expect(todayIn(c)).toBe('2026-11-23');
  });

  it('UTC and New York are still on Nov 22', () => {
    expect(todayIn(ctx(now, 'UTC'))).toBe('2026-11-22');
    expect(resolveTimeframe('today', ctx(now, 'America/New_York'))).toEqual(
      span('2026-11-22T00:00:00-05:00', '2026-11-23T00:00:00-05:00'),
    );
  });

  it('Kolkata (+05:30) day boundaries fall at 18:30Z', () => {
    const c = ctx('2026-11-18T20:00:00Z', 'Asia/Kolkata');
    const r = resolveTimeframe('today', c);
    expect(r).toEqual(span('2026-11-19T00:00:00+05:30', '2026-11-20T00:00:00+05:30'));
    expect(r.start).toBe(at('2026-11-18T18:30:00Z'));
    expect(todayIn(c)).toBe('2026-11-19');
    expect(resolveTimeframe({ from: '2026-11-01', to: '2026-11-07' }, c)).toEqual(
      span('2026-10-31T18:30:00Z', '2026-11-07T18:30:00Z'),
    );
  });
});

describe('explicit days and ranges', () => {
  const c = ctx(NOW, 'Europe/Berlin');

  it('{ from, to } is inclusive of both calendar days', () => {
    expect(resolveTimeframe({ from: '2026-11-01', to: '2026-11-07' }, c)).toEqual(
      span('2026-11-01T00:00:00+01:00', '2026-11-08T00:00:00+01:00'),
    );
    expect(resolveTimeframe({ from: '2026-10-24', to: '2026-10-25' }, c)).toEqual(
      span('2026-10-24T00:00:00+02:00', '2026-10-26T00:00:00+01:00'),
    );
  });

  it('from === to is one day', () => {
    expect(resolveTimeframe({ from: '2026-11-03', to: '2026-11-03' }, c)).toEqual(
      resolveTimeframe({ day: '2026-11-03' }, c),
    );
  });

  it('days independent of now, including the far past', () => {
    expect(resolveTimeframe({ day: '1999-12-31' }, ctx(NOW, 'UTC'))).toEqual(
      span('1999-12-31T00:00:00Z', '2000-01-01T00:00:00Z'),
    );
  });

  const invalid: [TimeframeSpec, RegExp][] = [
    [{ day: '2026-02-30' }, /2026-02-30/],
    [{ day: '2026-13-01' }, /2026-13-01/],
    [{ day: '2026-00-10' }, /2026-00-10/],
    [{ day: '26-11-03' }, /26-11-03/],
    [{ day: '2026-11-3' }, /2026-11-3/],
    [{ day: '2026-11-03T00:00' }, /2026-11-03T00:00/],
    [{ day: '' }, /""/],
    [{ from: '2026-11-07', to: '2026-11-01' }, /2026-11-07\.\.2026-11-01/],
    [{ from: '2026-11-01', to: 'tomorrow' }, /tomorrow/],
    ['yesterday' as TimeframePreset, /yesterday/],
  ];
  for (const [spec, message] of invalid) {
    it(`rejects ${JSON.stringify(spec)}`, () => {
      expect(() => resolveTimeframe(spec, c)).toThrow(message);
    });
  }
});

describe('context validation', () => {
  it('rejects an unknown IANA zone, naming it', () => {
    expect(() => resolveTimeframe('today', ctx(NOW, 'Mars/Olympus_Mons'))).toThrow(/Mars\/Olympus_Mons/);
    expect(() => bucketStarts(span(NOW, NOW), 'day', { timeZone: 'Not/AZone', weekStartsOn: 1 })).toThrow(
      /Not\/AZone/,
    );
    expect(() => formatDay(at(NOW), 'Nowhere')).toThrow(/Nowhere/);
    expect(() => isoWithOffset(at(NOW), '')).toThrow(/time zone/);
  });

  it('rejects weekStartsOn outside 0..6', () => {
    expect(() => resolveTimeframe('this-week', { ...ctx(NOW, 'UTC'), weekStartsOn: 7 as WeekStart })).toThrow(
      /weekStartsOn 7/,
    );
    expect(() => resolveTimeframe('this-week', { ...ctx(NOW, 'UTC'), weekStartsOn: 1.5 as WeekStart })).toThrow(
      /weekStartsOn/,
    );
  });

  it('rejects a non-finite now', () => {
    expect(() => resolveTimeframe('today', { ...ctx(NOW, 'UTC'), now: Number.NaN })).toThrow(/now/);
  });
});

describe('previousPeriod', () => {
  it('is the equally long span ending at start', () => {
    expect(previousPeriod(span('2026-11-12T00:00:00Z', '2026-11-19T00:00:00Z'))).toEqual(
      span('2026-11-05T00:00:00Z', '2026-11-12T00:00:00Z'),
    );
  });

  it('for a partial this-month it covers the same number of days before', () => {
    const thisMonth = resolveTimeframe('this-month', ctx(NOW, 'UTC'));
    expect(previousPeriod(thisMonth)).toEqual(span('2026-10-14T00:00:00Z', '2026-11-01T00:00:00Z'));
  });

  it('is null for all-time', () => {
    expect(previousPeriod(resolveTimeframe('all-time', ctx(NOW, 'UTC')))).toBeNull();
  });
});

describe('bucketStarts', () => {
  const berlin = { timeZone: 'Europe/Berlin', weekStartsOn: 1 } as const;

  it('days across the spring DST change in Berlin', () => {
    const r = resolveTimeframe({ from: '2026-03-28', to: '2026-03-30' }, ctx(NOW, 'Europe/Berlin'));
    const b = bucketStarts(r, 'day', berlin);
    expect(b).toEqual([
      at('2026-03-28T00:00:00+01:00'),
      at('2026-03-29T00:00:00+01:00'),
      at('2026-03-30T00:00:00+02:00'),
      at('2026-03-31T00:00:00+02:00'),
    ]);
    expect(b.slice(1).map((v, i) => (v - b[i]!) / HOUR)).toEqual([24, 23, 24]);
  });

  it('days across the autumn DST change in New York', () => {
    const b = bucketStarts(
      span('2026-10-31T00:00:00-04:00', '2026-11-02T00:00:00-05:00'),
      'day',
      { timeZone: 'America/New_York', weekStartsOn: 0 },
    );
    expect(b).toEqual([
      at('2026-10-31T00:00:00-04:00'),
      at('2026-11-01T00:00:00-04:00'),
      at('2026-11-02T00:00:00-05:00'),
    ]);
  });

  it('starts at the bucket containing range.start and ends at the first boundary ≥ range.end', () => {
    expect(bucketStarts(span('2026-03-28T10:00:00+01:00', '2026-03-29T12:00:00+02:00'), 'day', berlin)).toEqual([
      at('2026-03-28T00:00:00+01:00'),
      at('2026-03-29T00:00:00+01:00'),
      at('2026-03-30T00:00:00+02:00'),
    ]);
  });

  it('an empty range on a boundary has no buckets', () => {
    const t = '2026-11-18T00:00:00Z';
    expect(bucketStarts(span(t, t), 'day', { timeZone: 'UTC', weekStartsOn: 1 })).toEqual([at(t)]);
  });

  it('weeks starting Monday across the autumn change in Berlin', () => {
    const r = resolveTimeframe({ from: '2026-10-21', to: '2026-11-03' }, ctx(NOW, 'Europe/Berlin'));
    const b = bucketStarts(r, 'week', berlin);
    expect(b).toEqual([
      at('2026-10-19T00:00:00+02:00'),
      at('2026-10-26T00:00:00+01:00'),
      at('2026-11-02T00:00:00+01:00'),
      at('2026-11-09T00:00:00+01:00'),
    ]);
    expect(b[1]! - b[0]!).toBe(7 * DAY + HOUR);
  });

  it('weeks starting Sunday', () => {
    const r = resolveTimeframe({ from: '2026-10-21', to: '2026-11-03' }, ctx(NOW, 'Europe/Berlin'));
    expect(bucketStarts(r, 'week', { timeZone: 'Europe/Berlin', weekStartsOn: 0 })).toEqual([
      at('2026-10-18T00:00:00+02:00'),
      at('2026-10-25T00:00:00+02:00'),
      at('2026-11-01T00:00:00+01:00'),
      at('2026-11-08T00:00:00+01:00'),
    ]);
  });

  it('months from Jan 31 through Feb into Mar', () => {
    const utc = { timeZone: 'UTC', weekStartsOn: 1 } as const;
    const r = resolveTimeframe({ from: '2026-01-31', to: '2026-03-01' }, ctx(NOW, 'UTC'));
    expect(bucketStarts(r, 'month', utc)).toEqual([
      at('2026-01-01T00:00:00Z'),
      at('2026-02-01T00:00:00Z'),
      at('2026-03-01T00:00:00Z'),
      at('2026-04-01T00:00:00Z'),
    ]);
    expect(bucketStarts(span('2026-01-31T00:00:00Z', '2026-03-01T00:00:00Z'), 'month', utc)).toEqual([
      at('2026-01-01T00:00:00Z'),
      at('2026-02-01T00:00:00Z'),
      at('2026-03-01T00:00:00Z'),
    ]);
  });

  it('months in New York switch offset in March', () => {
    const r = resolveTimeframe({ from: '2026-01-31', to: '2026-03-01' }, ctx(NOW, 'America/New_York'));
    expect(bucketStarts(r, 'month', { timeZone: 'America/New_York', weekStartsOn: 0 })).toEqual([
      at('2026-01-01T00:00:00-05:00'),
      at('2026-02-01T00:00:00-05:00'),
      at('2026-03-01T00:00:00-05:00'),
      at('2026-04-01T00:00:00-04:00'),
    ]);
  });

  it('allows 10,000 buckets and refuses more', () => {
    const utc = { timeZone: 'UTC', weekStartsOn: 1 } as const;
    expect(bucketStarts({ start: 0, end: 10_000 * DAY }, 'day', utc)).toHaveLength(10_001);
    expect(() => bucketStarts({ start: 0, end: 10_000 * DAY + 1 }, 'day', utc)).toThrow(/10,000 day buckets/);
  });

  it('refuses unclamped all-time', () => {
    const allTime = resolveTimeframe('all-time', ctx(NOW, 'UTC'));
    expect(() => bucketStarts(allTime, 'day', berlin)).toThrow(/shorter timeframe/);
    expect(() => bucketStarts(allTime, 'month', berlin)).toThrow(/shorter timeframe/);
  });

  it('rejects an inverted range', () => {
    expect(() => bucketStarts({ start: 10, end: 5 }, 'day', berlin)).toThrow(/before start/);
  });
});

describe('formatDay and isoWithOffset', () => {
  it('formatDay uses the zone calendar', () => {
    expect(formatDay(at('2026-03-28T22:59:59.999Z'), 'Europe/Berlin')).toBe('2026-03-28');
    expect(formatDay(at('2026-03-28T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(formatDay(at('2026-11-18T18:29:59.999Z'), 'Asia/Kolkata')).toBe('2026-11-18');
    expect(formatDay(at('2026-11-18T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-11-19');
    expect(formatDay(at('2028-02-29T12:00:00Z'), 'UTC')).toBe('2028-02-29');
  });

  it('Berlin winter and summer', () => {
    expect(isoWithOffset(at('2026-03-29T00:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000+01:00');
    expect(isoWithOffset(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29T03:00:00.000+02:00');
    expect(isoWithOffset(at('2026-07-01T10:15:30.250Z'), 'Europe/Berlin')).toBe('2026-07-01T12:15:30.250+02:00');
    expect(isoWithOffset(at('2026-12-24T18:00:00Z'), 'Europe/Berlin')).toBe('2026-12-24T19:00:00.000+01:00');
  });

  it('the repeated hour in New York is told apart by its offset', () => {
    expect(isoWithOffset(at('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30:00.000-04:00');
    expect(isoWithOffset(at('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30:00.000-05:00');
  });

  it('Kolkata and UTC', () => {
    expect(isoWithOffset(at('2026-11-18T20:00:00Z'), 'Asia/Kolkata')).toBe('2026-11-19T01:30:00.000+05:30');
    expect(isoWithOffset(at('2026-11-18T20:00:00Z'), 'UTC')).toBe('2026-11-18T20:00:00.000+00:00');
  });

  it('round-trips through Date.parse', () => {
    const ms = at('2026-10-25T00:59:59.999Z');
    expect(Date.parse(isoWithOffset(ms, 'Europe/Berlin'))).toBe(ms);
  });
});

describe('describeTimeframe', () => {
  it('labels presets, days and ranges', () => {
    expect(describeTimeframe('last-30-days')).toBe('Last 30 days');
    expect(describeTimeframe('today')).toBe('Today');
    expect(describeTimeframe('all-time')).toBe('All time');
    expect(describeTimeframe({ day: '2026-11-03' })).toBe('2026-11-03');
    expect(describeTimeframe({ from: '2026-11-01', to: '2026-11-07' })).toBe('2026-11-01 – 2026-11-07');
    expect(describeTimeframe({ from: '2026-11-03', to: '2026-11-03' })).toBe('2026-11-03');
  });

  it('has a label for every preset', () => {
    for (const preset of timeframePresets) expect(describeTimeframe(preset)).toMatch(/^[A-Z]/);
  });
});

describe('parseTimeframeSpec', () => {
  it('parses presets, days and ranges', () => {
    expect(parseTimeframeSpec('last-30-days')).toBe('last-30-days');
    expect(parseTimeframeSpec('all-time')).toBe('all-time');
    expect(parseTimeframeSpec(' 2026-11-03 ')).toEqual({ day: '2026-11-03' });
    expect(parseTimeframeSpec('2026-11-01..2026-11-07')).toEqual({ from: '2026-11-01', to: '2026-11-07' });
    expect(parseTimeframeSpec('2026-11-03..2026-11-03')).toEqual({ from: '2026-11-03', to: '2026-11-03' });
  });

  it('accepts every preset id', () => {
    for (const preset of timeframePresets) expect(parseTimeframeSpec(preset)).toBe(preset);
  });

  it('lists the valid presets for unknown input', () => {
    expect(() => parseTimeframeSpec('yesterday')).toThrow(/"yesterday".*today.*last-30-days.*all-time/);
    expect(() => parseTimeframeSpec('')).toThrow(/last-7-days/);
    expect(() => parseTimeframeSpec('Last-30-Days')).toThrow(/Last-30-Days/);
  });

  it('rejects malformed or impossible dates and ranges', () => {
    expect(() => parseTimeframeSpec('2026-11-1')).toThrow(/2026-11-1/);
    expect(() => parseTimeframeSpec('2026-02-30')).toThrow(/2026-02-30/);
    expect(() => parseTimeframeSpec('2026-11-01..')).toThrow(/2026-11-01\.\./);
    expect(() => parseTimeframeSpec('2026-11-01...2026-11-07')).toThrow(/2026-11-01\.\.\.2026-11-07/);
    expect(() => parseTimeframeSpec('2026-11-01..2026-11-31')).toThrow(/2026-11-31/);
    expect(() => parseTimeframeSpec('2026-11-07..2026-11-01')).toThrow(/2026-11-07\.\.2026-11-01/);
  });
});

describe('hour buckets', () => {
  const berlin = { timeZone: 'Europe/Berlin', weekStartsOn: 1 as const };
  it('a spring-forward day in Berlin has 23 local hours, an autumn day 25', () => {
    const spring = resolveTimeframe({ day: '2026-03-29' }, { now: Date.parse('2026-03-29T12:00:00Z'), ...berlin });
    expect(bucketStarts(spring, 'hour', berlin)).toHaveLength(24);
    const autumn = resolveTimeframe({ day: '2026-10-25' }, { now: Date.parse('2026-10-25T12:00:00Z'), ...berlin });
    const starts = bucketStarts(autumn, 'hour', berlin);
    expect(starts).toHaveLength(26);
    expect(starts[2]).toBe(Date.parse('2026-10-25T02:00:00+02:00'));
    expect(starts[3]).toBe(Date.parse('2026-10-25T02:00:00+01:00'));
  });

  it('hours in a half-hour zone start at :30 UTC', () => {
    const kolkata = { timeZone: 'Asia/Kolkata', weekStartsOn: 1 as const };
    const starts = bucketStarts({ start: Date.parse('2026-11-10T10:10:00Z'), end: Date.parse('2026-11-10T11:40:00Z') }, 'hour', kolkata);
    expect(starts).toEqual([Date.parse('2026-11-10T09:30:00Z'), Date.parse('2026-11-10T10:30:00Z'), Date.parse('2026-11-10T11:30:00Z'), Date.parse('2026-11-10T12:30:00Z')]);
  });
});

describe('results do not depend on the machine\'s own time zone', () => {
  const everyMachineGives = <T>(run: () => T, expected: T) => {
    const byMachine = onEveryMachine(run);
    for (const machine of Object.keys(byMachine)) expect({ machine, result: byMachine[machine] }).toEqual({ machine, result: expected });
  };
  const hoursOf = (starts: number[]) => starts.slice(1).map((v, i) => (v - starts[i]!) / HOUR);

  it('day boundaries on both DST changes in Berlin and New York', () => {
    everyMachineGives(
      () => [
        resolveTimeframe({ day: '2026-03-29' }, ctx(NOW, 'Europe/Berlin')),
        resolveTimeframe({ day: '2026-10-25' }, ctx(NOW, 'Europe/Berlin')),
        resolveTimeframe({ day: '2026-03-08' }, ctx(NOW, 'America/New_York')),
        resolveTimeframe({ day: '2026-11-01' }, ctx(NOW, 'America/New_York')),
      ],
      [
        span('2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'),
        span('2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00'),
        span('2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00'),
        span('2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00'),
      ],
    );
  });

  it('the README\'s old known limit: Berlin on 2008-03-30, the night Santiago turned its clocks back', () => {
    everyMachineGives(() => resolveTimeframe({ day: '2008-03-30' }, ctx(NOW, 'Europe/Berlin')), span('2008-03-30T00:00:00+01:00', '2008-03-31T00:00:00+02:00'));
  });

  it('every preset in Berlin, New York and Kolkata', () => {
    const expected = Object.fromEntries(
      Object.entries(presetsByZone).map(([zone, table]) => [zone, Object.fromEntries(Object.entries(table).map(([preset, [s, e]]) => [preset, span(s, e)]))]),
    );
    everyMachineGives(
      () =>
        Object.fromEntries(
          Object.keys(presetsByZone).map((zone) => [
            zone,
            Object.fromEntries(timeframePresets.map((preset) => [preset, resolveTimeframe(preset, ctx(NOW, zone))])),
          ]),
        ),
      expected,
    );
    everyMachineGives(() => resolveTimeframe('last-week', ctx('2026-10-28T12:00:00Z', 'Asia/Kolkata')), span('2026-10-19T00:00:00+05:30', '2026-10-26T00:00:00+05:30'));
  });

  it('hour buckets on the DST days in Berlin and New York: 23 and 25 local hours', () => {
    const berlin = { timeZone: 'Europe/Berlin', weekStartsOn: 1 } as const;
    const newYork = { timeZone: 'America/New_York', weekStartsOn: 0 } as const;
    everyMachineGives(
      () => [
        hoursOf(bucketStarts(span('2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'), 'hour', berlin)).length,
        bucketStarts(span('2026-10-25T01:00:00+02:00', '2026-10-25T04:00:00+01:00'), 'hour', berlin),
        hoursOf(bucketStarts(span('2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00'), 'hour', newYork)).length,
        bucketStarts(span('2026-11-01T00:00:00-04:00', '2026-11-01T03:00:00-05:00'), 'hour', newYork),
      ],
      [
        23,
        ['2026-10-25T01:00:00+02:00', '2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00', '2026-10-25T03:00:00+01:00', '2026-10-25T04:00:00+01:00'].map(at),
        23,
        ['2026-11-01T00:00:00-04:00', '2026-11-01T01:00:00-04:00', '2026-11-01T01:00:00-05:00', '2026-11-01T02:00:00-05:00', '2026-11-01T03:00:00-05:00'].map(at),
      ],
    );
  });

  it('day, week and month buckets across DST changes', () => {
    everyMachineGives(
      () => [
        bucketStarts(span('2026-03-28T00:00:00+01:00', '2026-03-31T00:00:00+02:00'), 'day', { timeZone: 'Europe/Berlin', weekStartsOn: 1 }),
        bucketStarts(span('2026-10-20T00:00:00+02:00', '2026-11-03T00:00:00+01:00'), 'week', { timeZone: 'Europe/Berlin', weekStartsOn: 1 }),
        bucketStarts(span('2026-02-10T00:00:00-05:00', '2026-04-10T00:00:00-04:00'), 'month', { timeZone: 'America/New_York', weekStartsOn: 0 }),
      ],
      [
        ['2026-03-28T00:00:00+01:00', '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00', '2026-03-31T00:00:00+02:00'].map(at),
        ['2026-10-19T00:00:00+02:00', '2026-10-26T00:00:00+01:00', '2026-11-02T00:00:00+01:00', '2026-11-09T00:00:00+01:00'].map(at),
        ['2026-02-01T00:00:00-05:00', '2026-03-01T00:00:00-05:00', '2026-04-01T00:00:00-04:00', '2026-05-01T00:00:00-04:00'].map(at),
      ],
    );
  });

  it('local days and offsets around the overlap hour', () => {
    everyMachineGives(
      () => [
        formatDay(at('2026-10-24T22:30:00Z'), 'Europe/Berlin'),
        isoWithOffset(at('2026-10-25T00:30:00Z'), 'Europe/Berlin'),
        isoWithOffset(at('2026-10-25T01:30:00Z'), 'Europe/Berlin'),
        isoWithOffset(at('2026-11-01T05:30:00Z'), 'America/New_York'),
        isoWithOffset(at('2026-11-01T06:30:00Z'), 'America/New_York'),
      ],
      ['2026-10-25', '2026-10-25T02:30:00.000+02:00', '2026-10-25T02:30:00.000+01:00', '2026-11-01T01:30:00.000-04:00', '2026-11-01T01:30:00.000-05:00'],
    );
  });
});
