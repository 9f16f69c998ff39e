/** Why a report came back empty, which decides what the empty state says and offers. */
import type { HostState, ReportId, ReportResult, TimeframeSpec } from '../src/protocol';
import { formatCount } from './format';
import { effectiveTimeframe, hasActiveFilters } from './query';
import type { TabState } from './state';
import { spanTimeframe, type DataSpan } from './dataSpan';
import { dayIn, describeDays, describeTimeframe } from './timeframeText';

export type WiderPreset = 'last-12-months' | 'all-time';

export type EmptyReason =
  | { kind: 'no-data' }
  | { kind: 'no-match'; search: string }
  | { kind: 'filtered' }
  | {
      kind: 'no-data-in-timeframe';
      timeframe: string;
      coverage?: string;
      wider: WiderPreset;
      /** the days that hold data, offered as a timeframe unless the tab shows exactly them already */
      span?: DataSpan;
    };

function sameTimeframe(a: TimeframeSpec, b: TimeframeSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function coverageOf(host: HostState | undefined): string | undefined {
  const options = host?.filterOptions;
  if (!host || !options) return undefined;
  const days = host.dataSpan
    ? describeDays(host.dataSpan.first, host.dataSpan.last)
    : options.firstEventAt != null && options.lastEventAt != null
      ? `${dayIn(options.firstEventAt, host.timeZone)} – ${dayIn(options.lastEventAt, host.timeZone)}`
      : undefined;
  return days ? `The imported data (${formatCount(options.eventCount)} events) covers ${days}.` : undefined;
}

/** null when the result has rows. */
export function emptyReason(report: ReportId, tab: TabState, host: HostState | undefined, result: ReportResult): EmptyReason | null {
  if (result.rows.length > 0) return null;
  if (tab.search.trim()) return { kind: 'no-match', search: tab.search.trim() };
  if (hasActiveFilters(report, tab)) return { kind: 'filtered' };
  const timeframe = effectiveTimeframe(report, tab, host);
  const span = host?.dataSpan ?? undefined;
  return {
    kind: 'no-data-in-timeframe',
    timeframe: typeof timeframe === 'string' ? describeTimeframe(timeframe).toLowerCase() : describeTimeframe(timeframe),
    coverage: coverageOf(host),
    wider: timeframe === 'last-12-months' ? 'all-time' : 'last-12-months',
    ...(span && !sameTimeframe(timeframe, spanTimeframe(span)) ? { span } : {}),
  };
}
