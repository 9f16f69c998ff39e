/**
 * The values that cross a boundary (core → store → host → webview, and the CLI): what a request asks
 * for and what it returns. Declared once here; core, store, protocol and webview import them.
 */
import type { ReportFilters, ReportId, SearchTarget, SortSpec } from './reports';
import type { Granularity, TimeframeSpec, TimeRange, WeekStart, TimeframePreset } from './timeframes';

export type { TimeRange };

export interface ReportQuery {
  report: ReportId;
  timeframe: TimeframeSpec;
  filters?: ReportFilters;
  /** name or email (or id), case- and accent-insensitive substring */
  search?: string;
  sort?: SortSpec;
}

export type Cell = string | number | null;

/**
 * Which cost a figure shows: what the source reported or billed, the estimate from the price table, or
 * `auto` (reported where the source has it, else estimated). A missing cost stays empty, never $0.
 */
export const costModes = ['reported', 'estimated', 'auto'] as const;

export type CostMode = (typeof costModes)[number];

export const defaultCostMode: CostMode = 'auto';

export function isCostMode(value: unknown): value is CostMode {
  return typeof value === 'string' && (costModes as readonly string[]).includes(value);
}

/** A kind of usage the price table prices; `requests` is a per-request fee. */
export type TokenKind = 'input' | 'output' | 'cache-read' | 'cache-write' | 'cache-write-1h' | 'requests';

/** What the estimate could not price in a selection: its cost totals are then a floor. */
export interface CostCoverage {
  /** models with tokens that have no price (not in the price table, no override) */
  unpricedModels: string[];
  /** token kinds that some model has tokens of but no price for, with those models */
  unpricedTokenKinds: { kind: TokenKind; models: string[] }[];
  /** e.g. "3 models have no price: totals are a floor"; null when every row with tokens is priced */
  sentence: string | null;
}

/** The cost mode a result was computed in and, when that mode uses estimates, what they miss. */
export interface CostInfo {
  mode: CostMode;
  /** null in `reported` mode, which uses no estimates */
  coverage: CostCoverage | null;
}

export interface ReportResult {
  report: ReportId;
  columns: string[];
  rows: Cell[][];
  range: TimeRange;
  cost: CostInfo;
  /** what the reader must know about the figures' days ("UTC-day data: …"); absent or empty when nothing */
  notes?: string[];
}

/** A search as the SQL scope applies it: the report's dimension and the text. */
export interface SearchScope {
  target: SearchTarget;
  text?: string;
}

export interface Option {
  value: string;
  label: string;
}

export interface OrgOption extends Option {
  parent: string | null;
}

export interface FilterOptions {
  agentTypes: string[];
  models: string[];
  creators: Option[];
  agents: Option[];
  orgs: OrgOption[];
  /** epoch ms of the first and last event, null when empty */
  firstEventAt: number | null;
  lastEventAt: number | null;
  eventCount: number;
}

export interface KpiFigures {
  /** null when no event of the selection has a request count (bill lines, token buckets without a count) */
  runs: number | null;
  /** input + output; null when the selection has runs but none reports input or output tokens */
  tokens: number | null;
  credits: number | null;
  /** in the cost mode of `Kpis.cost` */
  costUsd: number | null;
  errorRate: number | null;
}

export interface Kpis {
  current: KpiFigures;
  /** null for all-time */
  previous: KpiFigures | null;
  /** the cost mode and what the estimate misses in the current period */
  cost: CostInfo;
}

export type SplitBy = 'agent' | 'user' | 'model';

export const splitDimensions: readonly SplitBy[] = ['agent', 'user', 'model'];

export interface Series {
  key: string;
  label: string;
  /** null in a bucket whose events all lack a request count */
  runs: (number | null)[];
  tokens: (number | null)[];
  credits: (number | null)[];
  /** only when the series was asked for with its detail (the CLI's `report timeseries`) */
  detail?: SeriesDetail;
}

/** Per bucket, like `tokens`: each token kind on its own and the cost in the request's cost mode. */
export interface SeriesDetail {
  inputTokens: (number | null)[];
  outputTokens: (number | null)[];
  cacheReadTokens: (number | null)[];
  cacheWriteTokens: (number | null)[];
  /** part of output, never added to it */
  reasoningTokens: (number | null)[];
  costUsd: (number | null)[];
}

export interface TimeSeries {
  granularity: Granularity;
  /** bucket i is [bucketStarts[i], bucketStarts[i + 1]) */
  bucketStarts: number[];
  series: Series[];
}

/** The KPI cards and the chart of a report tab. */
export interface Overview {
  kpis: Kpis;
  series: TimeSeries;
}

/** One agent over a timeframe: its series split by model, and its models and users reports. */
export interface AgentDetail {
  agentId: string;
  series: TimeSeries;
  models: ReportResult;
  users: ReportResult;
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
