/**
 * Scans of local agent logs (Claude Code, Codex, OpenTelemetry files) into the store. A scan the user
 * asked for runs under a cancellable progress notification and ends with a summary; a quiet scan
 * (start-up, watcher) only logs, and notifies only when it failed. Every scan runs through the data
 * service's `exclusive`, so scans never overlap each other or an import.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { ImportCancelled } from '../../core/ingest/errors';
import { defaultRoots } from '../../core/ingest/local/discovery';
import { localLogLabels } from '../../shared/sources';
import type { LocalScanSummary } from '../../store/localScan';
import type { DataService } from '../data/dataService';
import type { Log } from '../log';
import type { DefaultLogKind, LocalLogTarget } from './localLogTargets';
import { defaultPlaces, describeScan, notFoundMessage, scanCancelledMessage, scanFailedMessage, scanProblemLines } from './scanSummary';

export const otelFileFilters: Record<string, string[]> = {
  'OpenTelemetry spans (OTLP/JSON, JSON Lines)': ['json', 'jsonl', 'ndjson'],
  'All files': ['*'],
};

export const chooseFolderAction = 'Choose Folder…';

/** The arguments of the programmatic form: `{ roots: [...], signal }`. */
export interface ScanCommandOptions {
  roots?: string[];
  signal?: AbortSignal;
}

/** Options from code (an object) or none from the UI; roots must be a list of non-empty paths. */
export function scanCommandOptions(value: unknown): ScanCommandOptions | undefined {
  if (value === undefined || value === null || typeof value !== 'object') return undefined;
  const { roots, signal } = value as { roots?: unknown; signal?: unknown };
  if (roots !== undefined && !(Array.isArray(roots) && roots.every((root) => typeof root === 'string' && root.trim() !== ''))) {
    throw new Error('roots must be a list of folder or file paths');
  }
  return { roots: (roots as string[] | undefined)?.map((root) => resolve(root)), signal: signal instanceof AbortSignal ? signal : undefined };
}

export class LocalLogService {
  constructor(
    private readonly data: DataService,
    private readonly log: Log,
  ) {}

  /** The default locations of a kind that exist on this machine. */
  defaultRoots(kind: DefaultLogKind): string[] {
    return defaultRoots(kind, { env: process.env, home: homedir() });
  }

  /**
   * Import Claude Code Logs / Import Codex Logs. From the UI: the default locations, else the folder the
   * stored source was last read from, else the user picks one. From code: the given roots (or the
   * defaults); the summary is returned and failures rejected.
   */
  async importDefault(kind: DefaultLogKind, rawOptions?: unknown): Promise<LocalScanSummary | undefined> {
    const options = scanCommandOptions(rawOptions);
    if (options) {
      const roots = options.roots ?? this.defaultRoots(kind);
      if (roots.length === 0) throw new Error(notFoundMessage(kind, defaultPlaces(kind, process.env, homedir())));
      return this.scanWithProgress({ kind, roots }, options.signal);
    }
    const roots = await this.rootsToScan(kind);
    if (!roots) return undefined;
    return this.scanWithProgress({ kind, roots }).catch(() => undefined);
  }

