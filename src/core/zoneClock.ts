/**
 * Wall-clock time ⇄ instants in an IANA time zone, computed from the zone's UTC offsets alone
 * (Intl, through @date-fns/tz's tzOffset) and never through the machine's own time zone, so every
 * machine gets the same answer. A "wall" value is the local date and time written as if it were
 * UTC epoch milliseconds: wall = instant + offset.
 */
import { tzOffset } from '@date-fns/tz';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface CalendarDay {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/** The offset as Intl gives it; NaN for an unknown zone or an instant past the dates Date can hold. */
function intlOffset(ms: number, timeZone: string): number {
  return Math.round(tzOffset(timeZone, new Date(ms)) * 60_000);
}

/** Per zone, the offset of each UTC day met whose first and last millisecond have the same one; null for a day with a change. */
const offsetsOfDays = new Map<string, Map<number, number | null>>();
/** days remembered per zone, at most: a zone that fills it starts again */
const rememberedDays = 100_000;

/**
 * The zone's UTC offset at the instant, in ms (east of UTC positive). Throws for an unknown zone.
 * Each call into Intl takes microseconds and a report formats thousands of instants over a few hundred days, so
 * a UTC day whose first and last millisecond have the same offset is remembered with it: with at most one change
 * a day, as `instantsShowing` assumes, the whole day has that offset.
 */
export function offsetAt(ms: number, timeZone: string): number {
  const day = Math.floor(ms / DAY_MS);
  let days = offsetsOfDays.get(timeZone);
  const known = days?.get(day);
  if (known !== undefined) return known ?? intlOffset(ms, timeZone);
  const first = intlOffset(day * DAY_MS, timeZone);
  const last = intlOffset(day * DAY_MS + DAY_MS - 1, timeZone);
  if (first === first && last === last) {
    if (days === undefined) offsetsOfDays.set(timeZone, (days = new Map()));
    else if (days.size >= rememberedDays) days.clear();
    days.set(day, first === last ? first : null);
    if (first === last) return first;
  }
  const offset = intlOffset(ms, timeZone);
  if (Number.isNaN(offset)) throw new Error(`Unknown time zone "${timeZone}": expected an IANA name such as "Europe/Berlin"`);
  return offset;
}

export function wallOf(ms: number, timeZone: string): number {
  return ms + offsetAt(ms, timeZone);
}

/**
 * The instants showing `wall` (none in a gap, two in an overlap), ascending, with the offsets in force
 * a day either side. Assumes at most one offset change within a day of `wall`, as every zone has.
 */
function instantsShowing(wall: number, timeZone: string): { instants: number[]; before: number; after: number } {
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  if (before === after) return { instants: [wall - before], before, after };
  const instants = [wall - before, wall - after].filter((ms) => offsetAt(ms, timeZone) === wall - ms).sort((a, b) => a - b);
  return { instants, before, after };
}

/**
 * The instant of an offset-less wall-clock time: in an overlap the later of the two instants, in a
 * gap the wall time moved forward by the gap's length (02:30 on a spring-forward day in Berlin is
 * 03:30 CEST).
 */
export function instantOfWall(wall: number, timeZone: string): number {
  const { instants, before } = instantsShowing(wall, timeZone);
  return instants.length > 0 ? instants[instants.length - 1]! : wall - before;
}

/** The first instant whose wall time is at or after `wall`: the earlier one in an overlap, the change itself in a gap. */
function firstInstantFrom(wall: number, timeZone: string): number {
  const { instants, before, after } = instantsShowing(wall, timeZone);
  if (instants.length > 0) return instants[0]!;
  // In a gap the instant wall − after still has the old offset and wall − before the new one; find the change.
  let low = wall - after;
  let high = wall - before;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle, timeZone) === before) low = middle;
    else high = middle;
  }
  return high;
}

/** Epoch ms of midnight UTC of the day; month and day may overflow (month 13, day 0) and are normalised. */
export function utcMidnight(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

export function calendarDayOf(ms: number, timeZone: string): CalendarDay & { weekday: number } {
  const wall = new Date(wallOf(ms, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), weekday: wall.getUTCDay() };
}

/** First instant of the calendar day in the zone: its midnight, or the first instant after a skipped midnight. */
export function startOfZonedDay(day: CalendarDay, timeZone: string): number {
  return firstInstantFrom(utcMidnight(day.year, day.month, day.day), timeZone);
}

/** Start of the local hour holding the instant (hours follow the wall clock, so a DST day has 23 or 25). */
export function startOfZonedHour(ms: number, timeZone: string): number {
  const intoHour = ((wallOf(ms, timeZone) % HOUR_MS) + HOUR_MS) % HOUR_MS;
  return ms - intoHour;
}

/** Local ISO-8601 time with the numeric offset, e.g. 2026-03-29T01:30:00.000+01:00 (never 'Z'). */
export function formatWithOffset(ms: number, timeZone: string): string {
  // whole minutes, as ISO 8601 writes offsets (only historical local mean times have seconds)
  const offset = Math.round(offsetAt(ms, timeZone) / 60_000);
  const wall = new Date(ms + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${formatWallDay(wall)}T${pad(wall.getUTCHours(), 2)}:${pad(wall.getUTCMinutes(), 2)}:${pad(wall.getUTCSeconds(), 2)}.${pad(wall.getUTCMilliseconds(), 3)}${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

export function formatZonedDay(ms: number, timeZone: string): string {
  return formatWallDay(new Date(wallOf(ms, timeZone)));
}

function formatWallDay(wall: Date): string {
  return `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1, 2)}-${pad(wall.getUTCDate(), 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
