/** Entry point: creates the services and wires them together; each one lives in its own module. */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { runAutoImport } from './import/autoImport';
import { registerCommands } from './commands';
import { DataService } from './data/dataService';
import { ExportService } from './export/exportService';
import { ImportService } from './import/importService';
import { LocalLogService } from './localLogs/localLogService';
import { LocalLogWatcher } from './localLogs/localLogWatcher';
import { readLocalLogsOnStartup } from './localLogs/startupRead';
import { SourceActions } from './sources/sourceActions';
import { Log } from './log';
import { SnapshotPersistence } from './persistence/persistence';
import { registerPanelSerializer, ReportsPanelManager } from './panel/reportsPanel';
import { configurationSection } from './settings/settings';
import { UsageStatusBar } from './statusBar/statusBar';
import { ObservedMessageHandler, PanelProbe, RecordingLog, registerTestHooks, ScriptedConfirmer, ScriptedPrompts } from './testHooks';
import { AutoRefresh } from './fetch/autoRefresh';
import { FetchService } from './fetch/fetchService';
import { readFetchSettings } from './fetch/fetchSettings';
import { TopAgentsView } from './tree/topAgentsView';
import { WebviewMessageRouter } from './panel/webviewMessages';
import type { WebviewAction } from '../protocol';
import { commandIds } from './commandIds';

let persistence: SnapshotPersistence | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // Development and test modes record what the test hooks report; an installed extension records nothing.
  const testMode = context.extensionMode !== vscode.ExtensionMode.Production;
  const log = testMode ? new RecordingLog() : new Log();
  const data = new DataService(context.extensionPath, log);
  persistence = new SnapshotPersistence(context.globalStorageUri, data, log);
  const exporter = new ExportService(data, log);
  const importer = new ImportService(data, log, join(context.extensionPath, 'media', 'sample'));
  const localLogs = new LocalLogService(data, log);
  const confirmer = testMode ? new ScriptedConfirmer() : undefined;
  const prompts = testMode ? new ScriptedPrompts() : undefined;
  const fetcher = new FetchService(data, log, context.secrets, prompts);
  const sources = new SourceActions(data, importer, localLogs, log, fetcher, confirmer);
  const autoRefresh = new AutoRefresh(() => data.ready.then(() => fetcher.refreshAll()));
  // auto-refresh sends keys to the configured base URLs unasked: trusted workspaces only
  const updateAutoRefresh = () => {
    const settings = readFetchSettings();
    for (const problem of settings.problems) log.warn(problem);
    autoRefresh.set(vscode.workspace.isTrusted ? settings.autoRefreshMinutes : 0);
  };
  updateAutoRefresh();

  const runAction = async (action: WebviewAction): Promise<void> => {
    switch (action) {
      case 'import':
        await vscode.commands.executeCommand(commandIds.importData);
        return;
      case 'importClaudeCode':
        await vscode.commands.executeCommand(commandIds.importClaudeCodeLogs);
        return;
      case 'importCodex':
        await vscode.commands.executeCommand(commandIds.importCodexLogs);
        return;
      case 'importOtel':
        await vscode.commands.executeCommand(commandIds.importOtelFile);
        return;
      case 'loadSample':
        await vscode.commands.executeCommand(commandIds.loadSample);
        return;
      case 'clear':
        await vscode.commands.executeCommand(commandIds.clearData);
        return;
      case 'refresh':
        await vscode.commands.executeCommand(commandIds.refresh);
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${context.extension.id}`);
        return;
    }
  };
  const router = new WebviewMessageRouter({ data, exporter, sources, runAction }, log);
  const messages = testMode ? new ObservedMessageHandler(router) : router;
  const panelProbe = testMode ? new PanelProbe() : undefined;
  const panels = new ReportsPanelManager(context.extensionUri, data, messages, log, panelProbe);
  const tree = new TopAgentsView(data, log);
  const status = new UsageStatusBar(data, log);
  const watcher = new LocalLogWatcher(data, localLogs, log);

  context.subscriptions.push(
    log,
    data,
    persistence,
    panels,
    tree,
    status,
    watcher,
    autoRefresh,
    registerPanelSerializer(panels),
    ...registerCommands({ data, importer, localLogs, exporter, panels, tree, fetcher }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(configurationSection)) void data.reloadSettings();
      if (event.affectsConfiguration(`${configurationSection}.fetch`)) updateAutoRefresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      updateAutoRefresh();
      void data
        .reloadSettings()
        .then(() => runAutoImport(data, importer, log))
        .then(() => readLocalLogsOnStartup(data, localLogs, log));
    }),
  );
  if (log instanceof RecordingLog && messages instanceof ObservedMessageHandler && panelProbe && confirmer && prompts) {
    context.subscriptions.push(...registerTestHooks({ context, data, log, persistence, panels, tree, status, messages, panelProbe, watcher, confirmer, prompts, fetcher }));
  }

  const restoring = persistence;
  data.ready = (async () => {
    await restoring.restore();
    await data.changed('restore');
    await runAutoImport(data, importer, log);
  })().catch((error: unknown) => log.error(`activation: ${error instanceof Error ? error.message : String(error)}`));
  // after `ready`, which every command waits for: a first read of large logs must not hold them up
  void data.ready.then(async () => {
    await readLocalLogsOnStartup(data, localLogs, log);
    await watcher.update();
  });
  log.info(`activated (${vscode.ExtensionMode[context.extensionMode]} mode)`);
}

export async function deactivate(): Promise<void> {
  await persistence?.flush();
}
