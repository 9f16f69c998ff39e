/**
 * Report → CSV file. The host alone chooses the target: the configured export folder inside the
 * first workspace folder (a new file, never replacing one: `name (2).csv` …), or — with no folder
 * open — a save dialog (where replacing an existing file is the user's explicit choice). Bytes are
 * `toCsv` of the report's exact columns (formula cells neutralised), UTF-8, optional BOM, written
 * atomically. The webview's export request and the export commands share this code.
 */
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { toCsv } from '../../core/csv';
import { reportSpec } from '../../shared/reports';
import type { ReportQuery } from '../../shared/results';
import type { DataService } from '../data/dataService';
import { exportFileName } from './exportNaming';
import { writeFileAtomic, writeNewFile } from '../files/fsAtomic';
import type { Log } from '../log';

export interface ExportOutcome {
  uri: vscode.Uri;
  /** file name only */
  fileName: string;
  rows: number;
}

export const openAction = 'Open';

export class ExportService {
  constructor(
    private readonly data: DataService,
    private readonly log: Log,
  ) {}

  /** The export folder in the first workspace folder, or undefined when no folder is open. */
  exportFolder(): vscode.Uri | undefined {
    const workspace = vscode.workspace.workspaceFolders?.[0];
    return workspace ? vscode.Uri.joinPath(workspace.uri, ...this.data.settings.exportFolder) : undefined;
  }

  /** Undefined when the user cancelled the save dialog. Failures are shown and rethrown. */
  async exportReport(query: ReportQuery): Promise<ExportOutcome | undefined> {
    const { timeZone } = this.data.timeContext();
    const title = reportSpec(query.report).title;
    let target: vscode.Uri | undefined;
    try {
      const result = await this.data.report(query);
      const fileName = exportFileName(query.report, result.range, timeZone);
      const bytes = new TextEncoder().encode(toCsv(result.columns, result.rows, { bom: this.data.settings.exportBom }));
      const folder = this.exportFolder();
      if (folder) {
        target = vscode.Uri.joinPath(folder, fileName); // named in the error message if the write fails
        target = await writeNewFile(folder, fileName, bytes);
      } else {
        target = await vscode.window.showSaveDialog({
          title: `Export ${title} to CSV`,
          saveLabel: 'Export',
          defaultUri: vscode.Uri.file(join(homedir(), fileName)),
          filters: { CSV: ['csv'] },
        });
        if (!target) return undefined;
        await writeFileAtomic(target, bytes, { overwrite: true });
      }
      const name = target.path.slice(target.path.lastIndexOf('/') + 1);
      const shown = vscode.workspace.asRelativePath(target, false);
      void this.log
        .notify('info', `Exported ${result.rows.length} ${result.rows.length === 1 ? 'row' : 'rows'} of ${title} to ${shown}.`, openAction)
        .then((choice) => {
          if (choice === openAction) void vscode.commands.executeCommand('vscode.open', target);
        });
      return { uri: target, fileName: name, rows: result.rows.length };
    } catch (error) {
      const where = target ? ` to ${target.fsPath}` : '';
      void this.log.notify('error', `Export of ${title} failed${where}: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }
}
