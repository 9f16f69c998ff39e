/**
 * Owns the store (a sql.js worker) and is the only way to it: every query takes the current time
 * context here. Also owns everything derived from "the data changed": the data version, the
 * `agentUsage.hasData` context key, the HostState for the webview and one change event that the
 * tree, status bar, panel and persistence listen to. Mutations (import, local log scan, sample,
 * source removal, clear, restore) run one at a time through `exclusive`.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { formatDay, todayIn, type Granularity, type TimeContext, type TimeframeSpec } from '../../core/timeframe';
import type { ReportFilters } from '../../shared/reports';
import type { AgentDetail, FilterOptions, HostState, Overview, ReportQuery, ReportResult, SplitBy } from '../../shared/results';
import { StoreClient } from '../../store/client';
import type { FetchedBatch, FetchedSummary } from '../../store/fetched';
import type { ImportJob, ImportSummary } from '../../store/importer';
import type { LocalScanJob, LocalScanSummary } from '../../store/localScan';
import type { SourceInfo } from '../../shared/sources';
import { clock } from './clock';
import { hasDataContextKey } from '../commandIds';
import type { Log } from '../log';
import { readSettings } from '../settings/settings';
import type { Settings } from '../settings/settingsModel';

/**
 * Why listeners are told: data changes (import or local log scan, sample, a source removed, clear,
 * restore, and prices: estimated costs recomputed for new price overrides) are persisted; the others
 * only redraw.
 */
export type ChangeReason = 'import' | 'sample' | 'remove' | 'clear' | 'restore' | 'prices' | 'settings' | 'refresh' | 'day';

export const dataChangeReasons: readonly ChangeReason[] = ['import', 'sample', 'remove', 'clear', 'restore', 'prices'];

export class DataService implements vscode.Disposable {
  private readonly store: StoreClient;
  private version = 0;
  private events = 0;
  private currentSettings: Settings;
  private mutex: Promise<unknown> = Promise.resolve();
  private readonly emitter = new vscode.EventEmitter<ChangeReason>();
  readonly onDidChange = this.emitter.event;
  private today: string;
  private readonly dayTimer: ReturnType<typeof setInterval>;
  /** resolves once the snapshot (if any) is restored and auto-import has run */
  ready: Promise<void> = Promise.resolve();

  constructor(extensionPath: string, private readonly log: Log) {
    this.store = new StoreClient(join(extensionPath, 'dist', 'storeWorker.js'), { wasmPath: join(extensionPath, 'dist', 'sql-wasm.wasm'), indexAfterChanges: true });
    this.currentSettings = readSettings();
    this.reportSettingProblems();
    // queued ahead of the snapshot's restore, which then prices with these
    this.setPriceOverrides().catch((error: unknown) => this.log.error(`price overrides: ${String(error)}`));
    this.today = todayIn(this.timeContext());
    // A day boundary (also after sleep or a zone change) refreshes "today" everywhere.
    this.dayTimer = setInterval(() => this.checkDay(), 30_000);
    void vscode.commands.executeCommand('setContext', hasDataContextKey, false);
  }

  get settings(): Settings {
    return this.currentSettings;
  }

  get dataVersion(): number {
    return this.version;
  }

  get eventCount(): number {
    return this.events;
  }

  get hasData(): boolean {
    return this.events > 0;
  }

  /** now, zone, week start and cost mode from the settings: what every query is answered in */
  timeContext(): TimeContext {
    const { timeZone, weekStartsOn, costMode } = this.currentSettings;
    return { now: clock.now(), timeZone, weekStartsOn, costMode };
  }

  /** True when the store re-estimated costs (the overrides differ from those it had). */
  private setPriceOverrides(): Promise<boolean> {
    return this.store.call('setPriceOverrides', this.currentSettings.priceOverrides);
  }

  report(query: ReportQuery): Promise<ReportResult> {
    return this.store.call('report', query, this.timeContext());
  }

  overview(query: ReportQuery, granularity: Granularity, splitBy?: SplitBy): Promise<Overview> {
    return this.store.call('overview', query, this.timeContext(), granularity, splitBy);
  }

