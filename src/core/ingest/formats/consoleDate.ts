/**
 * The `usage_date_utc` cell of the Anthropic Console exports: a UTC date in the daily download, a UTC
 * date with the hour's start time in the hourly one. The cell's own shape says which bucket the row is.
 */
import { CellError, utcTime, type SourceRow } from './format';

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const dateAndTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const hourMs = 3_600_000;

export function dayOrHour(row: SourceRow, column: string): { ts: number; bucket: 'day' | 'hour' } {
  const ts = utcTime(row, column);
  const raw = row.get(column);
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (dateOnly.test(text)) return { ts, bucket: 'day' };
  if (dateAndTime.test(text) && ts % hourMs === 0) return { ts, bucket: 'hour' };
  throw new CellError(column, `expected a UTC date (2026-03-22) or the start of a UTC hour (2026-03-22 14:00), got "${text || String(raw)}"`);
}
