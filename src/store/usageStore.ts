/**
 * The usage database: one sql.js connection, operations run one at a time (an import's open
 * transaction is never visible to a report), report tables ahead of queued side panels (scheduler.ts).
 * Each request resolves its timeframe once and sorts at most once. Runs inside the store worker;
 * tests use it directly.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import type { RecordKind } from '../core/ingest/mapping';
import type { FileFormat } from '../core/ingest/reader';
import { eventSpan } from '../core/reports/eventSpan';
import { filterOptions } from '../core/reports/filterOptions';
import { kpis } from '../core/reports/kpis';
import { costInfo, costModeOf } from '../core/reports/cost';
import { eventScope } from '../core/reports/query';
import { computeReport, orderReport } from '../core/reports/runReport';
import { eachEvent } from '../core/reports/eventPass';
import { groupEvents } from '../core/reports/eventGroups';
import { reconciliationOnRows } from '../core/reports/reconciliation';
import { userUsageOnRows } from '../core/reports/userUsage';
import type { SqlRunner } from '../core/sql';
import { seriesOnRows, timeSeries } from '../core/reports/timeseries';
import { resolveTimeframe, type Granularity, type TimeContext, type TimeframeSpec } from '../core/timeframe';
import { reportSpec, type ReportFilters } from '../shared/reports';
import type { AgentDetail, CostInfo, FilterOptions, Overview, ReportQuery, ReportResult, SplitBy, TimeSeries } from '../shared/results';
import { noPriceOverrides, type PriceOverrides } from '../core/pricing';
import { CostEstimator, ensureEstimates } from './costEstimates';
import { AppendedRows } from './appendedRows';
import { EventIndex } from './eventIndex';
import { nextScratchCall, releaseScratch, reserveScratch } from './scratch';
import { figureThreadFromRows, startFigureThreadAhead } from './figureThread';
import { groupPassOn } from './indexGroups';
import { handIndexToFigureThread } from './indexFigureThread';
import { reconciliationPassOn } from './indexReconciliation';
import { seriesPassOn } from './indexSeries';
import { userUsagePassOn } from './indexUserUsage';
import { warmUpPasses } from './indexWarmUp';
import { parseThreadFromBytes } from './parseThread';
import { importFiles, type ImportJob, type ImportOptions, type ImportSummary } from './importer';
import { storeFetched, type FetchedBatch, type FetchedSummary } from './fetched';
import { scanLocalLogs, type LocalScanJob, type LocalScanSummary } from './localScan';
import { migrate, SchemaVersionError } from './migrations';
import { listSources, removeSource } from './sources';
import type { SourceInfo } from '../shared/sources';
import { Scheduler } from './scheduler';
import { openDatabase, prepareConnection, runnerFor } from './sqlite';

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

/** What a change to the store changed, for the columnar index. */
/** `appended`: rows were only added, and these are they (null: the index is built from the table again) */
type DataChange = 'nothing' | 'estimates' | 'dimensions' | 'rows' | { appended: AppendedRows | null };

/** A time series with each token kind and the cost per bucket, and what its costs are. */
export interface DetailedSeries {
  series: TimeSeries;
  cost: CostInfo;
}

export class UsageStore {
  private readonly scheduler = new Scheduler();
  private readonly reportCache = new Map<string, ReportResult>();
  /** the columnar copy the report passes read; undefined until a pass needs it after a change, null when the table cannot be indexed */
  private eventIndex: EventIndex | null | undefined;
  /**
   * Reports read the columnar index, built as the last step of every change that succeeds (see
   * WorkerInit.indexAfterChanges); off, they read the table.
   */
  indexAfterChanges = false;
  /** see WorkerInit.parseThreadFromBytes */
  parseThreadFromBytes = parseThreadFromBytes;
  /** see WorkerInit.figureThreadFromRows */
  figureThreadFromRows = figureThreadFromRows;

  private constructor(
    private readonly SQL: SqlJsStatic,
    private db: Database,
    private estimator: CostEstimator,
  ) {}

  /** Opens a database (bytes of an older schema are upgraded); its estimated costs follow `overrides`. */
  static open(SQL: SqlJsStatic, bytes?: Uint8Array, overrides: PriceOverrides = noPriceOverrides): UsageStore {
    const db = openDatabase(SQL, bytes);
    try {
      ensureEstimates(db, overrides);
    } catch (error) {
      db.close();
      throw error;
    }
    return new UsageStore(SQL, db, new CostEstimator(overrides));
  }

