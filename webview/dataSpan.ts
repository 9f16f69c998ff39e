/**
 * Where the imported data lies (HostState.dataSpan, calendar days in the report zone) against the
 * range a report covered: the hint that points to the data when a timeframe misses it.
 */
import type { HostState, ReportResult, TimeframeSpec } from '../src/protocol';
import { dayIn } from './timeframeText';

export interface DataSpan {
  first: string;
  last: string;
}

/** Whether the report's range [start, end) touches a day of the span (days in `timeZone`). */
export function rangeOverlapsSpan(range: ReportResult['range'], span: DataSpan, timeZone: string | undefined): boolean {
  if (range.end <= range.start) return false;
  const firstDay = dayIn(range.start, timeZone);
  const lastDay = dayIn(range.end - 1, timeZone);
  return firstDay <= span.last && lastDay >= span.first;
}

/** The span when the result's range misses the data entirely; null when it overlaps or there is no data. */
export function missedDataSpan(result: ReportResult, host: HostState | undefined): DataSpan | null {
  const span = host?.dataSpan;
  if (!span) return null;
  return rangeOverlapsSpan(result.range, span, host.timeZone) ? null : span;
}

/** The timeframe that covers all of the data. */
export function spanTimeframe(span: DataSpan): TimeframeSpec {
  return { from: span.first, to: span.last };
}
