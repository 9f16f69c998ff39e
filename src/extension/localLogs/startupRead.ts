/**
 * `agentUsage.localLogs.readOnStartup`: on activation in a trusted workspace (and again when trust is
 * granted), the default Claude Code and Codex locations that exist are scanned quietly.
 */
import * as vscode from 'vscode';
import { localLogLabels } from '../../shared/sources';
import type { DataService } from '../data/dataService';
import type { Log } from '../log';
import type { LocalLogService } from './localLogService';

export async function readLocalLogsOnStartup(data: DataService, localLogs: LocalLogService, log: Log): Promise<void> {
  if (!data.settings.localLogsReadOnStartup) return;
  if (!vscode.workspace.isTrusted) {
    log.info('reading local agent logs on start-up skipped: the workspace is not trusted');
    return;
  }
  for (const kind of ['claude-code', 'codex'] as const) {
    const roots = localLogs.defaultRoots(kind);
    if (roots.length === 0) log.info(`start-up read: no ${localLogLabels[kind]} on this machine`);
    else await localLogs.scanQuietly({ kind, roots });
  }
}
