import { isReportId, reportIds, type ReportFilters, type ReportId, type SortSpec } from './shared/reports';
import {
  splitDimensions,
  type AgentDetail,
  type ExportResult,
  type FilterOptions,
  type HostState,
  type Kpis,
  type Overview,
  type ReportQuery,
  type ReportResult,
  type SplitBy,
  type TimeSeries,
} from './shared/results';
import type { SourceActionResult, SourceInfo } from './shared/sources';
import { granularities, presetLabels, timeframePresets, type Granularity, type TimeframePreset, type TimeframeSpec, type WeekStart } from './shared/timeframes';

export type { ReportId, SortSpec, FilterOptions, Kpis, ReportFilters, ReportQuery, ReportResult, SplitBy, TimeSeries, TimeframeSpec, Granularity, TimeframePreset, WeekStart };
export type { ExportResult, HostState };
/** Older names of the shared result types (the webview imports these). */
export type { AgentDetail as AgentDetailResult, Overview as OverviewResult };
export { presetLabels, reportIds, timeframePresets };
export type { ColumnSpec, ColumnKind } from './shared/reports';
export type { CostCoverage, CostInfo, CostMode } from './shared/results';
export type { SourceActionResult, SourceInfo, SourceKind } from './shared/sources';

/** Actions the webview may ask for; the host maps each to its own code (never to a command id from the message). */
export const webviewActions = ['import', 'importClaudeCode', 'importCodex', 'importOtel', 'loadSample', 'clear', 'openSettings', 'refresh'] as const;
export type WebviewAction = (typeof webviewActions)[number];

// ---- runtime validation (host side) ---------------------------------------------------------------

/** longest text field accepted (ids, names and search); far above real values, far below abuse */
const maxText = 1000;
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

/** longest source id: `file:` or `otel:` with paths (several for OpenTelemetry), far above real ones */
const maxSourceId = 16_384;
/**
 * A source's id as the Sources list got it from the host (`fetch:` ids name a registry entry: lower-case words and dashes). Ids of files and OpenTelemetry sources carry
 * their paths, but the host acts only on an id it finds in its own list (nothing is read from the id).
 */
// eslint-disable-next-line no-control-regex -- a NUL or other control character is never in a source id
const sourceIdPattern = /^(?:claude-code|codex|sample|untracked|fetch:[a-z0-9]+(?:-[a-z0-9]+)*|(?:file|otel):[^\u0000-\u001f]+)$/;
const isSourceId = (value: unknown): value is string => isText(value, maxSourceId) && sourceIdPattern.test(value);
const sourceIdParams = (v: Plain) => (isSourceId(v.sourceId) ? { sourceId: v.sourceId } : undefined);

/**
 * One request type: the fields its message carries besides `type` and `requestId`, an exact check
 * that builds its params, and (as a type only) what the host answers.
 */
interface RequestDescriptor<Params, Result> {
  fields: readonly string[];
  parse(message: Plain): Params | undefined;
  /** never set: carries the result type */
  readonly result?: Result;
}

const describe = <Params, Result>(fields: readonly string[], parse: (message: Plain) => Params | undefined): RequestDescriptor<Params, Result> => ({ fields, parse });

/** Every request the webview may send, with its params and its reply's result type. */
export const requests = {
  'report/get': describe<{ query: ReportQuery }, ReportResult>(['query'], (v) => (isQuery(v.query) ? { query: v.query } : undefined)),
  'overview/get': describe<{ query: ReportQuery; granularity: Granularity; splitBy?: SplitBy }, Overview>(['query', 'granularity', 'splitBy'], (v) =>
    isQuery(v.query) && isOneOf(v.granularity, granularities) && (v.splitBy === undefined || isOneOf(v.splitBy, splitDimensions))
      ? { query: v.query, granularity: v.granularity, splitBy: v.splitBy as SplitBy | undefined }
      : undefined,
  ),
  'agentDetail/get': describe<{ agentId: string; timeframe: TimeframeSpec; granularity: Granularity; filters?: ReportFilters }, AgentDetail>(
    ['agentId', 'timeframe', 'granularity', 'filters'],
    (v) =>
      isText(v.agentId) && isTimeframe(v.timeframe) && isOneOf(v.granularity, granularities) && (v.filters === undefined || isFilters(v.filters))
        ? { agentId: v.agentId, timeframe: v.timeframe, granularity: v.granularity, filters: v.filters as ReportFilters | undefined }
        : undefined,
  ),
  'export/request': describe<{ query: ReportQuery }, ExportResult>(['query'], (v) => (isQuery(v.query) ? { query: v.query } : undefined)),
  'sources/list': describe<Record<never, never>, SourceInfo[]>([], () => ({})),
  'sources/refresh': describe<{ sourceId: string }, SourceActionResult>(['sourceId'], sourceIdParams),
  'sources/remove': describe<{ sourceId: string }, SourceActionResult>(['sourceId'], sourceIdParams),
} as const;

export type RequestType = keyof typeof requests;
export type RequestParams<K extends RequestType> = (typeof requests)[K] extends RequestDescriptor<infer Params, unknown> ? Params : never;
export type RequestResult<K extends RequestType> = (typeof requests)[K] extends RequestDescriptor<unknown, infer Result> ? Result : never;
export type RequestMessage<K extends RequestType> = { type: K; requestId: string } & RequestParams<K>;

/** Result type for each request message type. */
export type ReplyTypes = { [K in RequestType]: RequestResult<K> };

export type WebviewMessage =
  | { type: 'ready' }
  | { [K in RequestType]: RequestMessage<K> }[RequestType]
  | { type: 'action/run'; action: WebviewAction };

export type HostMessage =
  | { type: 'init'; state: HostState }
  | { type: 'data/changed'; state: HostState }
  | { type: 'focus/agent'; agentId: string }
  | { type: 'reply'; requestId: string; ok: true; result: RequestResult<RequestType> }
  | { type: 'reply'; requestId: string; ok: false; error: string };

export function isRequestType(type: unknown): type is RequestType {
  return typeof type === 'string' && Object.hasOwn(requests, type);
}

export function isRequest(message: WebviewMessage): message is Extract<WebviewMessage, { requestId: string }> {
  return isRequestType(message.type);
}

function parseRequest<K extends RequestType>(type: K, v: Plain): WebviewMessage | undefined {
  const descriptor = requests[type] as RequestDescriptor<RequestParams<K>, RequestResult<K>>;
  if (!hasOnly(v, ['type', 'requestId', ...descriptor.fields]) || !isRequestId(v.requestId)) return undefined;
  const params = descriptor.parse(v);
  return params === undefined ? undefined : ({ type, requestId: v.requestId, ...params } as RequestMessage<K> as WebviewMessage);
}

/** Returns the message when it is exactly one of the known shapes, otherwise undefined (caller logs and drops it). */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isPlain(value) || typeof value.type !== 'string') return undefined;
  const v = value;
  if (isRequestType(v.type)) return parseRequest(v.type, v);
  switch (v.type) {
    case 'ready':
      return hasOnly(v, ['type']) ? { type: 'ready' } : undefined;
    case 'action/run':
      return hasOnly(v, ['type', 'action']) && isOneOf(v.action, webviewActions) ? { type: 'action/run', action: v.action } : undefined;
    default:
      return undefined;
  }
}
