/**
 * Keeps the database across sessions: after each data change a snapshot (`data.snapshot()`) is
 * written to `globalStorageUri/usage.sqlite`, debounced and atomically (temp + rename). On
 * activation it is restored; bytes the store refuses are renamed aside to
 * `usage.sqlite.corrupt-<timestamp>` with a warning, and activation carries on with an empty store.
 * With `agentUsage.persistence.enabled` off, the snapshot file is deleted and nothing is written.
 */
import * as vscode from 'vscode';
import type { DataService } from '../data/dataService';
import { dataChangeReasons } from '../data/dataService';
import { exists, isFileNotFound, writeFileAtomic } from '../files/fsAtomic';
import type { Log } from '../log';

export const snapshotFileName = 'usage.sqlite';
export const snapshotDebounceMs = 1000;

export type RestoreOutcome = 'restored' | 'none' | 'disabled' | 'corrupt';

export interface PersistenceState {
  enabled: boolean;
  pending: boolean;
  saves: number;
  lastSavedAt: number | null;
  lastError: string | null;
  snapshotPath: string;
  restore: RestoreOutcome | null;
}

export function corruptFileName(now: Date): string {
  return `${snapshotFileName}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
}

export class SnapshotPersistence implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private again = false;
  private saves = 0;
  private lastSavedAt: number | null = null;
  private lastError: string | null = null;
  private restoreOutcome: RestoreOutcome | null = null;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly storage: vscode.Uri,
    private readonly data: DataService,
    private readonly log: Log,
  ) {
    this.subscription = data.onDidChange((reason) => {
      if (reason === 'settings') void this.applySetting();
      else if (dataChangeReasons.includes(reason) && reason !== 'restore') this.schedule();
    });
  }

  get file(): vscode.Uri {
    return vscode.Uri.joinPath(this.storage, snapshotFileName);
  }

  private get enabled(): boolean {
    return this.data.settings.persistenceEnabled;
  }

  state(): PersistenceState {
    return {
      enabled: this.enabled,
      pending: this.timer !== undefined || this.writing !== undefined,
      saves: this.saves,
      lastSavedAt: this.lastSavedAt,
      lastError: this.lastError,
      snapshotPath: this.file.fsPath,
      restore: this.restoreOutcome,
    };
  }

  /** Called once on activation, before anything else touches the store. */
  async restore(): Promise<RestoreOutcome> {
    this.restoreOutcome = await this.restoreOnce();
    return this.restoreOutcome;
  }

  private async restoreOnce(): Promise<RestoreOutcome> {
    if (!this.enabled) {
      await this.deleteSnapshot();
      return 'disabled';
    }
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.file);
    } catch (error) {
      if (isFileNotFound(error)) return 'none';
      this.log.error(`could not read the saved usage data: ${String(error)}`);
      return 'none';
    }
    try {
      // a private copy: the client transfers (detaches) the buffer it is given
      await this.data.restore(new Uint8Array(bytes));
      this.log.info(`restored saved usage data (${bytes.byteLength} bytes)`);
      return 'restored';
    } catch (error) {
      const aside = vscode.Uri.joinPath(this.storage, corruptFileName(new Date()));
      try {
        await vscode.workspace.fs.rename(this.file, aside, { overwrite: false });
      } catch (renameError) {
        this.log.error(`could not move the unreadable snapshot aside: ${String(renameError)}`);
      }
      void this.log.notify(
        'warning',
        `Agent Usage: the saved usage data could not be read and was moved aside to ${aside.fsPath} (${(error as Error).message}). Starting with no data.`,
      );
      return 'corrupt';
    }
  }

  schedule(): void {
    if (!this.enabled) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, snapshotDebounceMs);
  }

  /** Writes now (used by deactivate when a write is pending). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.save();
    }
    await this.writing;
  }

  private async save(): Promise<void> {
    if (this.writing) {
      this.again = true;
      return this.writing;
    }
    this.writing = (async () => {
      try {
        if (!this.enabled) return;
        const bytes = await this.data.snapshot();
        await writeFileAtomic(this.file, bytes, { overwrite: true });
        this.saves++;
        this.lastSavedAt = Date.now();
        this.lastError = null;
        this.log.info(`saved usage data (${bytes.byteLength} bytes) to ${this.file.fsPath}`);
      } catch (error) {
        this.lastError = String(error);
        this.log.error(`could not save usage data: ${String(error)}`);
      }
    })();
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
    if (this.again) {
      this.again = false;
      this.schedule();
    }
  }

  private async applySetting(): Promise<void> {
    if (this.enabled) {
      if (!(await exists(this.file).catch(() => false))) this.schedule();
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    await this.deleteSnapshot();
  }

  private async deleteSnapshot(): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.file, { useTrash: false });
      this.log.info('persistence is off: deleted the saved usage data');
    } catch (error) {
      if (!isFileNotFound(error)) this.log.error(`could not delete ${this.file.fsPath}: ${String(error)}`);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
  }
}
