/**
 * Registers every command of package.json. Called from the UI (no arguments) a command asks with
 * pickers and dialogs and shows its errors; called with arguments (tests, other extensions) it skips
 * the pickers, returns its result and rejects on failure.
 */
import * as vscode from 'vscode';
import type { ReportId } from '../shared/reports';
import type { ReportQuery } from '../core/reports/query';
import { parseWebviewMessage } from '../protocol';
import type { ImportSummary } from '../store/importer';
import { commandIds, exportCommandReports } from './commandIds';
import type { DataService } from './data/dataService';
import { pickExportQuery } from './export/exportPicks';
import type { ExportService } from './export/exportService';
import type { FetchService } from './fetch/fetchService';
import type { ImportService } from './import/importService';
import type { LocalLogService } from './localLogs/localLogService';
import type { ReportsPanelManager } from './panel/reportsPanel';
import type { TopAgentMetric } from './settings/settingsModel';
import type { TopAgentsView } from './tree/topAgentsView';

export interface CommandServices {
  data: DataService;
  importer: ImportService;
  localLogs: LocalLogService;
  exporter: ExportService;
  panels: ReportsPanelManager;
  tree: TopAgentsView;
  fetcher: FetchService;
}

export interface ExportCommandOptions {
  timeframe: ReportQuery['timeframe'];
  filters?: ReportQuery['filters'];
  search?: string;
  sort?: ReportQuery['sort'];
}

const isUri = (value: unknown): value is vscode.Uri => value instanceof vscode.Uri;

/** Programmatic export options, validated with the same rules as a webview export request. */
export function exportQueryFrom(report: ReportId, options: ExportCommandOptions): ReportQuery {
  const query = { report, ...options } as ReportQuery;
  for (const key of Object.keys(query) as (keyof ReportQuery)[]) if (query[key] === undefined) delete query[key];
  const parsed = parseWebviewMessage({ type: 'export/request', requestId: 'command', query });
  if (!parsed || parsed.type !== 'export/request') throw new Error(`invalid export options for ${report}: expected { timeframe, filters?, search?, sort? }`);
  return parsed.query;
}

export function registerCommands(services: CommandServices): vscode.Disposable[] {
  const { data, importer, localLogs, exporter, panels, tree, fetcher } = services;
  const register = (id: string, handler: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      await data.ready;
      return handler(...args);
    });

  const importData = async (first?: unknown, second?: unknown): Promise<ImportSummary[] | undefined> => {
    // (uris[], options) from code and tests; (uri, uris[]) from the explorer context menu; () from the UI
    if (Array.isArray(first) && first.every(isUri)) {
      const options = (second ?? {}) as { skipBadRows?: boolean; signal?: AbortSignal };
      return importer.importUris({ uris: first, skipBadRows: options.skipBadRows === true, signal: options.signal });
    }
    const uris = isUri(first) ? (Array.isArray(second) && second.every(isUri) && second.length > 0 ? second : [first]) : await importer.pickFiles();
    if (!uris) return undefined;
    return importer.importUris({ uris }).catch(() => undefined);
  };

  const importFolder = async (first?: unknown, second?: unknown): Promise<ImportSummary[] | undefined> => {
    // (uri, options) from code and tests and the explorer's folder menu; () from the UI
    if (isUri(first) && second !== undefined && !Array.isArray(second)) {
      const options = (second ?? {}) as { skipBadRows?: boolean; signal?: AbortSignal };
      return importer.importFolder({ uri: first, skipBadRows: options.skipBadRows === true, signal: options.signal });
    }
    const uri = isUri(first) ? first : await importer.pickFolder();
    if (!uri) return undefined;
    return importer.importFolder({ uri }).catch(() => undefined);
  };

  const exportCommand = (report: ReportId) => async (options?: unknown): Promise<vscode.Uri | undefined> => {
    if (options !== undefined && options !== null && typeof options === 'object') {
      const outcome = await exporter.exportReport(exportQueryFrom(report, options as ExportCommandOptions));
      return outcome?.uri;
    }
    const query = await pickExportQuery(report, data);
    if (!query) return undefined;
    return (await exporter.exportReport(query).catch(() => undefined))?.uri;
  };

  const sortBy = (metric: TopAgentMetric) => () => tree.sortBy(metric);

  return [
    register(commandIds.openReports, () => panels.show()),
    register(commandIds.importData, importData),
    register(commandIds.importFolder, importFolder),
    // ({ roots, signal }) from code and tests returns the LocalScanSummary; () from the UI asks
    register(commandIds.importClaudeCodeLogs, (options?: unknown) => localLogs.importDefault('claude-code', options)),
    register(commandIds.importCodexLogs, (options?: unknown) => localLogs.importDefault('codex', options)),
    register(commandIds.importOtelFile, (options?: unknown) => localLogs.importOtel(options)),
    register(commandIds.loadSample, async (options?: unknown) => {
      const signal = (options as { signal?: AbortSignal } | undefined)?.signal;
      const programmatic = options !== undefined;
      return importer.loadSample(signal).catch((error: unknown) => {
        if (programmatic) throw error;
        return undefined;
      });
    }),
    register(commandIds.clearData, (options?: unknown) => importer.clear((options as { confirm?: boolean } | undefined)?.confirm === true)),
    ...Object.entries(exportCommandReports).map(([id, report]) => register(id, exportCommand(report))),
    register(commandIds.refresh, () => data.reloadSettings()),
    // ({ sourceId, from, to, signal }) from code and tests returns the summary; () from the UI asks
    register(commandIds.fetchUsage, (options?: unknown) => fetcher.fetchUsage(options)),
    register(commandIds.setApiKey, () => fetcher.setKey()),
    register(commandIds.clearApiKey, () => fetcher.clearKey()),
    register(commandIds.showAgent, (agentId?: unknown) => {
      if (typeof agentId !== 'string' || agentId.length === 0 || agentId.length > 200) return panels.show();
      panels.showAgent(agentId);
    }),
    register(commandIds.sortByRuns, sortBy('runs')),
    register(commandIds.sortByCredits, sortBy('credits')),
    register(commandIds.sortByTokens, sortBy('tokens')),
    register(commandIds.sortByErrorRate, sortBy('errorRate')),
  ];
}
