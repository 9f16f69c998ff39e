/**
 * Refresh and Remove from the panel's Sources list. The webview names a source only by its id; the
 * host looks the id up in the store's own list first and refuses (and logs) one it does not know, so
 * nothing from the message is ever read as a path.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import type { SourceActionResult, SourceInfo } from '../../shared/sources';
import type { DataService } from '../data/dataService';
import { describeImport } from '../import/importSummary';
import type { FetchService } from '../fetch/fetchService';
import type { ImportService } from '../import/importService';
import { targetOf } from '../localLogs/localLogTargets';
import type { LocalLogService } from '../localLogs/localLogService';
import { describeScan } from '../localLogs/scanSummary';
import type { Log } from '../log';
import { fileGoneMessage, keptMessage, removedMessage, removeQuestion, unknownSourceMessage, untrackedRefreshMessage } from './sourceText';

export interface Question {
  message: string;
  detail: string;
  action: string;
}

/** Asks before a source's rows are removed (the test hooks answer in its place). */
export interface Confirmer {
  confirm(question: Question): Promise<boolean>;
}

export const modalConfirmer: Confirmer = {
  async confirm({ message, detail, action }) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
};

export class SourceActions {
  constructor(
    private readonly data: DataService,
    private readonly importer: ImportService,
    private readonly localLogs: LocalLogService,
    private readonly log: Log,
    private readonly fetcher: FetchService,
    private readonly confirmer: Confirmer = modalConfirmer,
  ) {}

  list(): Promise<SourceInfo[]> {
    return this.data.listSources();
  }

  /** Reads the source again: local logs re-scanned, a file re-imported from its path, the sample loaded again, an API's late and new days fetched. */
  async refresh(id: string): Promise<SourceActionResult> {
    const source = await this.find(id, 'refresh');
    const logs = targetOf(source);
    if (logs) {
      const summary = await this.localLogs.scanWithProgress(logs);
      return { done: true, message: describeScan(summary, logs.roots).message };
    }
    switch (source.kind) {
      case 'file': {
        const path = source.location[0];
        if (!path || !existsSync(path)) return { done: false, message: fileGoneMessage(path ?? source.id.slice('file:'.length)) };
        const summaries = await this.importer.importUris({ uris: [vscode.Uri.file(path)] });
        return { done: true, message: describeImport(summaries).message };
      }
      case 'sample':
        return { done: true, message: describeImport(await this.importer.loadSample()).message };
      case 'fetch':
        return this.fetcher.refresh(source);
      default:
        return { done: false, message: untrackedRefreshMessage };
    }
  }

  /** Asks (modal, naming the source and its rows), then removes the source's rows; the rest stays. */
  async remove(id: string): Promise<SourceActionResult> {
    const source = await this.find(id, 'remove');
    if (!(await this.confirmer.confirm(removeQuestion(source)))) return { done: false, message: keptMessage(source) };
    const removed = await this.data.exclusive(async () => {
      const count = await this.data.removeSource(source.id);
      if (count !== null) await this.data.changed('remove');
      return count;
    });
    if (removed === null) throw new Error(unknownSourceMessage);
    const message = removedMessage(source, removed);
    this.log.info(message);
    return { done: true, message };
  }

  private async find(id: string, action: string): Promise<SourceInfo> {
    const source = (await this.data.listSources()).find((candidate) => candidate.id === id);
    if (source) return source;
    this.log.warn(`refused to ${action} a source the store does not have (the Sources list sent an unknown id)`);
    throw new Error(unknownSourceMessage);
  }
}