  async importFile(path: string, options: ImportOptions = {}, signal?: AbortSignal): Promise<ImportSummary> {
    const [summary] = await this.importFiles([{ path, options }], signal);
    return summary!;
  }

  /** Several files in one transaction: a failure or cancellation in any of them leaves the database as it was. */
  importFiles(jobs: readonly ImportJob[], signal?: AbortSignal, onFile?: (index: number) => void): Promise<ImportSummary[]> {
    let eventsRewritten = false;
    let appended: AppendedRows | null = null;
    return this.mutation(
      () => {
        appended = this.appendedRows();
        const options: ImportOptions = {
          estimateCost: this.estimator.estimate,
          parseThreadFromBytes: this.parseThreadFromBytes,
          onEventsRewritten: () => {
            eventsRewritten = true;
            appended?.eventsRewritten();
          },
          writeObserver: appended ?? undefined,
          onRowsExpected: (rows) => {
            if (this.indexAfterChanges) startFigureThreadAhead((this.eventIndex?.length ?? 0) + rows);
          },
        };
        return importFiles(this.db, jobs.map((job) => ({ ...job, options: { ...job.options, ...options } })), signal, onFile);
      },
      // files of users, agents or organisations leave the events as they were, unless a user took over another's events
      (summaries) => (!eventsRewritten && summaries.every((summary) => summary.kind !== 'events') ? 'dimensions' : { appended }),
    );
  }

  /** Reads what a local log source gained since its last scan, in one transaction. */
  scanLocalLogs(job: LocalScanJob, signal?: AbortSignal, onFile?: (index: number, count: number) => void): Promise<LocalScanSummary> {
    let appended: AppendedRows | null = null;
    return this.mutation(
      () => {
        appended = this.appendedRows();
        return scanLocalLogs(this.db, job, { estimateCost: this.estimator.estimate, signal, onFile, writeObserver: appended ?? undefined });
      },
      () => ({ appended }),
    );
  }

  /** Events fetched from a provider API for a window: the source's earlier rows in the window are replaced. */
  importFetched(batch: FetchedBatch): Promise<FetchedSummary> {
    return this.mutation(() => storeFetched(this.db, batch, this.estimator.estimate));
  }

  /** Every source with its rows and time range. */
  async listSources(): Promise<SourceInfo[]> {
    return this.scheduler.run('side', () => listSources(this.db));
  }

  /** Removes a source's rows (the rest stays); the number removed, or null for an unknown source. */
  removeSource(id: string): Promise<number | null> {
    return this.mutation(() => removeSource(this.db, id));
  }

  /** New per-model prices: every estimated cost is recomputed when they differ from those in use; true when it was. */
  setPriceOverrides(overrides: PriceOverrides): Promise<boolean> {
    return this.mutation(
      () => {
        const estimator = new CostEstimator(overrides);
        if (estimator.fingerprint === this.estimator.fingerprint) return false;
        ensureEstimates(this.db, overrides, this.estimator);
        this.estimator = estimator;
        return true;
      },
      (repriced) => (repriced ? 'estimates' : 'nothing'),
    );
  }

  /** What takes in the rows an import or scan adds, when the store keeps an index it can add them to. */
  private appendedRows(): AppendedRows | null {
    return this.indexAfterChanges ? AppendedRows.onto(this.db, this.eventIndex) : null;
  }

