/** Timeframes and calendar days as the panel writes them. */
import { presetLabels, type TimeframeSpec } from '../src/protocol';

/** "Last 30 days", "2026-11-03", "2026-10-01 – 2026-11-05". */
export function describeTimeframe(spec: TimeframeSpec): string {
  if (typeof spec === 'string') return presetLabels[spec];
  if ('day' in spec) return spec.day;
  return describeDays(spec.from, spec.to);
}

export function describeDays(first: string, last: string): string {
  return first === last ? first : `${first} – ${last}`;
}

/**
 * Instants are clamped to 1970 … 9999-12-30 UTC: days stay four-digit years in every zone, so they compare
 * as text (all time ends in the year 275760).
 */
const lastFourDigitYear = Date.UTC(9999, 11, 30);

/** The calendar day (YYYY-MM-DD) of an instant in `timeZone` (the browser's zone when it is unknown or invalid). */
export function dayIn(ms: number, timeZone: string | undefined): string {
  const clamped = Math.min(Math.max(ms, 0), lastFourDigitYear);
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(clamped);
  } catch {
    return new Date(clamped).toISOString().slice(0, 10);
  }
}
