/** Timeframe presets resolved to half-open [start, end) epoch-ms ranges in an IANA time zone. */

import { TZDate, tz } from '@date-fns/tz';
import {
  addDays,
  addMonths,
  addWeeks,
  format,
  startOfDay,
  startOfHour,
  startOfMonth,
  startOfWeek,
  subMonths,
  subWeeks,
} from 'date-fns';

import { presetLabels, timeframePresets } from '../shared/timeframes';
export { granularities } from '../shared/timeframes';
export { presetLabels, timeframePresets };
export type { Granularity, TimeContext, TimeframePreset, TimeframeSpec, TimeRange, WeekStart } from '../shared/timeframes';
import type { Granularity, TimeContext, TimeframePreset, TimeframeSpec, TimeRange, WeekStart } from '../shared/timeframes';

/** The whole representable time line: [0, max Date ms). */
export const ALL_TIME: Readonly<TimeRange> = Object.freeze({ start: 0, end: 8_640_000_000_000_000 });

export const MAX_BUCKETS = 10_000;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const RANGE_SEPARATOR = '..';
const knownZones = new Set<string>();

type ZoneOptions = { in: ReturnType<typeof tz>; weekStartsOn: WeekStart };

function assertTimeZone(timeZone: string): void {
  if (knownZones.has(timeZone)) return;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
  } catch {
    throw new Error(`Unknown time zone "${timeZone}": expected an IANA name such as "Europe/Berlin"`);
  }
  knownZones.add(timeZone);
}

function assertWeekStart(weekStartsOn: number): void {
  if (!Number.isInteger(weekStartsOn) || weekStartsOn < 0 || weekStartsOn > 6) {
    throw new Error(`Invalid weekStartsOn ${String(weekStartsOn)}: expected an integer 0 (Sunday) … 6 (Saturday)`);
  }
}

function assertInstant(ms: number, what: string): void {
  if (!Number.isFinite(ms)) throw new Error(`Invalid ${what} ${String(ms)}: expected finite epoch milliseconds`);
}

function zoneOptions(ctx: Pick<TimeContext, 'timeZone' | 'weekStartsOn'>): ZoneOptions {
  assertTimeZone(ctx.timeZone);
  assertWeekStart(ctx.weekStartsOn);
  return { in: tz(ctx.timeZone), weekStartsOn: ctx.weekStartsOn };
}

function parseDay(text: string): { year: number; monthIndex: number; day: number } {
  const match = DAY_PATTERN.exec(text);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const probe = new Date(0);
    probe.setUTCFullYear(year, month - 1, day);
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return { year, monthIndex: month - 1, day };
    }
  }
  throw new Error(`Invalid day "${text}": expected a real calendar date as YYYY-MM-DD`);
}

function assertDayOrder(from: string, to: string): void {
  parseDay(from);
  parseDay(to);
  if (from > to) throw new Error(`Invalid range "${from}..${to}": from is after to`);
}

/** First instant of the given calendar day in the zone (local midnight, or the first existing instant). */
function startOfLocalDay(text: string, o: ZoneOptions): TZDate {
  const { year, monthIndex, day } = parseDay(text);
  const date = o.in(0);
  date.setFullYear(year, monthIndex, day);
  return startOfDay(date, o);
}

function daysFrom(day: Date, days: number, o: ZoneOptions): number {
  return startOfDay(addDays(day, days, o), o).getTime();
}

function toRange(start: Date | number, end: Date | number): TimeRange {
  return { start: +start, end: +end };
}

function resolvePreset(preset: TimeframePreset, now: number, o: ZoneOptions): TimeRange {
  const today = startOfDay(now, o);
  const tomorrow = daysFrom(today, 1, o);
  const monthsBack = (n: number): TimeRange => toRange(daysFrom(subMonths(today, n, o), 1, o), tomorrow);
  switch (preset) {
    case 'today':
      return toRange(today, tomorrow);
    case 'this-week':
      return toRange(startOfWeek(today, o), tomorrow);
    case 'this-month':
      return toRange(startOfMonth(today, o), tomorrow);
    case 'last-week': {
      const thisWeek = startOfWeek(today, o);
      return toRange(startOfWeek(subWeeks(thisWeek, 1, o), o), thisWeek);
    }
    case 'last-month': {
      const thisMonth = startOfMonth(today, o);
      return toRange(startOfMonth(subMonths(thisMonth, 1, o), o), thisMonth);
    }
    case 'last-7-days':
      return toRange(daysFrom(today, -6, o), tomorrow);
    case 'last-30-days':
      return toRange(daysFrom(today, -29, o), tomorrow);
    case 'last-3-months':
      return monthsBack(3);
    case 'last-6-months':
      return monthsBack(6);
    case 'last-12-months':
      return monthsBack(12);
    case 'all-time':
      return { ...ALL_TIME };
  }
}

function isPreset(text: string): text is TimeframePreset {
  return (timeframePresets as readonly string[]).includes(text);
}

function assertSpec(spec: TimeframeSpec): void {
  if (typeof spec === 'string') {
    if (!isPreset(spec)) throw new Error(`Unknown timeframe preset "${spec}"; valid presets: ${timeframePresets.join(', ')}`);
  } else if ('day' in spec) {
    parseDay(spec.day);
  } else {
    assertDayOrder(spec.from, spec.to);
  }
}

