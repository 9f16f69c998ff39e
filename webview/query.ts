/**
 * A tab's state as the host reads it: the effective timeframe and sort, and the query with only the
 * filters the report offers.
 */
import type { HostState, ReportId, ReportQuery, SortSpec, TimeframeSpec } from '../src/protocol';
import { reportSpec } from '../src/shared/reports';
import { maxTextLength, sanitizeFilters, type TabState } from './state';

/** The timeframe a tab shows: its own choice, else today for User Usage and the host's default elsewhere. */
export function effectiveTimeframe(report: ReportId, tab: TabState, host: HostState | undefined): TimeframeSpec {
  if (tab.timeframe) return tab.timeframe;
  if (report === 'user-usage') return 'today';
  return host?.defaultTimeframe ?? 'last-30-days';
}

export function effectiveSort(report: ReportId, tab: TabState): SortSpec | null {
  return tab.sort ?? reportSpec(report).defaultSort;
}

/** The query for the host: only set filters, a trimmed search, the effective sort. */
export function buildQuery(report: ReportId, tab: TabState, host: HostState | undefined): ReportQuery {
  const query: ReportQuery = { report, timeframe: effectiveTimeframe(report, tab, host) };
  const filters = sanitizeFilters(tab.filters, report);
  if (Object.keys(filters).length > 0) query.filters = filters;
  const search = tab.search.trim().slice(0, maxTextLength);
  if (search) query.search = search;
  const sort = effectiveSort(report, tab);
  if (sort) query.sort = { column: sort.column, direction: sort.direction };
  return query;
}

export function hasActiveFilters(report: ReportId, tab: TabState): boolean {
  const filters = sanitizeFilters(tab.filters, report);
  return Object.keys(filters).some((key) => key !== 'includeSubOrgs');
}
