/** Timeframe vocabulary shared by core, host and webview; no date library here, so the webview bundle stays small. */
import type { CostMode } from './results';

export const timeframePresets = [
  'today',
  'this-week',
  'this-month',
  'last-week',
  'last-month',
  'last-7-days',
  'last-30-days',
  'last-3-months',
  'last-6-months',
  'last-12-months',
  'all-time',
] as const;

export type TimeframePreset = (typeof timeframePresets)[number];

export const presetLabels: Record<TimeframePreset, string> = {
  today: 'Today',
  'this-week': 'This week',
  'this-month': 'This month',
  'last-week': 'Last week',
  'last-month': 'Last month',
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
  'last-3-months': 'Last 3 months',
  'last-6-months': 'Last 6 months',
  'last-12-months': 'Last 12 months',
  'all-time': 'All time',
};

/** A preset, one calendar day, or an inclusive range of calendar days (YYYY-MM-DD). */
export type TimeframeSpec = TimeframePreset | { day: string } | { from: string; to: string };

export type WeekStart = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface TimeContext {
  /** "now" in epoch ms (tests pin it). */
  now: number;
  /** IANA zone, e.g. "Europe/Berlin". */
  timeZone: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekStartsOn: WeekStart;
  /** which cost the reports show (the host's setting, never the webview's); absent: auto */
  costMode?: CostMode;
}

export interface TimeRange {
  /** inclusive, epoch ms */
  start: number;
  /** exclusive, epoch ms */
  end: number;
}

export type Granularity = 'hour' | 'day' | 'week' | 'month';

export const granularities: readonly Granularity[] = ['hour', 'day', 'week', 'month'];
