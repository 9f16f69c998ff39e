/** Timeframe presets resolved to half-open [start, end) epoch-ms ranges in an IANA time zone. */

import {
  calendarDayOf,
  formatWithOffset,
  formatZonedDay,
  HOUR_MS,
  offsetAt,
  startOfZonedDay,
  startOfZonedHour,
  type CalendarDay,
  utcMidnight,
} from './zoneClock';

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

interface Zone {
  timeZone: string;
  weekStartsOn: WeekStart;
}

function assertTimeZone(timeZone: string): void {
  if (knownZones.has(timeZone)) return;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    offsetAt(0, timeZone);
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

function zoneOf(ctx: Pick<TimeContext, 'timeZone' | 'weekStartsOn'>): Zone {
  assertTimeZone(ctx.timeZone);
  assertWeekStart(ctx.weekStartsOn);
  return { timeZone: ctx.timeZone, weekStartsOn: ctx.weekStartsOn };
}

function parseDay(text: string): CalendarDay {
  const match = DAY_PATTERN.exec(text);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const probe = new Date(0);
    probe.setUTCFullYear(year, month - 1, day);
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new Error(`Invalid day "${text}": expected a real calendar date as YYYY-MM-DD`);
}

function assertDayOrder(from: string, to: string): void {
  parseDay(from);
  parseDay(to);
  if (from > to) throw new Error(`Invalid range "${from}..${to}": from is after to`);
}

/** The day `days` calendar days after `day` (negative: before). */
function plusDays(day: CalendarDay, days: number): CalendarDay {
  return { year: day.year, month: day.month, day: day.day + days };
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMidnight(year, month + 1, 0)).getUTCDate();
}

/** The same day of the month `months` months earlier, clamped to that month's last day (May 31 − 3 months = Feb 28). */
function monthsBefore(day: CalendarDay, months: number): CalendarDay {
  const index = day.year * 12 + (day.month - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(day.day, daysInMonth(year, month)) };
}

/** How many days back the week holding `weekday` (0 = Sunday) started. */
function daysIntoWeek(weekday: number, weekStartsOn: WeekStart): number {
  return (weekday - weekStartsOn + 7) % 7;
}

function toRange(start: number, end: number): TimeRange {
  return { start, end };
}

function resolvePreset(preset: TimeframePreset, now: number, zone: Zone): TimeRange {
  const today = calendarDayOf(now, zone.timeZone);
  const startOf = (day: CalendarDay) => startOfZonedDay(day, zone.timeZone);
  const tomorrow = startOf(plusDays(today, 1));
  const weekStart = plusDays(today, -daysIntoWeek(today.weekday, zone.weekStartsOn));
  const monthStart = { year: today.year, month: today.month, day: 1 };
  const monthsBack = (n: number): TimeRange => toRange(startOf(plusDays(monthsBefore(today, n), 1)), tomorrow);
  switch (preset) {
    case 'today':
      return toRange(startOf(today), tomorrow);
    case 'this-week':
      return toRange(startOf(weekStart), tomorrow);
    case 'this-month':
      return toRange(startOf(monthStart), tomorrow);
    case 'last-week':
      return toRange(startOf(plusDays(weekStart, -7)), startOf(weekStart));
    case 'last-month':
      return toRange(startOf({ ...monthStart, month: monthStart.month - 1 }), startOf(monthStart));
    case 'last-7-days':
      return toRange(startOf(plusDays(today, -6)), tomorrow);
    case 'last-30-days':
      return toRange(startOf(plusDays(today, -29)), tomorrow);
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
  const zone = zoneOf(ctx);
  assertInstant(ctx.now, 'now');
  assertSpec(spec);
  if (typeof spec === 'string') return resolvePreset(spec, ctx.now, zone);
  const [first, last] = 'day' in spec ? [spec.day, spec.day] : [spec.from, spec.to];
  return toRange(startOfZonedDay(parseDay(first), zone.timeZone), startOfZonedDay(plusDays(parseDay(last), 1), zone.timeZone));
}

/**
 * The equally long span right before `range` (by elapsed time, so a span containing a DST change
 * yields a previous span shifted by that hour). Null for all-time (start 0), which has no predecessor.
 */
export function previousPeriod(range: TimeRange): TimeRange | null {
  if (range.start === 0) return null;
  return { start: range.start - (range.end - range.start), end: range.start };
}

function startOfZonedWeek(ms: number, zone: Zone): number {
  const day = calendarDayOf(ms, zone.timeZone);
  return startOfZonedDay(plusDays(day, -daysIntoWeek(day.weekday, zone.weekStartsOn)), zone.timeZone);
}

function startOfZonedMonth(ms: number, zone: Zone): number {
  const { year, month } = calendarDayOf(ms, zone.timeZone);
  return startOfZonedDay({ year, month, day: 1 }, zone.timeZone);
}

const bucketStart: Record<Granularity, (ms: number, zone: Zone) => number> = {
  hour: (ms, zone) => startOfZonedHour(ms, zone.timeZone),
  day: (ms, zone) => startOfZonedDay(calendarDayOf(ms, zone.timeZone), zone.timeZone),
  week: startOfZonedWeek,
  month: startOfZonedMonth,
};

/** The start of the bucket after the one starting at `start`. */
const bucketStep: Record<Granularity, (start: number, zone: Zone) => number> = {
  hour: (start, zone) => startOfZonedHour(start + HOUR_MS, zone.timeZone),
  day: (start, zone) => startOfZonedDay(plusDays(calendarDayOf(start, zone.timeZone), 1), zone.timeZone),
  week: (start, zone) => startOfZonedDay(plusDays(calendarDayOf(start, zone.timeZone), 7), zone.timeZone),
  month: (start, zone) => {
    const { year, month } = calendarDayOf(start, zone.timeZone);
    return startOfZonedDay({ year, month: month + 1, day: 1 }, zone.timeZone);
  },
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
  const zone = zoneOf(ctx);
  assertInstant(range.start, 'range start');
  assertInstant(range.end, 'range end');
  if (range.end < range.start) throw new Error(`Invalid range: end ${range.end} is before start ${range.start}`);
  if ((range.end - range.start) / longestBucketMs[granularity] > MAX_BUCKETS) throw tooManyBuckets(granularity);
  let current = bucketStart[granularity](range.start, zone);
  const starts = [current];
  while (current < range.end) {
    if (starts.length > MAX_BUCKETS) throw tooManyBuckets(granularity);
    current = bucketStep[granularity](current, zone);
    starts.push(current);
  }
  return starts;
}

function assertZonedInstant(ms: number, timeZone: string): void {
  assertTimeZone(timeZone);
  assertInstant(ms, 'instant');
}

/** The calendar day (YYYY-MM-DD) of the instant in the zone. */
export function formatDay(ms: number, timeZone: string): string {
  assertZonedInstant(ms, timeZone);
  return formatZonedDay(ms, timeZone);
}

export function todayIn(ctx: Pick<TimeContext, 'now' | 'timeZone'>): string {
  return formatDay(ctx.now, ctx.timeZone);
}

/** The instant as local ISO-8601 time with its numeric offset, e.g. 2026-03-29T01:30:00.000+01:00 (never 'Z'). */
export function isoWithOffset(ms: number, timeZone: string): string {
  assertZonedInstant(ms, timeZone);
  return formatWithOffset(ms, timeZone);
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
