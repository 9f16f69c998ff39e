/**
 * The logic of the Sources tab, without DOM: lists the store's sources (again after every data change
 * while the tab is shown), asks the host to refresh or remove one — by its id only; the host looks it up
 * and asks before removing — and tells its `SourcesDisplay` what to show. Replies overtaken by a newer
 * list request are dropped.
 */
import type { HostState, WebviewAction } from '../src/protocol';
import { errorText, type Requester } from './hostChannel';
import { sourceRow, type SourceRowView } from './sourceRows';

export interface SourcesDisplay {
  setBusy(busy: boolean): void;
  /** `timeZone`: the zone the days and times are in, named in the column headers */
  showSources(rows: SourceRowView[], timeZone: string): void;
  /** nothing imported: "No data yet" with the import buttons */
  showEmpty(): void;
  showError(message: string): void;
  hideError(): void;
  showStatus(text: string, tone: 'progress' | 'done' | 'error'): void;
  /** a Refresh or Remove of this source is waiting for the host */
  setRowBusy(id: string, busy: boolean): void;
}

export interface SourcesContext {
  host(): HostState | undefined;
  request: Requester;
  runAction(action: WebviewAction): void;
}

export type SourcesImportAction = Extract<WebviewAction, 'import' | 'importClaudeCode' | 'importCodex' | 'importOtel' | 'loadSample'>;

export class SourcesController {
  private display: SourcesDisplay | undefined;
  private sequence = 0;
  private pending = 0;
  private stale = true;
  /** sources with a Refresh or Remove waiting for the host (one at a time each) */
  private readonly acting = new Set<string>();

  constructor(private readonly ctx: SourcesContext) {}

  attach(display: SourcesDisplay): void {
    this.display = display;
  }

  private get view(): SourcesDisplay {
    if (!this.display) throw new Error('the Sources controller has no display');
    return this.display;
  }

  /** The host's state changed (init or data/changed): the list is read again when the tab is shown. */
  setHost(): void {
    this.stale = true;
  }

  activate(): void {
    if (this.stale) void this.refresh();
  }

  async refresh(): Promise<void> {
    const host = this.ctx.host();
    if (!host) return;
    this.stale = false;
    const sequence = ++this.sequence;
    this.busy(+1);
    try {
      const sources = await this.ctx.request({ type: 'sources/list' });
      if (sequence !== this.sequence) return;
      this.view.hideError();
      if (sources.length === 0) this.view.showEmpty();
      else {
        const timeZone = this.ctx.host()?.timeZone ?? host.timeZone;
        this.view.showSources(sources.map((source) => sourceRow(source, timeZone)), timeZone);
      }
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.view.showError(`Could not list the sources: ${errorText(error)}`);
    } finally {
      this.busy(-1);
    }
  }

  refreshSource(id: string): Promise<void> {
    return this.act(id, 'sources/refresh', 'Reading the source again…', 'Refresh failed');
  }

  /** The host asks for confirmation (naming the source and its rows) before anything is removed. */
  removeSource(id: string): Promise<void> {
    return this.act(id, 'sources/remove', 'Waiting for the confirmation…', 'Remove failed');
  }

  importData(action: SourcesImportAction): void {
    this.ctx.runAction(action);
  }

  private async act(id: string, type: 'sources/refresh' | 'sources/remove', progress: string, failed: string): Promise<void> {
    if (this.acting.has(id)) return;
    this.acting.add(id);
    this.view.setRowBusy(id, true);
    this.view.showStatus(progress, 'progress');
    try {
      // no time limit: a re-scan of large logs, or the user reading the confirmation, may take minutes
      const result = await this.ctx.request({ type, sourceId: id }, { timeoutMs: null });
      this.view.showStatus(result.message, 'done');
    } catch (error) {
      this.view.showStatus(`${failed}: ${errorText(error)}`, 'error');
    } finally {
      this.acting.delete(id);
      this.view.setRowBusy(id, false);
    }
  }

  private busy(delta: number): void {
    this.pending = Math.max(0, this.pending + delta);
    this.view.setBusy(this.pending > 0);
  }
}
