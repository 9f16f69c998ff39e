/**
 * Pure formatting of report cells and figures. Numbers use Intl.NumberFormat (thousands separators
 * in the UI language); an empty figure (null: the source can't give it) stays empty, never 0.
 */
import type { ColumnKind } from '../src/protocol';

type Cell = string | number | null | undefined;

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(minFraction: number, maxFraction: number): Intl.NumberFormat {
  const key = `${minFraction}:${maxFraction}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { minimumFractionDigits: minFraction, maximumFractionDigits: maxFraction });
    numberFormats.set(key, format);
  }
  return format;
}

/** 1234567 → "1,234,567" (rounded to an integer). */
export function formatCount(value: number): string {
  return numberFormat(0, 0).format(value);
}

/** Up to 4 decimals: 1234.56789 → "1,234.5679", 2 → "2". */
export function formatDecimal(value: number): string {
  return numberFormat(0, 4).format(value);
}

/** 1234.4 → "1,234 ms". */
export function formatMs(value: number): string {
  return `${numberFormat(0, 0).format(value)} ms`;
}

/** A ratio in [0, 1] as a percentage with two decimals: 0.0345 → "3.45 %". */
export function formatRatio(value: number): string {
  return `${numberFormat(2, 2).format(value * 100)} %`;
}

/** Milliseconds as h:mm:ss (hours unbounded): 3723000 → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

const isoPattern = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)/;

/**
 * A report timestamp (ISO-8601 with the report time zone's offset) as "YYYY-MM-DD HH:mm:ss" in that
 * same zone — the wall time the host computed, independent of the browser's zone. Epoch ms are shown
 * in `timeZone` (default: the browser's).
 */
export function formatTimestamp(value: string | number, timeZone?: string): string {
  if (typeof value === 'string') {
    const match = isoPattern.exec(value);
    if (match) return `${match[1]} ${match[2]!.length === 5 ? `${match[2]}:00` : match[2]}`;
    return value;
  }
  if (!Number.isFinite(value)) return '';
  const parts = dateTimeParts(value, timeZone);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

function dateTimeParts(ms: number, timeZone?: string): Record<string, string> {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
  } catch {
    format = new Intl.DateTimeFormat('en-CA', {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(ms)) parts[part.type] = part.value;
  return parts;
}

function asNumber(value: Cell): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

export function isNumericKind(kind: ColumnKind): boolean {
  return kind !== 'text' && kind !== 'timestamp';
}

/** what an unknown figure shows (a source that cannot give it, rows that all lack it): never 0 */
export const unknownFigure = '\u2014';

/** The text of one report cell by its column kind; an unknown number is "—", missing text "". */
export function formatCell(value: Cell, kind: ColumnKind, timeZone?: string): string {
  if (value === null || value === undefined) return isNumericKind(kind) ? unknownFigure : '';
  if (kind === 'text') return String(value);
  if (kind === 'timestamp') return formatTimestamp(value, timeZone);
  const number = asNumber(value);
  if (number === null) return String(value);
  switch (kind) {
    case 'count':
      return formatCount(number);
    case 'decimal':
      return formatDecimal(number);
    case 'ms':
      return formatMs(number);
    case 'ratio':
      return formatRatio(number);
    case 'duration':
      return formatDuration(number);
  }
}

/** "1 row" / "1,234 rows". */
export function formatRowCount(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'row' : 'rows'}`;
}

/** Compact figure for KPI cards and chart axes: 1234 → "1,234", 1234567 → "1.23M". */
export function formatCompact(value: number): string {
  if (Math.abs(value) < 100_000) return numberFormat(0, Math.abs(value) < 100 ? 2 : 0).format(value);
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 2 }).format(value);
}

export interface Change {
  /** '▲', '▼' or '' (no change) */
  arrow: '▲' | '▼' | '';
  /** e.g. "12.5 %", "1.20 pp", "new" */
  text: string;
  direction: 'up' | 'down' | 'flat';
}

/** Relative change of `current` against `previous` ("new" when previous is 0); null when there is nothing to compare. */
export function relativeChange(current: number | null, previous: number | null): Change | null {
  if (current === null || previous === null) return null;
  if (previous === 0) {
    if (current === 0) return { arrow: '', text: '0 %', direction: 'flat' };
    return { arrow: current > 0 ? '▲' : '▼', text: 'new', direction: current > 0 ? 'up' : 'down' };
  }
  const change = (current - previous) / Math.abs(previous);
  return signed(change * 100, `${numberFormat(1, 1).format(Math.abs(change * 100))} %`);
}

/** Change of a ratio in percentage points: 0.05 → 0.062 is "▲ 1.20 pp". */
export function pointChange(current: number | null, previous: number | null): Change | null {
  if (current === null || previous === null) return null;
  const points = (current - previous) * 100;
  return signed(points, `${numberFormat(2, 2).format(Math.abs(points))} pp`);
}

function signed(delta: number, text: string): Change {
  const rounded = Math.round(delta * 100) / 100;
  if (rounded === 0) return { arrow: '', text, direction: 'flat' };
  return rounded > 0 ? { arrow: '▲', text, direction: 'up' } : { arrow: '▼', text, direction: 'down' };
}

/** Adds `days` to a 'YYYY-MM-DD' calendar day (pure calendar arithmetic, no time zone involved). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}
