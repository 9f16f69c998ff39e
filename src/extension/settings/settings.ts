/**
 * Reads `agentUsage.*` through one typed function. Restricted settings (exportFolder,
 * autoImport.files, priceOverrides, localLogs.watch) come only from user settings or the default in an untrusted workspace — VS Code
 * does this for `restrictedConfigurations` already; it is checked here too so a programmatic call
 * never depends on it.
 */
import * as vscode from 'vscode';
import { parseSettings, type Settings } from './settingsModel';

export const configurationSection = 'agentUsage';

function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(configurationSection);
  const restricted = (key: string): unknown => {
    if (vscode.workspace.isTrusted) return config.get(key);
    const inspected = config.inspect(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  };
  return parseSettings(
    {
      timeZone: config.get('timeZone'),
      weekStart: config.get('weekStart'),
      defaultTimeframe: config.get('defaultTimeframe'),
      exportFolder: restricted('exportFolder'),
      exportBom: config.get('exportBom'),
      topAgentsCount: config.get('topAgents.count'),
      topAgentsMetric: config.get('topAgents.metric'),
      persistenceEnabled: config.get('persistence.enabled'),
      autoImportFiles: restricted('autoImport.files'),
      costMode: config.get('costMode'),
      priceOverrides: restricted('priceOverrides'),
      localLogsReadOnStartup: config.get('localLogs.readOnStartup'),
      localLogsWatch: restricted('localLogs.watch'),
    },
    machineTimeZone(),
  );
}