  /**
   * `change` tells from the result what the work changed: nothing (the index and cached reports stay), only
   * the estimated costs (the index reads that column again), only users, agents or organisations (the index
   * keeps its rows and finds each row's organisation again), rows added (the index takes them in, when that
   * still holds) or events (the index is built again).
   */
  private async mutation<T>(work: () => T | Promise<T>, change: (result: T) => DataChange = () => 'rows'): Promise<T> {
    return this.scheduler.run('mutation', async () => {
      releaseScratch();
      let result: T;
      try {
        result = await work();
      } catch (error) {
        this.changed();
        throw error;
      }
      const changed = change(result);
      if (changed === 'nothing') return result;
      const previous = this.eventIndex;
      this.changed();
      if (this.indexAfterChanges) {
        const kept = changed === 'estimates' ? previous?.withEstimates(this.db) : changed === 'dimensions' ? previous?.withDimensions() : null;
        const grown = typeof changed === 'object' ? changed.appended?.index(this.db) : null;
        this.eventIndex = kept ?? grown ?? EventIndex.build(this.db, previous);
        if (this.eventIndex) {
          if (!kept) warmUpPasses(this.eventIndex, this.db);
          // each row's organisation, which an organisation filter and Usage by Sub-Account read: found now, not by the first of them
          this.eventIndex.effectiveOrgs(this.db);
          // the figure thread's start (tens of milliseconds, and compiling its passes) and the first message that
          // carries the index's columns (at ten million rows, half a second until it arrives) not in the first report
          if (this.eventIndex.length >= this.figureThreadFromRows) handIndexToFigureThread(this.eventIndex);
          const rows = this.eventIndex.length;
          reserveScratch([rows * 4, rows * 4, rows * 8]);
        }
      }
      return result;
    });
  }

  /**
   * Results are cached per query (without its sort) and time range until the data changes, in the
   * report's default order, so re-sorting or returning to a tab never recomputes a report.
   */
  report(query: ReportQuery, ctx: TimeContext): Promise<ReportResult> {
    return this.scheduler.run('main', () => orderReport(this.cachedReport(query, ctx), query.sort));
  }

  private cachedReport(query: ReportQuery, ctx: TimeContext): ReportResult {
    const { sort: _sort, ...unsorted } = query;
    const range = resolveTimeframe(query.timeframe, ctx);
    const key = JSON.stringify([unsorted, range, ctx.timeZone, ctx.weekStartsOn, costModeOf(ctx)]);
    let base = this.reportCache.get(key);
    if (base) this.reportCache.delete(key);
    else base = computeReport(this.reportRunner(), unsorted, range, ctx, this.estimator.overrides);
    this.reportCache.set(key, base);
    if (this.reportCache.size > reportCacheSize) this.reportCache.delete(this.reportCache.keys().next().value!);
    return base;
  }

  private changed(): void {
    this.reportCache.clear();
    this.eventIndex = undefined;
  }

  /** The runner reports read: the table, with the report passes served by the columnar index when it is on (built again when missing). */
  private reportRunner(): SqlRunner {
    // every read that runs passes makes one runner: the passes' work arrays of the read before are done with
    nextScratchCall();
    const runner = runnerFor(this.db);
    if (!this.indexAfterChanges) return runner;
    const index = () => (this.eventIndex === undefined ? (this.eventIndex = EventIndex.build(this.db)) : this.eventIndex);
    return {
      ...runner,
      eventPass: (scope, columns, onRow) => {
        const built = index();
        if (built === null) eachEvent(runner, scope, columns, onRow);
        else built.pass(this.db)(scope, columns, onRow);
      },
      groupPass: (scope, groupBy, costMode, wanted) => {
        const built = index();
        return built === null ? groupEvents(runner, scope, groupBy, costMode) : groupPassOn(built, this.db, this.figureThreadFromRows)(scope, groupBy, costMode, wanted);
      },
      userUsagePass: (scope) => {
        const built = index();
        return built === null ? userUsageOnRows(runner, scope) : userUsagePassOn(built, this.db, this.figureThreadFromRows)(scope);
      },
      eventSpan: (range) => {
        const built = index();
        return built === null ? eventSpan(runner, range) : built.span(range);
      },
      reconciliationPass: (scope, sideOf) => {
        const built = index();
        return built === null ? reconciliationOnRows(runner, scope, sideOf) : reconciliationPassOn(built, this.db)(scope, sideOf);
      },
      seriesPass: (...args) => {
        const built = index();
        return built === null ? seriesOnRows(runner, ...args) : seriesPassOn(built, this.db)(...args);
      },
    };
  }

  /** KPIs and chart. */
  overview(query: ReportQuery, ctx: TimeContext, granularity: Granularity, splitBy?: SplitBy): Promise<Overview> {
    return this.scheduler.run('side', () => {
      const { runner, range, search, costMode } = this.seriesScope(query, ctx);
      return {
        kpis: kpis(runner, range, query.filters, search, costMode, this.estimator.overrides),
        series: timeSeries(runner, { range, granularity, filters: query.filters, splitBy, search, costMode }, ctx),
      };
    });
  }

