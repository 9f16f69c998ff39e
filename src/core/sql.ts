/** The small SQL surface reports need; the store implements it over sql.js. Core never sees sql.js. */
import type { ReportFilters } from '../shared/reports';
import type { CostMode, SearchScope } from '../shared/results';
import type { EventTotals } from './reports/groupTotals';
import type { ReconciliationSums, SideOf } from './reports/reconciliation';
import type { SeriesSplitColumn, SeriesSums } from './reports/timeseries';

export type SqlValue = string | number | null;

export interface SqlRunner {
  /** all rows, each as an array in SELECT order */
  all(sql: string, params?: readonly SqlValue[]): SqlValue[][];
  /** streams rows without materialising them */
  each(sql: string, params: readonly SqlValue[], onRow: (row: SqlValue[]) => void): void;
  /**
   * The events a report scope selects, as `eachEvent` passes them, read from a faster copy than the table
   * (the store's columnar index); absent, the reports query the table.
   */
  eventPass?: EventPass;
  /** Per-group totals of the events a scope selects (`groupEvents`), from the same faster copy; absent, they are added up row by row. */
  groupPass?: GroupPass;
  /** User Usage's per-user figures of the events a scope selects, from the same faster copy; absent, they are added up row by row. */
  userUsagePass?: UserUsagePass;
  /** The time series' sums per series and bucket (`seriesOnRows`), from the same faster copy; absent, they are added up row by row. */
  seriesPass?: SeriesPass;
  /** The events' count, first and last time in a range (every event's without one), from the same faster copy; absent, the table is scanned. */
  eventSpan?: (range?: { start: number; end: number }) => EventSpan;
  /** Reconciliation's sums per UTC day and model (`reconciliationOnRows`), from the same faster copy; absent, they are added up row by row. */
  reconciliationPass?: (scope: PassScope, sideOf: SideOf) => ReconciliationSums[];
}

/** See `eventSpan` (`reports/eventSpan.ts`); first and last are null when the range has no event. */
export interface EventSpan {
  count: number;
  first: number | null;
  last: number | null;
}

/** See `seriesOnRows` (`reports/timeseries.ts`); `starts` are the buckets' bounds, the last one the window's end. */
export type SeriesPass = (
  scope: PassScope,
  starts: readonly number[],
  splitColumn: SeriesSplitColumn | null,
  costMode: CostMode,
  detailed: boolean,
) => Map<number | null, SeriesSums>;

/** See `userUsageOnRows` (`reports/userUsage.ts`). */
export type UserUsagePass = (scope: PassScope) => Map<number | null, UserUsageFigures>;

/** One user's figures in User Usage (`reports/userUsage.ts`); null where none of the user's events gives the figure. */
export interface UserUsageFigures {
  requests: number | null;
  input: number | null;
  output: number | null;
  /** per event input + output + cache read + cache write, of the counts it has */
  totalTokens: number | null;
  /** the first and last event's time */
  first: number;
  last: number;
  /** the length of the union of the runs' intervals [ts, ts + latency) */
  duration: number | null;
}

/** See `groupEvents` (`reports/eventGroups.ts`). */
/**
 * `wanted`: the figures the caller will read (all of them, so the pass can add them up ahead, some in a thread of
 * their own); absent, each is added up when first read.
 */
export type GroupPass = (scope: PassScope, groupBy: GroupBy, costMode: CostMode, wanted?: readonly GroupFigure[]) => Map<number | null, EventTotals>;

/** A figure of a group's totals. */
export type GroupFigure = Exclude<keyof EventTotals, 'rows'>;

/**
 * What events are grouped by: a dimension key, `org`, the event's organisation (its own, else its user's, else its
 * agent's), or `all`: every event in one group (key null).
 */
export type GroupBy = 'agent_key' | 'user_key' | 'model_key' | 'org' | 'all';

/** See `eachEvent` (`reports/eventPass.ts`). */
export type EventPass = (scope: PassScope, columns: readonly EventColumn[], onRow: (row: readonly SqlValue[]) => void) => void;

export interface PassScope {
  range: { start: number; end: number };
  filters?: ReportFilters;
  search?: SearchScope;
}

/** The events columns a pass can read. */
export type EventColumn =
  | 'ts' | 'requests' | 'status' | 'session_id' | 'user_key' | 'agent_key' | 'model_key' | 'org_key' | 'provider' | 'credits'
  | 'cost_reported_usd' | 'cost_estimated_usd' | 'input_tokens' | 'output_tokens' | 'cache_read_tokens' | 'cache_write_tokens'
  | 'reasoning_tokens' | 'latency_ms' | 'source' | 'source_key';