  agentDetail(agentId: string, timeframe: TimeframeSpec, granularity: Granularity, filters?: ReportFilters): Promise<AgentDetail> {
    return this.store.call('agentDetail', agentId, timeframe, this.timeContext(), granularity, filters);
  }

  filterOptions(): Promise<FilterOptions> {
    return this.store.call('filterOptions');
  }

  /** All files in one transaction in the store; callers run it inside `exclusive` and then call `changed`. */
  importFiles(jobs: readonly ImportJob[], signal?: AbortSignal, onFile?: (index: number) => void): Promise<ImportSummary[]> {
    return this.store.importFiles([...jobs], signal, onFile);
  }

  /**
   * Reads what a local log source gained since its last scan (one transaction in the store); callers run
   * it inside `exclusive` and then call `changed`. `onFile` hears each file's index and the file count.
   */
  scanLocalLogs(job: Omit<LocalScanJob, 'now'>, signal?: AbortSignal, onFile?: (index: number, count: number) => void): Promise<LocalScanSummary> {
    return this.store.scanLocalLogs({ ...job, now: clock.now() }, signal, onFile);
  }

  /** Events fetched from a provider API for a window (replacing the source's rows in it); callers run it inside `exclusive` and then call `changed`. */
  importFetched(batch: Omit<FetchedBatch, 'now'>): Promise<FetchedSummary> {
    return this.store.call('importFetched', { ...batch, now: clock.now() });
  }

  listSources(): Promise<SourceInfo[]> {
    return this.store.call('listSources');
  }

  /** The events removed, or null when the store has no such source; callers run it inside `exclusive` and then call `changed`. */
  removeSource(id: string): Promise<number | null> {
    return this.store.call('removeSource', id);
  }

  clear(): Promise<void> {
    return this.store.call('clear');
  }

  snapshot(): Promise<Uint8Array> {
    return this.store.call('snapshot');
  }

  /** Replaces the database (the buffer is transferred to the worker); bytes that are not a usage database are refused. */
  restore(bytes: Uint8Array): Promise<void> {
    return this.store.restore(bytes);
  }

  /** Runs mutations one after another (a failed one does not block the next). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.mutex.then(work, work);
    this.mutex = next.catch(() => undefined);
    return next;
  }

  /** A new cost mode needs only the re-query that 'settings' causes; new price overrides reprice the store first. */
  async reloadSettings(): Promise<void> {
    this.currentSettings = readSettings();
    this.reportSettingProblems();
    this.today = todayIn(this.timeContext());
    const repriced = await this.setPriceOverrides();
    await this.changed('settings');
    if (repriced) await this.changed('prices');
  }

  /** Recounts, bumps the version and tells every listener. */
  async changed(reason: ChangeReason): Promise<void> {
    const stats = await this.store.call('stats');
    this.events = stats.events;
    this.version++;
    await vscode.commands.executeCommand('setContext', hasDataContextKey, this.events > 0);
    this.emitter.fire(reason);
  }

  checkDay(): void {
    const today = todayIn(this.timeContext());
    if (today === this.today) return;
    this.today = today;
    void this.changed('day').catch((error: unknown) => this.log.error(`refresh after midnight failed: ${String(error)}`));
  }

  async hostState(): Promise<HostState> {
    const ctx = this.timeContext();
    const filterOptions = await this.filterOptions();
    const { firstEventAt, lastEventAt } = filterOptions;
    const dataSpan =
      firstEventAt === null || lastEventAt === null ? null : { first: formatDay(firstEventAt, ctx.timeZone), last: formatDay(lastEventAt, ctx.timeZone) };
    return {
      hasData: filterOptions.eventCount > 0,
      eventCount: filterOptions.eventCount,
      timeZone: ctx.timeZone,
      weekStartsOn: ctx.weekStartsOn,
      defaultTimeframe: this.currentSettings.defaultTimeframe,
      today: todayIn(ctx),
      filterOptions,
      dataVersion: this.version,
      dataSpan,
    };
  }

  private reportSettingProblems(): void {
    for (const problem of this.currentSettings.problems) this.log.warn(problem);
  }

  dispose(): void {
    clearInterval(this.dayTimer);
    this.emitter.dispose();
    void this.store.dispose();
  }
}
