/**
 * Host ⇄ webview messages (DESIGN §6). The webview sends intents with request ids; the host replies
 * with a result or an error and pushes `data/changed` when the database changes. The host validates
 * every inbound message with `parseWebviewMessage`; the webview never sends paths, URLs, SQL or command ids.
 */
import { isReportId, reportIds, type ReportFilters, type ReportId, type SortSpec } from './shared/reports';
import type { FilterOptions } from './core/reports/filterOptions';
import type { Kpis } from './core/reports/kpis';
import type { ReportQuery, ReportResult } from './core/reports/query';
import type { SplitBy, TimeSeries } from './core/reports/timeseries';
import { granularities, presetLabels, timeframePresets, type Granularity, type TimeframePreset, type TimeframeSpec, type WeekStart } from './shared/timeframes';

export type { ReportId, SortSpec, FilterOptions, Kpis, ReportFilters, ReportQuery, ReportResult, SplitBy, TimeSeries, TimeframeSpec, Granularity, TimeframePreset, WeekStart };
export { presetLabels, reportIds, timeframePresets };
export type { ColumnSpec, ColumnKind } from './shared/reports';

/** Actions the webview may ask for; the host maps each to its own code (never to a command id from the message). */
export const webviewActions = ['import', 'loadSample', 'clear', 'openSettings', 'refresh'] as const;
export type WebviewAction = (typeof webviewActions)[number];

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'report/get'; requestId: string; query: ReportQuery }
  | { type: 'overview/get'; requestId: string; query: ReportQuery; granularity: Granularity; splitBy?: SplitBy }
  | { type: 'agentDetail/get'; requestId: string; agentId: string; timeframe: TimeframeSpec; granularity: Granularity; filters?: ReportFilters }
  | { type: 'export/request'; requestId: string; query: ReportQuery }
  | { type: 'action/run'; action: WebviewAction };

export interface AgentDetailResult {
  agentId: string;
  series: TimeSeries;
  models: ReportResult;
  users: ReportResult;
}

export interface OverviewResult {
  kpis: Kpis;
  series: TimeSeries;
}

export interface ExportResult {
  /** file name only (never a full path) */
  fileName: string;
  rows: number;
}

/** Everything the panel needs to draw its controls. */
export interface HostState {
  hasData: boolean;
  eventCount: number;
  timeZone: string;
  weekStartsOn: WeekStart;
  defaultTimeframe: TimeframePreset;
  /** 'YYYY-MM-DD' in timeZone */
  today: string;
  filterOptions: FilterOptions;
  /** bumps on every data change so the webview can drop stale caches */
  dataVersion: number;
  /** first and last calendar day ('YYYY-MM-DD' in timeZone) that has events; null without data */
  dataSpan: { first: string; last: string } | null;
}

export type HostMessage =
  | { type: 'init'; state: HostState }
  | { type: 'data/changed'; state: HostState }
  | { type: 'focus/agent'; agentId: string }
  | { type: 'reply'; requestId: string; ok: true; result: unknown }
  | { type: 'reply'; requestId: string; ok: false; error: string };

/** Result type for each request message type. */
export interface ReplyTypes {
  'report/get': ReportResult;
  'overview/get': OverviewResult;
  'agentDetail/get': AgentDetailResult;
  'export/request': ExportResult;
}

// ---- runtime validation (host side) ---------------------------------------------------------------

/** longest text field accepted (ids, names and search); far above real values, far below abuse */
const maxText = 1000;
const splits: readonly SplitBy[] = ['agent', 'user', 'model'];
const filterKeys = ['agentType', 'model', 'createdBy', 'agentId', 'userId', 'orgId', 'includeSubOrgs'] as const;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function hasOnly(value: Plain, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

function isText(value: unknown, max = maxText): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function isTimeframe(value: unknown): value is TimeframeSpec {
  if (isOneOf(value, timeframePresets)) return true;
  if (!isPlain(value)) return false;
  if ('day' in value) return hasOnly(value, ['day']) && isText(value.day) && dayPattern.test(value.day);
  return hasOnly(value, ['from', 'to']) && isText(value.from) && isText(value.to) && dayPattern.test(value.from) && dayPattern.test(value.to);
}

function isFilters(value: unknown): value is ReportFilters {
  if (!isPlain(value) || !hasOnly(value, filterKeys)) return false;
  return filterKeys.every((key) => {
    const item = value[key];
    if (item === undefined) return true;
    return key === 'includeSubOrgs' ? typeof item === 'boolean' : isText(item);
  });
}

function isSort(value: unknown): value is SortSpec {
  return isPlain(value) && hasOnly(value, ['column', 'direction']) && isText(value.column, 64) && isOneOf(value.direction, ['asc', 'desc'] as const);
}

function isQuery(value: unknown): value is ReportQuery {
  return (
    isPlain(value) &&
    hasOnly(value, ['report', 'timeframe', 'filters', 'search', 'sort']) &&
    isReportId(value.report) &&
    isTimeframe(value.timeframe) &&
    (value.filters === undefined || isFilters(value.filters)) &&
    (value.search === undefined || isText(value.search)) &&
    (value.sort === undefined || isSort(value.sort))
  );
}

const isRequestId = (value: unknown): value is string => isText(value, 64) && /^[\w-]+$/.test(value);

/** Returns the message when it is exactly one of the known shapes, otherwise undefined (caller logs and drops it). */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isPlain(value) || typeof value.type !== 'string') return undefined;
  const v = value;
  switch (v.type) {
    case 'ready':
      return hasOnly(v, ['type']) ? { type: 'ready' } : undefined;
    case 'report/get':
    case 'export/request':
      return hasOnly(v, ['type', 'requestId', 'query']) && isRequestId(v.requestId) && isQuery(v.query)
        ? { type: v.type, requestId: v.requestId, query: v.query }
        : undefined;
    case 'overview/get':
      return hasOnly(v, ['type', 'requestId', 'query', 'granularity', 'splitBy']) &&
        isRequestId(v.requestId) && isQuery(v.query) && isOneOf(v.granularity, granularities) &&
        (v.splitBy === undefined || isOneOf(v.splitBy, splits))
        ? { type: 'overview/get', requestId: v.requestId, query: v.query, granularity: v.granularity, splitBy: v.splitBy as SplitBy | undefined }
        : undefined;
    case 'agentDetail/get':
      return hasOnly(v, ['type', 'requestId', 'agentId', 'timeframe', 'granularity', 'filters']) &&
        isRequestId(v.requestId) && isText(v.agentId) && isTimeframe(v.timeframe) && isOneOf(v.granularity, granularities) &&
        (v.filters === undefined || isFilters(v.filters))
        ? { type: 'agentDetail/get', requestId: v.requestId, agentId: v.agentId, timeframe: v.timeframe, granularity: v.granularity, filters: v.filters as ReportFilters | undefined }
        : undefined;
    case 'action/run':
      return hasOnly(v, ['type', 'action']) && isOneOf(v.action, webviewActions) ? { type: 'action/run', action: v.action } : undefined;
    default:
      return undefined;
  }
}
