/**
 * UI state of the panel (the tab shown, and per report tab: timeframe, filters, search, sort, chart
 * settings, open agent detail), persisted with the webview's getState/setState so it survives hiding
 * and reloading. Restored state is sanitised: a value from an older build or a tampered store falls
 * back to the default.
 */
import { reportSpec } from '../src/shared/reports';
import {
  presetLabels,
  reportIds,
  type Granularity,
  type ReportFilters,
  type ReportId,
  type SortSpec,
  type SplitBy,
  type TimeframeSpec,
} from '../src/protocol';
import type { StateStorage } from './host';

export type Metric = 'runs' | 'tokens' | 'credits';
/** The panel's tabs: one per report, then the Sources list. */
export const sourcesTab = 'sources';
export type TabId = ReportId | typeof sourcesTab;
export const tabIds: readonly TabId[] = [...reportIds, sourcesTab];
export type Split = SplitBy | 'none';

export interface TabState {
  /** undefined: the tab's default (today for User Usage, the host's default elsewhere) */
  timeframe?: TimeframeSpec;
  filters: ReportFilters;
  search: string;
  /** undefined: the report's default sort */
  sort?: SortSpec;
  granularity: Granularity;
  metric: Metric;
  split: Split;
}

export interface ChartSettings {
  metric: Metric;
  granularity: Granularity;
  split: Split;
}

export interface UiState {
  version: 1;
  tab: TabId;
  tabs: Record<ReportId, TabState>;
  /** agent whose detail is open on the Usage by Agent tab */
  detailAgentId?: string;
}

/** Filters each report offers (its spec); everything else is never sent for it. */
export const reportFilterKeys = (report: ReportId): readonly (keyof ReportFilters)[] => reportSpec(report).filters;

export const maxTextLength = 1000;
const granularities: readonly Granularity[] = ['hour', 'day', 'week', 'month'];
const metrics: readonly Metric[] = ['runs', 'tokens', 'credits'];
const splits: readonly Split[] = ['none', 'agent', 'user', 'model'];
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export function defaultTabState(report?: ReportId): TabState {
  // User Usage opens on today: hours show its shape, a single day bar would not
  return { filters: {}, search: '', granularity: report === 'user-usage' ? 'hour' : 'day', metric: 'runs', split: 'none' };
}

export function defaultUiState(): UiState {
  const tabs = {} as Record<ReportId, TabState>;
  for (const id of reportIds) tabs[id] = defaultTabState(id);
  return { version: 1, tab: 'agents', tabs };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

const isShortText = (value: unknown): value is string => typeof value === 'string' && value.length <= maxTextLength;

export function sanitizeTimeframe(value: unknown): TimeframeSpec | undefined {
  if (typeof value === 'string' && Object.hasOwn(presetLabels, value)) return value as keyof typeof presetLabels;
  if (!isObject(value)) return undefined;
  if (typeof value.day === 'string' && dayPattern.test(value.day)) return { day: value.day };
  if (typeof value.from === 'string' && typeof value.to === 'string' && dayPattern.test(value.from) && dayPattern.test(value.to)) {
    return value.from <= value.to ? { from: value.from, to: value.to } : { from: value.to, to: value.from };
  }
  return undefined;
}

export function sanitizeFilters(value: unknown, report: ReportId): ReportFilters {
  const filters: ReportFilters = {};
  if (!isObject(value)) return filters;
  for (const key of reportFilterKeys(report)) {
    const item = value[key];
    if (key === 'includeSubOrgs') {
      if (item === true) filters.includeSubOrgs = true;
    } else if (isShortText(item) && item !== '') {
      filters[key] = item;
    }
  }
  return filters;
}

function sanitizeSort(value: unknown, report: ReportId): SortSpec | undefined {
  if (!isObject(value) || !oneOf(value.direction, ['asc', 'desc'] as const)) return undefined;
  const column = value.column;
  if (typeof column !== 'string' || !reportSpec(report).columns.some((spec) => spec.name === column)) return undefined;
  return { column, direction: value.direction };
}

function sanitizeTab(value: unknown, report: ReportId): TabState {
  const tab = defaultTabState(report);
  if (!isObject(value)) return tab;
  const timeframe = sanitizeTimeframe(value.timeframe);
  if (timeframe) tab.timeframe = timeframe;
  tab.filters = sanitizeFilters(value.filters, report);
  if (isShortText(value.search)) tab.search = value.search;
  const sort = sanitizeSort(value.sort, report);
  if (sort) tab.sort = sort;
  if (oneOf(value.granularity, granularities)) tab.granularity = value.granularity;
  if (oneOf(value.metric, metrics)) tab.metric = value.metric;
  if (oneOf(value.split, splits)) tab.split = value.split;
  return tab;
}

export function sanitizeUiState(value: unknown): UiState {
  const state = defaultUiState();
  if (!isObject(value) || value.version !== 1) return state;
  if (oneOf(value.tab, tabIds)) state.tab = value.tab;
  const tabs = isObject(value.tabs) ? value.tabs : {};
  for (const id of reportIds) state.tabs[id] = sanitizeTab(tabs[id], id);
  if (isShortText(value.detailAgentId) && value.detailAgentId !== '') state.detailAgentId = value.detailAgentId;
  return state;
}

/** The persisted UI state: read once at start-up, written on every change. */
export class UiStore {
  readonly state: UiState;

  constructor(private readonly storage: StateStorage) {
    this.state = sanitizeUiState(storage.getState());
  }

  tab(report: ReportId): TabState {
    return this.state.tabs[report];
  }

  update(mutate: (state: UiState) => void): void {
    mutate(this.state);
    this.storage.setState(this.state);
  }

  updateTab(report: ReportId, mutate: (tab: TabState) => void): void {
    this.update((state) => mutate(state.tabs[report]));
  }
}