  /**
   * The CLI's time series: each token kind and the cost per bucket too, with the cost mode and pricing
   * coverage it was summed in, and no KPIs (it prints none; they cost a pass of their own).
   */
  detailedSeries(query: ReportQuery, ctx: TimeContext, granularity: Granularity, splitBy?: SplitBy): Promise<DetailedSeries> {
    return this.scheduler.run('side', () => {
      const { runner, range, search, costMode } = this.seriesScope(query, ctx);
      return {
        series: timeSeries(runner, { range, granularity, filters: query.filters, splitBy, search, costMode, detail: true }, ctx),
        cost: costInfo(runner, eventScope(range, query.filters, search), costMode, this.estimator.overrides),
      };
    });
  }

  private seriesScope(query: ReportQuery, ctx: TimeContext) {
    return {
      runner: this.reportRunner(),
      range: resolveTimeframe(query.timeframe, ctx),
      search: { target: reportSpec(query.report).search.target, text: query.search },
      costMode: costModeOf(ctx),
    };
  }

  /** One agent over a timeframe; `filters` (the tab's organisation, model …) narrow it further. */
  agentDetail(agentId: string, timeframe: TimeframeSpec, ctx: TimeContext, granularity: Granularity, scope: ReportFilters = {}): Promise<AgentDetail> {
    return this.scheduler.run('side', () => {
      const runner = this.reportRunner();
      const range = resolveTimeframe(timeframe, ctx);
      const filters = { ...scope, agentId };
      return {
        agentId,
        series: timeSeries(runner, { range, granularity, filters, splitBy: 'model', costMode: costModeOf(ctx) }, ctx),
        models: computeReport(runner, { report: 'models', timeframe, filters }, range, ctx, this.estimator.overrides),
        users: computeReport(runner, { report: 'users', timeframe, filters }, range, ctx, this.estimator.overrides),
      };
    });
  }

  filterOptions(): Promise<FilterOptions> {
    return this.scheduler.run('main', () => filterOptions(this.reportRunner()));
  }

  stats(): Promise<StoreStats> {
    return this.scheduler.run('main', () => {
      const runner = this.reportRunner();
      const { count: events, first, last } = eventSpan(runner);
      const count = (table: string) => Number(runner.all(`SELECT COUNT(*) FROM ${table}`)[0]?.[0] ?? 0);
      const [[pages, pageSize] = []] = runner.all('SELECT page_count, page_size FROM pragma_page_count(), pragma_page_size()');
      return {
        events,
        agents: count('agents'),
        users: count('users'),
        orgs: count('orgs'),
        models: count('models'),
        firstEventAt: first,
        lastEventAt: last,
        bytes: Number(pages) * Number(pageSize),
      };
    });
  }

  snapshot(): Promise<Uint8Array> {
    return this.scheduler.run('side', () => {
      const bytes = this.db.export();
      prepareConnection(this.db);
      return bytes;
    });
  }

  /**
   * Replaces the whole database; an older schema is upgraded, and bytes that are not a usage database
   * (or are one of a newer schema) are refused and nothing changes.
   */
  restore(bytes: Uint8Array): Promise<void> {
    // at most one event every 200 bytes (the table takes about 140 an event)
    if (this.indexAfterChanges) startFigureThreadAhead(bytes.length / 200);
    return this.mutation(() => {
      const candidate = new this.SQL.Database(bytes);
      try {
        candidate.exec('SELECT COUNT(*) FROM events');
        prepareConnection(candidate);
        migrate(candidate);
        ensureEstimates(candidate, this.estimator.overrides);
      } catch (error) {
        candidate.close();
        if (error instanceof SchemaVersionError) throw error;
        throw new Error(`not a usage database: ${(error as Error).message}`, { cause: error });
      }
      this.db.close();
      this.db = candidate;
    });
  }

  clear(): Promise<void> {
    return this.mutation(() => {
      this.db.close();
      this.db = openDatabase(this.SQL);
      ensureEstimates(this.db, this.estimator.overrides);
    });
  }

  close(): void {
    this.db.close();
  }
}

export type { RecordKind, FileFormat, ImportJob, ImportOptions, ImportSummary };
