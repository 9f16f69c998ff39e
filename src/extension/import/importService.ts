/**
 * Import, sample and clear. An import runs under a cancellable progress notification; cancelling
 * aborts the store's import. Several files form one all-or-nothing import: the worker imports them
 * in one transaction, so a failed or cancelled import never changes anything.
 */
import * as vscode from 'vscode';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportCancelled, ImportError } from '../../core/ingest/errors';
import { planFolder, type FolderPlan } from '../../core/ingest/folderFiles';
import type { RecordKind } from '../../core/ingest/mapping';
import { samplePaths, sampleShiftMs } from '../../core/sampleSet';
import type { ImportJob, ImportOptions, ImportSummary } from '../../store/importer';
import { clock } from '../data/clock';
import type { ChangeReason, DataService } from '../data/dataService';
import { describeImport } from './importSummary';
import type { Log } from '../log';

export interface ImportRequest {
  uris: readonly vscode.Uri[];
  skipBadRows?: boolean;
  /** for programmatic callers (tests): aborting it cancels like the notification's Cancel button */
  signal?: AbortSignal;
}

interface ImportFile {
  path: string;
  displayName: string;
  kind?: RecordKind;
  /** the source its rows belong to (default: the file) */
  origin?: ImportOptions['origin'];
  /** a non-file URI, copied to a temporary file first */
  source?: vscode.Uri;
}

export interface FolderImportRequest {
  uri: vscode.Uri;
  skipBadRows?: boolean;
  signal?: AbortSignal;
}

export const importFileFilters: Record<string, string[]> = {
  'Usage data (CSV, TSV, JSONL, NDJSON, JSON)': ['csv', 'tsv', 'jsonl', 'ndjson', 'json'],
  'All files': ['*'],
};

export const retrySkippingAction = 'Retry skipping bad rows';

export class ImportBusyError extends Error {
  constructor() {
    super('An import is already running; wait for it to finish or cancel it.');
    this.name = 'ImportBusyError';
  }
}

export class ImportService {
  private running = false;

  constructor(
    private readonly data: DataService,
    private readonly log: Log,
    private readonly sampleDir: string,
  ) {}

  get busy(): boolean {
    return this.running;
  }

