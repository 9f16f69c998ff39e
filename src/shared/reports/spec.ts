/**
 * What a report is, as data: the one place that the core, the CLI, the host and the webview read a
 * report's title, columns, default sort, search, filters and export names from. Pure: no imports
 * outside src/shared, so the webview bundle can use it.
 */

import type { Granularity, TimeframePreset } from '../timeframes';

/** How a cell is shown: numbers right-aligned and formatted by kind; timestamps are ISO strings with offset. */
export type ColumnKind = 'text' | 'count' | 'decimal' | 'ratio' | 'ms' | 'duration' | 'timestamp';

/** What a number counts; empty for text. */
export type ColumnUnit = 'runs' | 'sessions' | 'requests' | 'tokens' | 'credits' | 'usd' | 'ms' | 'users' | 'agents' | 'level';

export interface ColumnSpec {
  /** exported header: a contract (exact name, fixed order) */
  name: string;
  /** header in the panel */
  label: string;
  kind: ColumnKind;
  unit?: ColumnUnit;
  /** a cost in the request's cost mode (reported, estimated or auto): the panel adds the mode to its label */
  costMode?: true;
}

export interface SortSpec {
  column: string;
  direction: 'asc' | 'desc';
}

export interface ReportFilters {
  agentType?: string;
  model?: string;
  /** agents.created_by value */
  createdBy?: string;
  agentId?: string;
  userId?: string;
  /** limit to one organisation; with includeSubOrgs, plus all of its descendants */
  orgId?: string;
  includeSubOrgs?: boolean;
}

export type FilterKey = keyof ReportFilters;

/** The dimension a report groups by, which its search applies to. */
export type SearchTarget = 'agent' | 'user' | 'model' | 'org';

export interface ReportSpec<Id extends string = string> {
  id: Id;
  title: string;
  /** one sentence under the title */
  description: string;
  /** what a row is, plural ("12 agents") */
  rowNoun: string;
  columns: readonly ColumnSpec[];
  /** the timeframe the report opens on; absent: the `agentUsage.defaultTimeframe` setting */
  defaultTimeframe?: TimeframePreset;
  /** the report's days are days of this zone whatever the panel's zone (bills bucketed by UTC day); absent: the panel's zone */
  dayZone?: 'UTC';
  /** the chart's first granularity; absent: day */
  defaultGranularity?: Granularity;
  /** null keeps the report's natural order (the organisation tree for Sub-Accounts) */
  defaultSort: SortSpec | null;
  /** the last row is a total: it stays last whatever the sort */
  totalRow?: true;
  search: { target: SearchTarget; placeholder: string };
  /** the filters the panel offers; anything else is never sent for this report */
  filters: readonly FilterKey[];
  export: {
    /** file name stem: `usage-by-agent_2026-10-24_to_2026-11-22.csv` */
    fileStem: string;
    /** palette command that exports this report (contributed in package.json) */
    command: string;
  };
}

export function defineReport<const Id extends string>(spec: ReportSpec<Id>): ReportSpec<Id> {
  return spec;
}

export const column = (name: string, label: string, kind: ColumnKind, unit?: ColumnUnit): ColumnSpec =>
  unit ? { name, label, kind, unit } : { name, label, kind };

/** USD in the request's cost mode; `label` without the unit, which the panel adds with the mode: "Cost (USD, auto)". */
export const costColumn = (name: string, label: string): ColumnSpec => ({ name, label, kind: 'decimal', unit: 'usd', costMode: true });
