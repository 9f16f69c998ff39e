/**
 * The usage database: one sql.js connection, operations run one at a time (an import's open
 * transaction is never visible to a report). Runs inside the store worker; tests use it directly.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import type { RecordKind } from '../core/ingest/mapping';
import type { FileFormat } from '../core/ingest/reader';
import { filterOptions, type FilterOptions } from '../core/reports/filterOptions';
import { kpis, type Kpis } from '../core/reports/kpis';
import type { ReportFilters, ReportQuery, ReportResult } from '../core/reports/query';
import { runReport } from '../core/reports/runReport';
import { sortRows } from '../core/reports/sort';
import { timeSeries, type SplitBy, type TimeSeries } from '../core/reports/timeseries';
import { resolveTimeframe, type Granularity, type TimeContext, type TimeframeSpec } from '../core/timeframe';
import { importFile, type ImportOptions, type ImportSummary } from './importer';
import { ddl } from '../core/schema';
import { reportSpec } from '../shared/reports';
import { openDatabase, prepareConnection, runnerFor } from './sqlite';

export interface Overview {
  kpis: Kpis;
  series: TimeSeries;
}

export interface AgentDetail {
  agentId: string;
  series: TimeSeries;
  models: ReportResult;
  users: ReportResult;
}

export interface StoreStats {
  events: number;
  agents: number;
  users: number;
  orgs: number;
  models: number;
  firstEventAt: number | null;
  lastEventAt: number | null;
  /** SQLite page bytes */
  bytes: number;
}

const reportCacheSize = 32;

export class UsageStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly reportCache = new Map<string, ReportResult>();

  private constructor(
    private readonly SQL: SqlJsStatic,
    private db: Database,
  ) {}

  static open(SQL: SqlJsStatic, bytes?: Uint8Array): UsageStore {
    return new UsageStore(SQL, openDatabase(SQL, bytes));
  }

  private serial<T>(work: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  importFile(path: string, options: ImportOptions = {}, signal?: AbortSignal): Promise<ImportSummary> {
    return this.serial(async () => {
      try {
        return await importFile(this.db, path, options, signal);
      } finally {
        this.changed();
      }
    });
  }

  /**
   * Results are cached per query (without its sort) and time range until the data changes, so
   * re-sorting or returning to a tab never recomputes a report.
   */
  report(query: ReportQuery, ctx: TimeContext): Promise<ReportResult> {
    return this.serial(() => {
      const { sort, ...unsorted } = query;
      const range = resolveTimeframe(query.timeframe, ctx);
      const key = JSON.stringify([unsorted, range, ctx.timeZone, ctx.weekStartsOn]);
      let base = this.reportCache.get(key);
      if (base) this.reportCache.delete(key);
      else base = runReport(runnerFor(this.db), unsorted, ctx);
      this.reportCache.set(key, base);
      if (this.reportCache.size > reportCacheSize) this.reportCache.delete(this.reportCache.keys().next().value!);
      return sort ? { ...base, rows: sortRows(base.rows, base.columns, sort) } : base;
    });
  }

  private changed(): void {
    this.reportCache.clear();
  }

  overview(query: ReportQuery, ctx: TimeContext, granularity: Granularity, splitBy?: SplitBy): Promise<Overview> {
    return this.serial(() => {
      const runner = runnerFor(this.db);
      const range = resolveTimeframe(query.timeframe, ctx);
      const search = { target: reportSpec(query.report).search.target, text: query.search };
      return {
        kpis: kpis(runner, range, query.filters, search),
        series: timeSeries(runner, { range, granularity, filters: query.filters, splitBy, search }, ctx),
      };
    });
  }

  /** One agent over a timeframe; `filters` (the tab's organisation, model …) narrow it further. */
  agentDetail(agentId: string, timeframe: TimeframeSpec, ctx: TimeContext, granularity: Granularity, scope: ReportFilters = {}): Promise<AgentDetail> {
    return this.serial(() => {
      const runner = runnerFor(this.db);
      const range = resolveTimeframe(timeframe, ctx);
      const filters = { ...scope, agentId };
      return {
        agentId,
        series: timeSeries(runner, { range, granularity, filters, splitBy: 'model' }, ctx),
        models: runReport(runner, { report: 'models', timeframe, filters }, ctx),
        users: runReport(runner, { report: 'users', timeframe, filters }, ctx),
      };
    });
  }

  filterOptions(): Promise<FilterOptions> {
    return this.serial(() => filterOptions(runnerFor(this.db)));
  }

  stats(): Promise<StoreStats> {
    return this.serial(() => {
      const runner = runnerFor(this.db);
      const [[events, first, last] = []] = runner.all('SELECT COUNT(*), MIN(ts), MAX(ts) FROM events');
      const count = (table: string) => Number(runner.all(`SELECT COUNT(*) FROM ${table}`)[0]?.[0] ?? 0);
      const [[pages, pageSize] = []] = runner.all('SELECT page_count, page_size FROM pragma_page_count(), pragma_page_size()');
      return {
        events: Number(events),
        agents: count('agents'),
        users: count('users'),
        orgs: count('orgs'),
        models: count('models'),
        firstEventAt: first === null || first === undefined ? null : Number(first),
        lastEventAt: last === null || last === undefined ? null : Number(last),
        bytes: Number(pages) * Number(pageSize),
      };
    });
  }

  snapshot(): Promise<Uint8Array> {
    return this.serial(() => {
      const bytes = this.db.export();
      prepareConnection(this.db);
      return bytes;
    });
  }

  /** Replaces the whole database; bytes that are not a usage database are refused and nothing changes. */
  restore(bytes: Uint8Array): Promise<void> {
    return this.serial(() => {
      const candidate = new this.SQL.Database(bytes);
      try {
        candidate.exec('SELECT COUNT(*) FROM events');
        prepareConnection(candidate);
        candidate.exec(ddl);
      } catch (error) {
        candidate.close();
        throw new Error(`not a usage database: ${(error as Error).message}`, { cause: error });
      }
      this.db.close();
      this.db = candidate;
      this.changed();
    });
  }

  clear(): Promise<void> {
    return this.serial(() => {
      this.db.close();
      this.db = openDatabase(this.SQL);
      this.changed();
    });
  }

  close(): void {
    this.db.close();
  }
}

export type { RecordKind, FileFormat, ImportOptions, ImportSummary };