  async pickFiles(): Promise<vscode.Uri[] | undefined> {
    const uris = await vscode.window.showOpenDialog({
      canSelectMany: true,
      canSelectFiles: true,
      canSelectFolders: false,
      openLabel: 'Import',
      title: 'Import usage data (events, agents, users or organisations)',
      filters: importFileFilters,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    return uris && uris.length > 0 ? uris : undefined;
  }

  async pickFolder(): Promise<vscode.Uri | undefined> {
    const uris = await vscode.window.showOpenDialog({
      canSelectMany: false,
      canSelectFiles: false,
      canSelectFolders: true,
      openLabel: 'Import Folder',
      title: 'Import every usage file in a folder (exports are recognised by their columns)',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    return uris?.[0];
  }

  /**
   * Imports every file under a folder that a format recognises, as one all-or-nothing import; the other
   * files are listed in the summary. Errors are shown and rethrown like `importUris`.
   */
  async importFolder(request: FolderImportRequest): Promise<ImportSummary[]> {
    if (request.uri.scheme !== 'file') {
      const error = new Error(`Import Folder reads folders on this machine; ${request.uri.toString(true)} is not one. Import its files instead.`);
      this.reportFailure(error);
      throw error;
    }
    const displayPrefix = vscode.workspace.asRelativePath(request.uri, false);
    const plan: FolderPlan = await planFolder(request.uri.fsPath, { displayPrefix });
    if (plan.files.length === 0) {
      const error = new ImportError(displayPrefix, null, null, `no file in this folder could be read${plan.skipped.length > 0 ? ` (${plan.skipped.length} skipped)` : ''}`);
      void this.log.notify('error', describeImport([], plan.skipped).message.replace('Nothing was imported.', `Import failed: ${error.message}.`));
      throw error;
    }
    const files: ImportFile[] = plan.files.map((file) => ({ path: file.path, displayName: file.displayName }));
    try {
      return await this.run('import', files, { skipBadRows: request.skipBadRows }, request.signal, `Importing ${displayPrefix}`, plan.skipped);
    } catch (error) {
      if (error instanceof ImportError && !request.skipBadRows) {
        void this.log.notify('error', `Import failed, nothing was imported: ${error.message}`, retrySkippingAction).then((choice) => {
          if (choice === retrySkippingAction) this.importFolder({ uri: request.uri, skipBadRows: true }).catch(() => undefined);
        });
      } else {
        this.reportFailure(error);
      }
      throw error;
    }
  }

  /**
   * Imports files. Errors are shown (a strict-mode error offers "Retry skipping bad rows") and then
   * rethrown, so programmatic callers see the ImportError / ImportCancelled too.
   */
  async importUris(request: ImportRequest): Promise<ImportSummary[]> {
    const files: ImportFile[] = request.uris.map((uri) => ({
      path: uri.scheme === 'file' ? uri.fsPath : '',
      displayName: vscode.workspace.asRelativePath(uri, false),
      source: uri.scheme === 'file' ? undefined : uri,
    }));
    try {
      return await this.run('import', files, { skipBadRows: request.skipBadRows }, request.signal, 'Importing usage data');
    } catch (error) {
      if (error instanceof ImportError && !request.skipBadRows) {
        void this.log.notify('error', `Import failed, nothing was imported: ${error.message}`, retrySkippingAction).then((choice) => {
          if (choice === retrySkippingAction) {
            this.importUris({ uris: request.uris, skipBadRows: true }).catch(() => undefined);
          }
        });
      } else {
        this.reportFailure(error);
      }
      throw error;
    }
  }

  async loadSample(signal?: AbortSignal): Promise<ImportSummary[]> {
    const ctx = this.data.timeContext();
    const shiftMs = sampleShiftMs(clock.now(), ctx.timeZone);
    const files = samplePaths(this.sampleDir).map((file) => ({ path: file.path, kind: file.kind, origin: file.origin, displayName: `sample/${file.path.split(/[/\\]/).pop()}` }));
    try {
      return await this.run('sample', files, { shiftMs }, signal, 'Loading sample data');
    } catch (error) {
      this.reportFailure(error);
      throw error;
    }
  }

  /** Clears every table; `confirm` skips the modal question (tests, the webview already asked). */
  async clear(confirm: boolean): Promise<boolean> {
    if (!confirm) {
      const answer = await vscode.window.showWarningMessage(
        'Clear all imported usage data?',
        { modal: true, detail: 'Every event, agent, user and organisation is removed from Agent Usage. Your files are not touched.' },
        'Clear Data',
      );
      if (answer !== 'Clear Data') return false;
    }
    await this.data.exclusive(async () => {
      await this.data.clear();
      await this.data.changed('clear');
    });
    void this.log.notify('info', 'Agent Usage: all usage data was cleared.');
    return true;
  }

  private reportFailure(error: unknown): void {
    if (error instanceof ImportCancelled) void this.log.notify('info', 'Import cancelled; nothing was imported.');
    else if (error instanceof ImportBusyError) void this.log.notify('info', error.message);
    else void this.log.notify('error', `Import failed, nothing was imported: ${error instanceof Error ? error.message : String(error)}`);
  }

  private async run(
    reason: Extract<ChangeReason, 'import' | 'sample'>,
    files: ImportFile[],
    options: Omit<ImportOptions, 'displayName' | 'kind'>,
    signal: AbortSignal | undefined,
    title: string,
    skipped: FolderPlan['skipped'] = [],
  ): Promise<ImportSummary[]> {
    if (this.running) throw new ImportBusyError();
    this.running = true;
    try {
      return await this.data.exclusive(async () =>
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
          const controller = new AbortController();
          const abort = () => controller.abort();
          token.onCancellationRequested(abort);
          signal?.addEventListener('abort', abort, { once: true });
          if (signal?.aborted) abort();
          let summaries: ImportSummary[];
          try {
            summaries = await this.importAll(files, options, controller.signal, (index) => {
              progress.report({ message: `${files[index]!.displayName} (${index + 1}/${files.length})`, increment: index === 0 ? 0 : 100 / files.length });
            });
          } finally {
            signal?.removeEventListener('abort', abort);
          }
          const { timeZone } = this.data.timeContext();
          this.log.info(`imported ${files.map((file) => file.displayName).join(', ')} (time zone ${timeZone})`);
          await this.data.changed(reason);
          const described = describeImport(summaries, skipped);
          void this.log.notify(described.severity, described.message);
          return summaries;
        }),
      );
    } finally {
      this.running = false;
    }
  }

  /** One store call for all files; non-file URIs (remote or virtual workspaces) are copied to local temp files first. */
  private async importAll(
    files: ImportFile[],
    options: Omit<ImportOptions, 'displayName' | 'kind'>,
    signal: AbortSignal,
    onFile: (index: number) => void,
  ): Promise<ImportSummary[]> {
    const timeZone = this.data.timeContext().timeZone;
    const folder = files.some((file) => file.source) ? await mkdtemp(join(tmpdir(), 'agent-usage-import-')) : undefined;
    try {
      const jobs: ImportJob[] = [];
      for (const [index, file] of files.entries()) {
        if (signal.aborted) throw new ImportCancelled();
        jobs.push({ path: folder && file.source ? await copyToLocal(file.source, folder, index) : file.path, options: { ...options, kind: file.kind, origin: file.origin, displayName: file.displayName, timeZone, now: clock.now() } });
      }
      return await this.data.importFiles(jobs, signal, onFile);
    } finally {
      if (folder) await rm(folder, { recursive: true, force: true });
    }
  }
}

async function copyToLocal(source: vscode.Uri, folder: string, index: number): Promise<string> {
  const name = source.path.slice(source.path.lastIndexOf('/') + 1) || 'import.csv';
  const local = join(folder, `${index}-${name}`);
  await writeFile(local, await vscode.workspace.fs.readFile(source));
  return local;
}
