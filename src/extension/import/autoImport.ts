/**
 * `agentUsage.autoImport.files`: workspace files imported on activation — only in a trusted
 * workspace (the list is workspace-provided configuration), and again when trust is granted.
 */
import * as vscode from 'vscode';
import type { DataService } from '../data/dataService';
import { exists } from '../files/fsAtomic';
import type { ImportService } from './importService';
import type { Log } from '../log';

export async function runAutoImport(data: DataService, importer: ImportService, log: Log): Promise<void> {
  const files = data.settings.autoImportFiles;
  if (files.length === 0) return;
  if (!vscode.workspace.isTrusted) {
    log.info('auto-import skipped: the workspace is not trusted');
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const uris: vscode.Uri[] = [];
  for (const segments of files) {
    const uri = vscode.Uri.joinPath(folder.uri, ...segments);
    if (await exists(uri)) uris.push(uri);
    else log.warn(`auto-import: ${segments.join('/')} does not exist in ${folder.name}`);
  }
  if (uris.length === 0) return;
  await importer.importUris({ uris }).catch(() => undefined);
}