  /** Import OpenTelemetry File…: a file picker from the UI, `{ roots }` from code. */
  async importOtel(rawOptions?: unknown): Promise<LocalScanSummary | undefined> {
    const options = scanCommandOptions(rawOptions);
    if (options) {
      if (!options.roots || options.roots.length === 0) throw new Error('give the OpenTelemetry files: { roots: [path, …] }');
      return this.scanWithProgress({ kind: 'otel', roots: options.roots }, options.signal);
    }
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      canSelectFiles: true,
      canSelectFolders: false,
      openLabel: 'Import',
      title: 'Import an OpenTelemetry span file (OTLP/JSON or JSON Lines of TracesData)',
      filters: otelFileFilters,
    });
    const file = picked?.[0];
    if (!file) return undefined;
    if (file.scheme !== 'file') {
      void this.log.notify('error', `OpenTelemetry files are read from this machine; ${file.toString(true)} is not one. Use Import Usage Data… for other files.`);
      return undefined;
    }
    return this.scanWithProgress({ kind: 'otel', roots: [file.fsPath] }).catch(() => undefined);
  }

  private async rootsToScan(kind: DefaultLogKind): Promise<string[] | undefined> {
    const defaults = this.defaultRoots(kind);
    if (defaults.length > 0) return defaults;
    const stored = (await this.data.listSources()).find((source) => source.id === kind)?.location.filter((root) => isAbsolute(root) && existsSync(root));
    if (stored && stored.length > 0) return stored;
    const choice = await this.log.notify('info', notFoundMessage(kind, defaultPlaces(kind, process.env, homedir())), chooseFolderAction);
    if (choice !== chooseFolderAction) return undefined;
    const folder = await vscode.window.showOpenDialog({
      canSelectMany: false,
      canSelectFiles: false,
      canSelectFolders: true,
      openLabel: `Import ${localLogLabels[kind]}`,
      title: kind === 'claude-code' ? 'The Claude Code config folder (with projects/) or its projects folder' : 'The Codex home folder (with sessions/) or a folder of rollout files',
    });
    const uri = folder?.[0];
    return uri && uri.scheme === 'file' ? [uri.fsPath] : undefined;
  }

  /** A scan the user asked for: progress notification (file i/n, cancellable), then the summary. Failures are shown and rethrown. */
  async scanWithProgress(target: LocalLogTarget, signal?: AbortSignal): Promise<LocalScanSummary> {
    const label = localLogLabels[target.kind];
    try {
      return await this.data.exclusive(async () =>
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading ${label}`, cancellable: true }, async (progress, token) => {
          const controller = new AbortController();
          const abort = () => controller.abort();
          token.onCancellationRequested(abort);
          signal?.addEventListener('abort', abort, { once: true });
          if (signal?.aborted) abort();
          try {
            const summary = await this.data.scanLocalLogs(target, controller.signal, (index, count) => {
              progress.report({ message: `file ${index + 1}/${count}`, increment: index === 0 ? 0 : 100 / count });
            });
            await this.finish(target, summary, true);
            const described = describeScan(summary, target.roots);
            void this.log.notify(described.severity, described.message);
            return summary;
          } finally {
            signal?.removeEventListener('abort', abort);
          }
        }),
      );
    } catch (error) {
      if (error instanceof ImportCancelled) void this.log.notify('info', scanCancelledMessage(label));
      else void this.log.notify('error', scanFailedMessage(label, error));
      throw error;
    }
  }

  /** A scan nobody waits for (start-up, watcher): a log line; a notification only when it failed. */
  async scanQuietly(target: LocalLogTarget): Promise<LocalScanSummary | undefined> {
    try {
      return await this.data.exclusive(async () => {
        const summary = await this.data.scanLocalLogs(target);
        await this.finish(target, summary, false);
        this.log.info(describeScan(summary, target.roots).message);
        return summary;
      });
    } catch (error) {
      void this.log.notify('error', scanFailedMessage(localLogLabels[target.kind], error));
      return undefined;
    }
  }

  /**
   * Logs the scan and announces the change. A quiet scan that found nothing new announces nothing: the
   * watcher fires for every line an agent writes, most of them without usage, and each announcement
   * redraws the views and writes the snapshot.
   */
  private async finish(target: LocalLogTarget, summary: LocalScanSummary, always: boolean): Promise<void> {
    this.log.info(`scanned ${localLogLabels[target.kind]} in ${target.roots.join(', ')}`);
    for (const line of scanProblemLines(summary)) this.log.info(line);
    if (always || summary.imported > 0 || summary.replaced > 0) await this.data.changed('import');
  }
}
