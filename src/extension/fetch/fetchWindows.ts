/**
 * The windows a fetch asks for (pure): presets and typed days as half-open whole UTC days (the provider
 * APIs bucket by UTC day), the window a Refresh fetches, and the window as a person reads it.
 */
import type { FetchedWindows } from '../../shared/sources';
import { validateDay, validateRangeEnd } from '../export/timeframeChoices';

export const dayMs = 86_400_000;

export interface FetchWindow {
  /** epoch ms, a UTC midnight */
  from: number;
  /** epoch ms, a UTC midnight after `from` (exclusive) */
  to: number;
}

export const fetchPresets = ['last-7-days', 'last-30-days', 'this-month', 'last-month'] as const;
export type FetchPreset = (typeof fetchPresets)[number];

export const fetchPresetLabels: Record<FetchPreset, string> = {
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
  'this-month': 'This month',
  'last-month': 'Last month',
};

const utcDay = (ms: number) => Math.floor(ms / dayMs) * dayMs;

/** A preset's UTC days at `now`; "last N days" ends with today. */
export function presetWindow(preset: FetchPreset, now: number): FetchWindow {
  const tomorrow = utcDay(now) + dayMs;
  const date = new Date(now);
  const monthStart = (offset: number) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1);
  switch (preset) {
    case 'last-7-days':
      return { from: tomorrow - 7 * dayMs, to: tomorrow };
    case 'last-30-days':
      return { from: tomorrow - 30 * dayMs, to: tomorrow };
    case 'this-month':
      return { from: monthStart(0), to: tomorrow };
    case 'last-month':
      return { from: monthStart(-1), to: monthStart(0) };
  }
}

/** Typed first and last days (both included) as a window; a message naming the problem otherwise. */
export function customWindow(from: string, to: string, now: number): FetchWindow | string {
  const problem = validateDay(from) ?? validateRangeEnd(from, to);
  if (problem) return problem;
  const window = { from: Date.parse(`${from.trim()}T00:00:00Z`), to: Date.parse(`${to.trim()}T00:00:00Z`) + dayMs };
  if (window.from >= utcDay(now) + dayMs) return `${from.trim()} is in the future (UTC)`;
  return window;
}

/**
 * What Refresh fetches: the last `lateDays` UTC days up to and including today (providers revise recent
 * buckets), reaching back to the end of everything fetched before when that is earlier, so no day is skipped.
 */
export function refreshWindow(now: number, lateDays: number, fetched: FetchedWindows | undefined): FetchWindow {
  const tomorrow = utcDay(now) + dayMs;
  const late = tomorrow - Math.max(1, Math.floor(lateDays)) * dayMs;
  const from = fetched === undefined ? late : Math.min(late, utcDay(fetched.through));
  return { from, to: tomorrow };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "2026-11-01..30", "2026-10-28..11-03", "2025-12-30..2026-01-02" or one day "2026-11-05" (the days included). */
export function windowText(window: FetchWindow): string {
  const first = isoDay(window.from);
  const last = isoDay(window.to - dayMs);
  if (first === last) return first;
  if (first.slice(0, 7) === last.slice(0, 7)) return `${first}..${last.slice(8)}`;
  if (first.slice(0, 4) === last.slice(0, 4)) return `${first}..${last.slice(5)}`;
  return `${first}..${last}`;
}