/** Resolves a timeframe to local-midnight boundaries in `ctx.timeZone`; throws on an invalid spec or context. */
export function resolveTimeframe(spec: TimeframeSpec, ctx: TimeContext): TimeRange {
  const o = zoneOptions(ctx);
  assertInstant(ctx.now, 'now');
  assertSpec(spec);
  if (typeof spec === 'string') return resolvePreset(spec, ctx.now, o);
  const [first, last] = 'day' in spec ? [spec.day, spec.day] : [spec.from, spec.to];
  return toRange(startOfLocalDay(first, o), daysFrom(startOfLocalDay(last, o), 1, o));
}

/**
 * The equally long span right before `range` (by elapsed time, so a span containing a DST change
 * yields a previous span shifted by that hour). Null for all-time (start 0), which has no predecessor.
 */
export function previousPeriod(range: TimeRange): TimeRange | null {
  if (range.start === 0) return null;
  return { start: range.start - (range.end - range.start), end: range.start };
}

/**
 * Start of the local hour holding `ms`. In the hour a DST change repeats, startOfHour may land on the
 * other of the two equal wall-clock hours; the instant an hour off is then the right one.
 */
function hourContaining(ms: number, o: ZoneOptions): Date {
  let start = startOfHour(ms, o).getTime();
  if (start > ms) start -= 3_600_000;
  else if (start + 3_600_000 <= ms) start += 3_600_000;
  return new Date(start);
}

const bucketStep: Record<Granularity, (date: Date, o: ZoneOptions) => Date> = {
  hour: (date, o) => hourContaining(date.getTime() + 3_600_000, o),
  day: (date, o) => startOfDay(addDays(date, 1, o), o),
  week: (date, o) => startOfWeek(addWeeks(date, 1, o), o),
  month: (date, o) => startOfMonth(addMonths(date, 1, o), o),
};

const longestBucketMs: Record<Granularity, number> = {
  hour: 3_600_000,
  day: 25 * 3_600_000,
  week: (7 * 24 + 1) * 3_600_000,
  month: (31 * 24 + 1) * 3_600_000,
};

function tooManyBuckets(granularity: Granularity): Error {
  return new Error(`The chart would need more than ${MAX_BUCKETS.toLocaleString('en-US')} ${granularity} buckets; choose a longer interval or a shorter timeframe`);
}

const bucketStart: Record<Granularity, (ms: number, o: ZoneOptions) => Date> = {
  hour: (ms, o) => hourContaining(ms, o),
  day: (ms, o) => startOfDay(ms, o),
  week: (ms, o) => startOfWeek(ms, o),
  month: (ms, o) => startOfMonth(ms, o),
};

/**
 * Local bucket boundaries covering `range`: b[0] is the start of the bucket containing range.start,
 * and the last element is the first boundary ≥ range.end, so bucket i is [b[i], b[i+1]).
 * Throws beyond MAX_BUCKETS buckets: clamp all-time (or any huge range) to the data's extent first.
 */
export function bucketStarts(
  range: TimeRange,
  granularity: Granularity,
  ctx: Pick<TimeContext, 'timeZone' | 'weekStartsOn'>,
): number[] {
  const o = zoneOptions(ctx);
  assertInstant(range.start, 'range start');
  assertInstant(range.end, 'range end');
  if (range.end < range.start) throw new Error(`Invalid range: end ${range.end} is before start ${range.start}`);
  if ((range.end - range.start) / longestBucketMs[granularity] > MAX_BUCKETS) throw tooManyBuckets(granularity);
  let current = bucketStart[granularity](range.start, o);
  const starts = [current.getTime()];
  while (current.getTime() < range.end) {
    if (starts.length > MAX_BUCKETS) throw tooManyBuckets(granularity);
    current = bucketStep[granularity](current, o);
    starts.push(current.getTime());
  }
  return starts;
}

function inZone(ms: number, timeZone: string): TZDate {
  assertTimeZone(timeZone);
  assertInstant(ms, 'instant');
  return new TZDate(ms, timeZone);
}

/** The calendar day (YYYY-MM-DD) of the instant in the zone. */
export function formatDay(ms: number, timeZone: string): string {
  return format(inZone(ms, timeZone), 'yyyy-MM-dd');
}

export function todayIn(ctx: Pick<TimeContext, 'now' | 'timeZone'>): string {
  return formatDay(ctx.now, ctx.timeZone);
}

/** The instant as local ISO-8601 time with its numeric offset, e.g. 2026-03-29T01:30:00.000+01:00 (never 'Z'). */
export function isoWithOffset(ms: number, timeZone: string): string {
  return format(inZone(ms, timeZone), "yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
}

export function describeTimeframe(spec: TimeframeSpec): string {
  if (typeof spec === 'string') return presetLabels[spec];
  if ('day' in spec) return spec.day;
  return spec.from === spec.to ? spec.from : `${spec.from} – ${spec.to}`;
}

/** Parses CLI input: a preset id, 'YYYY-MM-DD', or 'YYYY-MM-DD..YYYY-MM-DD' (inclusive). */
export function parseTimeframeSpec(text: string): TimeframeSpec {
  const input = text.trim();
  if (isPreset(input)) return input;
  if (DAY_PATTERN.test(input)) {
    parseDay(input);
    return { day: input };
  }
  const parts = input.split(RANGE_SEPARATOR);
  if (parts.length === 2 && parts.every((part) => DAY_PATTERN.test(part))) {
    const [from, to] = parts as [string, string];
    assertDayOrder(from, to);
    return { from, to };
  }
  throw new Error(
    `Invalid timeframe "${text}": expected one of ${timeframePresets.join(', ')}, a day YYYY-MM-DD, or a range YYYY-MM-DD..YYYY-MM-DD`,
  );
}
